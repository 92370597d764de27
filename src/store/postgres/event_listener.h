// Wakes this process's event-log readers when another process appends events: a thread with its
// own connection LISTENs on channel `fte_events` (the writer NOTIFYs in the same transaction as
// its appends, payload = the appending store's instance id) and calls `wake` for every
// notification that came from another store. Appends of this store wake its listeners directly
// after the commit (writer.h), so its own notifications are skipped.
//
// When the connection is lost it reconnects with backoff (up to 5 s apart) and calls `wake` once
// after reconnecting, since notifications sent meanwhile were missed. Readers must therefore not
// rely on it alone: the local bus also polls (LocalBusOptions::poll_ms).
// Thread-safe; the destructor stops and joins the thread. Never throws after construction.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "store/postgres/pq.h"

namespace fte::pg {

class EventListener {
 public:
  EventListener(Connection::Options o, std::string instance_id, std::function<void()> wake);
  ~EventListener();
  EventListener(const EventListener&) = delete;
  EventListener& operator=(const EventListener&) = delete;

 private:
  void loop();
  // Waits until the connection's socket is readable or the stop pipe fires; false when stopping.
  bool wait_readable(int fd, int timeout_ms);

  const Connection::Options o_;
  const std::string instance_id_;
  const std::function<void()> wake_;
  int stop_pipe_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace fte::pg
