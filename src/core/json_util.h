// Small helpers over Boost.JSON objects: read a field with a default, without exceptions; write a
// JSON string into text being built by hand. Pure functions, thread-safe.
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <cstring>
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
  const char* p = v.data();
  const char* const end = p + v.size();
  const char* from = p;  // the start of the bytes not yet appended
  auto escape = [&](const char* at) {
    auto c = static_cast<unsigned char>(*at);
    out.append(from, static_cast<std::size_t>(at - from));
    from = at + 1;
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
  };
  auto plain = [](unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; };
  // Eight bytes at a time: a word is skipped whole when none of its bytes is below 0x20, '"' or
  // '\\' (bytes of 0x80 and above never are); a word with one is looked at byte by byte.
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t quote = w ^ (kOnes * '"'), slash = w ^ (kOnes * '\\');
    const std::uint64_t hit = ((w - kOnes * 0x20) | (quote - kOnes) | (slash - kOnes)) & ~w & kHigh;
    if (hit)
      for (int i = 0; i < 8; ++i)
        if (!plain(static_cast<unsigned char>(p[i]))) escape(p + i);
    p += 8;
  }
  for (; p < end; ++p)
    if (!plain(static_cast<unsigned char>(*p))) escape(p);
  out.append(from, static_cast<std::size_t>(end - from));
  out += '"';
}

// Whether text is one JSON document, as json::parse with its default options decides it, checked
// without building the document (no allocation).
bool is_json(std::string_view text);

}  // namespace fte::jsonu
