// EmailChannel: the Gmail channel assembled from its configuration — OAuth tokens, the Gmail API
// client, the JWKS cache and push-token verifier, MailboxSync, the POST /webhooks/gmail handler,
// GmailSender for replies, and a maintenance thread that polls the mailbox every poll_seconds
// (deployments without Pub/Sub) and renews users.watch a day before it expires (when a Pub/Sub
// topic is set). The wiring layer (src/app) builds one from Config and owns it.
// Parts without configuration stay off: no OAuth credentials → no sender, no sync (pushes get
// 503); no push audience → pushes are refused (401 without a well-formed token, else 503).
// Thread-safe. stop() (also run by the destructor) ends the threads; in-flight work finishes.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "channels/email/gmail_client.h"
#include "channels/email/gmail_sender.h"
#include "channels/email/jwks_cache.h"
#include "channels/email/mailbox_sync.h"
#include "channels/email/oidc.h"
#include "channels/email/webhook.h"

namespace fte::channels::email {

struct EmailConfig {
  // Gmail API (OAuth2 refresh-token flow)
  std::string client_id, client_secret, refresh_token;  // secrets
  std::string user = "me";
  std::string api_base = "https://gmail.googleapis.com";
  std::string token_url = "https://oauth2.googleapis.com/token";
  // Pub/Sub push
  std::string push_audience, push_service_account;
  std::string jwks_url = "https://www.googleapis.com/oauth2/v3/certs";
  std::string pubsub_topic;  // projects/<p>/topics/<t> for users.watch; empty = no watch
  // Replies
  std::string support_email;  // From of replies; also the mailbox pushes must be about
  std::string support_name;   // display name in From
  // Polling (0 = off)
  int poll_seconds = 0;
  SyncOptions sync;
  MimeLimits mime;
};

class EmailChannel {
 public:
  EmailChannel(EmailConfig c, http::HttpClient& client, Intake& intake, HistoryCursor& cursor,
               ops::Metrics& metrics, const Clock& clock = SystemClock::instance());
  ~EmailChannel();
  EmailChannel(const EmailChannel&) = delete;
  EmailChannel& operator=(const EmailChannel&) = delete;

  bool gmail_configured() const { return api_ != nullptr; }
  bool push_configured() const { return webhook_->configured(); }

  void register_routes(http::Router& router);
  ChannelSender* sender() { return sender_.get(); }  // nullptr without Gmail credentials
  MailboxSync* sync() { return sync_.get(); }        // nullptr without Gmail credentials

  // Starts the maintenance thread when polling or a watch topic is configured.
  void start();
  void stop();
  // One maintenance round (also called by the thread): poll when due, renew the watch when due.
  void maintain();

 private:
  EmailConfig c_;
  const Clock& clock_;
  std::unique_ptr<OAuthRefreshTokens> tokens_;
  std::unique_ptr<GmailClient> api_;
  std::unique_ptr<JwksCache> jwks_;
  std::unique_ptr<MailboxSync> sync_;
  std::unique_ptr<GmailSender> sender_;
  std::unique_ptr<GmailWebhook> webhook_;

  std::mutex maintain_mu_;  // one maintenance round at a time
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
  std::int64_t next_poll_ms_ = 0;
  std::int64_t watch_expiration_ms_ = 0, next_watch_ms_ = 0;
};

}  // namespace fte::channels::email
