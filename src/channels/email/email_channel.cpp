#include "channels/email/email_channel.h"

#include <chrono>

#include "core/clock.h"
#include "core/domain.h"
#include "core/error.h"
#include "core/ids.h"
#include "ops/log.h"

namespace fte::channels::email {

namespace {
constexpr std::int64_t kWatchRenewBeforeMs = 24LL * 3600 * 1000;  // Google: renew at least daily
constexpr std::int64_t kWatchRetryMs = 5LL * 60 * 1000;
}  // namespace

EmailChannel::EmailChannel(EmailConfig c, http::HttpClient& client, Intake& intake,
                           HistoryCursor& cursor, ops::Metrics& metrics, const Clock& clock)
    : c_(std::move(c)), clock_(clock) {
  if (!c_.client_id.empty() && !c_.refresh_token.empty()) {
    tokens_ = std::make_unique<OAuthRefreshTokens>(
        client, OAuthOptions{c_.token_url, c_.client_id, c_.client_secret, c_.refresh_token},
        clock_);
    GmailApiOptions ao;
    ao.api_base = c_.api_base;
    ao.user = c_.user;
    ao.mime = c_.mime;
    api_ = std::make_unique<GmailClient>(client, *tokens_, ao);
    SyncOptions so = c_.sync;
    if (so.support_email.empty()) so.support_email = normalize_email(c_.support_email);
    sync_ = std::make_unique<MailboxSync>(*api_, intake, cursor, so, clock_);
    sender_ = std::make_unique<GmailSender>(*api_, SenderOptions{c_.support_email, c_.support_name},
                                            clock_);
  }
  WebhookOptions wo;
  wo.token.audience = c_.push_audience;
  wo.token.service_account = c_.push_service_account;
  wo.mailbox = normalize_email(c_.support_email);
  if (!c_.push_audience.empty()) {
    JwksOptions jo;
    jo.url = c_.jwks_url;
    jwks_ = std::make_unique<JwksCache>(client, jo, clock_);
  }
  webhook_ = std::make_unique<GmailWebhook>(wo, jwks_.get(), sync_.get(), metrics, clock_);
}

EmailChannel::~EmailChannel() {
  stop();
}

void EmailChannel::register_routes(http::Router& router) {
  email::register_routes(router, *webhook_);
}

void EmailChannel::start() {
  if (!api_ || (c_.poll_seconds <= 0 && c_.pubsub_topic.empty())) return;
  std::lock_guard lk(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] {
    std::unique_lock lk(mu_);
    while (!stopping_) {
      lk.unlock();
      maintain();
      lk.lock();
      // Wake at least every 30 s (watch renewal), or at the poll interval when shorter.
      std::int64_t wait_ms = 30000;
      if (c_.poll_seconds > 0) wait_ms = std::min<std::int64_t>(wait_ms, c_.poll_seconds * 1000LL);
      cv_.wait_for(lk, std::chrono::milliseconds(wait_ms), [&] { return stopping_; });
    }
  });
}

void EmailChannel::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (webhook_) webhook_->stop();
}

void EmailChannel::maintain() {
  if (!api_) return;
  std::lock_guard lk(maintain_mu_);
  std::int64_t now = clock_.now_ms();
  if (c_.poll_seconds > 0 && now >= next_poll_ms_) {
    next_poll_ms_ = now + c_.poll_seconds * 1000LL;
    std::string cid = new_uuid();
    try {
      SyncReport rep = sync_->run({}, cid);
      if (rep.accepted || rep.skipped)
        ops::info(
            "gmail poll", cid,
            {{"accepted", std::to_string(rep.accepted)}, {"skipped", std::to_string(rep.skipped)}});
    } catch (const std::exception& e) {
      ops::warn("gmail poll failed", cid, {{"error", e.what()}});
    }
  }
  if (!c_.pubsub_topic.empty() && now >= next_watch_ms_) {
    try {
      WatchResponse w = api_->watch(c_.pubsub_topic, {"INBOX"});
      watch_expiration_ms_ = w.expiration_ms;
      // Renew a day before expiry (watches last 7 days); at least daily.
      std::int64_t renew = w.expiration_ms > 0 ? w.expiration_ms - kWatchRenewBeforeMs : now;
      next_watch_ms_ = std::max(now + 60000, std::min(renew, now + kWatchRenewBeforeMs));
      ops::info("gmail watch renewed", {}, {{"expires_at", iso8601(w.expiration_ms)}});
    } catch (const std::exception& e) {
      next_watch_ms_ = now + kWatchRetryMs;
      ops::warn("gmail watch renewal failed", {}, {{"error", e.what()}});
    }
  }
}

}  // namespace fte::channels::email
