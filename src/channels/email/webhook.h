// POST /webhooks/gmail: Cloud Pub/Sub push notifications for the support mailbox.
// Order of work, per request:
//   1. the OIDC token is verified first (oidc.h). Failure → 401/403, an audit log line with the
//      reason, fte_webhook_signature_failures_total{channel="email"}; nothing else happens.
//      Without configuration (no audience) only the token's shape can be checked: a missing or
//      malformed token still gets 401, a well-formed one 503 "email channel not configured".
//   2. the push body is parsed strictly (push.h) → 400 when invalid; a mailbox other than ours is
//      acknowledged and ignored.
//   3. MailboxSync fetches and ingests the new mail; 200 only after every message is durable,
//      503 (Pub/Sub retries) on any failure.
// Work runs on the webhook's own worker threads (never on an HTTP I/O thread); the queue is
// bounded and answers 503 with Retry-After when full. Thread-safe. Destruction stops the workers
// and answers queued requests 503.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "channels/email/mailbox_sync.h"
#include "channels/email/oidc.h"
#include "http/http.h"

namespace fte::ops {
class Metrics;
}

namespace fte::channels::email {

struct WebhookOptions {
  PushTokenOptions token;  // audience and service account; empty audience = not configured
  std::string mailbox;     // the watched address (normalised); empty = accept any
  std::size_t max_queue = 64;
  int workers = 2;
};

class GmailWebhook {
 public:
  // `keys` and `sync` may be null (channel not configured); they must outlive the webhook.
  GmailWebhook(WebhookOptions o, KeySource* keys, MailboxSync* sync, ops::Metrics& metrics,
               const Clock& clock = SystemClock::instance());
  ~GmailWebhook();
  GmailWebhook(const GmailWebhook&) = delete;
  GmailWebhook& operator=(const GmailWebhook&) = delete;

  void handle(http::Request& req, http::Respond respond);
  void stop();
  bool configured() const { return verifier_ != nullptr; }

 private:
  struct Job {
    std::string authorization, body, request_id, remote_addr;
    http::Respond respond;
  };
  void work();
  void process(Job& job);
  void reject(const Job& job, const PushAuthResult& r);

  WebhookOptions o_;
  MailboxSync* sync_;
  ops::Metrics& metrics_;
  std::unique_ptr<PushTokenVerifier> verifier_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

void register_routes(http::Router& router, GmailWebhook& webhook);

}  // namespace fte::channels::email
