// Clients: the customers and providers calling fte's front door, each message at its time in the
// scenario. A web-form client retries with the same Idempotency-Key, Twilio re-posts the same
// signed webhook (same MessageSid), Pub/Sub re-pushes the same notification, until accepted (2xx)
// or the acceptance deadline passes; backoff 250 ms doubling to 2 s. Requests go to a gateway the
// Fleet reports ready (the Service). Mail is put in the fake mailbox first; half of it is also
// pushed, the rest is found by the gateways' polling. Every attempt is recorded.
// Thread-safe: run() blocks until every message is handled; results() afterwards.
#pragma once
#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "db.h"
#include "fleet.h"
#include "providers.h"
#include "scenario.h"

namespace fte::bench {

struct Delivery {
  std::int64_t sent_ms = 0;      // first attempt (mail: put in the mailbox)
  std::int64_t accepted_ms = 0;  // 2xx answer (0: never; polled mail: not a front-door request)
  int attempts = 0;
  bool first_try_ok = false;
  bool front_door = false;  // went through a gateway's HTTP front door
  std::string ticket_id;    // web form: from the answer
  std::map<int, int> failures;  // HTTP status (0 = no connection, -1 = no ready gateway) → count
  int ingress_next_upstream = 0;  // connections refused that the ingress passed to another gateway
};

class Clients {
 public:
  Clients(const Scenario& s, Fleet& fleet, TimedGoogle& google, const Db& db, int threads,
          int accept_deadline_s);
  // Sends everything; returns when every message is accepted or given up.
  void run(std::int64_t start_ms);
  const std::vector<Delivery>& results() const { return results_; }

 private:
  void handle(const Message& m, Delivery& d);
  bool attempt(const Message& m, Delivery& d);

  const Scenario& s_;
  Fleet& fleet_;
  TimedGoogle& google_;
  const Db& db_;
  int threads_, deadline_s_;
  std::vector<Delivery> results_;
  std::atomic<int> pushes_{0};
};

}  // namespace fte::bench
