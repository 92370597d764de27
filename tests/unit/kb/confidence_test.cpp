// Calibrated answer confidence (kb/confidence.h): a section that names what is asked, with a clear
// lead over the next hit, is an answer; the same score from a section that holds none of the
// question's words is not; a tie between two sections lowers it.
#include "kb/confidence.h"

#include <gtest/gtest.h>

namespace fte::kb {
namespace {

// assess_answer with the topic verdict of a section judged without heading statistics.
AnswerConfidence assess(std::string_view q, std::string_view title, std::string_view content,
                        double top, double second) {
  return assess_answer(q, title, content, top, second,
                       on_distinct_topic(q, title, content, nullptr));
}

TEST(AnswerConfidence, CoverageAndMarginDecideTheLevel) {
  const std::string q = "How do I export my timesheets to CSV?";
  const auto good = assess(q, "Time Clock > Exporting Timesheets",
                                  "Go to Timesheets > Export and choose CSV or PDF.", 0.6, 0.3);
  EXPECT_EQ(good.level, AnswerConfidence::Level::answer) << good.p;
  EXPECT_DOUBLE_EQ(good.coverage, 1.0);
  const auto off = assess(q, "Billing > Payment Methods",
                                 "We accept cards and bank transfers.", 0.35, 0.3);
  EXPECT_EQ(off.level, AnswerConfidence::Level::none) << off.p;
  EXPECT_DOUBLE_EQ(off.coverage, 0.0);
  const auto tie = assess(q, "Time Clock > Exporting Timesheets",
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

// A confident answer must be on topic: a section that holds every word of the message and leads by
// far, but only through words that name no topic (greetings, "help", "today"), or only through the
// customer's narrative, is offered as the closest section at most, never as the answer.
TEST(AnswerConfidence, AnOffTopicSectionIsNeverAConfidentAnswer) {
  const std::string chat = "Hi team, quick question: is it possible to get help today?";
  const auto small_talk = assess(
      chat, "Support > Getting Help",
      "Hi! A quick question? Our support team can help today whenever possible.", 0.9, 0.1);
  EXPECT_GT(small_talk.p, kAnswerAt) << "the score alone would answer";
  EXPECT_FALSE(small_talk.on_topic);
  EXPECT_EQ(small_talk.level, AnswerConfidence::Level::closest);

  const std::string q = "After the move to the new office the whole team sees a blank calendar";
  const auto narrative = assess(
      q, "Company > Office Moves",
      "Moving office? The whole team keeps its settings after the move to a new office.", 0.9,
      0.1);
  EXPECT_GT(narrative.p, kAnswerAt);
  EXPECT_TRUE(narrative.on_topic) << "the leaf heading names the office move";
  EXPECT_EQ(narrative.level, AnswerConfidence::Level::answer);
  const auto blank = assess(
      q, "Boards > Sharing",
      "After a move, sign in again.\nThe whole list is shared.\nOffice admins see shared items.",
      0.9, 0.1);
  EXPECT_GT(blank.p, kAnswerAt);
  EXPECT_FALSE(blank.on_topic) << "its words are the narrative's, spread over lines";
  EXPECT_EQ(blank.level, AnswerConfidence::Level::closest);
}

// The section a reply comes from: an off-topic best hit below the confident level gives way to a
// close on-topic one; a confident best hit, an on-topic one, or one without a close on-topic
// rival stays.
TEST(AnswerConfidence, AnOffTopicMiddlingBestHitGivesWayToACloseOnTopicOne) {
  const std::string q = "Can I connect the app to my CRM? How?";
  const std::vector<TopicCandidate> hits = {
      {"Integrations > Disconnecting an Integration", "Open Connected Apps and click Disconnect.",
       0.32},
      {"Integrations > Connecting an Integration", "1. Open Integrations\n2. Click Connect", 0.30},
      {"Integrations > CRM Sync", "Contacts sync every hour.", 0.10}};
  EXPECT_EQ(topical_choice(q, hits, false), 1u);
  EXPECT_EQ(topical_choice(q, hits, true), 0u) << "a confident best hit stays";
  auto far = hits;
  far[1].score = 0.2;
  EXPECT_EQ(topical_choice(q, far, false), 0u) << "not within the close window";
  EXPECT_EQ(topical_choice(q, {}, false), 0u);
}

// A stand-in must say more about the question than the best hit's own heading path: a template
// list on topic only by its chapter's word ("routine", which the best hit's path holds too) does
// not replace the better-scored conditions table. When only related sections were found (no
// answer otherwise), any on-topic one still stands in.
TEST(AnswerConfidence, AStandInMustAddATopicWordTheBestHitsHeadingPathLacks) {
  const std::string q =
      "Setting up a routine for the porch light. I want the porch light on when a door opens. "
      "Where is the routine editor?";
  const std::vector<TopicCandidate> hits = {
      {"Routines > Available Conditions",
       "| Condition | Meaning |\n| Door opened | When any door opens |\n| Sunset | At sunset |",
       0.53},
      {"Routines > Routine Templates", "- Night mode: at 22:00 lock every lock\n- Away: all off",
       0.47}};
  ASSERT_FALSE(on_topic(q, hits[0].title, hits[0].content)) << "the test needs an off-topic best";
  ASSERT_TRUE(on_topic(q, hits[1].title, hits[1].content)) << "on topic by its chapter's word";
  EXPECT_EQ(topical_choice(q, hits, false), 0u) << "the templates add nothing the best lacks";
  EXPECT_EQ(topical_choice(q, hits, false, true), 1u) << "only related sections: it stands in";
  // A stand-in whose leaf names what the best's path does not ("porch light") still stands in.
  auto named = hits;
  named[1].title = "Lights > Porch Light Schedules";
  EXPECT_EQ(topical_choice(q, named, false), 1u);
}

// A heading word that says what a section does ("Setup", "Creating", "Features") does not alone put
// a question on its topic; a heading word that names the thing asked about does.
TEST(AnswerConfidence, AGenericHeadingWordAloneIsNotTheTopic) {
  EXPECT_FALSE(on_topic("how do I setup SAML for my company?", "Getting Started > Workspace Setup",
                        "1. Name your workspace\n2. Pick a colour"));
  EXPECT_TRUE(on_topic("how do I setup SAML for my company?", "Security > SAML Setup",
                       "1. Upload the metadata file"));
  EXPECT_FALSE(on_topic("which features does the free plan include?", "Mobile App > Features",
                        "- Offline mode\n- Push alerts"));
  EXPECT_FALSE(on_topic("creating an invoice for my client", "Projects > Creating a Project",
                        "Click New Project and choose a template."));
  // "Settings" is not one of them: a settings page is a topic of its own.
  EXPECT_TRUE(on_topic("where are the notification settings?", "Account > Settings",
                       "- Language\n- Time zone"));
}

}  // namespace
}  // namespace fte::kb
