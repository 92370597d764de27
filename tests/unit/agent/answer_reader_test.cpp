// compose_answer, round 9 of issue 15 (composition, read as a strict reader would): what a
// customer calls an answer. Synthetic docs of an invented product, not any company's.
//   - "is this a bug or a paid feature?" after an upgrade prompt, answered by a plan limit, says
//     it is not a bug first;
//   - other cases of the same kind as the lead (another row of the table, another "Symptom? Fix"
//     line) go when they hold no question word the lead lacks; other items stay;
//   - a prose unit whose only fix the customer tried says they tried what the docs suggest.
// Every reply stays grounded in the section quoted (check_grounding).
#include <gtest/gtest.h>

#include "agent/engines/answer.h"
#include "agent/engines/yes_no.h"
#include "agent/runtime/grounding.h"

namespace fte::agent {
namespace {

void expect_grounded(const AnswerInput& in, const std::string& body) {
  EXPECT_TRUE(
      check_grounding(body, std::string(in.title) + "\n" + in.content, in.question).grounded())
      << body;
}

constexpr const char* kViews =
    "- **Board:** Drag cards between columns\n"
    "- **Roadmap:** Summit+ only — shows goals by quarter\n"
    "- **Agenda:** Cards with due dates listed by day";

TEST(ComposeReader, ABugOrAPaidFeatureAfterAnUpgradePromptIsNotABug) {
  AnswerInput in;
  in.question =
      "Roadmap says upgrade / I'm on the Harbor plan. I see a Roadmap option in the Views menu but "
      "when I click it it says I need to upgrade. Is this a bug or a paid feature?";
  in.title = "Boards > Views";
  in.content = kViews;
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("This is not a bug. Roadmap: Summit+ only — shows goals by quarter.", 0), 0u)
      << body;
  expect_grounded(in, body);
}

TEST(YesNoVerdict, NotABugOnlyWhenTheLeadLimitsTheThingToOtherPlans) {
  const std::string lead = "Roadmap: Summit+ only — shows goals by quarter.";
  YesNoInput in{
      "I'm on the Harbor plan and the Roadmap asks me to upgrade. Is this a bug or a "
      "paid feature?",
      "Views", lead, ""};
  EXPECT_EQ(yes_no_verdict(in), "This is not a bug.");
  // Either alternative may come first; "glitch" and "premium" are the same question.
  in.question = "The roadmap wants me to upgrade. Premium feature or a glitch?";
  EXPECT_EQ(yes_no_verdict(in), "This is not a bug.");
  // No upgrade prompt: the customer may see a fault.
  in.question = "The roadmap shows nothing. Is this a bug or a paid feature?";
  EXPECT_EQ(yes_no_verdict(in), "");
  // The customer is on a plan the lead names: it may well be a bug.
  in.question = "I'm on the Summit plan and the roadmap asks me to upgrade. Bug or paid feature?";
  EXPECT_EQ(yes_no_verdict(in), "");
  // A lead about something the customer does not name.
  in.question = "The agenda asks me to upgrade. Is this a bug or a paid feature?";
  EXPECT_EQ(yes_no_verdict(in), "");
  // A lead that limits nothing to plans.
  in.question = "The roadmap asks me to upgrade. Is this a bug or a paid feature?";
  in.lead = "Roadmap: shows goals by quarter.";
  EXPECT_EQ(yes_no_verdict(in), "");
  // Another either/or question.
  in.lead = lead;
  in.question = "The roadmap asks me to upgrade. Should I pick the monthly or the annual plan?";
  EXPECT_EQ(yes_no_verdict(in), "");
}

constexpr const char* kErrors =
    "| Error | Meaning | Fix |\n"
    "|---|---|---|\n"
    "| \"Desk limit reached\" | Hit the desk limit of your plan | Upgrade or remove unused "
    "desks |\n"
    "| \"Sync quota exceeded\" | Hit the monthly sync cap | Upgrade plan or wait for the monthly "
    "reset |\n"
    "| \"Token expired\" | The calendar link expired | Reconnect the calendar in Settings |";

TEST(ComposeReader, AnotherRowRepeatingOnlyTheLeadsWordsGoes) {
  AnswerInput in;
  in.question =
      "we have 9 desks and need 2 more, we hit the desk limit. do we auto upgrade or do we need "
      "to do something";
  in.title = "Common Error Messages";
  in.content = kErrors;
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  EXPECT_NE(body.find("Upgrade or remove unused desks"), std::string::npos) << body;
  // The sync quota row shares only "upgrade" with the question, which the lead says already.
  EXPECT_EQ(body.find("Sync quota"), std::string::npos) << body;
  expect_grounded(in, body);
  // A row holding an asked word the lead lacks stays.
  in.question =
      "we hit the desk limit and the token expired too. do we auto upgrade or do we need to do "
      "something";
  const auto both = compose_answer(in);
  EXPECT_NE(both.find("Upgrade or remove unused desks"), std::string::npos) << both;
  EXPECT_NE(both.find("Reconnect the calendar"), std::string::npos) << both;
}

constexpr const char* kSyncTrouble =
    "- Sync not starting? Check: is it switched on (toggle in the Sync panel)? Is the calendar "
    "connected?\n"
    "- Sync running twice? Check for duplicate sync rules\n"
    "- Hit the quota? Upgrade plan or wait for the monthly reset";

TEST(ComposeReader, AnotherSymptomLineGoesButAPlainItemStays) {
  AnswerInput in;
  in.question =
      "Sync running every hour instead of once daily / I set up a sync to send a summary every "
      "day at 9am. But it's running every hour. I checked the settings and it says 'Daily at "
      "9:00 AM' but clearly something's wrong.";
  in.title = "Calendar Sync > Troubleshooting Sync";
  in.content = kSyncTrouble;
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_NE(body.find("Check for duplicate sync rules"), std::string::npos) << body;
  EXPECT_EQ(body.find("Sync not starting?"), std::string::npos) << body;
  expect_grounded(in, body);

  // A requirement under an item that leads is not another case: it stays.
  AnswerInput app;
  app.question = "where can i download the tablet app";
  app.title = "Tablet App > Download";
  app.content =
      "- Tablet: Store — search \"Orbitly\"\n- Minimum: tablet OS 14+, reader OS 9+\n- Offline "
      "mode is read-only";
  app.channel = Channel::whatsapp;
  const auto a = compose_answer(app);
  EXPECT_NE(a.find("Minimum: tablet OS 14+"), std::string::npos) << a;
}

// A prose (FAQ) unit whose only fix the customer says they tried: the reply says so, as for a
// procedure, instead of "Skipping what you already tried." before the steps they did.
TEST(ComposeReader, TheOnlyFixOfAProseUnitTriedIsSaidSo) {
  AnswerInput in;
  in.question = "forgot my password and the reset email isnt coming thru. checked spam too. help?";
  in.title = "Troubleshooting > How do I reset my password?";
  in.content =
      "A: Go to orbitly.example/login > \"Forgot Password\" > enter your email > check inbox for "
      "the reset link. If you don't receive it, check your spam folder.";
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("You've already tried what our docs suggest for this.", 0), 0u) << body;
  EXPECT_EQ(body.find("Skipping what you already tried"), std::string::npos) << body;
  EXPECT_EQ(body.find("spam folder"), std::string::npos) << body;
  EXPECT_NE(body.find("teammate"), std::string::npos) << body;  // a person is offered
  expect_grounded(in, body);
  // A fix left that the customer has not tried: it is quoted, and nothing says they tried it all.
  in.content += " Verify that the address on your profile is spelled correctly.";
  const auto more = compose_answer(in);
  EXPECT_EQ(more.find("already tried what our docs suggest"), std::string::npos) << more;
  EXPECT_NE(more.find("Verify that the address"), std::string::npos) << more;
}

}  // namespace
}  // namespace fte::agent
