// The product's one normaliser: what HTML mail and phones produce (curly quotes, dashes, ellipses,
// NBSP, full-width letters, accents) must cut and fold like plain ASCII.
#include "text/normalize.h"

#include <gtest/gtest.h>

namespace fte::text {
namespace {

using V = std::vector<std::string>;

TEST(Normalize, AsciiFoldsCase) {
  EXPECT_EQ(fold("Refund ME"), "refund me");
  EXPECT_EQ(words("Can't log-in, NOW!"), (V{"can't", "log-in", "now"}));
}

TEST(Normalize, CurlyApostropheBecomesAscii) {
  EXPECT_EQ(words("I don\u2019t recognise it"), (V{"i", "don't", "recognise", "it"}));
  EXPECT_EQ(words("don\u02BCt"), (V{"don't"}));
  EXPECT_EQ(words("don\u00B4t"), (V{"don't"}));
  // Quotes around a word are separators, not part of it.
  EXPECT_EQ(words("\u2018refund\u2019 \u201Cplease\u201D"), (V{"refund", "please"}));
}

TEST(Normalize, DashesAndEllipsisSeparate) {
  EXPECT_EQ(words("lawyer\u2014soon"), (V{"lawyer", "soon"}));
  EXPECT_EQ(words("1\u20135 users"), (V{"1", "5", "users"}));
  EXPECT_EQ(words("refund\u2026 now"), (V{"refund", "now"}));
  EXPECT_EQ(words("refund...now"), (V{"refund", "now"}));
  // Unicode hyphens join like "-".
  EXPECT_EQ(words("two\u2010factor"), (V{"two-factor"}));
}

TEST(Normalize, SpacesAndInvisibles) {
  EXPECT_EQ(words("money\u00A0back"), (V{"money", "back"}));
  EXPECT_EQ(words("money\u2009back\u3000now"), (V{"money", "back", "now"}));
  EXPECT_EQ(fold("re\u200Bfund"), "refund");  // zero-width space dropped
}

TEST(Normalize, FullWidthAndCompatibilityForms) {
  EXPECT_EQ(words("\uFF32\uFF45\uFF46\uFF55\uFF4E\uFF44\uFF01"), (V{"refund"}));
  EXPECT_EQ(fold("\uFB01le"), "file");  // the "fi" ligature
}

TEST(Normalize, AccentsKeptByFoldDroppedByKey) {
  EXPECT_EQ(fold("Rembours\u00C9"), "rembours\u00E9");
  EXPECT_EQ(key("Rembours\u00C9"), "rembourse");
  EXPECT_EQ(key("Stra\u00DFe"), "strasse");
  EXPECT_EQ(keys("\u00bfD\u00f3nde est\u00e1 mi reembolso?"), (V{"donde", "esta", "mi", "reembolso"}));
  EXPECT_EQ(key_line("Parler \u00e0 un humain\u00a0!"), "parler a un humain");
  // Decomposed input (e + combining acute) gives the same key.
  EXPECT_EQ(key("re\u0301sume\u0301"), key("r\u00e9sum\u00e9"));
}

TEST(Normalize, SentenceStarts) {
  auto sp = word_spans("hello there\u2026 next. Third\nfourth");
  ASSERT_EQ(sp.size(), 5u);
  EXPECT_TRUE(sp[0].sentence_start);
  EXPECT_FALSE(sp[1].sentence_start);
  EXPECT_TRUE(sp[2].sentence_start);
  EXPECT_TRUE(sp[3].sentence_start);
  EXPECT_TRUE(sp[4].sentence_start);
}

TEST(Normalize, InvalidUtf8NeverThrowsAndSeparates) {
  const std::string bad = std::string("ref") + '\xff' + "und \xc3";
  EXPECT_EQ(words(bad), (V{"ref", "und"}));
  EXPECT_NO_THROW(fold(bad));
  EXPECT_NO_THROW(key(bad));
}

TEST(Normalize, OtherScriptsAreWords) {
  EXPECT_EQ(words("\u041F\u0440\u0438\u0432\u0435\u0442, \u4E16\u754C"),
            (V{"\u043F\u0440\u0438\u0432\u0435\u0442", "\u4E16\u754C"}));
}

}  // namespace
}  // namespace fte::text

TEST(Normalize, PartsCutAWordAtItsSeparatorsAndDropEmptyPieces) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(fte::text::parts("wi-fi", "-"), (V{"wi", "fi"}));
  EXPECT_EQ(fte::text::parts("-non--refundable-", "-"), (V{"non", "refundable"}));
  EXPECT_EQ(fte::text::parts("tier-2/billing_team", "-/"), (V{"tier", "2", "billing_team"}));
  EXPECT_EQ(fte::text::parts("enterprise_csm", "_"), (V{"enterprise", "csm"}));
  EXPECT_TRUE(fte::text::parts("", "-").empty());
  EXPECT_EQ(fte::text::parts("plain", "-"), (V{"plain"}));
}
