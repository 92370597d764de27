// text::stem() compares a suffix only when the word's last letter is the suffix's (round 11,
// issue 18): the stems must be those of the plain suffix loop it replaced (kept below as the
// reference), for every root with every one and two of the suffixes, short words, mixed case and
// non-letters.
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstring>
#include <string>
#include <string_view>

#include "agent/judgement/text.h"

namespace fte::agent {
namespace {

std::string ref_stem(std::string_view word) {
  std::string w = text::lower(word);
  static const std::array<std::string_view, 26> kSuffixes = {
      "ications", "ication", "ations", "ation", "ators", "ator", "ments", "ment", "ness",
      "ings",     "ing",     "ities",  "ity",   "ies",   "ied",  "ive",   "ers",  "er",
      "ed",       "es",      "ic",     "al",    "ly",    "s",    "e",     "y"};
  for (int pass = 0; pass < 2; ++pass) {
    bool changed = false;
    for (auto suf : kSuffixes) {
      if (w.size() >= suf.size() + 3 && w.compare(w.size() - suf.size(), suf.size(), suf) == 0) {
        w.resize(w.size() - suf.size());
        changed = true;
        break;
      }
    }
    if (!changed) break;
  }
  if (w.size() >= 4 && w[w.size() - 1] == w[w.size() - 2] && !std::strchr("aeiou", w.back()) &&
      std::isalpha(static_cast<unsigned char>(w.back())))
    w.pop_back();
  return w;
}

TEST(Stem, SameAsThePlainSuffixLoop) {
  const std::array<std::string_view, 26> suffixes = {
      "ications", "ication", "ations", "ation", "ators", "ator", "ments", "ment", "ness",
      "ings",     "ing",     "ities",  "ity",   "ies",   "ied",  "ive",   "ers",  "er",
      "ed",       "es",      "ic",     "al",    "ly",    "s",    "e",     "y"};
  const std::array<std::string_view, 14> roots = {"", "a", "ab", "abc", "set", "reset", "invit",
                                                  "authent", "NOTIF", "x1", "o'k", "wi-fi",
                                                  "café", "ss"};
  std::size_t n = 0;
  for (auto r : roots) {
    EXPECT_EQ(text::stem(r), ref_stem(r)) << r;
    for (auto a : suffixes)
      for (auto b : suffixes) {
        const std::string one = std::string(r) + std::string(a);
        const std::string two = one + std::string(b);
        ASSERT_EQ(text::stem(one), ref_stem(one)) << one;
        ASSERT_EQ(text::stem(two), ref_stem(two)) << two;
        n += 2;
      }
  }
  for (std::string_view w : {"Members", "RESETTING", "ies", "ying", "ations", "123456", "e"})
    EXPECT_EQ(text::stem(w), ref_stem(w)) << w;
  EXPECT_GT(n, 18000u);
}

}  // namespace
}  // namespace fte::agent
