// Short and coded questions find their section (issue 15, docs/EVAL.md round 10): a clipped word
// read as the documentation's (KnowledgeBase::docs_words, Bm25Index::completion), a table row's
// first cell indexed like a heading word with its column's header (an error code, a role), codes
// of any shape in the topic check, irregular past forms, and the code the docs never list
// (kb::unknown_codes). Made-up documentation, no company's.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "kb/asked_things.h"
#include "kb/bm25.h"
#include "kb/confidence.h"
#include "kb/knowledge_base.h"
#include "kb/text.h"

namespace fte::kb {
namespace {

const std::string kWarmly = R"md(# Warmly Thermostat Guide

## Using Your Thermostat

### Setting the Temperature
Turn the ring to change the target temperature; press it to confirm. The screen shows the room
temperature in large digits and the target in small ones.

### Schedules
Plan a week of heating periods in the app under Schedule > Add.

### Sharing Access
| Role | Can do |
|---|---|
| Owner | Everything, including removing the device |
| Guest | Change the target for a day |
| Member | Change the target and the schedule |

Change a person's role in the app under Settings > People > Role.

## Troubleshooting

### Error Codes
| Code | Meaning | What to do |
|---|---|---|
| E1 | No power on the R wire | Check the breaker |
| E4 | The C wire gives too little power | Use the power adapter |
| E7 | The furnace did not respond for 10 minutes | Check the furnace and its wiring |

### Offline Device
When the device shows a cloud with a line through it, restart the router and wait five minutes.
The app shows the last known temperature while the device is offline.
)md";

class ShortQuestions : public ::testing::Test {
 protected:
  void SetUp() override { kb_.load(chunk_markdown(kWarmly, "warmly.md")); }
  KnowledgeBase kb_;
};

TEST_F(ShortQuestions, AClippedWordFindsTheSectionOfTheDocsWord) {
  const auto hits = kb_.search("how do i set the temp", 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].title, "Using Your Thermostat > Setting the Temperature");
  EXPECT_GE(hits[0].score, kb_.relevance_threshold());
  const auto words = kb_.docs_words("how do i set the temp");
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0].first, "temp");
  EXPECT_EQ(words[0].second, stem("temperature"));
  const auto unknown = kb_.unknown_terms("how do i set the temp");
  EXPECT_EQ(std::find(unknown.begin(), unknown.end(), "temp"), unknown.end());
  // Read in the docs' words, the question is on the section's topic.
  EXPECT_TRUE(on_topic(with_docs_words("how do i set the temp?", words),
                       "Using Your Thermostat > Setting the Temperature", hits[0].content));
  EXPECT_EQ(with_docs_words("how do i set the temp?", words),
            "how do i set the " + stem("temperature") + "?");
}

TEST_F(ShortQuestions, ATwoCharacterErrorCodeFindsItsTableRow) {
  const std::string q = "What does E7 on the display mean?";
  const auto hits = kb_.search(q, 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].title, "Troubleshooting > Error Codes");
  EXPECT_GE(hits[0].score, kb_.relevance_threshold());
  EXPECT_EQ(topic_match(q, hits[0].title, hits[0].content), TopicMatch::number);
}

TEST_F(ShortQuestions, ARoleWordMeetsTheRolesTable) {
  const std::string q = "how do i make someone a guest";
  const auto hits = kb_.search(q, 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].title, "Using Your Thermostat > Sharing Access");
  EXPECT_EQ(topic_match(q, hits[0].title, hits[0].content), TopicMatch::row);
}

TEST_F(ShortQuestions, ACodeTheDocsNeverListIsUnknown) {
  const std::string q = "screen says E9";
  const auto codes = unknown_codes(q, kb_.unknown_terms(q));
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], "e9");
  EXPECT_EQ(kb_.unlisted_codes(q), codes) << "the docs list E1, E4 and E7";
  EXPECT_TRUE(kb_.unlisted_codes("our Q3 report and the G2 reviews").empty())
      << "no family the docs list: they may simply not speak of it";
  EXPECT_TRUE(unknown_codes("What does E7 mean?", kb_.unknown_terms("What does E7 mean?")).empty());
  // Times, years and order numbers are not codes.
  EXPECT_TRUE(
      unknown_codes("can a shift run from 10pm to 6am in 2019", {"10pm", "6am", "2019"}).empty());
}

TEST(ShortQuestionTerms, CodesOfAnyShapeAreOnTopic) {
  const std::string table =
      "| Code | Meaning |\n|---|---|\n| ERR-42 | Quota exceeded |\n"
      "| 0x1F | Sensor fault |\n| 404 | Page not found |\n";
  EXPECT_TRUE(on_topic("I keep getting ERR-42", "Errors", table));
  EXPECT_TRUE(on_topic("the log says 0x1f", "Errors", table));
  EXPECT_TRUE(on_topic("a 404 on the page", "Errors", table));
  EXPECT_FALSE(on_topic("i have 2 users", "Errors", table));
}

TEST(ShortQuestionTerms, TableRowKeysAreEachRowsFirstCell) {
  EXPECT_EQ(
      table_row_keys("text\n| Role | Can |\n|---|---|\n| Owner | All |\n  | Guest | A day |\n"),
      " Role \n Owner \n Guest \n");
  EXPECT_EQ(table_row_keys("no table | here\n"), "");
}

TEST(ShortQuestionTerms, IrregularPastFormsMeetTheirVerb) {
  EXPECT_EQ(stem("kept"), stem("keep"));
  EXPECT_EQ(stem("paid"), stem("pay"));
  EXPECT_EQ(stem("forgotten"), stem("forget"));
  EXPECT_EQ(stem("left"), "left");  // also a direction: left alone
}

TEST(ShortQuestionTerms, CompletionPrefersTheCommonestDocsTerm) {
  const std::string a = "temperature temperature", b = "temperature", c = "template";
  Bm25Index idx;
  idx.build({{"A", a, ""}, {"B", b, ""}, {"C", c, ""}});
  EXPECT_EQ(idx.completion("temp"), stem("temperature"));
  EXPECT_EQ(idx.completion("tem"), "") << "three letters are too few";
  EXPECT_EQ(idx.completion(stem("template")), "") << "a term the docs use is not clipped";
  EXPECT_EQ(idx.completion("xyzz"), "");
  Bm25Index shifts;
  shifts.build({{"Night Shifts", "Shifts may run past midnight.", ""}});
  EXPECT_EQ(shifts.completion("overnight"), "night") << "a compound's last part";
}

// A FAQ unit whose own question is the one asked goes first among close hits, not the unit whose
// answer merely uses the customer's words ("make", "new invoice").
TEST(ShortQuestionTerms, TheFaqUnitWhoseQuestionIsAskedGoesFirst) {
  EXPECT_TRUE(
      asks_faq_question("how to make a new invoice", "Invoices > How do I create an invoice?"));
  EXPECT_FALSE(asks_faq_question("how to make a new invoice",
                                 "Invoices > How do I set up recurring invoices?"));
  EXPECT_FALSE(
      asks_faq_question("how do i delete an invoice", "Invoices > How do I create an invoice?"));
  EXPECT_FALSE(asks_faq_question("how to make a new invoice", "Invoices > Creating Invoices"))
      << "not a FAQ question";
  std::vector<SearchHit> hits(2);
  hits[0].title = "Invoices > How do I set up recurring invoices?";
  hits[0].score = 0.56;
  hits[1].title = "Invoices > How do I create an invoice?";
  hits[1].score = 0.53;
  put_asked_faq_first("how to make a new invoice", hits);
  EXPECT_EQ(hits[0].title, "Invoices > How do I create an invoice?");
  hits[0].score = 0.45;  // outside the window: the score decides
  std::swap(hits[0], hits[1]);
  hits[0].score = 0.56;
  put_asked_faq_first("how to make a new invoice", hits);
  EXPECT_EQ(hits[0].title, "Invoices > How do I set up recurring invoices?");
}

// The search tool asks for a query's clipped words, unknown terms and unlisted codes at once
// (KnowledgeBase::query_words: the foreign glosses and unknown terms worked out once): each is
// what the separate call gives, for clipped words, codes listed and not, foreign words, words the
// docs never use, a query longer than the search reads, and nothing loaded.
TEST_F(ShortQuestions, AQuerysWordsTogetherAreEachAsAsked) {
  std::string long_query = "the screen says E9 and the temp is wrong; ";
  while (long_query.size() < 9000) long_query += "we also tried the schedule and the fax mode E8; ";
  long_query += "and now E9 again";
  const std::vector<std::string> queries = {
      "how do i set the temp",
      "screen says E9",
      "What does E7 mean?",
      "our Q3 report and the G2 reviews",
      "¿cómo cambio la temperatura del termostato? sale E9",
      "is there a vacation mode with gantt charts",
      "config of the sched for a guest",
      "",
      long_query,
  };
  std::size_t unknown = 0, codes = 0, clipped = 0;
  for (const auto& q : queries) {
    const auto w = kb_.query_words(q);
    EXPECT_EQ(w.docs_words, kb_.docs_words(q)) << q;
    EXPECT_EQ(w.unknown_terms, kb_.unknown_terms(q)) << q;
    EXPECT_EQ(w.unlisted_codes, kb_.unlisted_codes(q)) << q;
    unknown += w.unknown_terms.size();
    codes += w.unlisted_codes.size();
    clipped += w.docs_words.size();
  }
  // Each part is exercised, not only empty lists.
  EXPECT_GT(unknown, 0u);
  EXPECT_GT(codes, 0u);
  EXPECT_GT(clipped, 0u);
  const auto e9 = kb_.query_words("screen says E9");
  ASSERT_EQ(e9.unlisted_codes.size(), 1u);
  EXPECT_EQ(e9.unlisted_codes[0], "e9");
  KnowledgeBase empty;
  const auto none = empty.query_words("screen says E9");
  EXPECT_TRUE(none.docs_words.empty() && none.unknown_terms.empty() && none.unlisted_codes.empty());
}

}  // namespace
}  // namespace fte::kb
