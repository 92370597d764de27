#include "channels/email/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <utility>

namespace fte::channels::email {

namespace {

const iconv_t kNoConverter = reinterpret_cast<iconv_t>(-1);

// The label lower-cased, without quotes, spaces and an RFC 2231 language suffix; "" when it holds
// anything but letters, digits and . _ : + - or is longer than 40 bytes (never handed to iconv).
std::string normalise_label(std::string_view s) {
  auto junk = [](char c) { return c == ' ' || c == '"' || c == '\'' || c == '\t'; };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back())) s.remove_suffix(1);
  if (auto star = s.find('*'); star != std::string_view::npos) s = s.substr(0, star);
  if (s.empty() || s.size() > 40) return {};
  std::string o;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '+' || c == '-')) return {};
    o.push_back(static_cast<char>(std::tolower(c)));
  }
  return o;
}

// Labels read as the superset senders mean, or that glibc does not know by that name.
constexpr std::pair<std::string_view, std::string_view> kSupersets[] = {
    {"us-ascii", "WINDOWS-1252"},      {"ascii", "WINDOWS-1252"},
    {"ansi_x3.4-1968", "WINDOWS-1252"}, {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"},     {"iso_8859-1", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},        {"l1", "WINDOWS-1252"},
    {"iso-ir-100", "WINDOWS-1252"},    {"cp819", "WINDOWS-1252"},
    {"ibm819", "WINDOWS-1252"},        {"x-cp1252", "WINDOWS-1252"},
    {"gb2312", "GB18030"},             {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},              {"cp936", "GB18030"},
    {"euc-cn", "GB18030"},             {"x-euc-cn", "GB18030"},
    {"shift_jis", "CP932"},            {"shift-jis", "CP932"},
    {"sjis", "CP932"},                 {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"},             {"csshiftjis", "CP932"},
    {"windows-31j", "CP932"},          {"x-euc-jp", "EUC-JP"},
    {"euc-kr", "CP949"},               {"ks_c_5601-1987", "CP949"},
    {"ks_c_5601-1989", "CP949"},       {"ksc5601", "CP949"},
    {"windows-949", "CP949"},          {"iso-2022-jp", "ISO-2022-JP-2"},
    {"csiso2022jp", "ISO-2022-JP-2"},  {"tis-620", "WINDOWS-874"},
    {"iso-8859-11", "WINDOWS-874"},    {"big5", "BIG5-HKSCS"},
    {"x-x-big5", "BIG5-HKSCS"},        {"cn-big5", "BIG5-HKSCS"},
    {"x-mac-roman", "MACINTOSH"},      {"unicode-1-1-utf-7", "UTF-7"},
    {"latin-9", "ISO-8859-15"},        {"x-unicode20utf8", "UTF-8"},
};

bool is_utf8_label(std::string_view l) {
  return l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8" || l == "x-unicode20utf8";
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

namespace {

// One thread's open iconv descriptors by source name; a name iconv refused is cached as
// kNoConverter. Bounded: cleared when full (hostile mail can name many charsets).
class ConverterCache {
 public:
  ~ConverterCache() { clear(); }
  iconv_t get(const std::string& from) {
    if (auto it = open_.find(from); it != open_.end()) {
      if (it->second != kNoConverter)
        iconv(it->second, nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
      return it->second;
    }
    if (open_.size() >= 32) clear();
    iconv_t cd = iconv_open("UTF-8", from.c_str());
    open_.emplace(from, cd);
    return cd;
  }

 private:
  void clear() {
    for (auto& [name, cd] : open_)
      if (cd != kNoConverter) iconv_close(cd);
    open_.clear();
  }
  std::unordered_map<std::string, iconv_t> open_;
};

ConverterCache& converters() {
  thread_local ConverterCache cache;
  return cache;
}

// Converts with `cd`; invalid input becomes U+FFFD (one per skipped byte run).
std::string convert(iconv_t cd, std::string_view bytes) {
  std::string out;
  out.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; the input is not written
  std::size_t in_left = bytes.size();
  std::size_t used = 0;
  bool last_was_bad = false;
  bool flushing = false;  // the input is consumed: emit what the converter holds back
  auto room = [&](std::size_t need) {
    if (out.size() - used < need) out.resize(std::max(out.size() * 2, used + need));
  };
  while (true) {
    room(16);
    char* dst = out.data() + used;
    std::size_t dst_left = out.size() - used;
    flushing = flushing || in_left == 0;  // e.g. windows-1258 waits for a combining mark
    std::size_t r = flushing ? iconv(cd, nullptr, nullptr, &dst, &dst_left)
                             : iconv(cd, &in, &in_left, &dst, &dst_left);
    std::size_t wrote = static_cast<std::size_t>(dst - (out.data() + used));
    used += wrote;
    if (wrote) last_was_bad = false;
    const int err = errno;
    if (r != static_cast<std::size_t>(-1)) {
      if (flushing) break;
      continue;
    }
    if (err == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ (invalid here) or EINVAL (cut off at the end): one U+FFFD for a run of bad bytes.
    room(3);
    if (!last_was_bad) {
      std::memcpy(out.data() + used, "\xEF\xBF\xBD", 3);
      used += 3;
      last_was_bad = true;
    }
    if (flushing || (err != EILSEQ && err != EINVAL)) break;
    if (err == EINVAL) {
      in_left = 0;  // cut off at the end: dropped, then what the converter holds is flushed
    } else {
      ++in;
      --in_left;
    }
  }
  out.resize(used);
  return out;
}

}  // namespace

std::string iconv_charset_name(std::string_view label) {
  std::string l = normalise_label(label);
  if (l.empty() || is_utf8_label(l)) return {};
  for (const auto& [alias, name] : kSupersets)
    if (l == alias) return std::string(name);
  return converters().get(l) == kNoConverter ? std::string() : l;
}

std::string to_utf8(std::string_view bytes, std::string_view label) {
  std::string l = normalise_label(label);
  if (is_utf8_label(l)) return sanitize_utf8(bytes);
  std::string from = iconv_charset_name(l);
  if (from == "UTF-8") return sanitize_utf8(bytes);
  ConverterCache& cache = converters();
  iconv_t cd = from.empty() ? kNoConverter : cache.get(from);
  if (cd == kNoConverter) {  // unknown: UTF-8 when it is, else the usual undeclared charset
    if (is_valid_utf8(bytes)) return sanitize_utf8(bytes);
    cd = cache.get("WINDOWS-1252");
    if (cd == kNoConverter) return sanitize_utf8(bytes);  // no gconv modules installed
  }
  return sanitize_utf8(convert(cd, bytes));
}

std::string to_utf8(std::string_view bytes, Charset cs) {
  switch (cs) {
    case Charset::utf8:
      return sanitize_utf8(bytes);
    case Charset::windows1252:
      return to_utf8(bytes, "windows-1252");
    case Charset::latin9:
      return to_utf8(bytes, "iso-8859-15");
    case Charset::unknown:
      break;
  }
  return to_utf8(bytes, "");
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  // Back up over continuation bytes so the cut lands on a sequence start.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace fte::channels::email
