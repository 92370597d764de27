// JSON-lines logger to stderr: {"ts","level","msg","correlation_id",...fields}. Fields are passed
// explicitly; message bodies are never logged, and string fields go through redact() so that emails
// and phone numbers never appear in the clear. Thread-safe (one write(2) per line).
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fte::ops {

enum class Level { debug, info, warn, error };

using Fields = std::vector<std::pair<std::string, std::string>>;

void set_log_level(Level l);
void log(Level l, std::string_view msg, std::string_view correlation_id = {}, const Fields& f = {});
inline void info(std::string_view m, std::string_view cid = {}, const Fields& f = {}) { log(Level::info, m, cid, f); }
inline void warn(std::string_view m, std::string_view cid = {}, const Fields& f = {}) { log(Level::warn, m, cid, f); }
inline void error(std::string_view m, std::string_view cid = {}, const Fields& f = {}) { log(Level::error, m, cid, f); }

// Masks emails (a***@e***.com) and phone-number-like digit runs (+1415***0101 → +*******0101).
std::string redact(std::string_view s);
// A short stable fingerprint (first 12 hex of SHA-256) to correlate a customer in logs without PII.
std::string fingerprint(std::string_view s);
// Lines written so far (tests); and a hook to capture output in tests.
void set_log_sink(void (*sink)(std::string_view line));

}  // namespace fte::ops
