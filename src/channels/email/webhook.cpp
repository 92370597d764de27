#include "channels/email/webhook.h"

#include <boost/json.hpp>

#include "channels/email/push.h"
#include "core/error.h"
#include "ops/log.h"
#include "ops/metrics.h"

namespace json = boost::json;

namespace fte::channels::email {

namespace {

constexpr const char* kSignatureFailures = "fte_webhook_signature_failures_total";
constexpr const char* kPushes = "fte_email_pushes_total";
constexpr const char* kMessages = "fte_email_messages_total";

http::Response unavailable(std::string_view code, std::string_view message, int retry_after_s) {
  http::Response r = http::Response::error(503, code, message);
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return r;
}

}  // namespace

GmailWebhook::GmailWebhook(WebhookOptions o, KeySource* keys, MailboxSync* sync,
                           ops::Metrics& metrics, const Clock& clock)
    : o_(std::move(o)), sync_(sync), metrics_(metrics) {
  metrics_.declare(kSignatureFailures, "counter",
                   "Webhook requests refused because their signature or token did not verify");
  metrics_.declare(kPushes, "counter", "Gmail push notifications by result");
  metrics_.declare(kMessages, "counter", "Gmail messages seen by the sync, by outcome");
  if (keys && !o_.token.audience.empty()) {
    verifier_ = std::make_unique<PushTokenVerifier>(o_.token, *keys, clock);
    for (int i = 0; i < std::max(1, o_.workers); ++i) threads_.emplace_back([this] { work(); });
  }
}

GmailWebhook::~GmailWebhook() {
  stop();
}

void GmailWebhook::stop() {
  std::deque<Job> left;
  {
    std::lock_guard lk(mu_);
    if (stopping_) return;
    stopping_ = true;
    left.swap(queue_);
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  for (auto& j : left) j.respond(unavailable("shutting_down", "the service is shutting down", 5));
}

void GmailWebhook::reject(const Job& job, const PushAuthResult& r) {
  if (r.status() == 503) {  // Google's keys could not be fetched: not the sender's fault
    ops::warn("webhook token not verifiable now", job.request_id,
              {{"channel", "email"}, {"reason", to_string(r.code)}});
    job.respond(unavailable("keys_unavailable", "cannot verify the push token now", 30));
    return;
  }
  metrics_.counter(kSignatureFailures, {{"channel", "email"}}).inc();
  ops::warn("webhook authentication failed", job.request_id,
            {{"channel", "email"},
             {"reason", to_string(r.code)},
             {"detail", r.detail},
             {"peer", ops::fingerprint(job.remote_addr)}});  // like WhatsApp: no raw IP
  bool unauthorized = r.status() == 401;
  job.respond(http::Response::error(
      r.status(), unauthorized ? "unauthorized" : "forbidden",
      unauthorized ? "push token missing or invalid" : "push token not accepted"));
}

void GmailWebhook::handle(http::Request& req, http::Respond respond) {
  Job job{std::string(req.header("authorization")),
          {},
          req.request_id,
          req.remote_addr,
          std::move(respond)};
  if (!verifier_) {
    // Not configured: refuse what is visibly no token first, so nobody learns more than "401".
    PushAuthResult shape = check_token_shape(job.authorization, o_.token.max_token_bytes);
    if (!shape.ok()) {
      reject(job, shape);
      return;
    }
    ops::warn("gmail push received but the email channel is not configured", job.request_id);
    job.respond(unavailable("not_configured", "email channel not configured", 300));
    return;
  }
  job.body = std::move(req.body);
  {
    std::lock_guard lk(mu_);
    if (!stopping_ && queue_.size() < o_.max_queue) {
      queue_.push_back(std::move(job));
      cv_.notify_one();
      return;
    }
  }
  metrics_.counter(kPushes, {{"result", "busy"}}).inc();
  job.respond(unavailable("busy", "too many pending notifications", 10));
}

void GmailWebhook::work() {
  while (true) {
    Job job;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      process(job);
    } catch (const std::exception& e) {
      ops::error("gmail push failed", job.request_id, {{"error", e.what()}});
      metrics_.counter(kPushes, {{"result", "error"}}).inc();
      job.respond(unavailable("unavailable", "could not process the notification", 10));
    }
  }
}

void GmailWebhook::process(Job& job) {
  PushAuthResult auth = verifier_->verify(job.authorization);
  if (!auth.ok()) {
    reject(job, auth);
    return;
  }
  PushParse p = parse_push(job.body);
  if (!p.push) {
    metrics_.counter(kPushes, {{"result", "invalid"}}).inc();
    ops::warn("gmail push body refused", job.request_id, {{"error", p.error}, {"field", p.field}});
    job.respond(http::Response::error(400, "invalid_push", p.error, p.field));
    return;
  }
  if (!o_.mailbox.empty() && p.push->email_address != o_.mailbox) {
    // Authenticated, but about another mailbox: acknowledge so Pub/Sub does not redeliver it.
    metrics_.counter(kPushes, {{"result", "other_mailbox"}}).inc();
    ops::warn("gmail push for another mailbox ignored", job.request_id,
              {{"mailbox", ops::fingerprint(p.push->email_address)}});
    job.respond(http::Response::json(200, R"({"status":"ignored"})"));
    return;
  }
  if (!sync_) {
    job.respond(unavailable("not_configured", "email channel not configured", 300));
    return;
  }
  SyncReport rep = sync_->run(p.push->history_id, job.request_id);
  metrics_.counter(kPushes, {{"result", "ok"}}).inc();
  if (rep.accepted) metrics_.counter(kMessages, {{"outcome", "accepted"}}).inc(rep.accepted);
  if (rep.duplicates) metrics_.counter(kMessages, {{"outcome", "duplicate"}}).inc(rep.duplicates);
  if (rep.skipped) metrics_.counter(kMessages, {{"outcome", "skipped"}}).inc(rep.skipped);
  ops::info("gmail push processed", job.request_id,
            {{"auth", "verified"},
             {"history_id", rep.history_id},
             {"accepted", std::to_string(rep.accepted)},
             {"duplicates", std::to_string(rep.duplicates)},
             {"skipped", std::to_string(rep.skipped)},
             {"full_sync", rep.full_sync ? "true" : "false"}});
  json::object o{{"status", rep.up_to_date ? "up_to_date" : "synced"},
                 {"accepted", rep.accepted},
                 {"duplicates", rep.duplicates},
                 {"skipped", rep.skipped},
                 {"full_sync", rep.full_sync}};
  job.respond(http::Response::json(200, json::serialize(o)));
}

void register_routes(http::Router& router, GmailWebhook& webhook) {
  router.add(
      "POST", "/webhooks/gmail",
      [&webhook](http::Request& req, http::Respond respond) {
        webhook.handle(req, std::move(respond));
      },
      "/webhooks/gmail");
}

}  // namespace fte::channels::email
