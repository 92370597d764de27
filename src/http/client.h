// HttpClient: outbound HTTP for provider APIs (Gmail, Twilio, OpenAI, JWKS) over libcurl.
// Every call has a total timeout; retry() repeats transient failures (connect errors, timeouts,
// 408/409/429/5xx) with exponential backoff and jitter, honouring Retry-After, up to a deadline.
// Only use retry() for requests that are safe to repeat (idempotent, or carrying a provider
// idempotency key). Thread-safe: one client may be shared; each call uses its own easy handle.
// Failure: send() returns status 0 and `error` set for transport failures (connect error, timeout,
// response body over 64 MiB); it never throws. Each thread keeps one curl handle between calls, so
// connections to a provider are reused. retry() sleeps the calling thread between attempts.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fte::http {

struct ClientRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int timeout_ms = 10000;                            // total, connect included
  int connect_timeout_ms = 5000;                     // capped by timeout_ms
  std::string basic_auth_user, basic_auth_password;  // HTTP basic auth when user is non-empty
};

struct ClientResponse {
  int status = 0;                                            // 0 = transport failure (see error)
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string error;
  bool not_sent = false;  // the connection was never made: nothing reached the server, safe to send elsewhere
  std::string_view header(std::string_view lower_name) const;
};

struct RetryPolicy {
  int max_attempts = 4;
  int initial_backoff_ms = 200;
  int max_backoff_ms = 5000;
  int deadline_ms = 30000;  // total across attempts
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual ClientResponse send(const ClientRequest& r) = 0;
  ClientResponse retry(const ClientRequest& r, const RetryPolicy& p = {});
  static bool transient(const ClientResponse& r);
};

std::unique_ptr<HttpClient> make_curl_client();

}  // namespace fte::http
