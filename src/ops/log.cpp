#include "ops/log.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <atomic>
#include <cctype>

#include "core/clock.h"
#include "core/json_util.h"

namespace fte::ops {

namespace {
std::atomic<Level> g_level{Level::info};
std::atomic<void (*)(std::string_view)> g_sink{nullptr};

const char* level_name(Level l) {
  switch (l) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

bool email_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
}  // namespace

void set_log_level(Level l) { g_level = l; }
void set_log_sink(void (*sink)(std::string_view)) { g_sink = sink; }

// True when position `p` lies inside a UUID-shaped token (8-4-4-4-12 hex digits).
static bool in_uuid(const std::string& s, std::size_t p) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::size_t b = p;
  while (b > 0 && (hex(s[b - 1]) || s[b - 1] == '-')) --b;
  std::size_t e = p;
  while (e < s.size() && (hex(s[e]) || s[e] == '-')) ++e;
  // The token may hold a UUID anywhere inside; check every start that could cover p.
  for (std::size_t st = b; st + 36 <= e && st <= p; ++st) {
    if (p >= st + 36) continue;
    bool ok = true;
    for (std::size_t k = 0; k < 36 && ok; ++k) {
      char c = s[st + k];
      ok = (k == 8 || k == 13 || k == 18 || k == 23) ? c == '-' : hex(c);
    }
    if (ok) return true;
  }
  return false;
}

std::string redact(std::string_view s) {
  std::string out(s);
  // Emails: keep the first character of the local part and of the domain, and the TLD.
  for (std::size_t at = out.find('@'); at != std::string::npos; at = out.find('@', at + 1)) {
    std::size_t b = at;
    while (b > 0 && email_char(out[b - 1])) --b;
    std::size_t e = at + 1;
    while (e < out.size() && (email_char(out[e]))) ++e;
    if (b == at || e == at + 1) continue;
    std::size_t dot = out.rfind('.', e - 1);
    if (dot == std::string::npos || dot <= at) dot = e;
    for (std::size_t i = b + 1; i < at; ++i) out[i] = '*';
    for (std::size_t i = at + 2; i < dot; ++i) out[i] = '*';
  }
  // Phone-like runs: 7+ digits (allowing spaces, dashes, parentheses) keep only the last 4.
  std::size_t i = 0;
  while (i < out.size()) {
    if (!std::isdigit(static_cast<unsigned char>(out[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i, digits = 0;
    while (j < out.size() && (std::isdigit(static_cast<unsigned char>(out[j])) || out[j] == ' ' ||
                              out[j] == '-' || out[j] == '(' || out[j] == ')')) {
      if (std::isdigit(static_cast<unsigned char>(out[j]))) ++digits;
      ++j;
    }
    // Digits that are part of a longer word or identifier (a UUID, a hex id, "v1234567x") are not
    // phone numbers: only a run standing on its own is masked.
    auto alpha = [&](std::size_t k) { return std::isalpha(static_cast<unsigned char>(out[k])) != 0; };
    bool embedded = (i > 0 && (alpha(i - 1) || out[i - 1] == '_')) || (j < out.size() && alpha(j) && std::isdigit(static_cast<unsigned char>(out[j - 1]))) ||
                    in_uuid(out, i);
    if (digits >= 7 && !embedded) {
      std::size_t keep = 0;
      for (std::size_t k = j; k > i; --k) {
        if (std::isdigit(static_cast<unsigned char>(out[k - 1]))) {
          if (keep >= 4) out[k - 1] = '*';
          ++keep;
        }
      }
    }
    i = j;
  }
  return out;
}

std::string fingerprint(std::string_view s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), md, &n, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int k = 0; k < 6 && k < n; ++k) {
    out.push_back(hex[md[k] >> 4]);
    out.push_back(hex[md[k] & 15]);
  }
  return out;
}

void log(Level l, std::string_view msg, std::string_view correlation_id, const Fields& f) {
  if (l < g_level.load(std::memory_order_relaxed)) return;
  std::string line;
  line.reserve(160);
  line += "{\"ts\":\"";
  line += iso8601(now_ms());
  line += "\",\"level\":\"";
  line += level_name(l);
  line += "\",\"msg\":";
  jsonu::append_string(line, redact(msg));
  if (!correlation_id.empty()) {
    line += ",\"correlation_id\":";
    jsonu::append_string(line, correlation_id);
  }
  for (const auto& [k, v] : f) {
    line += ',';
    jsonu::append_string(line, k);
    line += ':';
    jsonu::append_string(line, redact(v));
  }
  line += "}\n";
  if (auto* sink = g_sink.load()) {
    sink(line);
    return;
  }
  std::size_t off = 0;
  while (off < line.size()) {
    ssize_t w = ::write(2, line.data() + off, line.size() - off);
    if (w <= 0) break;
    off += static_cast<std::size_t>(w);
  }
}

}  // namespace fte::ops
