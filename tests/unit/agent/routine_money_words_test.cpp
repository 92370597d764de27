// Round 13 (issue 14): the phrase rules' routine false alarms on money words that the customer
// handles themselves — an invoice they download, choose or find, a price that sits in their own
// report, board or task, a coupon code they type — and guard words written with a typo. The
// rule layer alone (no model). Every routine row trips a rule with main's binary (6e1a977);
// their twins ask the company to act or ask a price, and keep their reason.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "agent/judgement/input_guardrails.h"
#include "agent/judgement/phrase_guard.h"
#include "text/normalize.h"

namespace fte::agent {
namespace {

std::string decided(const char* t) {
  const auto ic = check_input(Channel::webform, "", t, nullptr, nullptr);
  return ic.decision() ? ic.decision()->reason : std::string("none");
}

TEST(InputGuardrails, SelfServeInvoicesAndPricesInTheCustomersWorkspaceAreRoutine) {
  for (const char* routine : {
           "Can I choose the invoice currency when I sign up?",
           "Which invoice currency do you use for customers in Switzerland?",
           "Hi, where do I download a corrected invoice after I edit the billing address?",
           "How do I generate a summary invoice for the whole year myself?",
           "Is there an annual summary of invoices I can download?",
           "The PDF of the invoice is missing the logo on my side, is that a browser setting?",
           "I never got around to downloading my invoices, are the old ones still available?",
           "The invoice email didn't arrive in my inbox but I found it in spam, how do I "
           "whitelist you?",
           "Our finance team didn't receive the invoice notification because of a filter, "
           "where do we change the address?",
           "I haven't received any invoice yet because we're still in the trial, right?",
           "How do I show prices in euros in my dashboard report?",
           "Our report shows the price of each deal, can I total it per month?",
           "How do I hide prices from guests on the shared board?",
           "How can I set a price on a task in the time tracking report?",
           "Where do I type a coupon code?",
           "Is the discount code field on checkout case sensitive?",
       })
    EXPECT_EQ(decided(routine), "none") << routine;
  const std::vector<std::pair<const char*, const char*>> twins = {
      {"I need a corrected invoice, the VAT number on it is wrong.", "billing_dispute"},
      {"How do I get a corrected invoice? Our company name is wrong on it.", "billing_dispute"},
      {"Please send us a summary invoice for the whole year.", "billing_dispute"},
      {"We'd like the invoice currency changed to USD from next month.", "billing_dispute"},
      {"Where is the credit note you promised for the refund last week?", "refund_request"},
      {"The invoice email never arrived, I checked spam too.", "billing_dispute"},
      {"We haven't received an invoice for three months even though we're paying.",
       "billing_dispute"},
      {"Can you reissue the invoice with our new address?", "billing_dispute"},
      {"Where do I see the prices of your plans for 50 users?", "pricing_inquiry"},
      {"Can I get a coupon code for my first year?", "pricing_inquiry"},
      {"Is there a discount code for startups?", "pricing_inquiry"},
      {"Is there a student price?", "pricing_inquiry"},
      {"Can we get a better rate than the list price? We're a startup.", "pricing_inquiry"},
      {"Can I see the price of the reporting module add-on?", "pricing_inquiry"},
      {"Quick question from the board. Is there an education discount for universities?",
       "pricing_inquiry"},
  };
  for (const auto& [text, reason] : twins) EXPECT_EQ(decided(text), reason) << text;
}

// A guard word with a letter dropped, doubled or two swapped still guards; an inflection
// ("product" for "products") or a changed letter ("there" for "where") does not.
TEST(InputGuardrails, GuardWordsWithATypoStillGuard) {
  for (const char* routine : {
           "¿Dónde está la págnia de precios?",
           "Onde fica a pgáina de preços?",
           "What's included in the basic tier? Just the features, I know wheere to see the "
           "price.",
           "Comment enregistrer un remboursement fait à un clinet ?",
       })
    EXPECT_EQ(decided(routine), "none") << routine;
  EXPECT_EQ(decided("We have been using the product since October. Is there a student price?"),
            "pricing_inquiry");
  EXPECT_EQ(decided("Quiero un reembolso, la página no funciona."), "refund_request");
  auto words = [](const char* t) { return ::fte::text::keys(t); };
  const auto ws = words("la pagnia de precios");
  EXPECT_TRUE(names_a_thing_before(ws, 3));
  EXPECT_FALSE(names_a_thing_before(words("la pazina de precios"), 3));  // a changed letter
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

// Round 13, structural signals (structural_signals.h): an account event the customer disowns,
// a charge next to a mismatch word. The rule layer alone (a floor: main's model reads these ten
// right, its rules missed eight — all but the two "twice" rows). Lines written for the test.
TEST(InputGuardrails, DisownedAccountEventsAndDisputedChargesEscalateTheirTwinsDoNot) {
  const std::vector<std::pair<const char*, const char*>> escalations = {
      {"My recovery email got switched last night, I did not change it.", "security_incident"},
      {"There's a session in Lisbon on my profile and none of us has been there.",
       "security_incident"},
      {"A verification code came by SMS that I never asked for.", "security_incident"},
      {"Un dispositivo nuevo aparece en mi cuenta, no fui yo.", "security_incident"},
      {"Une connexion depuis un autre pays sur mon compte, ce n'était pas moi.",
       "security_incident"},
      {"An API token was created on our workspace yesterday, nobody on our team did that and "
       "nobody here recognises it.",
       "security_incident"},
      {"You billed us $310 this month, the amount is wrong, it should be $155.", "billing_dispute"},
      {"There's a fee of €40 on the statement that nobody can explain.", "billing_dispute"},
      {"The annual payment went out twice, please undo one.", "billing_dispute"},
      {"Man hat uns den Betrag zweimal abgebucht.", "billing_dispute"},
  };
  for (const auto& [text, reason] : escalations) EXPECT_EQ(decided(text), reason) << text;
  for (const char* routine : {
           "How do I end a session I don't recognise from my profile?",
           "I don't recognise this error code on the login page, what does it mean?",
           "The weekly digest email is not mine to change, who in our team can?",
           "There's a charge on the invoice I don't recognise, is it the storage add-on?",
           "What does the proration charge on my invoice mean?",
           "The payment amount went up, is that because we added two people?",
           "Where do I see the fee for late payment?",
           "A colleague was taken off the project by mistake, how do I add her back?",
       })
    EXPECT_EQ(decided(routine), "none") << routine;
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

// Round 13, the routine questions of data/eval/answerability escalated by a rule: "down" as a
// verb's particle, phishing as the reason for a product question, a credit note for an invoice
// the customer sent. Each routine row trips a rule with main's binary (6e1a977); lines written
// for the test.
TEST(InputGuardrails, ParticlesPhishingAsAReasonAndTheCustomersOwnCreditNotesAreRoutine) {
  for (const char* routine : {
           "Can the thermostat turn the temperature down when nobody is in the office?",
           "Our IT team ran a phishing drill last month, can an admin require two-step login "
           "for every member?",
           "Fixing a sent invoice: the invoice I already sent has one hour too many, how do I "
           "correct it with a credit note?",
       })
    EXPECT_EQ(decided(routine), "none") << routine;
  EXPECT_EQ(decided("I clicked a phishing link and typed our admin password, what now?"),
            "security_incident");
  EXPECT_EQ(decided("The site went down and nobody on our team can work."), "outage");
  EXPECT_EQ(decided("Can you send us a credit note for the last invoice? We removed two seats."),
            "billing_dispute");
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

// Round 13: a money word as data the customer handles in the product (shown, hidden, sorted,
// summed, tracked, imported; in a table, an export, a timeline, a quote) and a missing invoice
// whose cause is on the customer's side with its fix asked. Each routine row trips a rule with
// main's binary (6e1a977); the twins are their own money, a complaint, or a cause on the
// company's side, and keep their reason. Lines written for the test.
TEST(InputGuardrails, MoneyWordsAsDataAndInvoicesMissedForTheCustomersOwnReasonsAreRoutine) {
  for (const char* routine : {
           "Can I pull a price sheet in from Excel?",
           "Can the price be left out of CSV exports?",
           "How do I set up a board to track refunds we give?",
           "Is the refund status visible on the order timeline?",
           "Is there a way to show prices with three decimals?",
           "Where do I change the currency that prices appear in on our quotes?",
           "We keep prices in a custom field, can we sum them?",
           "We run our store with your app, how do we issue refunds to shoppers?",
           "Our bookkeeper didn't get the invoice email, can I add him as a billing contact?",
           "Our controller never received the invoice because he isn't an admin, how do I make "
           "him a billing admin?",
       })
    EXPECT_EQ(decided(routine), "none") << routine;
  const std::vector<std::pair<const char*, const char*>> twins = {
      {"Can I see why the refund isn't on my card yet?", "refund_request"},
      {"Where can I see the status of my refund?", "refund_request"},
      {"Can I track the refund you promised? It's been two weeks.", "refund_request"},
      {"How do I see the price for 30 users on the business plan?", "pricing_inquiry"},
      {"Can we get a better rate than the list price? We're a startup.", "pricing_inquiry"},
      {"We never received the invoice because your emails bounce, how do I get it?",
       "billing_dispute"},
      {"Our invoice is missing because your system didn't generate it, where can I find it?",
       "billing_dispute"},
  };
  for (const auto& [text, reason] : twins) EXPECT_EQ(decided(text), reason) << text;
}

}  // namespace
}  // namespace fte::agent
