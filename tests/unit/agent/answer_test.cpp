// compose_answer: leads with the answering sentence, strips doc markup, leaves out what the
// customer already tried (and says so), keeps procedures whole.
#include "agent/engines/answer.h"

#include <gtest/gtest.h>

#include <unordered_set>

#include "agent/format/acknowledgement.h"
#include "agent/judgement/text.h"
#include "agent/runtime/grounding.h"

namespace fte::agent {
namespace {

TEST(ComposeAnswer, FaqMarkupIsStripped) {
  AnswerInput in;
  in.question = "How do I reset my password?";
  in.title = "Help > FAQ > How do I reset my password?";
  in.content =
      "**Q4: How do I reset my password?**\nA: Go to the login page and click **Forgot "
      "Password**, then enter your email.";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.find("A:"), std::string::npos) << body;
  EXPECT_EQ(body.find("Q4"), std::string::npos) << body;
  EXPECT_EQ(body.find("**"), std::string::npos) << body;
  EXPECT_NE(body.find("click Forgot Password"), std::string::npos) << body;
}

// A blockquoted note is quoted without its "> " marker; a menu path inside a line keeps its ">".
TEST(ComposeAnswer, BlockquoteMarkersAreStripped) {
  AnswerInput in;
  in.question = "How many members can I invite on the free plan?";
  in.title = "Team > Inviting Members";
  in.content = "1. Go to Settings > Team\n2. Click Invite\n\n> Note: the free plan supports 1 member.";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.find("> Note"), std::string::npos) << body;
  EXPECT_NE(body.find("Note: the free plan supports 1 member."), std::string::npos) << body;
  EXPECT_NE(body.find("Settings > Team"), std::string::npos) << body;
}

// A knowledge-gap escalation tells the customer plainly why a person follows up; other reasons
// do not claim the docs lack anything.
TEST(Acknowledgement, AKnowledgeGapSaysTheDocsDoNotAnswer) {
  EXPECT_NE(acknowledgement("knowledge_gap", Channel::email).find("documentation does not answer"),
            std::string::npos);
  EXPECT_NE(acknowledgement("knowledge_gap", Channel::whatsapp).find("docs don't cover"),
            std::string::npos);
  EXPECT_EQ(acknowledgement("outage", Channel::email).find("documentation"), std::string::npos);
}

TEST(ComposeAnswer, LeadsWithTheSentenceThatAnswers) {
  AnswerInput in;
  in.question = "Do exports include attachments?";
  in.title = "Data > Export";
  in.content =
      "Exports are available to admins on every plan. Exports include attachments as a ZIP "
      "archive.\nLarge workspaces may take an hour to export.";
  in.channel = Channel::email;
  const auto body = compose_answer(in);
  // No opener: the answer is the first sentence, and it says yes (it holds every asked word and
  // no condition).
  EXPECT_EQ(body.rfind("Yes. Exports include attachments as a ZIP archive.\n", 0), 0u) << body;
}

// A middling confidence still answers from the section, lead first (the local engine passes it
// the same further sections); only the close changes: it offers a person instead of "I hope this helps".
TEST(ComposeAnswer, AnUncertainMatchLeadsWithTheAnswerAndOffersAPerson) {
  AnswerInput in;
  in.question = "Do exports include attachments?";
  in.title = "Data > Export";
  in.content =
      "Exports are available to admins on every plan. Exports include attachments as a ZIP "
      "archive.\nLarge workspaces may take an hour to export.";
  in.channel = Channel::email;
  in.uncertain = true;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Yes. Exports include attachments as a ZIP archive.\n", 0), 0u) << body;
  EXPECT_EQ(body.find("closest section"), std::string::npos) << body;
  EXPECT_EQ(body.find("I hope this helps"), std::string::npos) << body;
  EXPECT_NE(body.find("a member of our team"), std::string::npos) << body;
  in.channel = Channel::whatsapp;
  EXPECT_NE(compose_answer(in).find("Reply and a teammate"), std::string::npos);
}

TEST(ComposeAnswer, WhatTheCustomerAlreadyTriedIsAcknowledgedNotRepeated) {
  AnswerInput in;
  in.question =
      "The reset email never arrives. I already checked my spam folder and waited an hour.";
  in.title = "Account > Reset email not received";
  in.content =
      "- Check your spam folder for the reset email\n- Add noreply@example.com to your "
      "contacts\n- Ask your IT team whether the mail server blocks our domain";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.find("Check your spam folder"), std::string::npos) << body;
  EXPECT_NE(body.find("already tried"), std::string::npos) << body;
  EXPECT_NE(body.find("noreply@example.com"), std::string::npos) << body;
}

TEST(ComposeAnswer, AListLeadsWithTheItemThatAnswersAndKeepsOnlyRelevantItems) {
  AnswerInput in;
  in.question = "Is the velocity chart available on the Team plan?";
  in.title = "Reports > Velocity Tracking";
  in.content =
      "- Automatically calculated from story points\n- View in Reports > Velocity Chart\n"
      "- Available on Business and Enterprise plans\n- Export the chart as PDF";
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Velocity Tracking: Available on Business and Enterprise plans.\n", 0), 0u)
      << body;
  EXPECT_EQ(body.find("story points"), std::string::npos) << body;  // answers nothing asked
  EXPECT_NE(body.find("Velocity Chart"), std::string::npos) << body;
  EXPECT_EQ(body.find("Available on Business", body.find('\n')), std::string::npos)
      << body;  // said once
}

TEST(ComposeAnswer, AProcedureIsKeptWholeAndNotLedByOneOfItsSteps) {
  AnswerInput in;
  in.question = "How do I connect the calendar? We downloaded the app last week.";
  in.title = "Integrations > Calendar";
  in.content = "1. Download the app\n2. Open Settings > Calendar\n3. Click Connect";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Here are the steps for Calendar:\n1. Download the app\n2. Open Settings > "
                       "Calendar\n3. Click Connect\n",
                       0),
            0u)
      << body;
}

// "How many" is answered by the item with the number, even when its words are the heading's,
// and the list's other items (which hold only the heading's words) are left out.
TEST(ComposeAnswer, HowManyLeadsWithTheNumber) {
  AnswerInput in;
  in.question = "Projects. im on the cheapest tier how many projects can i make";
  in.title = "Projects > Creating a Project";
  in.content =
      "- Click New Project in the sidebar\n- Choose a template: Scrum or Kanban\n"
      "- Set visibility: Public or Private\n- Max projects: 3 (Free), Unlimited (Pro)";
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Max projects: 3 (Free), Unlimited (Pro).\n", 0), 0u) << body;
  EXPECT_EQ(body.find("template"), std::string::npos) << body;
  EXPECT_EQ(body.find("Yes."), std::string::npos) << body;  // not a yes/no question
}

// A step leads only when it reads as the fix for the symptom ("Known issue: ..."), not when it
// merely shares the symptom's words ("receive reset link" for "not receiving the reset email").
TEST(ComposeAnswer, AStepLeadsOnlyAsAFix) {
  AnswerInput in;
  in.question = "I am not receiving the password reset email, I need the link within the hour.";
  in.title = "Account > Password Reset";
  in.content =
      "1. Go to the login page and click Forgot password\n2. Enter your email and receive the "
      "reset link (valid 1 hour)\n3. Sign in with the new password";
  in.channel = Channel::webform;
  // (A problem report whose procedure names no fix: the steps are offered for comparison.)
  EXPECT_NE(compose_answer(in).find("Here are the steps for Password Reset. Please compare them "
                                    "with what you did:\n1. Go to"),
            std::string::npos)
      << compose_answer(in);
  in.question = "Every task was duplicated after I connected the tracker sync yesterday.";
  in.title = "Integrations > Tracker";
  in.content =
      "1. Open Settings > Integrations > Tracker\n2. Map projects to tracker projects\n3. Known "
      "issue: the first sync may duplicate tasks; delete the duplicates and sync again";
  EXPECT_EQ(compose_answer(in).rfind("Known issue: the first sync may duplicate tasks", 0), 0u)
      << compose_answer(in);
}

// A check the customer's own statement answers ("The workflow status is Active.") is not asked
// of them again; a check it does not answer stays.
TEST(ComposeAnswer, ACheckTheCustomerAlreadyStatedIsLeftOut) {
  AnswerInput in;
  in.question =
      "My hourly workflow stopped running two days ago. The workflow status is Active. Why?";
  in.title = "Workflows > Workflow Not Triggering";
  in.content =
      "- Confirm the workflow status is Active (not Paused or Draft)\n- Verify the trigger "
      "conditions are configured\n- For scheduled triggers, confirm the timezone setting";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.find("status is Active (not Paused"), std::string::npos) << body;
  EXPECT_NE(body.find("already tried"), std::string::npos) << body;
  EXPECT_NE(body.find("trigger conditions"), std::string::npos) << body;
}

// A procedure stays whole though the customer did some of its steps; the reply says it knows,
// in a sentence that states no fact (grounding needs no source for it).
TEST(ComposeAnswer, StepsTheCustomerDidStayButAreAcknowledged) {
  AnswerInput in;
  in.question = "We've downloaded the metadata file and uploaded it, but sign-in fails. Help?";
  in.title = "Security > Single Sign-On";
  in.content =
      "1. Open Settings > Security > SSO\n2. Download the metadata file\n3. Upload the "
      "identity provider metadata\n4. Test the connection";
  for (auto ch : {Channel::email, Channel::webform, Channel::whatsapp}) {
    in.channel = ch;
    const auto body = compose_answer(in);
    EXPECT_NE(body.find("2. Download the metadata file"), std::string::npos) << body;
    const auto first = body.substr(0, body.find('\n'));
    EXPECT_NE(first.find("tried some of the steps below"), std::string::npos) << body;
    EXPECT_LT(fact_stems(first.substr(0, first.find('.') + 1)), kMinFactualStems) << first;
  }
}

// "Yes" only when the lead holds every asked word and states no condition or restriction.
TEST(ComposeAnswer, SaysYesOnlyWhenTheLeadPlainlyAffirms) {
  AnswerInput in;
  in.question = "is it possible to set WIP limits on columns?";
  in.title = "Boards > Lists (Columns)";
  in.content =
      "- Drag to reorder lists\n- Set WIP limits to cap cards per list\n- Archive lists to "
      "declutter\n- Lists represent stages\n- Rename a list from its menu\n- Colour a list\n"
      "- Collapse a list\n- Copy a list";
  in.channel = Channel::whatsapp;
  EXPECT_EQ(compose_answer(in).rfind("Yes. Lists (Columns): Set WIP limits", 0), 0u)
      << compose_answer(in);
  // A plan condition: the customer reads the plans, no "Yes".
  in.question = "Is the velocity chart available on the Team plan?";
  in.title = "Reports > Velocity Tracking";
  in.content = "- View in Reports > Velocity Chart\n- Available on Business and Enterprise plans";
  EXPECT_EQ(compose_answer(in).find("Yes"), std::string::npos) << compose_answer(in);
}

// After the lead, a list keeps only items holding an asked word the heading lacks; prose that
// names a question word stays (it states the conditions next to the answer).
TEST(ComposeAnswer, ProseConditionsStayUnrelatedItemsGo) {
  AnswerInput in;
  in.question = "is there sso support? we use okta";
  in.title = "Security > Single Sign-On (SSO)";
  in.content =
      "- Supported providers: Okta, Azure AD\n- Sessions last 8 hours\nSSO requires Admin "
      "access and SAML 2.0 configuration.";
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Yes. Supported providers: Okta, Azure AD.\n", 0), 0u) << body;
  EXPECT_NE(body.find("SSO requires Admin access"), std::string::npos) << body;
  EXPECT_EQ(body.find("Sessions last"), std::string::npos) << body;
}

// The sentence that asks outweighs the customer's story: "can we remove them?" is answered by
// the item about removing, not by the one repeating "seats" and "users" of the narrative.
TEST(ComposeAnswer, TheAskingSentenceChoosesTheLead) {
  AnswerInput in;
  in.question =
      "We pay for 30 seats but only 22 users are active. Can we remove the inactive ones?";
  in.title = "Billing > Seats";
  in.content =
      "- Seats are billed monthly per active user\n- Removing a user frees their seat at the "
      "next billing cycle\n- Manage seats in Settings > Billing";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Seats: Removing a user frees their seat at the next billing cycle.\n", 0),
            0u)
      << body;
}

// "We've downloaded X": what the customer did in the perfect tense counts as tried, so that
// item is neither the lead nor repeated.
TEST(ComposeAnswer, WhatTheCustomerHasDoneIsNotLeadOrRepeated) {
  AnswerInput in;
  in.question = "The app shows a blank screen. I've deleted the app cache. What now?";
  in.title = "Mobile > Blank screen";
  in.content =
      "- Delete the app cache from the phone settings\n- Reinstall the app from the store\n"
      "- Check that the phone runs the latest system version";
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.find("Delete the app cache"), std::string::npos) << body;
  EXPECT_NE(body.find("Skipping what you already tried"), std::string::npos) << body;
  EXPECT_NE(body.find("Reinstall the app"), std::string::npos) << body;
}

// Another customer's FAQ question is not appended as "See also" because it shares a word.
TEST(ComposeAnswer, AnotherFaqQuestionIsNotSeeAlso) {
  AnswerInput in;
  in.question =
      "I changed my password yesterday and now the reset link says token expired. I cannot "
      "log in to my account.";
  in.title = "Account > Password Reset";
  in.content = "Go to the login page > Forgot Password. The link expires in 1 hour.";
  in.channel = Channel::email;
  in.also = {{"Account > How do I change my email address?",
              "Go to Settings > Profile > Change Email. Your old email no longer works for log "
              "in once you confirm the new address."}};
  EXPECT_EQ(compose_answer(in).find("See also"), std::string::npos) << compose_answer(in);
}

TEST(ComposeAnswer, AFollowUpDoesNotRepeatTheLastReply) {
  AnswerInput in;
  in.question = "The invitation still has not arrived, what else can I do?";
  in.title = "Team > Invitations";
  in.content =
      "- Invitations are sent from Settings > Team\n- Ask the invitee to check spam\n"
      "- Invitations expire after 7 days; resend from Pending Invites";
  in.channel = Channel::webform;
  in.previous_reply =
      "Here is what our documentation says about Invitations:\n- Invitations are sent from "
      "Settings > Team\n- Ask the invitee to check spam";
  auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Following up on my previous reply:", 0), 0u) << body;
  EXPECT_EQ(body.find("check spam"), std::string::npos) << body;
  EXPECT_NE(body.find("resend from Pending Invites"), std::string::npos) << body;
  // Everything was said already: not sent again.
  in.previous_reply += "\n- Invitations expire after 7 days; resend from Pending Invites";
  body = compose_answer(in);
  EXPECT_EQ(body.find("Pending Invites"), std::string::npos) << body;
  EXPECT_NE(body.find("previous reply holds everything"), std::string::npos) << body;
}

TEST(ComposeAnswer, AHardWrappedParagraphLeadsAsOneSentence) {
  AnswerInput in;
  in.question = "Can archived projects still be edited?";
  in.title = "Projects > Archiving";
  in.content =
      "Archived projects are read-only and hidden from the\nboard; restore them under "
      "Projects > Archived.\n\nArchiving keeps all tasks and comments.";
  in.channel = Channel::email;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Archived projects are read-only and hidden from the board; restore them "
                       "under Projects > Archived.\n",
                       0),
            0u)
      << body;
}

TEST(ComposeAnswer, WhatWasTriedNeverCutsAProcedureButLeavesAProseSentence) {
  AnswerInput in;
  in.question = "I tried scanning the QR code with two apps and checked my phone clock. Help?";
  in.title = "Security > Two-Factor Authentication";
  in.content =
      "1. Open Settings > Security\n2. Scan the QR code\n3. Enter the code\n"
      "Codes fail when the phone clock is wrong. Check the phone clock first. Backup codes "
      "work once each.";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_NE(body.find("1. Open Settings > Security\n2. Scan the QR code\n3. Enter the code"),
            std::string::npos)
      << body;
  EXPECT_EQ(body.find("Check the phone clock first"), std::string::npos) << body;
  EXPECT_NE(body.find("already tried"), std::string::npos) << body;
}

TEST(ComposeAnswer, ALeadEndingInAQuotedSentenceGetsNoSecondFullStop) {
  AnswerInput in;
  in.question = "how do I turn on 2fa";
  in.title = "Security > Two-factor authentication";
  in.content = "- Go to Settings > Security > \"Enable 2FA.\"\n- Keep the backup codes";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.find(".\"."), std::string::npos) << body;
}

TEST(ComposeAnswer, AFaqUnitsQuestionIsNotQuotedBack) {
  AnswerInput in;
  in.question = "the app keeps crashing on my phone";
  in.title = "FAQ > The mobile app is crashing.";
  in.content = "The mobile app is crashing.\nUpdate the app, then clear its cache.";
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.find("The mobile app is crashing.\n"), std::string::npos) << body;
  EXPECT_NE(body.find("Update the app"), std::string::npos) << body;
}

// A question that is not a "how do I" still gets a procedure whole once one of its steps is
// quoted: never "1. ... 3." with the steps between missing.
TEST(ComposeAnswer, AQuotedStepBringsItsWholeProcedure) {
  const std::string content =
      "Alerts tell your phone when the greenhouse is too hot.\n\n"
      "**Setup:**\n1. Open Sensors > Alerts > New Alert\n2. Pick the sensor\n"
      "3. Choose the temperature that triggers the alert\n4. Save and wait for the test alert\n\n"
      "**Quiet hours:** alerts are held from 22:00 to 07:00 unless marked urgent.\n\n"
      "**History:** the last 90 days of alerts are kept.\n\n"
      "**Sound:** each alert plays the sound chosen in Settings.\n\n"
      "**Limits:**\n- 20 alerts per sensor\n- 100 alerts per account\n"
      "- Alerts older than 90 days are deleted";
  const auto lines = select_lines(
      "We receive every temperature alert three times from the greenhouse sensors", content,
      Channel::email);
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  EXPECT_NE(all.find("1. Open Sensors"), std::string::npos) << all;
  EXPECT_NE(all.find("2. Pick the sensor"), std::string::npos) << all;
  EXPECT_NE(all.find("4. Save"), std::string::npos) << all;
}

// A table with several value columns: each short cell is named by its column, so a quoted row
// still says what its numbers are; a long cell (a sentence) is quoted as it is.
TEST(ComposeAnswer, TableRowsNameTheirShortCells) {
  const std::string content =
      "| Plan | Sensors | Alerts/Day |\n|---|---|---|\n| Home | 5 | 1,000 |\n"
      "| Farm | 50 | Unlimited |\n\n| Code | Meaning | Fix |\n|---|---|---|\n"
      "| E42 | Sensor offline | Replace the battery and hold the button for 5 seconds |\n";
  const auto lines = select_lines("How many sensors does the Farm plan allow?", content,
                                  Channel::webform);
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  EXPECT_NE(all.find("Farm: Sensors 50 — Alerts/Day Unlimited"), std::string::npos) << all;
  const auto fix = select_lines("What does E42 mean?", content, Channel::webform);
  all.clear();
  for (const auto& l : fix) all += l + "\n";
  EXPECT_NE(all.find("E42: Sensor offline — Replace the battery"), std::string::npos) << all;
  // A one-word cell next to a sentence cell is not named ("E7: Meaning Overheat — ...").
  const std::string codes =
      "| Code | Meaning | Fix |\n|---|---|---|\n| E7 | Overheat | Let the unit cool for an hour |\n";
  const auto e7 = select_lines("What is E7?", codes, Channel::webform);
  ASSERT_FALSE(e7.empty());
  EXPECT_NE(e7[0].find("E7: Overheat — Let the unit cool"), std::string::npos) << e7[0];
}

// Numbers with thousands separators are the same number in the reply and the section.
TEST(Grounding, ThousandsSeparatorsMatch) {
  const auto g = check_grounding("The Home plan sends up to 1,000 alerts per day.",
                                 "| Plan | Alerts/Day |\n| Home | 1,000 |", "");
  EXPECT_EQ(g.factual, 1);
  EXPECT_TRUE(g.grounded());
  EXPECT_FALSE(check_grounding("The Home plan sends up to 2,000 alerts per day.",
                               "| Plan | Alerts/Day |\n| Home | 1,000 |", "")
                   .grounded());
}

// Round 9: grounding keeps the cited sections' stems across runs and the customer's apart; the
// support is still that of sources + "\n" + customer. A word cut at the seam (hyphen, apostrophe,
// a broken UTF-8 byte) is no word across it; the same sources with another customer (a memo hit)
// are judged by that customer's words.
TEST(Grounding, CitedAndCustomerWordsSupportAsOneText) {
  std::unordered_set<std::string> joined, apart;
  for (const char* a : {"Two-factor codes re-", "Use the app\u2019", "Export to CSV \xE2\x80",
                        ""})
    for (const char* b : {"sync every 30 seconds", "s settings", "-only mode", ""}) {
      joined.clear();
      apart.clear();
      text::add_word_stems(std::string(a) + "\n" + b, joined);
      text::add_word_stems(a, apart);
      text::add_word_stems(b, apart);
      EXPECT_EQ(joined, apart) << a << " | " << b;
    }
  const std::string sources = "Webhooks\nWebhooks retry failed deliveries three times.";
  const std::string reply =
      "Failed webhook deliveries retry from the orbital relay's quantum buffer cluster.";
  for (int round = 0; round < 2; ++round) {
    EXPECT_FALSE(check_grounding(reply, sources, "Do webhooks retry?").grounded());
    EXPECT_TRUE(check_grounding(reply, sources, "Our orbital relay's quantum buffer cluster?")
                    .grounded());
  }
}

// Feedback and feature requests are thanked and noted, not answered with the nearest section;
// questions about what exists and problem reports are not feedback. The reply states no product
// fact, so grounding needs no source for it.
TEST(FeedbackReply, FeatureRequestsAreNotedWithoutFacts) {
  for (const char* m :
       {"Feature request: offline maps. Any plans to add this?",
        "Just wanted to share some feedback: it would be great if recipes had a print view.",
        "Feedback: the weekly digest is too long", "Please add a dark theme to the mobile app"}) {
    for (Channel ch : {Channel::email, Channel::whatsapp}) {
      const auto r = feedback_reply(m, ch);
      ASSERT_FALSE(r.empty()) << m;
      EXPECT_NE(r.find("feedback"), std::string::npos) << r;
      EXPECT_EQ(check_grounding(r, "", m).factual, 0) << r;
    }
  }
  // Praise without an ask: thanked and noted, no date disclaimed.
  const auto praise = feedback_reply(
      "Feedback: the app has transformed our week. Keep up the excellent work!", Channel::email);
  EXPECT_NE(praise.find("feedback"), std::string::npos) << praise;
  EXPECT_EQ(praise.find("date"), std::string::npos) << praise;
  EXPECT_EQ(check_grounding(praise, "", "").factual, 0) << praise;
  for (const char* m :
       {"Do you support self-hosted servers? If not, is this on the roadmap?",
        "How do I export my recipes?",
        "Feedback: the export keeps failing with an error since yesterday", "thanks!"})
    EXPECT_TRUE(feedback_reply(m, Channel::webform).empty()) << m;
}

}  // namespace
}  // namespace fte::agent
