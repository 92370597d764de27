// Gmail API over HttpClient: history.list (messageAdded, paginated; 404 → "full sync needed"),
// messages.list (bounded full sync), messages.get (format=raw), messages.send (raw, threadId),
// watch (Pub/Sub notifications) and getProfile, authorised by an OAuth2 access token from
// AccessTokens (refresh-token flow, cached, refreshed before expiry; one retry after a 401).
// GETs are retried on transient failures (HttpClient::retry); sends are not.
// Failure: methods throw fte::Error — unavailable (transport, 429, 5xx, rate-limit 403; retryable),
// unauthorized (credentials rejected), not_found, invalid_argument (a request Gmail refused).
// Thread-safe: one client may be shared.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "channels/email/gmail_message.h"
#include "core/clock.h"
#include "http/client.h"

namespace fte::channels::email {

// OAuth2 access tokens for the support mailbox.
class AccessTokens {
 public:
  virtual ~AccessTokens() = default;
  virtual std::string token() = 0;  // throws Error(unavailable|unauthorized)
  virtual void invalidate() = 0;    // the token was refused: fetch a new one next time
};

struct OAuthOptions {
  std::string token_url = "https://oauth2.googleapis.com/token";
  std::string client_id, client_secret, refresh_token;  // secrets: never logged
  int timeout_ms = 10000;
  std::int64_t refresh_margin_ms = 5 * 60 * 1000;  // refresh this long before expiry
};

// The refresh-token grant (RFC 6749 §6) against Google's token endpoint. Concurrent callers wait
// for one refresh.
class OAuthRefreshTokens final : public AccessTokens {
 public:
  OAuthRefreshTokens(http::HttpClient& client, OAuthOptions o,
                     const Clock& clock = SystemClock::instance());
  std::string token() override;
  void invalidate() override;
  int refreshes() const;

 private:
  http::HttpClient& client_;
  OAuthOptions o_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::string token_;
  std::int64_t refresh_at_ = 0;
  int refreshes_ = 0;
};

struct MessageRef {
  std::string id;
  std::string thread_id;
  std::vector<std::string> label_ids;
};

struct HistoryPage {
  bool expired = false;  // 404: startHistoryId too old, a full sync is needed
  std::vector<MessageRef> added;
  std::string history_id;       // the mailbox's current history id
  std::string last_record_id;   // id of the last history record on this page
  std::string next_page_token;  // empty on the last page
};

struct MessagePage {
  std::vector<MessageRef> messages;
  std::string next_page_token;
};

struct SentMessage {
  std::string id;
  std::string thread_id;
};

struct WatchResponse {
  std::string history_id;
  std::int64_t expiration_ms = 0;
};

// The Gmail operations the channel uses; GmailClient implements them over HTTP.
class GmailApi {
 public:
  virtual ~GmailApi() = default;
  virtual HistoryPage list_history(const std::string& start_history_id,
                                   const std::string& page_token) = 0;
  virtual MessagePage list_messages(const std::string& query, int max_results,
                                    const std::string& page_token) = 0;
  // nullopt when the message no longer exists (deleted between notification and fetch).
  virtual std::optional<GmailMessage> get_message(const std::string& id) = 0;
  virtual SentMessage send_message(const std::string& rfc822, const std::string& thread_id) = 0;
  virtual WatchResponse watch(const std::string& topic, const std::vector<std::string>& labels) = 0;
  virtual std::string current_history_id() = 0;  // users.getProfile
};

struct GmailApiOptions {
  std::string api_base = "https://gmail.googleapis.com";
  std::string user = "me";
  int timeout_ms = 15000;
  http::RetryPolicy retry{4, 250, 4000, 30000};
  MimeLimits mime;
};

class GmailClient final : public GmailApi {
 public:
  GmailClient(http::HttpClient& client, AccessTokens& tokens, GmailApiOptions o = {});
  HistoryPage list_history(const std::string& start_history_id,
                           const std::string& page_token) override;
  MessagePage list_messages(const std::string& query, int max_results,
                            const std::string& page_token) override;
  std::optional<GmailMessage> get_message(const std::string& id) override;
  SentMessage send_message(const std::string& rfc822, const std::string& thread_id) override;
  WatchResponse watch(const std::string& topic, const std::vector<std::string>& labels) override;
  std::string current_history_id() override;

 private:
  http::ClientResponse call(const std::string& method, const std::string& path_query,
                            const std::string& json_body, bool idempotent);
  std::string users_url() const;
  http::HttpClient& client_;
  AccessTokens& tokens_;
  GmailApiOptions o_;
};

// Percent-encodes a query or path component (RFC 3986 unreserved characters kept).
std::string url_component(std::string_view s);

}  // namespace fte::channels::email
