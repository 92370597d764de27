#include "bus/kafka/kafka_record.h"

#include <boost/json.hpp>
#include <charconv>
#include <ctime>

#include "core/clock.h"
#include "core/error.h"

namespace json = boost::json;

namespace fte::kafka {

std::optional<std::string> find_header(const Headers& h, std::string_view name) {
  for (const auto& [k, v] : h)
    if (k == name) return v;
  return std::nullopt;
}

namespace {

std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + n, v);
  if (ec != std::errc() || p != s.data() + pos + n) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601_ms(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':' || s.back() != 'Z')
    return std::nullopt;
  auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2),
       mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (!y || !mo || !d || !h || !mi || !sec) return std::nullopt;
  std::int64_t ms = 0;
  if (s.size() > 20) {
    if (s[19] != '.') return std::nullopt;
    auto frac = s.substr(20, s.size() - 21);
    if (frac.empty() || frac.size() > 9) return std::nullopt;
    auto f = digits(frac, 0, std::min<std::size_t>(frac.size(), 3));
    if (!f) return std::nullopt;
    ms = *f;
    for (std::size_t i = frac.size(); i < 3; ++i) ms *= 10;
  } else if (s.size() != 20) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = *y - 1900;
  tm.tm_mon = *mo - 1;
  tm.tm_mday = *d;
  tm.tm_hour = *h;
  tm.tm_min = *mi;
  tm.tm_sec = *sec;
  return static_cast<std::int64_t>(::timegm(&tm)) * 1000 + ms;
}

Record to_record(const Envelope& e) {
  Record r;
  r.key = e.key;
  r.value = to_json(e);
  r.headers = {
      {std::string(header::event_id), e.event_id},
      {std::string(header::type), e.type},
      {std::string(header::schema_version), std::to_string(e.schema_version)},
      {std::string(header::correlation_id), e.correlation_id},
      {std::string(header::traceparent), e.traceparent},
      {std::string(header::idempotency_key), e.idempotency_key},
      {std::string(header::occurred_at), iso8601(e.occurred_at_ms)},
  };
  return r;
}

Envelope envelope_from_record(const Record& r) {
  try {
    Envelope e = envelope_from_json(r.value);
    if (e.key.empty()) e.key = r.key;
    return e;
  } catch (const Error&) {
    // not an envelope: fall through to the headers
  }
  auto id = find_header(r.headers, header::event_id);
  auto type = find_header(r.headers, header::type);
  if (!id || !type || id->empty() || type->empty())
    throw Error(ErrorKind::invalid_argument,
                "record is neither a JSON envelope nor carries event_id and type headers");
  Envelope e;
  e.event_id = *id;
  e.type = *type;
  if (auto v = find_header(r.headers, header::schema_version)) {
    int n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec == std::errc() && p == v->data() + v->size()) e.schema_version = n;
  }
  if (auto v = find_header(r.headers, header::occurred_at)) {
    if (auto ms = parse_iso8601_ms(*v)) e.occurred_at_ms = *ms;
  }
  e.correlation_id = find_header(r.headers, header::correlation_id).value_or("");
  e.traceparent = find_header(r.headers, header::traceparent).value_or("");
  e.idempotency_key = find_header(r.headers, header::idempotency_key).value_or(e.event_id);
  e.key = r.key;
  json::error_code ec;
  json::parse(r.value, ec);
  e.payload = ec ? json::serialize(json::string(r.value)) : r.value;
  return e;
}

Record dead_letter_record(const ConsumedRecord& failed, const std::optional<Envelope>& original,
                          const std::string& group, const std::string& error, int attempts) {
  json::object p;
  p["original_topic"] = failed.topic;
  p["partition"] = failed.partition;
  p["offset"] = failed.offset;
  p["group"] = group;
  p["error"] = error;
  p["attempts"] = attempts;
  if (original) {
    p["envelope"] = json::parse(to_json(*original));
  } else {
    p["raw"] = failed.record.value;
  }
  std::string correlation =
      original ? original->correlation_id
               : find_header(failed.record.headers, header::correlation_id).value_or("");
  std::string source = original ? original->event_id
                                : failed.topic + ":" + std::to_string(failed.partition) + ":" +
                                      std::to_string(failed.offset);
  auto dead = make_envelope("dead_letter", failed.record.key, json::serialize(p), correlation,
                            "dlq:" + group + ":" + source);

  Record r;
  r.key = failed.record.key;
  r.value = to_json(dead);
  r.headers = failed.record.headers;
  r.headers.emplace_back(header::original_topic, failed.topic);
  r.headers.emplace_back(header::original_partition, std::to_string(failed.partition));
  r.headers.emplace_back(header::original_offset, std::to_string(failed.offset));
  r.headers.emplace_back(header::group, group);
  r.headers.emplace_back(header::error, error);
  r.headers.emplace_back(header::attempts, std::to_string(attempts));
  return r;
}

}  // namespace fte::kafka
