#include "text/normalize.h"

#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <memory>

namespace fte::text {

namespace {

enum class Cls : unsigned char { sep, word, apostrophe, hyphen, sentence_end, line_break };

// Punctuation unified before NFKC (utf8proc calls this for every code point).
utf8proc_int32_t unify(utf8proc_int32_t c, void*) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x02BC: case 0x2032: case 0xFF07:
    case 0x00B4: case 0x0060:
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB: case 0x2033:
    case 0x2039: case 0x203A: case 0xFF02:
      return '"';
    case 0x2010: case 0x2011:
      return '-';
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: case 0xFE58: case 0xFE31:
    case 0xFE32: case 0x00A0:
      return ' ';
    default:
      return c;
  }
}

constexpr Cls classify_ascii(int c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return Cls::word;
  if (c == '\'') return Cls::apostrophe;
  if (c == '-') return Cls::hyphen;
  if (c == '.' || c == '!' || c == '?') return Cls::sentence_end;
  if (c == '\n') return Cls::line_break;
  if (c == '`') return Cls::apostrophe;
  return Cls::sep;
}

// classify_ascii() of every ASCII byte, looked up by word_spans() (its inner loop, per byte).
constexpr std::array<Cls, 128> kAsciiClass = [] {
  std::array<Cls, 128> t{};
  for (int c = 0; c < 128; ++c) t[static_cast<std::size_t>(c)] = classify_ascii(c);
  return t;
}();

Cls classify(utf8proc_int32_t c) {
  if (c < 0x80) return classify_ascii(c);
  switch (c) {
    case 0x2019: case 0x02BC: case 0x2032: case 0xFF07: case 0x00B4:
      return Cls::apostrophe;
    case 0x2010: case 0x2011: case 0x00AD:
      return Cls::hyphen;
    case 0x2026: case 0x3002: case 0xFF01: case 0xFF0E: case 0xFF1F: case 0xFF61: case 0x203C:
    case 0x2047: case 0x2048: case 0x2049:
      return Cls::sentence_end;
    case 0x2028: case 0x2029: case 0x0085:
      return Cls::line_break;
    default:
      break;
  }
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return Cls::word;
    default:
      return Cls::sep;
  }
}

// The code point at s[i] and its length; an invalid byte is reported as -1 with length 1.
inline utf8proc_int32_t decode(std::string_view s, std::size_t i, std::size_t* len) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *len = 1;
    return b;
  }
  utf8proc_int32_t cp = -1;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                            static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0) {
    *len = 1;
    return -1;
  }
  *len = static_cast<std::size_t>(n);
  return cp;
}

// The class of the code point at s[i] (an invalid byte separates) and its length in bytes:
// classify(decode(...)), with ASCII read from the table.
inline Cls class_at(std::string_view s, std::size_t i, std::size_t* len) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *len = 1;
    return kAsciiClass[b];
  }
  const auto cp = decode(s, i, len);
  return cp < 0 ? Cls::sep : classify(cp);
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    else if (c == '`') c = '\'';
  }
  return out;
}

// Valid UTF-8 only (invalid bytes become spaces), then utf8proc with `options`.
std::string map(std::string_view s, int options) {
  std::string clean;
  clean.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    auto cp = decode(s, i, &len);
    if (cp < 0)
      clean.push_back(' ');
    else
      clean.append(s.substr(i, len));
    i += len;
  }
  utf8proc_uint8_t* out = nullptr;
  auto n = utf8proc_map_custom(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                               static_cast<utf8proc_ssize_t>(clean.size()), &out,
                               static_cast<utf8proc_option_t>(options), unify, nullptr);
  if (n < 0 || out == nullptr) {
    std::free(out);
    return ascii_lower(clean);
  }
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(out, &std::free);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

constexpr int kFold = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                      UTF8PROC_IGNORE;

}  // namespace

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::string fold(std::string_view s) {
  if (is_ascii(s)) return ascii_lower(s);
  return map(s, kFold);
}

std::string key(std::string_view s) {
  if (is_ascii(s)) return ascii_lower(s);
  return map(s, kFold | UTF8PROC_STRIPMARK);
}

std::vector<Span> word_spans(std::string_view s) {
  std::vector<Span> out;
  out.reserve(s.size() / 5 + 2);  // about one word per 5-6 bytes of prose: one allocation
  bool at_start = true;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 1;
    const Cls c = class_at(s, i, &len);
    if (c != Cls::word) {
      if (c == Cls::sentence_end || c == Cls::line_break) at_start = true;
      i += len;
      continue;
    }
    Span sp;
    sp.begin = i;
    sp.sentence_start = at_start;
    at_start = false;
    std::size_t j = i + len;
    while (j < s.size()) {
      std::size_t l1 = 1;
      const Cls k1 = class_at(s, j, &l1);
      if (k1 == Cls::word) {
        j += l1;
        continue;
      }
      if ((k1 == Cls::apostrophe || k1 == Cls::hyphen) && j + l1 < s.size()) {
        std::size_t l2 = 1;
        if (class_at(s, j + l1, &l2) == Cls::word) {
          (k1 == Cls::apostrophe ? sp.has_apostrophe : sp.has_hyphen) = true;
          j += l1 + l2;
          continue;
        }
      }
      break;
    }
    sp.end = j;
    out.push_back(sp);
    i = j;
  }
  return out;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  const auto spans = word_spans(s);
  out.reserve(spans.size());
  for (const auto& sp : spans) out.push_back(fold(s.substr(sp.begin, sp.end - sp.begin)));
  return out;
}

std::vector<std::string> keys(std::string_view s) {
  std::vector<std::string> out;
  const auto spans = word_spans(s);
  out.reserve(spans.size());
  for (const auto& sp : spans) out.push_back(key(s.substr(sp.begin, sp.end - sp.begin)));
  return out;
}

std::vector<std::string_view> parts(std::string_view word, std::string_view separators) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  while (b <= word.size()) {
    const auto e = std::min(word.find_first_of(separators, b), word.size());
    if (e > b) out.push_back(word.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

std::string key_line(std::string_view s) {
  std::string out;
  for (const auto& sp : word_spans(s)) {
    if (!out.empty()) out.push_back(' ');
    out += key(s.substr(sp.begin, sp.end - sp.begin));
  }
  return out;
}

}  // namespace fte::text
