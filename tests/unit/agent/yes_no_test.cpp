// yes_no_verdict: the direct "Yes." / "No." before a quoted answer, only when the lead states it.
// Made-up documentation (no shared data set's text).
#include "agent/engines/yes_no.h"

#include <gtest/gtest.h>

#include "agent/engines/answer.h"
#include "agent/judgement/text.h"
#include "agent/runtime/grounding.h"

namespace fte::agent {
namespace {

// A plan the customer names that the lead's list of plans lacks: "No, not on the <plan> plan."
// (said with the plan as the customer wrote it); named by the lead: "Yes."; a "+" order the docs
// do not spell out: no verdict.
TEST(YesNoVerdict, APlanTheLeadDoesNotListIsANo) {
  YesNoInput in{"is the burndown chart available on harbor plan?", "Burndown Reports",
                "Burndown Reports: Available on Summit and Peak plans.",
                "- Open Reports > Burndown Chart\n"};
  EXPECT_EQ(yes_no_verdict(in), "No, not on the Harbor plan.");
  in.question = "Is the burndown chart available on the Summit plan?";
  EXPECT_EQ(yes_no_verdict(in), "Yes.");
  in.lead = "Burndown Reports: Summit+ only.";
  in.question = "Is the burndown chart available on the Harbor plan?";
  EXPECT_EQ(yes_no_verdict(in), "");
  // A billing period or a trial is not a plan the lead could list.
  in.question = "Is the burndown chart available on the annual plan?";
  EXPECT_EQ(yes_no_verdict(in), "");
  in.question = "is the burndown chart available on my trial plan?";
  EXPECT_EQ(yes_no_verdict(in), "");
  // A lead about a neighbour of the asked thing in the same section says nothing of it.
  in = {"is sso available on the harbor plan?", "Security",
        "Audit logs: Available on Summit and Peak plans.", "- SSO: Summit+\n"};
  EXPECT_EQ(yes_no_verdict(in), "");
  in = {"is the burndown chart available on harbor plan?", "Burndown Reports",
        "Burndown Reports: Available on Summit and Peak plans.",
        "- Open Reports > Burndown Chart\n"};
  // Something the section does not mention is not answered by its plan list.
  in.lead = "Burndown Reports: Available on Summit and Peak plans.";
  in.question = "is there time tracking on the harbor plan?";
  EXPECT_EQ(yes_no_verdict(in), "");
}

// A lead that states a negation and holds every asked word: "No.".
TEST(YesNoVerdict, ALeadThatSaysNotIsANo) {
  YesNoInput in{"Is offline mode available on the watch app?", "Watch App Limits",
                "Watch App Limits: Offline mode is not available on the watch app.", ""};
  EXPECT_EQ(yes_no_verdict(in), "No.");
  // The lead does not name what is asked (a calendar), so it says nothing about it.
  in.question = "Is dark mode available on the watch app?";
  EXPECT_EQ(yes_no_verdict(in), "");
  // A how-to question the lead says is impossible.
  in.question = "How do I create reminders on the watch app?";
  in.lead = "Watch App Limits: Reminders can be viewed but not created on the watch app.";
  EXPECT_EQ(yes_no_verdict(in), "Unfortunately, that is not possible.");
  in.question = "How do I create labels on the watch app?";
  EXPECT_EQ(yes_no_verdict(in), "");
  in.question = "How do I create reminders on the watch app?";
  in.lead = "Watch App Limits: Reminders are created from the card menu on the watch app.";
  EXPECT_EQ(yes_no_verdict(in), "");
  in.lead = "Watch App Limits: Offline mode is not available on the watch app.";
  // "No credit card" does not deny "can I start a trial?" (no "No."; "required" is a condition,
  // so no "Yes." either).
  EXPECT_EQ(yes_no_verdict({"can i start a trial?", "Trials",
                            "Trials: start a trial with no credit card required.", ""}),
            "");
  EXPECT_EQ(yes_no_verdict({"can i start a trial?", "Trials",
                            "Trials: start a trial with no credit card.", ""}),
            "Yes.");
  // A condition ("if") makes the negation conditional.
  in.question = "Is offline mode available on the watch app?";
  in.lead = "Watch App Limits: If unpaired, offline mode is not available on the watch app.";
  EXPECT_EQ(yes_no_verdict(in), "");
}

// Either/or, negated and content-free questions get no verdict; a plain affirming lead gets
// "Yes." even when it repeats a restricting word the customer used.
TEST(YesNoVerdict, OnlyPlainYesNoQuestionsGetAVerdict) {
  YesNoInput in{"Is this a glitch or a premium feature?", "Views",
                "Roadmap view: Summit+ only, shows goals by quarter.", ""};
  EXPECT_EQ(yes_no_verdict(in), "");
  in = {"I get an error when I scan the code. Can you help?", "Two-Factor Authentication",
        "Supported apps: any authenticator app.", ""};
  EXPECT_EQ(yes_no_verdict(in), "");
  in = {"can't I export the board?", "Exporting", "Export boards as CSV.", ""};
  EXPECT_EQ(yes_no_verdict(in), "");
  in = {"can i share a board read-only?", "Sharing", "Share a board read-only from its menu.", ""};
  EXPECT_EQ(yes_no_verdict(in), "Yes.");
  in = {"can i share a board?", "Sharing", "Share a board read-only from its menu.", ""};
  EXPECT_EQ(yes_no_verdict(in), "Yes.");
  in = {"can i share a board?", "Sharing", "Boards can be shared only by admins.", ""};
  EXPECT_EQ(yes_no_verdict(in), "");
  // A lead naming the setting answers "can I change it?"; a lead that only names the thing does
  // not.
  in = {"can i change the colour of my project?", "Projects",
        "Project settings: colour, icon, archive.", ""};
  EXPECT_EQ(yes_no_verdict(in), "Yes.");
  in = {"can i change the owner of my project?", "Projects", "Project owner: whoever created it.",
        ""};
  EXPECT_EQ(yes_no_verdict(in), "");
}

// The verdict reaches the reply: first, before the answering item.
TEST(ComposeAnswer, AYesNoQuestionGetsItsVerdictFirst) {
  AnswerInput in;
  in.question = "is burndown available on harbor plan?";
  in.title = "Reports > Burndown Reports";
  in.content =
      "- Built from story points\n- Open Reports > Burndown Chart\n"
      "- Available on Summit and Peak plans";
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("No, not on the Harbor plan. Burndown Reports: Available on Summit and "
                       "Peak plans.",
                       0),
            0u)
      << body;
  // A how-to question whose way the section says does not exist.
  in.question = "How do I create reminders on my phone app?";
  in.title = "Phone App > Known Limitations";
  in.content =
      "- Reminders can be viewed but not created in the phone app\n- Offline mode is "
      "not available\n- Dark theme follows the system";
  const auto no = compose_answer(in);
  EXPECT_EQ(no.rfind("Unfortunately, that is not possible. Known Limitations: Reminders can be "
                     "viewed but not created",
                     0),
            0u)
      << no;
}

// A problem report answered by a fix noted among the steps of a setup procedure: the fix, with
// its section's name, and not the setup steps the customer has done already.
TEST(ComposeAnswer, AFixInASetupProcedureIsGivenWithoutTheSetupSteps) {
  AnswerInput in;
  in.question = "After the first ledger sync every invoice is duplicated, it is broken. Help!";
  in.title = "Integrations > Ledger Integration";
  in.content =
      "1. Open Settings > Integrations > Ledger\n2. Map accounts to ledger accounts\n3. Known "
      "issue: the first sync may duplicate invoices; delete the duplicates and sync again\n"
      "4. Changes sync every 10 minutes";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(
      body.rfind("Ledger Integration — Known issue: the first sync may duplicate invoices", 0), 0u)
      << body;
  EXPECT_EQ(body.find("Map accounts"), std::string::npos) << body;
  EXPECT_EQ(body.find("Here's how"), std::string::npos) << body;
  // A troubleshooting section's own steps stay: they are all fixes.
  in.title = "Integrations > Troubleshooting Ledger Integration";
  EXPECT_NE(compose_answer(in).find("Map accounts"), std::string::npos) << compose_answer(in);
}

// A problem report answered by a setup procedure that names no fix: said plainly, the steps
// offered for comparison, and a person offered if they do not solve it; no sentence of it is a
// fact the docs must hold (grounding).
TEST(ComposeAnswer, AProblemAnsweredBySetupStepsSaysTheDocsNameNoFix) {
  AnswerInput in;
  in.question = "Single sign-on fails with an 'audience mismatch' error since this morning.";
  in.title = "Security > Single Sign-On Setup";
  in.content =
      "1. Open Settings > Security > SSO\n2. Upload the identity provider metadata\n"
      "3. Test the sign-on connection\n4. Turn on enforced sign-on";
  for (auto ch : {Channel::email, Channel::webform, Channel::whatsapp}) {
    in.channel = ch;
    const auto body = compose_answer(in);
    EXPECT_NE(body.find("find this exact problem"), std::string::npos) << body;
    EXPECT_NE(body.find("2. Upload the identity provider metadata"), std::string::npos) << body;
    EXPECT_NE(body.find("look into it"), std::string::npos) << body;
    for (const auto& s : text::sentences(body.substr(0, body.find("1. ")))) {
      if (s.find("Single Sign-On Setup") == std::string::npos) {  // the section's own title
        EXPECT_LT(fact_stems(s), kMinFactualStems) << s;
      }
    }
  }
  // The same when an item of the section leads: the steps after it are not the fix either.
  in.question = "Adding members fails with an 'invite limit reached' error on our paid plan.";
  in.title = "Team > Inviting Members";
  in.content =
      "Note: the paid plan invites up to 20 members.\n\n1. Open Settings > Team\n"
      "2. Click Invite and enter the members' addresses\n3. Members join from the "
      "e-mail";
  in.channel = Channel::email;
  const auto led = compose_answer(in);
  EXPECT_EQ(led.rfind("I could not find this exact problem in our documentation.\n", 0), 0u) << led;
  EXPECT_NE(led.find("Note: the paid plan invites up to 20 members."), std::string::npos) << led;
  EXPECT_NE(led.find("look into it"), std::string::npos) << led;
  // The only fix the section names is one the customer tried: said so, not "couldn't find".
  in.question =
      "I've tried requesting the sign-in code three times and I'm not receiving it. "
      "I checked spam too.";
  in.title = "Account > Sign-In Codes";
  in.content =
      "1. Open the sign-in page\n2. Enter your address and request a code\n3. If no "
      "code is received: check spam, or contact support";
  in.channel = Channel::webform;
  const auto tried = compose_answer(in);
  EXPECT_EQ(tried.rfind("You have already tried what our documentation suggests for this.", 0), 0u)
      << tried;
  EXPECT_EQ(tried.find("I know you have already tried"), std::string::npos) << tried;
  EXPECT_NE(tried.find("look into it"), std::string::npos) << tried;
  // A how-to question gets the steps as they are.
  in.title = "Security > Single Sign-On Setup";
  in.content =
      "1. Open Settings > Security > SSO\n2. Upload the identity provider metadata\n"
      "3. Test the sign-on connection\n4. Turn on enforced sign-on";
  in.question = "How do I set up single sign-on?";
  EXPECT_EQ(compose_answer(in).find("exact problem"), std::string::npos) << compose_answer(in);
}

// A section of labelled cases ("**"Card frozen" error:**" ...): the case whose label the question
// names is the answer, said under its label, with its other items; the other cases go.
TEST(ComposeAnswer, TheLabelledCaseTheQuestionNamesIsTheAnswer) {
  AnswerInput in;
  in.question = "my card is frozen after too many payment attempts";
  in.title = "Billing > Payment Problems";
  in.content =
      "**\"Card declined\" error:**\n- Check the card number and expiry\n- Try another payment "
      "method if unsure\n\n**\"Card frozen\" error:**\n- Happens after 5 failed payment "
      "attempts\n- Unfreezes after 24 hours\n\n**Invoices missing:**\n- Check the billing "
      "e-mail address";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("\"Card frozen\" error: Happens after 5 failed payment attempts.\n", 0), 0u)
      << body;
  EXPECT_NE(body.find("Unfreezes after 24 hours"), std::string::npos) << body;
  EXPECT_EQ(body.find("Card declined"), std::string::npos) << body;
  EXPECT_EQ(body.find("another payment method"), std::string::npos) << body;
  // A second case the question names by its label stays, under its label.
  in.question = "my card is frozen after too many payment attempts and my invoices are missing";
  const auto both = compose_answer(in);
  EXPECT_EQ(both.rfind("\"Card frozen\" error: Happens after 5 failed payment attempts.\n", 0), 0u)
      << both;
  EXPECT_NE(both.find("Invoices missing:\n- Check the billing e-mail address"), std::string::npos)
      << both;
  EXPECT_EQ(both.find("Card declined"), std::string::npos) << both;
}

// Between items the customer's story scores alike, the one holding more of what is asked leads.
TEST(ComposeAnswer, AnAskedWordBreaksATieWithTheNarrative) {
  AnswerInput in;
  in.question =
      "We pay for 12 desks but only 9 people are active. Can we remove desks to cut "
      "the invoice?";
  in.title = "Billing > Adding/Removing Desks";
  in.content =
      "- Open Billing > Desks\n- Desks are invoiced monthly per active person\n"
      "- Removing a desk lowers the invoice from the next cycle";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Adding/Removing Desks: Removing a desk lowers the invoice", 0), 0u) << body;
}

}  // namespace
}  // namespace fte::agent
