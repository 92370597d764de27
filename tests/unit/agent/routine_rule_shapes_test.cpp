// Round 15 (issue 14): routine questions the phrase rules escalated by the shape of the
// question, not its words — a missing invoice asked about as a schedule, a cause on the
// customer's side or an invoice they have after all; an invoice action the customer did
// themselves or a question of how invoices work; a refund received, or the terms about refunds;
// a discount code typed in a language that puts the noun first; "how much" of an extent;
// compliance paperwork that is a thing of the product or fetched by the customer; and two model
// classes read from words (a plain lockout, data asked as what a feature takes). Every routine
// row trips a rule or the model with main's binary (ee1731b) — checked; the twins ask the company
// to act or name someone else, and keep their reason. Lines written for the test.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "agent/judgement/input_guardrails.h"
#include "rules_only.h"
#include "agent/judgement/phrase_guard.h"
#include "text/normalize.h"

namespace fte::agent {
namespace {

// The rule layer alone (no model), as a web form.
std::string by_rules(const char* t) { return rules_test::by_rules(t, Channel::webform); }

TEST(InputGuardrails, MissingInvoicesAskedAsScheduleOrCauseAreRoutine) {
  for (const char* routine : {
           "Our May invoice hasn't arrived yet, what day do you normally email invoices?",
           "I have not received the invoice so far, when are they usually sent out?",
           "We never got an invoice in the first month, is that because we were on the free "
           "plan?",
           "The invoice didn't arrive by mail but I can see it in the billing area, is that "
           "how it works?",
           "Our bookkeeper didn't get the invoice after we moved offices, where do I edit the "
           "billing address?",
           "I didn't receive the invoice because I'm only a member, who gets it?",
           "No recibí la factura porque todavía estoy en la prueba, ¿verdad?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Our May invoice hasn't arrived, when will you send it?",
           "We never got an invoice in March, is that because your billing changed?",
           "I didn't receive the invoice, please send it again.",
           "No recibí la factura de abril, ¿me la pueden enviar?",
       })
    EXPECT_EQ(by_rules(twin), "billing_dispute") << twin;
}

TEST(InputGuardrails, InvoiceActionsDoneByTheCustomerOrAskedAsFactsAreRoutine) {
  for (const char* routine : {
           "I already downloaded the corrected invoice myself, where do I turn off the "
           "reminders?",
           "We switched the invoice currency to GBP ourselves, will next month's invoice "
           "follow?",
           "Is the invoice currency the one of our billing country?",
           "Do invoices come in another currency if we are based outside the EU?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "We switched the invoice currency to GBP ourselves but it still shows USD.",
           "Please switch our invoice currency to GBP.",
           "We need the invoices in another currency from next month.",
       })
    EXPECT_EQ(by_rules(twin), "billing_dispute") << twin;
}

TEST(InputGuardrails, ARefundReceivedOrTheTermsAboutRefundsAreRoutine) {
  for (const char* routine : {
           "We already got the refund, thank you. How do I update the card on file?",
           "The refund landed this morning, where do I find the receipt?",
           "Recibimos el reembolso, ¿dónde descargo la factura nueva?",
           "Where do I read the terms about refunds for the monthly plan?",
           "How do refunds appear in the billing history?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "We got the refund but only for one seat, why?",
           "The refund still hasn't landed, where is it?",
           "I want a refund for the unused months.",
       })
    EXPECT_EQ(by_rules(twin), "refund_request") << twin;
}

TEST(InputGuardrails, CodesTypedAndExtentsAskedAreNotPriceQuestions) {
  for (const char* routine : {
           "¿Dónde introduzco el código de descuento del boletín?",
           "Onde digito o cupom de desconto?",
           "How do I apply the discount code on the upgrade page?",
           "How much do viewers see of a private project?",
           "How much does the desktop app slow down with 20k cards?",
           "Como escondo os preços do quadro da equipe?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "¿Tienen un código de descuento para ONG?",
           "My discount code is not valid at checkout, where do I enter it?",
           "How much do you charge for 30 viewers?",
           "How much would the Business plan be for 12 people?",
       })
    EXPECT_EQ(by_rules(twin), "pricing_inquiry") << twin;
}

TEST(InputGuardrails, PaperworkThatIsAProductThingOrFetchedByTheCustomerIsRoutine) {
  for (const char* routine : {
           "Where can I download your signed data processing agreement?",
           "How do I export the audit report of who changed the roles?",
           "Where is the security audit log in the workspace settings?",
           "What does the compliance report in the admin dashboard list?",
           "Is the product HIPAA compliant?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Our auditor needs your SOC 2 report, can you send it?",
           "We need a data processing agreement signed before the renewal.",
           "Please complete our security questionnaire by Friday.",
           "We need a HIPAA BAA before we can use the product.",
       })
    EXPECT_EQ(by_rules(twin), "account_or_compliance_request") << twin;
}

TEST(PhraseGuard, APlainLockoutAndDataAFeatureTakesAreNotIncidents) {
  auto words = [](const char* t) { return ::fte::text::keys(t); };
  for (const char* t : {"mi cuenta está bloqueada, ¿qué hago ahora?",
                        "mein Konto ist gesperrt, was soll ich tun?", "conta bloqueada",
                        "Mon compte est bloqué, comment le débloquer ?",
                        "mi cuenta está bloqueada porque puse mal la contraseña"})
    EXPECT_TRUE(own_lockout(words(t))) << t;
  for (const char* t : {"mi cuenta está bloqueada, alguien cambió el correo, ¿qué hago?",
                        "our admin account was taken over, we're locked out, what now?",
                        "all our accounts are locked out, what do we do?"})
    EXPECT_FALSE(own_lockout(words(t))) << t;
  EXPECT_TRUE(data_as_input(words("Which staff details do you need to set up the payroll "
                                  "run?")));
  EXPECT_FALSE(data_as_input(words("What data do you need to delete my profile?")));
  EXPECT_FALSE(data_as_input(words("Which personal data do you keep about me?")));
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

// The whole judgement with the built model: main's model read these lockouts as a security
// incident (0.77–0.95) and the payroll question as a privacy request (1.00); the twins, which
// name someone else or ask for the customer's own data, keep their reason.
TEST(Judgement, APlainLockoutAndDataAFeatureTakesStayRoutine) {
  auto decided = [](const char* t) {
    const auto ic = check_input(Channel::whatsapp, "", t);
    return ic.decision() ? ic.decision()->reason : std::string("none");
  };
  for (const char* routine : {"mi cuenta está bloqueada, ¿qué hago ahora?",
                              "mein Konto ist gesperrt, was soll ich tun?",
                              "What employee data do you need to process payroll?"})
    EXPECT_EQ(decided(routine), "none") << routine;
  EXPECT_EQ(decided("Someone changed my password and now my account is locked, what do I do?"),
            "security_incident");
  EXPECT_EQ(decided("Please delete all the personal data you hold about me."), "privacy_request");
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

std::string rules_only(const char* t) {
  const auto ic = check_input(Channel::webform, "", t, nullptr, nullptr);
  return ic.decision() ? ic.decision()->reason : std::string("none");
}

// Round 15, second batch: a refund asked about in general, the price's currency, an invoice
// feature asked as what it can show, a part missing from the invoice, what a credit note means,
// an invoice made automatically or by the customer, the missing thing that is another email, a
// thank-you for an invoice sorted, a quote or a discount that is a thing of the workspace.
TEST(InputGuardrails, PolicyQuestionsFeatureQuestionsAndThingsOfTheWorkspaceAreRoutine) {
  for (const char* routine : {
           "Are refunds prorated on a downgrade? Just asking for our records.",
           "How long does a refund normally take to reach the card, for future reference?",
           "Are the prices on the website in GBP or in USD?",
           "Can the invoice show the amounts in another currency as well?",
           "The tax ID is missing on the invoice, where do I enter it?",
           "Could you explain the credit note on the March invoice?",
           "Will a corrected invoice be made automatically after I fix the address?",
           "Is it possible to regenerate the invoice PDF myself?",
           "I never received the invitation email for the new designer. Separately, where do "
           "I find old invoices?",
           "Can we pay the invoices in another currency with a company card?",
           "Thanks, the corrected invoice arrived, all good.",
           "How do I add a quote for each deal on the sales board?",
           "The discount rule in our automation doesn't fire for new deals.",
       })
    EXPECT_EQ(rules_only(routine), "none") << routine;
  const std::vector<std::pair<const char*, const char*>> twins = {
      {"How long does my refund usually take? I cancelled a week ago.", "refund_request"},
      {"Out of curiosity, can you refund me the unused months?", "refund_request"},
      {"What is the price in EUR for 20 users?", "pricing_inquiry"},
      {"Please switch our invoice currency to EUR.", "billing_dispute"},
      {"Our March invoice is missing, where is it?", "billing_dispute"},
      {"Can you regenerate the invoice with our new address?", "billing_dispute"},
      {"We need a corrected invoice, the address is wrong.", "billing_dispute"},
      {"I never received the invoice for March, please send it.", "billing_dispute"},
      {"Can I get a discount for the renewal?", "pricing_inquiry"},
  };
  for (const auto& [text, reason] : twins) EXPECT_EQ(rules_only(text), reason) << text;
}

// Round 15: the money and paperwork rules read the message without its courtesy sentences and
// without a sentence that only states the customer's standing — a pleasantry's "please" or
// "your", or "I'm on the Pro plan", vetoed the guard of the request next to it. Each routine row
// trips with main's binary (ee1731b) — checked; the bare requests are routine there.
TEST(InputGuardrails, PleasantriesAndTheCustomersStandingDoNotVetoAGuard) {
  for (const char* routine : {
           "Where do I download a corrected invoice? Please let me know if you need any "
           "further details from our side.",
           "How do I show prices in euros in my dashboard report? I'm on the Pro plan.",
           "We have been using the product since May. How do I hide prices from guests on the "
           "shared board?",
           "We've been customers for two years. How can I set a price on a task in the time "
           "tracking report?",
           "Thank you for your help so far. How do I hide prices from guests on the shared "
           "board?",
       })
    EXPECT_EQ(rules_only(routine), "none") << routine;
  const std::vector<std::pair<const char*, const char*>> twins = {
      {"I'm on the Pro plan. Can we get a discount for two more years?", "pricing_inquiry"},
      {"We've been customers for two years. We want a refund for March.", "refund_request"},
      {"We've been charged twice. Thanks again for your time.", "billing_dispute"},
      {"I haven't received the invoice. Please let me know if you need any further details.",
       "billing_dispute"},
  };
  for (const auto& [text, reason] : twins) EXPECT_EQ(rules_only(text), reason) << text;
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

std::string rule_layer(const char* t) {
  const auto ic = check_input(Channel::webform, "", t, nullptr, nullptr);
  return ic.decision() ? ic.decision()->reason : std::string("none");
}

// Round 15, third batch: "didn't get" / "haven't got" as an idiom whose object is something
// else, asking to be told where to do it oneself, how long it usually takes, a colleague's
// expense reimbursed, a refund as a line of the invoice, and a guard's own words written with a
// typo (round 13's tolerance, now for the billing guards' evidence words too). Each routine row
// trips a rule with main's binary (ee1731b) — checked.
TEST(InputGuardrails, IdiomsToldWhereAndGuardWordsWithATypoAreRoutine) {
  for (const char* routine : {
           "I didn't get a chance to save last month's invoice, is it still on the billing "
           "page?",
           "I haven't got access to the invoices yet, how do I become a billing admin?",
           "We haven't received any complaints about the invoice layout, I only want to add a "
           "logo.",
           "Where can I find the missing invoice number field in the template?",
           "Could you point me to where I can download a corrected invoice?",
           "Our invoice hasn't arrived yet, how long does it usually take after the renewal "
           "date?",
           "Can employees submit reimbursement requests through a form?",
           "How are refunds shown on the invoice, as a negative line?",
           "Where do I donwload a corrected invoice?",
           "I haven't received the invoice becuase we're still in the trial, right?",
           "Will a corrected invoice be made automaticaly after I fix the address?",
       })
    EXPECT_EQ(rule_layer(routine), "none") << routine;
  const std::vector<std::pair<const char*, const char*>> twins = {
      {"I didn't get the invoice for April.", "billing_dispute"},
      {"We haven't got any invoice since March.", "billing_dispute"},
      {"Could you tell me when you will resend the invoice?", "billing_dispute"},
      {"Our invoice hasn't arrived, how long does it take? It's been two weeks.",
       "billing_dispute"},
      {"Our employee was charged twice, we want a reimbursement.", "refund_request"},
      {"We received a partial refund, where is the rest?", "refund_request"},
      {"How much do you charge for 30 viewers?", "pricing_inquiry"},
      {"Can you explain why the corrected invoice still isn't here?", "billing_dispute"},
  };
  for (const auto& [text, reason] : twins) EXPECT_EQ(rule_layer(text), reason) << text;
  const std::unordered_set<std::string_view> verbs = {"download", "export"};
  EXPECT_TRUE(guard_word(verbs, "donwload"));
  EXPECT_TRUE(guard_word(verbs, "exprt"));
  EXPECT_FALSE(guard_word(verbs, "downloads"));  // an inflection is not a typo
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

// Round 15: a billing question that names the customer's own action as its cause and asks to
// confirm it is not a dispute for the model's billing class (validation.txt's false alarms of
// this kind went 7 → 0); a removal, a double charge or "never" keep it a dispute.
TEST(PhraseGuard, AnOwnCauseAskedToBeConfirmedIsNotADispute) {
  auto words = [](const char* t) { return ::fte::text::keys(t); };
  for (const char* t : {"The bill is a little larger this time, we invited four colleagues, is "
                        "that why?",
                        "Our monthly total went up; I assume it's because we upgraded storage, "
                        "right?"})
    EXPECT_TRUE(own_cause_named(words(t))) << t;
  for (const char* t : {"The bill is larger, we removed four colleagues, is that why?",
                        "We upgraded once but were charged twice, is that right?",
                        "We added two people but never agreed to this price, right?",
                        "The bill is larger this time, why?"})
    EXPECT_FALSE(own_cause_named(words(t))) << t;
}

}  // namespace
}  // namespace fte::agent
