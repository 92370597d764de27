#include "agent/runtime/trace.h"

#include <boost/json.hpp>

#include "core/ids.h"
#include "ops/log.h"

namespace fte::agent {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxString = 240;
constexpr std::size_t kMaxArray = 20;

bool personal_key(std::string_view k) {
  return k == "name" || k == "customer_name" || k == "email" || k == "phone" || k == "to_email" ||
         k == "to_phone";
}

std::string cut(std::string s) {
  if (s.size() <= kMaxString) return s;
  std::size_t n = kMaxString;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // UTF-8 boundary
  s.resize(n);
  s += "...";
  return s;
}

json::value clean(const json::value& v, std::string_view key) {
  switch (v.kind()) {
    case json::kind::string: {
      std::string_view s = v.get_string();
      if (personal_key(key)) return s.empty() ? json::value("") : json::value("[redacted]");
      if (is_uuid(s)) return json::value(s);
      return json::value(cut(ops::redact(s)));
    }
    case json::kind::object: {
      json::object out;
      for (const auto& [k, x] : v.get_object()) out[k] = clean(x, k);
      return out;
    }
    case json::kind::array: {
      json::array out;
      const auto& a = v.get_array();
      for (std::size_t i = 0; i < a.size() && i < kMaxArray; ++i) out.push_back(clean(a[i], key));
      if (a.size() > kMaxArray)
        out.push_back(json::value("... " + std::to_string(a.size() - kMaxArray) + " more"));
      return out;
    }
    default:
      return v;
  }
}

// clean(), on the value itself: what it gives, without building a second copy of the value.
void clean_in_place(json::value& v, std::string_view key) {
  switch (v.kind()) {
    case json::kind::string: {
      std::string_view s = v.get_string();
      if (personal_key(key)) {
        v = s.empty() ? json::value("") : json::value("[redacted]");
      } else if (!is_uuid(s)) {
        v = json::value(cut(ops::redact(s)));
      }
      return;
    }
    case json::kind::object:
      for (auto& kv : v.get_object()) clean_in_place(kv.value(), kv.key());
      return;
    case json::kind::array: {
      auto& a = v.get_array();
      const std::size_t n = a.size();
      if (n > kMaxArray) a.resize(kMaxArray);
      for (auto& x : a) clean_in_place(x, key);
      if (n > kMaxArray) a.push_back(json::value("... " + std::to_string(n - kMaxArray) + " more"));
      return;
    }
    default:
      return;
  }
}

}  // namespace

json::value Trace::sanitise(const json::value& v) {
  return clean(v, {});
}

void Trace::add_span(Span s) {
  clean_in_place(s.args, {});
  clean_in_place(s.result, {});
  spans_.push_back(std::move(s));
}

void Trace::add_turn(EngineTurnRecord t) {
  turns_.push_back(std::move(t));
}

void Trace::note(const std::string& key, json::value v) {
  clean_in_place(v, {});
  notes_[key] = std::move(v);
}

std::string Trace::to_json() const {
  // The notes, "spans" and "turns", serialised piece by piece: the same text as serialising one
  // object built from copies of them (below, when a note's key is "spans" or "turns").
  if (notes_.contains("spans") || notes_.contains("turns")) return to_json_copying();
  std::string out = "{";
  for (const auto& kv : notes_) {
    out += json::serialize(kv.key());
    out += ':';
    out += json::serialize(kv.value());
    out += ',';
  }
  out += "\"spans\":[";
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    const auto& s = spans_[i];
    if (i > 0) out += ',';
    out += "{\"tool\":" + json::serialize(s.tool) + ",\"call_id\":" + json::serialize(s.call_id) +
           ",\"caller\":" + json::serialize(s.caller) + ",\"turn\":" + std::to_string(s.turn) +
           ",\"status\":" + json::serialize(s.status) +
           ",\"latency_us\":" + std::to_string(s.latency_us) + ",\"args\":";
    out += json::serialize(s.args);
    out += ",\"result\":";
    out += json::serialize(s.result);
    out += '}';
  }
  out += "],\"turns\":";
  out += json::serialize(turns_json());
  out += '}';
  return out;
}

json::array Trace::turns_json() const {
  json::array turns;
  for (const auto& t : turns_) {
    json::object x{{"engine", t.engine},         {"turn", t.turn},
                   {"latency_us", t.latency_us}, {"tokens_in", t.tokens_in},
                   {"tokens_out", t.tokens_out}, {"tool_calls", t.tool_calls}};
    if (!t.model.empty()) x["model"] = t.model;
    if (t.cost_usd > 0) x["cost_usd"] = t.cost_usd;
    if (!t.stop_reason.empty()) x["finish_reason"] = t.stop_reason;
    if (!t.error.empty()) x["error"] = cut(ops::redact(t.error));
    turns.push_back(std::move(x));
  }
  return turns;
}

std::string Trace::to_json_copying() const {
  json::object o = notes_;
  json::array spans;
  for (const auto& s : spans_) {
    spans.push_back(json::object{{"tool", s.tool},
                                 {"call_id", s.call_id},
                                 {"caller", s.caller},
                                 {"turn", s.turn},
                                 {"status", s.status},
                                 {"latency_us", s.latency_us},
                                 {"args", s.args},
                                 {"result", s.result}});
  }
  o["spans"] = std::move(spans);
  o["turns"] = turns_json();
  return json::serialize(o);
}

}  // namespace fte::agent
