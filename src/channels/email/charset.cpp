#include "channels/email/charset.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace fte::channels::email {

namespace {

// Windows-1252 bytes 0x80–0x9F; 0 marks the five undefined positions.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80–87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88–8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90–97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98–9F
};

char32_t latin9(unsigned char b) {
  switch (b) {
    case 0xA4:
      return 0x20AC;
    case 0xA6:
      return 0x0160;
    case 0xA8:
      return 0x0161;
    case 0xB4:
      return 0x017D;
    case 0xB8:
      return 0x017E;
    case 0xBC:
      return 0x0152;
    case 0xBD:
      return 0x0153;
    case 0xBE:
      return 0x0178;
    default:
      return b;
  }
}

std::string lower_label(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"' || s.front() == '\''))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\'')) s.remove_suffix(1);
  std::string o(s.substr(0, 64));
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid there.
std::size_t utf8_seq(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlongs
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // ≤ U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

Charset charset_from_label(std::string_view label) {
  std::string l = lower_label(label);
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8") return Charset::utf8;
  if (l == "us-ascii" || l == "ascii" || l == "ansi_x3.4-1968" || l == "iso-8859-1" ||
      l == "iso8859-1" || l == "iso_8859-1" || l == "latin1" || l == "l1" || l == "windows-1252" ||
      l == "cp1252" || l == "x-cp1252" || l == "iso-ir-100" || l == "cp819" || l == "ibm819")
    return Charset::windows1252;
  if (l == "iso-8859-15" || l == "iso8859-15" || l == "iso_8859-15" || l == "latin-9" ||
      l == "latin9")
    return Charset::latin9;
  return Charset::unknown;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_seq(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\0') {
      ++i;
      continue;
    }
    std::size_t n = utf8_seq(s, i);
    if (n == 0) {
      // One U+FFFD for a lead byte and the continuation bytes its sequence would have had; one per
      // byte for anything that cannot start a sequence.
      out += "\xEF\xBF\xBD";
      auto c = static_cast<unsigned char>(s[i]);
      std::size_t want = c >= 0xC2 && c <= 0xDF   ? 2
                         : c >= 0xE0 && c <= 0xEF ? 3
                         : c >= 0xF0 && c <= 0xF4 ? 4
                                                  : 1;
      std::size_t end = std::min(s.size(), i + want);
      ++i;
      while (i < end && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
      continue;
    }
    out.append(s, i, n);
    i += n;
  }
  return out;
}

std::string to_utf8(std::string_view bytes, Charset cs) {
  if (cs == Charset::utf8) return sanitize_utf8(bytes);
  if (cs == Charset::unknown)
    return is_valid_utf8(bytes) ? sanitize_utf8(bytes) : to_utf8(bytes, Charset::windows1252);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (unsigned char b : bytes) {
    if (b == 0) continue;
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
    } else if (cs == Charset::windows1252 && b < 0xA0) {
      char16_t cp = kCp1252High[b - 0x80];
      append_utf8(out, cp ? cp : 0xFFFD);
    } else if (cs == Charset::latin9) {
      append_utf8(out, latin9(b));
    } else {
      append_utf8(out, b);
    }
  }
  return out;
}

std::string to_utf8(std::string_view bytes, std::string_view label) {
  return to_utf8(bytes, charset_from_label(label));
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  // Back up over continuation bytes so the cut lands on a sequence start.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace fte::channels::email
