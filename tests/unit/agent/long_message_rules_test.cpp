// Round 16 (issue 14, branch judge16): the phrase rules on long, desk-realistic messages — a
// sentence that reports what the customer read elsewhere, a page of the site, a price declined,
// a refund thanked for or received by the customer's own people, the legal team asking for a
// how-to, an event disclaimed as someone else's, a word named as a word (routine); and what such
// messages say instead of the trigger words: a call back or a person for the account, another
// company's data seen, consent withdrawn or a copy of one's data, leaving without "cancel", every
// site of the account failing, a price asked without a price word (escalations). Checked against
// main 379b04c's rule layer (FTE_INTENT_MODEL=/nonexistent fte intents eval --misses): the
// routine rows of the first three tests trip a rule there (but the LinkedIn one, a look-alike)
// and the escalation rows of the last trip none; the twins, and the last test's routine rows
// (look-alikes of the new families), are judged alike on both. Lines written for the test,
// made-up products.
#include <gtest/gtest.h>

#include <string>

#include "agent/judgement/input_guardrails.h"
#include "rules_only.h"

namespace fte::agent {
namespace {

using rules_test::by_rules;

TEST(LongMessages, SecondHandSentencesAreNotTheCustomersAlarm) {
  for (const char* routine : {
           "Hi all, our office manager read in your newsletter that prices are going up in "
           "spring. We're happy on the yearly plan. Where do I see the date it renews? Thanks, Ines",
           "Hello, I read on a forum that a shop owner's account was hacked through an old "
           "password. We'd like to avoid that. Is there a way to require long passwords for "
           "every cashier? Best, Arvid",
           "Morning! My colleague saw a post on LinkedIn saying your service was down on Sunday. "
           "All good here. How do I schedule the stock report for 7am? Cheers, Petra",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, prices are going up for us in spring. What will we pay for 40 seats on the "
           "yearly plan?",
           "Hello, my account was hacked last night and the password changed. Please lock it.",
       })
    EXPECT_NE(by_rules(twin), "none") << twin;
}

TEST(LongMessages, APageOfTheSiteADeclinedPriceAndAThankedRefundAreRoutine) {
  for (const char* routine : {
           "Hi, I was on your pricing page this morning and saw the Studio plan lists webhooks. "
           "We're already on Studio. Where do I switch webhooks on? Thanks, Ravi",
           "Hello, I'm making slides for our director comparing the Studio and Atelier plans. I "
           "don't need the prices, I have those, only which features differ. Best, Wen",
           "Hello, thank you for refunding the duplicate booking fee, it arrived on Monday. "
           "Separate question: can the booking page close one hour before a session? Best, Yara",
           "Dear team, our legal counsel wants every invoice footer to show our registration "
           "number. How do I edit the footer? Kind regards, Odile",
           "Hi, about the partner scheme: if one of my newsletter subscribers signs up with my "
           "code and later gets a refund, is my commission taken back? Thanks, Bo",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, could you share your pricing for 80 seats on the Atelier plan?",
           "Hello, I still haven't had the refund for the duplicate booking fee. Please refund it.",
           "Dear team, our legal counsel will take action unless the charges are refunded.",
           "Hi, one of my subscribers signed up with my code and I was charged for her seat; I "
           "want a refund.",
       })
    EXPECT_NE(by_rules(twin), "none") << twin;
}

// Someone else's event, disclaimed ("not your app", "nothing to do with you"), or a word named
// as a word ('the term "breach"'): not the customer's incident, threat, outage or leaving. A bare
// "not your fault" still blames the product.
TEST(LongMessages, DisclaimedEventsAndNamedWordsAreNotTheCustomersAlarm) {
  for (const char* routine : {
           "Hi, our shop's Facebook page was hacked last week (not your app!) and I want to make "
           "sure our staff logins here are safe. Where do I see active sessions? Thanks, Iker",
           "Hello, a client of ours keeps saying he'll sue us over a late parcel, nothing to do "
           "with you. Can I tag him so only managers answer? Best, Dora",
           "Morning. Our router was down for two hours and nobody could work, that was our ISP, "
           "not you. Will the offline edits upload by themselves? Thanks, Abel",
           "Dear support, the term \"security breach\" is in the title of our incident template in "
           "your documents module. Can I lock that template for admins only? Regards, Liv",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, our account here was hacked last week and the staff logins were changed.",
           "I know it's not your fault, but your app has been down for everyone since 9am.",
           "Hello, my lawyer will sue you over the late parcel unless it is refunded.",
       })
    EXPECT_NE(by_rules(twin), "none") << twin;
}

TEST(LongMessages, EscalationsSaidTheWayDeskMessagesSayThem) {
  const std::pair<const char*, const char*> rows[] = {
      {"Hi, we're new to Plotwise and a bit lost with the import. Could someone from your team "
       "jump on a call with me on Thursday? Thanks, Sol",
       "human_requested"},
      {"Hello, we'd like a named account manager for our twelve schools, someone we can write to "
       "directly. Regards, Mr. Abara",
       "human_requested"},
      {"Hola, ¿me pueden llamar mañana? Por escrito no sé explicar lo de las facturas. Gracias",
       "human_requested"},
      {"Good morning, one of our clients logged in to the portal and saw another company's "
       "purchase orders. Please look into this today. Best, Hanne",
       "security_incident"},
      {"Hello, a former member of our practice has withdrawn consent and asked to be erased; "
       "please remove her records from your systems too. Regards, Dr. Imre",
       "privacy_request"},
      {"Hi, please send me my data in a machine-readable format, I'm moving to another app. "
       "Thanks, Juno",
       "privacy_request"},
      {"Hello, honestly the last quarter was rough and my director asked me to look at what "
       "else is out there before our renewal. Regards, Ada",
       "churn_risk"},
      {"Hi, the card readers in all four of our bakeries stopped accepting payments an hour "
       "ago, they show 'service unavailable'. Please help. Thanks, Ruth",
       "outage"},
      {"Hello, we're 14 people on the free tier. What would it come to per month if everyone "
       "moved to the paid plan, billed yearly? Thanks, Mika",
       "pricing_inquiry"},
      {"Hi, this is our letter before action: refund the 900 for the broken scanners within 14 "
       "days or we issue proceedings. Regards, Cato",
       "legal_threat"},
      {"Hello, I've spoken to the consumer protection office about the renewal and they have "
       "opened a case. Regards, Wanja",
       "legal_threat"},
      {"Bonjour, sans réponse sous huit jours je saisirai la CNIL. Cordialement, Anaïs",
       "legal_threat"},
  };
  for (const auto& [text, reason] : rows) EXPECT_EQ(by_rules(text), reason) << text;
  for (const char* routine : {
           // a call weighed as an option, a how-to about one's own clients, a permission
           // question, a privacy how-to, an outage of one's own internet
           "Is there a guided setup, or should I book a call with your team? Thanks, Lale",
           "How can my clients phone me from the booking page? Thanks, Tomas",
           "Can managers see other users' timesheets, or only their own?",
           "How do I download a copy of my data for our own backup?",
           "Our office internet was down all morning; now it's back. Will the scans sync by "
           "themselves?",
           "Can I open a case in the CRM for every new client? Thanks, Odo",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
}

}  // namespace
}  // namespace fte::agent
