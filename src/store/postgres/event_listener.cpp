#include "store/postgres/event_listener.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "ops/log.h"

namespace fte::pg {

EventListener::EventListener(Connection::Options o, std::string instance_id,
                             std::function<void()> wake)
    : o_(std::move(o)), instance_id_(std::move(instance_id)), wake_(std::move(wake)) {
  if (::pipe(stop_pipe_) != 0) throw Error(ErrorKind::internal, "pipe() failed");
  thread_ = std::thread([this] { loop(); });
}

EventListener::~EventListener() {
  stopping_ = true;
  char x = 1;
  [[maybe_unused]] auto n = ::write(stop_pipe_[1], &x, 1);
  if (thread_.joinable()) thread_.join();
  ::close(stop_pipe_[0]);
  ::close(stop_pipe_[1]);
}

bool EventListener::wait_readable(int fd, int timeout_ms) {
  pollfd fds[2] = {{stop_pipe_[0], POLLIN, 0}, {fd, POLLIN, 0}};
  ::poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
  return !stopping_;
}

void EventListener::loop() {
  int backoff_ms = 100;
  bool first = true;
  while (!stopping_) {
    std::unique_ptr<Connection> c;
    try {
      c = std::make_unique<Connection>(o_);
      c->simple("LISTEN fte_events");
    } catch (const std::exception&) {
      c.reset();
      if (!wait_readable(-1, backoff_ms)) return;
      backoff_ms = std::min(backoff_ms * 2, 5000);
      continue;
    }
    backoff_ms = 100;
    if (!first) wake_();  // notifications sent while we were away were missed
    first = false;
    while (!stopping_ && c->ok()) {
      if (!wait_readable(PQsocket(c->raw()), 1000)) return;
      if (!PQconsumeInput(c->raw())) break;  // connection lost
      bool others = false;
      while (PGnotify* n = PQnotifies(c->raw())) {
        if (instance_id_ != n->extra) others = true;
        PQfreemem(n);
      }
      if (others) wake_();
    }
    if (!stopping_) ops::warn("postgres event listener lost its connection; reconnecting", {}, {});
  }
}

}  // namespace fte::pg
