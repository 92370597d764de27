// Calibrated answer confidence (kb/confidence.h): a section that names what is asked, with a clear
// lead over the next hit, is an answer; the same score from a section that holds none of the
// question's words is not; a tie between two sections lowers it.
#include "kb/confidence.h"

#include <gtest/gtest.h>

namespace fte::kb {
namespace {

TEST(AnswerConfidence, CoverageAndMarginDecideTheLevel) {
  const std::string q = "How do I export my timesheets to CSV?";
  const auto good = assess_answer(q, "Time Clock > Exporting Timesheets",
                                  "Go to Timesheets > Export and choose CSV or PDF.", 0.6, 0.3);
  EXPECT_EQ(good.level, AnswerConfidence::Level::answer) << good.p;
  EXPECT_DOUBLE_EQ(good.coverage, 1.0);
  const auto off = assess_answer(q, "Billing > Payment Methods",
                                 "We accept cards and bank transfers.", 0.35, 0.3);
  EXPECT_EQ(off.level, AnswerConfidence::Level::none) << off.p;
  EXPECT_DOUBLE_EQ(off.coverage, 0.0);
  const auto tie = assess_answer(q, "Time Clock > Exporting Timesheets",
                                 "Go to Timesheets > Export and choose CSV or PDF.", 0.6, 0.6);
  EXPECT_LT(tie.p, good.p);
}

// On topic: the leaf heading names what is asked, or a line names it, or an error code is quoted;
// a section sharing only narrative words (or only a parent heading, or one word of a FAQ question
// heading) is not.
TEST(AnswerConfidence, OnTopicNeedsTheHeadingOrALineToNameWhatIsAsked) {
  EXPECT_TRUE(on_topic("trial ending tomorrow, how do I upgrade?", "Billing > Upgrading Your Plan",
                       "1. Settings > Billing > Change Plan"));
  EXPECT_FALSE(on_topic("can I assign a task to multiple people?", "Automations > How It Works",
                        "Common actions: assign task, send email, move to project"));
  EXPECT_FALSE(on_topic("I'm on the free plan, how many projects can I make?",
                        "Billing & Plans > Payment Methods", "- Credit card\n- Invoice payment"));
  EXPECT_FALSE(on_topic("not getting any email notifications since yesterday",
                        "FAQ > How do I change my email address?",
                        "Go to Settings > Profile > Change Email."));
  EXPECT_TRUE(on_topic("my api is throwing 429 everywhere", "Reference > Status Codes",
                       "- 429: Rate limited, wait for the reset"));
  EXPECT_TRUE(on_topic("push notifications stopped on android, settings still enabled",
                       "Mobile > Known Issues",
                       "- Push notifications not arriving: Settings > Notifications, re-enable"));
  // A long title is not a FAQ question: one shared word is enough.
  EXPECT_TRUE(on_topic("the mobile app is not showing the calendar view",
                       "Mobile App > Known Mobile Limitations (as of v2.3)",
                       "- Timeline view not available on mobile"));
  EXPECT_TRUE(on_topic("automation runs every hour instead of once a day",
                       "Automations > How Automations Work", "Each rule has a trigger and an action."));
  // A thesaurus word counts: "people" is what the docs call "members".
  EXPECT_TRUE(on_topic("how do I add more people?", "Team > Inviting Members",
                       "Go to Settings > Team > Invite"));
}

}  // namespace
}  // namespace fte::kb
