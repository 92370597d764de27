// ReplyCheckMemo (round 11 of issue 18): while one lives, check_reply reads a sentence whose
// outcome depends on its text alone once per run; a sentence with an internal or comparative term
// word, or any check with competitor names, is read every time (its outcome depends on the
// run's documentation and configuration); the outcomes are those of the plain check.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "agent/runtime/output_guardrails.h"

namespace fte::agent {
namespace {

bool same(const std::vector<Violation>& a, const std::vector<Violation>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].rule != b[i].rule || a[i].sentence != b[i].sentence || a[i].evidence != b[i].evidence)
      return false;
  return true;
}

const std::string kReply =
    "Open Settings and pick Security. The Pro plan costs $12 per month. We can refund you. "
    "Our database keeps it safe. Never mention send_response here.";

TEST(ReplyCheckMemo, ASecondCheckOfTheSameSentencesIsAnsweredFromTheMemo) {
  ReplyCheckOptions opts;
  const auto plain = check_reply(kReply, opts);
  ASSERT_EQ(plain.size(), 4u);  // price, refund_promise, internal_detail (database), tool name
  const ReplyCheckMemo memo;
  EXPECT_TRUE(same(check_reply(kReply, opts), plain));
  EXPECT_EQ(memo.hits(), 0u);
  EXPECT_TRUE(same(check_reply(kReply, opts), plain));
  // All but the sentences with a term's first word ("database": the public text decides; "send"
  // of send_response) came from the memo.
  EXPECT_EQ(memo.hits(), 3u);
}

TEST(ReplyCheckMemo, ATermWordSentenceFollowsEachRunsDocumentation) {
  const ReplyCheckMemo memo;
  const std::string s = "Your data lives in our database.";
  ReplyCheckOptions internal;
  ReplyCheckOptions documented;
  documented.public_text = "Exports: the database export lists every record.";
  EXPECT_EQ(check_reply(s, internal).size(), 1u);
  EXPECT_TRUE(check_reply(s, documented).empty());  // public: not from the first check's outcome
  EXPECT_EQ(check_reply(s, internal).size(), 1u);
  EXPECT_EQ(memo.hits(), 0u);
}

TEST(ReplyCheckMemo, CompetitorNamesAreCheckedEveryTime) {
  const ReplyCheckMemo memo;
  ReplyCheckOptions none;
  ReplyCheckOptions named;
  named.competitor_names = {"Acme Boards"};
  const std::string s = "Many teams come to us from Acme Boards.";
  EXPECT_TRUE(check_reply(s, none).empty());
  EXPECT_EQ(check_reply(s, named).size(), 1u);  // not the remembered "no violation"
  EXPECT_EQ(check_reply(s, named).size(), 1u);
}

TEST(ReplyCheckMemo, NothingIsKeptOnceItEnds) {
  ReplyCheckOptions opts;
  {
    const ReplyCheckMemo memo;
    check_reply(kReply, opts);
  }
  const ReplyCheckMemo next;
  check_reply(kReply, opts);
  EXPECT_EQ(next.hits(), 0u);
}

}  // namespace
}  // namespace fte::agent
