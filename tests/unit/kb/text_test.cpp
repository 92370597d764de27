// Word splitting, stemming, stopwords and hashing: the normalisation both indexes rely on.
#include "kb/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace fte::kb {
namespace {

TEST(KbText, SplitsLowerCasesAndJoinsApostrophes) {
  EXPECT_EQ(split_words("What's the STATUS of NF-123?"),
            (std::vector<std::string>{"whats", "the", "status", "of", "nf", "123"}));
  EXPECT_EQ(split_words("don\xE2\x80\x99t"), (std::vector<std::string>{"dont"}));
  EXPECT_TRUE(split_words("").empty());
  EXPECT_TRUE(split_words("?!  ... --").empty());
}

TEST(KbText, CutsUnicodeWordsAccentInsensitively) {
  const auto w = split_words("Réinitialiser le mot de passe — 密码。«Wi‑Fi»");
  ASSERT_EQ(w.size(), 8u);
  EXPECT_EQ(w[0], "reinitialiser");  // accent-insensitive: matches a query typed without accents
  EXPECT_EQ(w[5], "密码");  // the em dash and the ideographic full stop separate words
  EXPECT_EQ(w[6], "wi");    // U+2011 non-breaking hyphen, guillemets
  EXPECT_EQ(w[7], "fi");
}

TEST(KbText, StemmerMakesWordFamiliesMeet) {
  const std::vector<std::vector<std::string>> families = {
      {"invite", "invites", "invited", "inviting"},
      {"setting", "settings"},
      {"sync", "syncing", "synced", "syncs"},
      {"archive", "archived", "archiving", "archives"},
      {"policy", "policies"},
      {"month", "months", "monthly"},
      {"install", "installs", "installation", "installing"},
      {"integrate", "integration", "integrations"},
      {"log", "logs", "logged", "logging"},
  };
  for (const auto& f : families) {
    for (const auto& w : f) EXPECT_EQ(stem(w), stem(f[0])) << w << " vs " << f[0];
  }
}

TEST(KbText, StemmerLeavesShortWordsDigitsAndNonAsciiAlone) {
  EXPECT_EQ(stem("add"), "add");
  EXPECT_EQ(stem("adding"), "add");
  EXPECT_EQ(stem("status"), "status");
  EXPECT_EQ(stem("access"), "access");
  EXPECT_EQ(stem("2fa"), "2fa");
  EXPECT_EQ(stem("thing"), "thing");
  EXPECT_EQ(stem("caf\xC3\xA9s"), "caf\xC3\xA9s");
}

TEST(KbText, StopwordsAreDroppedFromIndexTerms) {
  EXPECT_TRUE(is_stopword("the"));
  EXPECT_TRUE(is_stopword("how"));
  EXPECT_TRUE(is_stopword("please"));
  EXPECT_FALSE(is_stopword("password"));
  EXPECT_EQ(index_terms("How do I reset my password?"),
            (std::vector<std::string>{"reset", "password"}));
}

TEST(KbText, HyphenatedWordsAlsoIndexJoined) {
  EXPECT_EQ(hyphen_compounds("Wi-Fi and e-mail, two-factor-auth, a - b"),
            (std::vector<std::string>{"wifi", "email", "twofactorauth"}));
  const auto t = index_terms("Wi-Fi");
  EXPECT_NE(std::find(t.begin(), t.end(), "wifi"), t.end());
}

TEST(KbText, HashIsStableAndSeeded) {
  EXPECT_EQ(hash64("password"), hash64("password"));
  EXPECT_NE(hash64("password"), hash64("passwore"));
  EXPECT_NE(hash64("password", 1), hash64("password", 2));
  EXPECT_EQ(hash64("abc", 7), hash64(std::string("abc"), 7));
}

}  // namespace
}  // namespace fte::kb
