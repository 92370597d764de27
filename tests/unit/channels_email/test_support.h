// Small test doubles shared by the email tests: a settable clock and an Intake that behaves like
// the gateway's (dedupe on the channel message id, answer through the callback, optional failure).
#pragma once
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "channels/channel.h"
#include "core/clock.h"
#include "core/error.h"

namespace fte::test {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t ms = 1767600000000) : ms_(ms) {}
  std::int64_t now_ms() const override { return ms_.load(); }
  void advance_ms(std::int64_t d) { ms_ += d; }

 private:
  std::atomic<std::int64_t> ms_;
};

class RecordingIntake final : public channels::Intake {
 public:
  void accept(InboundMessage msg, std::function<void(IngestOutcome)> done) override {
    IngestOutcome out;
    {
      std::lock_guard lk(mu_);
      if (fail_next_ > 0) {
        --fail_next_;
        out.error = std::make_exception_ptr(Error(ErrorKind::unavailable, "store down"));
      } else if (!seen_.insert(msg.channel_message_id).second) {
        out.result.duplicate = true;
      } else {
        out.result.ticket_id = msg.ticket_id;
        accepted_.push_back(std::move(msg));
      }
    }
    if (async_) {
      std::thread([done = std::move(done), out] { done(out); }).detach();
    } else {
      done(out);
    }
  }
  std::vector<InboundMessage> accepted() const {
    std::lock_guard lk(mu_);
    return accepted_;
  }
  void fail_next(int n) {
    std::lock_guard lk(mu_);
    fail_next_ = n;
  }
  bool async_ = false;

 private:
  mutable std::mutex mu_;
  std::set<std::string> seen_;
  std::vector<InboundMessage> accepted_;
  int fail_next_ = 0;
};

// "m" + 3 → "m3" (appending, which GCC 12's -Wrestrict does not misjudge).
inline std::string numbered(const char* prefix, int i) {
  std::string s(prefix);
  s += std::to_string(i);
  return s;
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream f(std::filesystem::path(FTE_SOURCE_DIR) / "tests/fixtures/mime" / name,
                  std::ios::binary);
  if (!f) throw std::runtime_error("missing fixture " + name);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace fte::test
