// Small helpers over Boost.JSON objects: read a field with a default, without exceptions; write a
// JSON string into text being built by hand. Pure functions, thread-safe.
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace fte::jsonu {

inline std::string str(const boost::json::object& o, std::string_view k, std::string def = {}) {
  auto* p = o.if_contains(k);
  return p && p->is_string() ? std::string(p->get_string()) : def;
}
inline std::int64_t i64(const boost::json::object& o, std::string_view k, std::int64_t def = 0) {
  auto* p = o.if_contains(k);
  if (!p) return def;
  if (p->is_int64()) return p->get_int64();
  if (p->is_uint64()) return static_cast<std::int64_t>(p->get_uint64());
  if (p->is_double()) return static_cast<std::int64_t>(p->get_double());
  return def;
}
inline double num(const boost::json::object& o, std::string_view k, double def = 0) {
  auto* p = o.if_contains(k);
  if (!p) return def;
  if (p->is_double()) return p->get_double();
  if (p->is_int64()) return static_cast<double>(p->get_int64());
  if (p->is_uint64()) return static_cast<double>(p->get_uint64());
  return def;
}
inline bool boolean(const boost::json::object& o, std::string_view k, bool def = false) {
  auto* p = o.if_contains(k);
  return p && p->is_bool() ? p->get_bool() : def;
}

// Appends v as a JSON string, byte for byte as json::serialize writes it: quotes, backslashes and
// control characters escaped (\b \t \n \f \r, the rest as \u00xx), every other byte as it is.
// The one JSON string writer for text built by hand (envelopes, the intake's event, PostgreSQL's
// intake array, log lines).
inline void append_string(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t from = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(v.data() + from, i - from);
    from = i + 1;
    out += '\\';
    switch (c) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '\b':
        out += 'b';
        break;
      case '\t':
        out += 't';
        break;
      case '\n':
        out += 'n';
        break;
      case '\f':
        out += 'f';
        break;
      case '\r':
        out += 'r';
        break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(v.data() + from, v.size() - from);
  out += '"';
}

// Whether text is one JSON document, as json::parse with its default options decides it, checked
// without building the document (no allocation).
bool is_json(std::string_view text);

}  // namespace fte::jsonu
