// Shared helpers for the WhatsApp channel tests: fixtures, a scripted fake HttpClient, a fake Intake,
// a fixed clock, and waiting on a condition with a deadline.
#pragma once
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "channels/channel.h"
#include "core/clock.h"
#include "http/client.h"

namespace fte::channels::whatsapp::test {

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(FTE_SOURCE_DIR) + "/tests/fixtures/twilio/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t ms) : ms_(ms) {}
  std::int64_t now_ms() const override { return ms_; }
  void set(std::int64_t ms) { ms_ = ms; }

 private:
  std::int64_t ms_;
};

// Answers requests from a script (one response per call; the last one repeats) and records them.
class ScriptedClient final : public http::HttpClient {
 public:
  std::vector<http::ClientResponse> script;
  std::vector<http::ClientRequest> requests;
  http::ClientResponse send(const http::ClientRequest& r) override {
    std::lock_guard lk(mu_);
    requests.push_back(r);
    if (script.empty()) return {};
    auto i = std::min(requests.size() - 1, script.size() - 1);
    return script[i];
  }

 private:
  std::mutex mu_;
};

inline http::ClientResponse answer(int status, std::string body) {
  http::ClientResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = {{"content-type", "application/json"}};
  return r;
}

inline http::ClientResponse created(const std::string& sid) {
  return answer(201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"error_code\":null}");
}

// Records accepted messages; a MessageSid seen before is a duplicate. With `fail` set, the outcome
// carries that error. With `defer` set, callbacks wait until release() (to prove the handler does
// not answer before the message is durable).
class FakeIntake final : public Intake {
 public:
  std::exception_ptr fail;
  bool defer = false;
  std::vector<InboundMessage> accepted;
  int calls = 0;

  void accept(InboundMessage msg, std::function<void(IngestOutcome)> done) override {
    IngestOutcome out;
    {
      std::lock_guard lk(mu_);
      ++calls;
      if (fail) {
        out.error = fail;
      } else {
        out.result.duplicate = !seen_.insert(msg.channel_message_id).second;
        auto [it, fresh] = tickets_.emplace(msg.channel_message_id, msg.ticket_id);
        out.result.ticket_id = it->second;
        if (!out.result.duplicate) accepted.push_back(msg);
      }
      if (defer) {
        pending_.push_back([done, out] { done(out); });
        return;
      }
    }
    done(out);
  }
  void release() {
    std::vector<std::function<void()>> p;
    {
      std::lock_guard lk(mu_);
      p.swap(pending_);
    }
    for (auto& f : p) f();
  }

 private:
  std::mutex mu_;
  std::set<std::string> seen_;
  std::map<std::string, std::string> tickets_;
  std::vector<std::function<void()>> pending_;
};

// Waits (with a deadline, no fixed sleeps) until `pred` holds.
class Waiter {
 public:
  void notify() {
    std::lock_guard lk(mu_);
    cv_.notify_all();
  }
  template <class Pred>
  bool wait(Pred pred, std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, deadline, pred);
  }
  std::mutex& mutex() { return mu_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace fte::channels::whatsapp::test
