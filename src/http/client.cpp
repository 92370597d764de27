// HttpClient over libcurl easy handles, and the retry loop shared by every HttpClient.
#include "http/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>

namespace fte::http {

namespace {

constexpr std::size_t kMaxResponseBytes = 64u
                                          << 20;  // a provider answer larger than this is refused

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<ClientResponse*>(user);
  size_t bytes = size * n;
  if (out->body.size() + bytes > kMaxResponseBytes) return 0;  // aborts with CURLE_WRITE_ERROR
  out->body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<ClientResponse*>(user);
  size_t bytes = size * n;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    out->headers.clear();  // a new response (after 100 Continue, or a proxy's answer)
    return bytes;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;  // the blank line ending the header
  out->headers.emplace_back(lower(trim(line.substr(0, colon))),
                            std::string(trim(line.substr(colon + 1))));
  return bytes;
}

struct EasyDeleter {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

// One easy handle per thread, reused between calls so that connections to a provider stay open
// (curl_easy_reset keeps the connection and DNS caches). A call never shares a handle.
CURL* thread_handle() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  thread_local std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  if (handle) curl_easy_reset(handle.get());
  return handle.get();
}

class CurlClient final : public HttpClient {
 public:
  ClientResponse send(const ClientRequest& r) override {
    ClientResponse out;
    try {
      perform(r, out);
    } catch (const std::exception& e) {
      out.status = 0;
      out.error = std::string("http client: ") + e.what();
    }
    return out;
  }

 private:
  static void perform(const ClientRequest& r, ClientResponse& out) {
    CURL* h = thread_handle();
    if (!h) {
      out.error = "curl_easy_init failed";
      return;
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    long total = std::max(1, r.timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, total);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     std::min<long>(total, std::max(1, r.connect_timeout_ms)));

    if (r.method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (r.method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
      if (r.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
      if (!r.body.empty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.body.data());
      }
    }

    std::unique_ptr<curl_slist, SlistDeleter> headers;
    bool has_expect = false;
    for (const auto& [k, v] : r.headers) {
      if (lower(k) == "expect") has_expect = true;
      std::string line = k + (v.empty() ? ";" : ": " + v);  // "Name;" sends an empty header
      curl_slist* next = curl_slist_append(headers.get(), line.c_str());
      if (!next) throw std::bad_alloc();
      (void)headers.release();
      headers.reset(next);
    }
    if (!has_expect) {  // no 100-continue round trip for large bodies
      curl_slist* next = curl_slist_append(headers.get(), "Expect:");
      if (!next) throw std::bad_alloc();
      (void)headers.release();
      headers.reset(next);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

    if (!r.basic_auth_user.empty()) {
      curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      curl_easy_setopt(h, CURLOPT_USERNAME, r.basic_auth_user.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, r.basic_auth_password.c_str());
    }

    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &out);

    CURLcode rc = curl_easy_perform(h);
    // The handle outlives this call: drop pointers into this call's data.
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    if (rc != CURLE_OK) {
      out.status = 0;
      out.not_sent = rc == CURLE_COULDNT_CONNECT;
      out.error = errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
      if (rc == CURLE_WRITE_ERROR && out.body.size() >= kMaxResponseBytes / 2)
        out.error = "response body too large";
      out.body.clear();
      out.headers.clear();
      return;
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    out.status = static_cast<int>(status);
  }
};

// Retry-After: delay-seconds or an HTTP-date. Returns milliseconds, or -1 when absent or
// unreadable.
long long retry_after_ms(const ClientResponse& r) {
  std::string_view v = trim(r.header("retry-after"));
  if (v.empty()) return -1;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (v.size() > 9) return -1;
    return std::stoll(std::string(v)) * 1000;
  }
  std::time_t at = curl_getdate(std::string(v).c_str(), nullptr);
  if (at < 0) return -1;
  return std::max<long long>(0, (at - std::time(nullptr)) * 1000LL);
}

}  // namespace

std::string_view ClientResponse::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return {};
}

bool HttpClient::transient(const ClientResponse& r) {
  return r.status == 0 || r.status == 408 || r.status == 409 || r.status == 429 ||
         (r.status >= 500 && r.status <= 599);
}

ClientResponse HttpClient::retry(const ClientRequest& r, const RetryPolicy& p) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::milliseconds(std::max(0, p.deadline_ms));
  thread_local std::mt19937_64 rng{std::random_device{}()};
  ClientRequest attempt = r;
  long long backoff = std::max(1, p.initial_backoff_ms);
  ClientResponse last;
  for (int i = 1;; ++i) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) {
      if (i == 1) last.error = "retry deadline is zero";
      return last;
    }
    attempt.timeout_ms = static_cast<int>(std::min<long long>(r.timeout_ms, left));
    last = send(attempt);
    if (!transient(last) || i >= p.max_attempts) return last;

    // Full backoff with jitter: a random wait in [backoff/2, backoff]; the server's Retry-After
    // wins.
    long long wait =
        backoff / 2 + static_cast<long long>(rng() % static_cast<std::uint64_t>(backoff / 2 + 1));
    if (long long ra = retry_after_ms(last); ra >= 0) wait = ra;
    left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (wait >= left) return last;  // the next attempt could not start before the deadline
    if (wait > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    backoff = std::min<long long>(backoff * 2, std::max(1, p.max_backoff_ms));
  }
}

std::unique_ptr<HttpClient> make_curl_client() {
  return std::make_unique<CurlClient>();
}

}  // namespace fte::http
