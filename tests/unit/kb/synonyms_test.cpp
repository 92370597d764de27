// Query expansion table (kb/synonyms.h): only words the documentation uses, never a word the
// query already holds, stems as the indexes store them.
#include "kb/synonyms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "kb/text.h"

namespace fte::kb {
namespace {

TEST(Synonyms, ExpandsToTheDocumentationsWordsOnly) {
  const std::set<std::string> docs = {stem("invite"), stem("members"), stem("price")};
  auto has = [&](const std::string& t) { return docs.count(t) > 0; };
  auto out = expansions(index_terms("add people to my project"), has);
  std::sort(out.begin(), out.end());
  std::vector<std::string> want = {stem("invite"), stem("members")};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(out, want);
  EXPECT_EQ(expansions(index_terms("what is the fee"), has), std::vector<std::string>{stem("price")});
  // The query already uses the documentation's word: nothing to add.
  EXPECT_TRUE(expansions(index_terms("invite members"), has).empty());
  EXPECT_TRUE(expansions(index_terms("weather in Paris"), has).empty());
}

}  // namespace
}  // namespace fte::kb
