// Helpers for the Kafka-specific tests: bus options tuned for the mock cluster, a thread-safe
// record of what handlers saw, running kcat (an independent Kafka client) with a time limit, and
// starting this test binary again as a child process (see main.cpp for its child modes).
#pragma once
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bus/kafka/kafka_bus.h"

extern char** environ;

namespace fte::kafkatest {

// Group timeouts that suit the mock cluster: its first rebalance of a group waits 3 s without
// heartbeats, so the session must outlast that; later rebalances wait session − 1 s.
inline KafkaOptions fast_options() {
  KafkaOptions ko;
  ko.session_timeout_ms = 4500;
  ko.heartbeat_interval_ms = 500;
  ko.commit_interval_ms = 20;
  return ko;
}

inline BusOptions quick_retries() {
  BusOptions o;
  o.max_attempts = 3;
  o.backoff_initial_ms = 5;
  o.backoff_max_ms = 40;
  return o;
}

// Event ids seen by handlers (with counts). Thread-safe; wait() wakes on every add.
class Ids {
 public:
  void add(const std::string& id) {
    {
      std::lock_guard lk(mu_);
      ++count_[id];
    }
    cv_.notify_all();
  }
  bool wait(const std::function<bool(const std::map<std::string, int>&)>& pred,
            std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, deadline, [&] { return pred(count_); });
  }
  bool wait_for_all(const std::vector<std::string>& ids,
                    std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
    return wait(
        [&](const auto& c) {
          for (const auto& id : ids)
            if (!c.count(id)) return false;
          return true;
        },
        deadline);
  }
  int count(const std::string& id) {
    std::lock_guard lk(mu_);
    auto it = count_.find(id);
    return it == count_.end() ? 0 : it->second;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int> count_;
};

// Runs a shell command (bounded by `timeout`), returns its stdout.
inline std::string run(const std::string& cmd, int timeout_s = 20) {
  std::string full = "timeout " + std::to_string(timeout_s) + " " + cmd;
  std::string out;
  FILE* p = ::popen(full.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

// Writes `input` to a shell command's stdin (bounded by `timeout`); returns its exit status.
inline int run_with_input(const std::string& cmd, const std::string& input, int timeout_s = 20) {
  std::string full = "timeout " + std::to_string(timeout_s) + " " + cmd;
  FILE* p = ::popen(full.c_str(), "w");
  if (!p) return -1;
  std::fwrite(input.data(), 1, input.size(), p);
  return ::pclose(p);
}

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// This test binary started again with `args` (a child mode of main.cpp); its stdout is a pipe.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    std::vector<std::string> argv_s = {"/proc/self/exe"};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, "/proc/self/exe", &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Child() {
    kill(SIGKILL);
    wait_exit(std::chrono::seconds(5));
    if (out_ >= 0) ::close(out_);
  }
  bool started() const { return pid_ > 0; }
  void kill(int sig) {
    if (pid_ > 0 && !exited_) ::kill(pid_, sig);
  }
  // The next line of the child's stdout, or nullopt at EOF or after the deadline.
  std::optional<std::string> read_line(std::chrono::milliseconds deadline) {
    auto end = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      if (auto nl = buf_.find('\n'); nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return line;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char b[4096];
      ssize_t n = ::read(out_, b, sizeof b);
      if (n <= 0) return std::nullopt;
      buf_.append(b, static_cast<size_t>(n));
    }
  }
  // Waits for the child to exit; returns its wait status, or nullopt after the deadline.
  std::optional<int> wait_exit(std::chrono::milliseconds deadline) {
    if (pid_ <= 0) return std::nullopt;
    if (exited_) return status_;
    auto end = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      int st = 0;
      pid_t r = ::waitpid(pid_, &st, WNOHANG);
      if (r == pid_) {
        exited_ = true;
        status_ = st;
        return st;
      }
      if (std::chrono::steady_clock::now() >= end) return std::nullopt;
      ::usleep(5000);  // polling interval of a condition wait
    }
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buf_;
  bool exited_ = false;
  int status_ = 0;
};

}  // namespace fte::kafkatest
