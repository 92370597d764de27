// word_spans() reads ASCII classes from a table (round 11, issue 18): it must cut exactly as the
// code-point path it replaced — compared here with that path (decode + classify, kept below as the
// reference) on every string of up to 4 pieces from an alphabet of each class, multi-byte
// letters, apostrophes, sentence ends, invalid and truncated UTF-8.
#include <utf8proc.h>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "text/normalize.h"

namespace fte::text {
namespace {

enum class Cls { sep, word, apostrophe, hyphen, sentence_end, line_break };

Cls ref_classify(utf8proc_int32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return Cls::word;
    if (c == '\'') return Cls::apostrophe;
    if (c == '-') return Cls::hyphen;
    if (c == '.' || c == '!' || c == '?') return Cls::sentence_end;
    if (c == '\n') return Cls::line_break;
    if (c == '`') return Cls::apostrophe;
    return Cls::sep;
  }
  switch (c) {
    case 0x2019: case 0x02BC: case 0x2032: case 0xFF07: case 0x00B4: return Cls::apostrophe;
    case 0x2010: case 0x2011: case 0x00AD: return Cls::hyphen;
    case 0x2026: case 0x3002: case 0xFF01: case 0xFF0E: case 0xFF1F: case 0xFF61: case 0x203C:
    case 0x2047: case 0x2048: case 0x2049: return Cls::sentence_end;
    case 0x2028: case 0x2029: case 0x0085: return Cls::line_break;
    default: break;
  }
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: return Cls::word;
    default: return Cls::sep;
  }
}

utf8proc_int32_t ref_decode(std::string_view s, std::size_t i, std::size_t* len) {
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

// word_spans() as it was before the table.
std::vector<Span> ref_word_spans(std::string_view s) {
  std::vector<Span> out;
  bool at_start = true;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 1;
    const auto cp = ref_decode(s, i, &len);
    const Cls c = cp < 0 ? Cls::sep : ref_classify(cp);
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
      const auto c1 = ref_decode(s, j, &l1);
      const Cls k1 = c1 < 0 ? Cls::sep : ref_classify(c1);
      if (k1 == Cls::word) {
        j += l1;
        continue;
      }
      if ((k1 == Cls::apostrophe || k1 == Cls::hyphen) && j + l1 < s.size()) {
        std::size_t l2 = 1;
        const auto c2 = ref_decode(s, j + l1, &l2);
        if (c2 >= 0 && ref_classify(c2) == Cls::word) {
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

bool same(const std::vector<Span>& a, const std::vector<Span>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].begin != b[i].begin || a[i].end != b[i].end ||
        a[i].sentence_start != b[i].sentence_start || a[i].has_apostrophe != b[i].has_apostrophe ||
        a[i].has_hyphen != b[i].has_hyphen)
      return false;
  return true;
}

TEST(WordSpans, CutAsTheCodePointPathOnEveryShortString) {
  const std::vector<std::string> pieces = {
      "a", "Z", "7", "'", "`", "-", ".", "!", "?", "\n", " ", ",", "_", "/", "\t",
      "\xC3\xA9",          // é
      "\xE2\x80\x99",      // ’ (apostrophe)
      "\xE2\x80\x91",      // non-breaking hyphen
      "\xE2\x80\xA6",      // … (sentence end)
      "\xE2\x80\xA8",      // line separator
      "\xE2\x80\x94",      // — (separator)
      "\xE4\xB8\xAD",      // 中 (a letter)
      "\xFF",              // invalid byte
      "\xE2\x80",          // truncated sequence
      "\x7F", "\x01"};
  std::size_t checked = 0;
  std::vector<std::size_t> idx;
  for (std::size_t n = 0; n <= 4; ++n) {
    idx.assign(n, 0);
    while (true) {
      std::string s;
      for (auto i : idx) s += pieces[i];
      ASSERT_TRUE(same(word_spans(s), ref_word_spans(s))) << "input: " << s;
      ++checked;
      std::size_t k = 0;
      while (k < n && ++idx[k] == pieces.size()) idx[k++] = 0;
      if (k == n) break;
    }
  }
  EXPECT_GT(checked, 450000u);
}

TEST(WordSpans, EveryAsciiByteAfterAWordAsTheCodePointPath) {
  for (int c = 0; c < 128; ++c)
    for (int d = 0; d < 128; ++d) {
      const std::string s = {'x', static_cast<char>(c), static_cast<char>(d), 'y'};
      ASSERT_TRUE(same(word_spans(s), ref_word_spans(s))) << c << " " << d;
    }
}

}  // namespace
}  // namespace fte::text
