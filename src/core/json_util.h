// Small helpers over Boost.JSON objects: read a field with a default, without exceptions; write a
// JSON string into text being built by hand. Pure functions, thread-safe.
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
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

// Appends v as a JSON string exactly as json::serialize writes it: plain text is copied, anything
// that needs an escape goes through Boost.JSON's serializer.
inline void append_string(std::string& out, std::string_view v) {
  for (unsigned char c : v)
    if (c < 0x20 || c == '"' || c == '\\') {
      out += boost::json::serialize(boost::json::string_view(v.data(), v.size()));
      return;
    }
  out += '"';
  out.append(v);
  out += '"';
}

// Whether text is one JSON document, as json::parse with its default options decides it, checked
// without building the document (no allocation).
bool is_json(std::string_view text);

}  // namespace fte::jsonu
