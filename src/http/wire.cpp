#include "http/wire.h"

#include <charconv>
#include <ctime>
#include <random>

namespace fte::http::wire {

namespace {

bool safe_header_text(std::string_view s) noexcept {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

// "Date: Tue, 15 Nov 1994 08:12:31 GMT\r\n", reformatted at most once a second per thread.
std::string_view date_line() {
  thread_local std::time_t cached_at = -1;
  thread_local char line[64];
  thread_local std::size_t len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_at) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    len = std::strftime(line, sizeof line, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    cached_at = now;
  }
  return {line, len};
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

bool sane_request_id(std::string_view s) noexcept {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void generate_request_id(std::string& out) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  out.resize(16);
  for (int i = 0; i < 16; ++i) out[i] = hex[(v >> (i * 4)) & 0xf];
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

void assign_lower(std::string& out, std::string_view s) {
  out.resize(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
}

std::string_view method_label(std::string_view m) noexcept {
  for (std::string_view known : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
    if (m == known) return known;
  return "other";
}

std::string_view reason(int status) noexcept {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

void append_response_head(std::string& out, const Response& r, std::string_view request_id,
                          bool keep_alive, bool http10) {
  char num[24];
  auto status_end = std::to_chars(num, num + sizeof num, r.status).ptr;
  out.append("HTTP/1.1 ");
  out.append(num, status_end);
  out.push_back(' ');
  out.append(reason(r.status));
  out.append("\r\n");
  out.append(date_line());

  bool own_server = false, own_type = false, own_id = false, own_nosniff = false;
  for (const auto& [k, v] : r.headers) {
    if (iequals(k, "server"))
      own_server = true;
    else if (iequals(k, "content-type"))
      own_type = true;
    else if (iequals(k, "x-request-id"))
      own_id = true;
    else if (iequals(k, "x-content-type-options"))
      own_nosniff = true;
  }
  if (!own_server) out.append("Server: fte\r\n");
  if (!own_type && !r.content_type.empty() && safe_header_text(r.content_type))
    append_header(out, "Content-Type", r.content_type);
  if (!own_id) append_header(out, "X-Request-Id", request_id);
  if (!own_nosniff) out.append("X-Content-Type-Options: nosniff\r\n");
  for (const auto& [k, v] : r.headers) {
    if (k.empty() || !safe_header_text(k) || !safe_header_text(v) ||
        k.find(':') != std::string::npos)
      continue;
    if (iequals(k, "content-length") || iequals(k, "transfer-encoding") ||
        iequals(k, "connection") || iequals(k, "date"))
      continue;
    append_header(out, k, v);
  }
  if (r.status != 204 && r.status != 304) {
    auto len_end = std::to_chars(num, num + sizeof num, r.body.size()).ptr;
    append_header(out, "Content-Length",
                  std::string_view(num, static_cast<std::size_t>(len_end - num)));
  }
  if (!keep_alive)
    out.append("Connection: close\r\n");
  else if (http10)
    out.append("Connection: keep-alive\r\n");
  out.append("\r\n");
}

}  // namespace fte::http::wire
