// Round 19 (issue 14, branch judge19): the phrase rules on realistic routine messages, second
// pass — a money word the customer says they do not ask for, the customer's own prices named
// again or accepted, a lawsuit that is the customer's own work or profession, a refund received
// said in few words, a refund the customer gives a guest or student, Portuguese "não" before
// leaving, a breach drill, a past outage said to be over, a disclaimer "(not yours)", anger at
// oneself or at a third party, bookkeeping's "negative lines", refunds "to my clients", the
// customer's own customers disputing with them, a meeting that took place, "Price" as a surname,
// a security questionnaire the customer fills in for their own client. Every routine row trips a rule on
// main f66c12c's rule layer (FTE_INTENT_MODEL=/nonexistent fte intents eval --misses); the twins
// escalate on both. Lines written for the test, made-up products.
#include <gtest/gtest.h>

#include <string>

#include "agent/judgement/input_guardrails.h"
#include "agent/judgement/sentiment.h"

namespace fte::agent {
namespace {

// The rule layer alone (no model, no company rules).
std::string by_rules(const char* t) {
  const auto ic = check_input(Channel::email, "", t, nullptr, nullptr);
  return ic.decision() ? ic.decision()->reason : std::string("none");
}

TEST(RoutineRealistic, AMoneyWordTheCustomerSaysTheyDoNotAskFor) {
  for (const char* routine : {
           "Hi, we're not asking for a refund, only telling you the calendar export is slow on "
           "Safari. Cheers, Ode",
           "Hola, no pedimos ningún reembolso, solo queremos saber cómo cambiar el color del "
           "calendario. Gracias",
           "Hallo, wir wollen keine Erstattung, nur eine Frage: wie ändere ich das Logo im "
           "Kalender? Danke",
           "Hi, we don't want a discount or anything, just a tip: how do I pin a board to the "
           "top?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, I don't want store credit, I want a refund of the double charge.",
           "Hi, we don't want a discount, we want a refund of last month's fee.",
           "Hello, no refund has arrived yet and I want it now.",
       })
    EXPECT_EQ(by_rules(twin), "refund_request") << twin;
}

TEST(RoutineRealistic, TheCustomersOwnPricesNamedAgainOrAccepted) {
  for (const char* routine : {
           "Hi, I'm updating the prices of my cake menu. Can the new prices go live at "
           "midnight? Thanks, Juno",
           "Hello, we're fine with the price of course. Does the team edition include offline "
           "mode? Best, Hal",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, what would the new price be for 25 seats on the yearly plan?",
           "Hello, what is the price for 40 users? We're happy with the features so far.",
       })
    EXPECT_EQ(by_rules(twin), "pricing_inquiry") << twin;
}

TEST(RoutineRealistic, ALawsuitThatIsTheCustomersOwnWorkOrProfession) {
  for (const char* routine : {
           "Hi, I run a tiny law firm and we log each lawsuit as a board. Can I colour boards "
           "by judge? Thanks, Ines",
           "Guten Tag, ich bin Anwalt und plane meine Termine mit der App. Kann ich Farben für "
           "Mandanten vergeben? Danke",
           "Hallo, unsere Anwältin möchte vorab die Liste der Speicherorte lesen. Schicken Sie "
           "uns einen Link? Danke",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hello, we will file a lawsuit against you for each booking you lost.",
           "Hola, soy abogado y voy a demandar a su empresa por los datos perdidos.",
       })
    EXPECT_EQ(by_rules(twin), "legal_threat") << twin;
}

TEST(RoutineRealistic, ARefundReceivedInFewWordsOrGivenToAStudent) {
  for (const char* routine : {
           "Hi, refund received, thanks! One more thing: how do I add a second calendar?",
           "Olá, o reembolso já caiu, obrigado! Como mudo o idioma do painel?",
           "Hello, how can I refund a student who missed the first lesson at my dance school? "
           "Thanks",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, refund still not received after two weeks.",
           "Hi, I'm a student and you charged my card twice, refund me please.",
       })
    EXPECT_EQ(by_rules(twin), "refund_request") << twin;
}

TEST(RoutineRealistic, LeavingNegatedADrillAPastOutageAndADisclaimer) {
  for (const char* routine : {
           "Olá, não vamos cancelar, só queria saber como exportar os contatos.",
           "Hi, we're running a security breach tabletop next week. Can I make a private board "
           "for it?",
           "Hello, yesterday's outage is resolved on our side, thanks. Can I get status updates "
           "by email?",
           "Hi, our home router was hacked last week (not yours), so we reset everything. Where "
           "do I turn on 2FA in the app?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  EXPECT_EQ(by_rules("Olá, vamos cancelar a assinatura no fim do mês."), "churn_risk");
  EXPECT_EQ(by_rules("Hi, there was a data breach in our account last night, someone exported "
                     "our contacts."),
            "security_incident");
  EXPECT_EQ(by_rules("Hello, yesterday's outage is resolved but we lost 200 orders, we want the "
                     "SLA credit."),
            "outage");
  EXPECT_EQ(by_rules("Hi, our account in your app was hacked last night, please lock it."),
            "security_incident");
}

TEST(RoutineRealistic, WhoDisputesOrFillsInForWhomAMeetingHeldAndASurnamePrice) {
  for (const char* routine : {
           "Hello, my bookkeeper says refunds to my clients must show up as minus amounts. Can "
           "your invoice layout do that? Thanks, Vera",
           "Hi, our guests sometimes dispute a cleaning fee with us after checkout. Can I "
           "attach photos to a booking note? Thanks, Lior",
           "Hello, my partner had a call with your setup specialist on Monday, very helpful. "
           "Where are the slides she showed? Best, Ayo",
           "Hi, my name is Rowan Price and I just joined the workspace. How do I change my "
           "avatar? Thanks, Rowan Price",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  EXPECT_EQ(by_rules("Hi, refunds to our card never arrived, you charged us twice in May."),
            "refund_request");
  EXPECT_EQ(by_rules("Hi, I dispute the cleaning fee you charged our card, it was never agreed."),
            "billing_dispute");
  EXPECT_EQ(by_rules("Hello, can I have a call with your setup specialist this week?"),
            "human_requested");
  EXPECT_EQ(by_rules("Hi, I'm completing a security questionnaire for a new client of my "
                     "agency. Do you encrypt backups? Thanks, Edda"),
            "none");
  for (const char* twin : {
           "Hi, can you fill in our security questionnaire before we sign? Thanks, Edda",
           "Hello, could you complete the security questionnaire for our customers' audit?",
       })
    EXPECT_EQ(by_rules(twin), "account_or_compliance_request") << twin;
  for (const char* twin : {
           "Hi, my name is Rowan Price. What is the price for 12 seats on the team plan?",
           "Hello, what's the Business Price for 10 users?",
       })
    EXPECT_EQ(by_rules(twin), "pricing_inquiry") << twin;
}

TEST(Sentiment, AngerAtOneselfOrAThirdPartyIsNotAtTheDesk) {
  for (const char* calm : {
           "Hi, I'm so angry with myself, I archived the wrong board AGAIN. How do I get it "
           "back?",
           "Hello, the client is absolutely livid with their old printing agency, so we're "
           "taking over. How do I share a board with them?",
           "Hi, our bookkeeper wants negative lines for credits and negative totals for "
           "returns. Can the invoice template show that?",
       })
    EXPECT_GE(analyse_sentiment(calm).score, kNegativeSentimentThreshold) << calm;
  EXPECT_LT(analyse_sentiment("Hi, I'm absolutely livid with your support team, nobody answers. "
                              "Put me through to a manager.")
                .score,
            kNegativeSentimentThreshold);
}

}  // namespace
}  // namespace fte::agent
