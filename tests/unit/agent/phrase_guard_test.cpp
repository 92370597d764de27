// The phrase rules' innocent-use guards (src/agent/judgement/phrase_guard.h) on hard negatives written for
// this test: trigger words used in passing must not escalate, and the same words meant must.
#include "agent/judgement/phrase_guard.h"

#include <gtest/gtest.h>

#include "agent/judgement/input_guardrails.h"
#include "text/normalize.h"

namespace fte::agent {
namespace {

TEST(PhraseGuard, NegationOutsideAConditionMakesAMatchInnocent) {
  auto ws = ::fte::text::keys("No refund needed, just curious about the plans");
  EXPECT_TRUE(innocent_use(ws, 1, 1));
  ws = ::fte::text::keys("If I don't get a refund by Friday I will dispute it");
  EXPECT_FALSE(innocent_use(ws, 5, 1));  // "refund" after "if I don't get a"
  ws = ::fte::text::keys("The legal page has a typo");
  EXPECT_TRUE(innocent_use(ws, 1, 1));   // a product thing
}

TEST(PhraseGuard, PrivacyWordsAskedAboutAsAPropertyAreRoutine) {
  for (const char* s : {"Are you GDPR compliant? Our procurement asks.",
                        "Is the mobile app CCPA-compliant?",  // hyphen part
                        "Where is your GDPR page?", "Do you have GDPR certification for EU data?"})
    EXPECT_FALSE(privacy_request(s)) << s;
  for (const char* s : {"Under GDPR I want every record you hold about me deleted.",
                        "This is a GDPR request: erase my account data.",
                        "Please process my CCPA deletion request"})
    EXPECT_TRUE(privacy_request(s)) << s;
}

TEST(PhraseGuard, OutageAskedAboutOrNamingAThingIsLeftToTheModel) {
  for (const char* s : {"Webhooks are late today, is there an outage?",
                        "Was there any outage last night? Just checking.",
                        "How do I subscribe to outage notifications?",
                        "Where is the outage page?"})
    EXPECT_FALSE(outage_report(s)) << s;
  for (const char* s : {"We have a full outage, nobody on our team can work",
                        "Your outage has cost us a day", "Third outage this week!"})
    EXPECT_TRUE(outage_report(s)) << s;
}

TEST(PhraseGuard, APriceAskedAboutItsTaxIsBillingInformation) {
  for (const char* s : {"is the monthly price with or without sales tax?",
                        "Do your prices already include VAT for EU companies?",
                        "will the renewal price have GST added on top"})
    EXPECT_FALSE(pricing_inquiry(s)) << s;
  for (const char* s : {"What's the price of the Pro plan incl. VAT?",
                        "Can we get a discount? The tax alone is a lot.",
                        "Is the price negotiable for 300 seats?"})
    EXPECT_TRUE(pricing_inquiry(s)) << s;
}

TEST(PhraseGuard, APricesPageNamedBeforeTheWordIsRoutine) {
  for (const char* s : {"no encuentro la pagina de precios", "Où est la page des prix ?"})
    EXPECT_FALSE(pricing_inquiry(s)) << s;
  EXPECT_TRUE(pricing_inquiry("¿Cuál es el precio del plan anual?"));
}

TEST(PhraseGuard, OutagesTheCustomerKeepsForOthersAreRoutine) {
  for (const char* s : {"we record our clients' outages in a board, can guests comment on it?",
                        "How should we track outages of our field equipment in a project?",
                        "we are an ISP and keep customers outages as tasks, any template?"})
    EXPECT_FALSE(outage_report(s)) << s;
  for (const char* s : {"We track your outages now: third one this month!",
                        "our monitoring shows a full outage on your side",
                        "cant log in, outage again?? whole team stuck"})
    EXPECT_TRUE(outage_report(s)) << s;
}

TEST(PhraseGuard, AChangeTheCustomerSaysWasTheirOwnIsNotAnIntrusion) {
  for (const char* s : {"a new sign-in from Lisbon popped up, it was me on holiday",
                        "got the 'password changed' email, that was us, all fine"})
    EXPECT_TRUE(own_doing(::fte::text::keys(s))) << s;
  for (const char* s : {"got a 'password changed' email and it wasn't me",
                        "it was me who noticed: someone else signed in from Lisbon",
                        "the admin email was changed and none of us did it"})
    EXPECT_FALSE(own_doing(::fte::text::keys(s))) << s;
}

// Round 18: the change said first-hand ("I / we changed the / my / our ...") is the customer's own.
TEST(PhraseGuard, AChangeSaidFirstHandIsTheCustomersOwn) {
  EXPECT_TRUE(own_doing(::fte::text::keys("we changed our router login yesterday, now the hub is offline")));
  EXPECT_TRUE(own_doing(::fte::text::keys("I changed my sign-in email last week, is that why?")));
  EXPECT_FALSE(own_doing(::fte::text::keys("I changed my password but someone still signs in")));
}

TEST(PhraseGuard, RateLimitErrorsAreNotAnOutage) {
  for (const char* s : {"api throwing 429s since noon, everything is down, help",
                        "We're being rate limited and the service is down for all our scripts",
                        "Too many requests errors everywhere, is the app down?"}) {
    EXPECT_TRUE(rate_limit_error(::fte::text::keys(s))) << s;
    EXPECT_FALSE(outage_report(s)) << s;
  }
  for (const char* s : {"Everything is down for everyone, every page returns 503",
                        "The service is down again"}) {
    EXPECT_FALSE(rate_limit_error(::fte::text::keys(s))) << s;
    EXPECT_TRUE(outage_report(s)) << s;
  }
}

TEST(PhraseGuard, AskingWhetherOneThingIsDownIsAStatusQuestion) {
  for (const char* s : {"calendar sync stopped an hour ago. is there an outage?",
                        "Exports fail since this morning, any known issues?",
                        "Is it just me or is the search slow today?"})
    EXPECT_TRUE(outage_question_about_one_thing(::fte::text::keys(s))) << s;
  for (const char* s : {"Nobody in our company can log in, is there an outage?",
                        "All our users get errors, is something down?",
                        "The whole team is blocked, is it down for everyone?",
                        "The service is down for us"})  // not a question
    EXPECT_FALSE(outage_question_about_one_thing(::fte::text::keys(s))) << s;
}

TEST(PhraseGuard, ALockoutByOnesOwnAttemptsIsRoutine) {
  for (const char* s : {"locked out, too many password attempts",
                        "Typed the wrong password a few times and now I'm locked",
                        "I forgot my password and the account got locked"})
    EXPECT_TRUE(own_lockout(::fte::text::keys(s))) << s;
  for (const char* s : {"Locked out after too many attempts that were not me",
                        "Someone made too many login attempts on my account overnight",
                        "Suspicious login attempts, then my password stopped working",
                        "My account is locked and I don't know why"})
    EXPECT_FALSE(own_lockout(::fte::text::keys(s))) << s;
}

// The model's outage needs something said to fail (typos of a failure word count).
TEST(PhraseGuard, NoFailureSaidIsNotAnOutage) {
  for (const char* s : {"Every colleague of mine would like a compact view, is it coming?",
                        "Mails from the app end up in junk for a third of our staff.",
                        "The whole department uses the board view all day."})
    EXPECT_TRUE(no_failure_said(::fte::text::keys(s))) << s;
  for (const char* s : {"The whole department gets errros on every screen.",
                        "Since lunch the app hasn't loaded for anybody here.",
                        "Nothing opens for us, the page is blank.",
                        "Le service est en panne pour nous tous."})
    EXPECT_FALSE(no_failure_said(::fte::text::keys(s))) << s;
}

// The model's churn needs something about the relationship with the vendor.
TEST(PhraseGuard, NoRelationshipSaidIsNotChurn) {
  for (const char* s : {"thermostat light blinking amber and the wifi keeps dropping",
                        "Uploads stall halfway, then the progress bar drops to zero."})
    EXPECT_TRUE(no_relationship_said(::fte::text::keys(s))) << s;
  for (const char* s : {"We're dropping this tool at the end of the quarter.",
                        "Thinking of moving to a rival, honestly.",
                        "Thinking about droping the subscirption."})  // a typo counts
    EXPECT_FALSE(no_relationship_said(::fte::text::keys(s))) << s;
}

TEST(PhraseGuard, ALawyerAskingForPaperworkIsNotALegalThreat) {
  for (const char* s : {"Our lawyer needs a copy of your DPA before we sign.",
                        "Our attorney asked for the data processing addendum and your terms.",
                        "Could you send the SLA document? Our solicitor wants to review it."})
    EXPECT_FALSE(legal_threat(s)) << s;
  for (const char* s : {"Our lawyer will take action against you over this invoice.",
                        "My attorney is reviewing the contract you breached.",
                        "I've sent this to our lawyers."})
    EXPECT_TRUE(legal_threat(s)) << s;
}

TEST(PhraseGuard, CompanyKeywordsGetTheSameGuards) {
  auto r = CompanyRules::parse(
      "## Legal & Compliance\n- **Keyword triggers:** \"compliance\", \"lawyer\", \"gdpr\"\n");
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "Is the app GDPR compliant?", ""));
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "Where is the compliance page?", ""));
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "Our lawyer needs a copy of the DPA", ""));
  EXPECT_TRUE(r.keyword_trigger(Channel::email, "Our lawyer will be in touch about damages", ""));
  EXPECT_TRUE(r.keyword_trigger(Channel::email, "We need to talk about compliance with you", ""));
}

TEST(PhraseGuard, ARefundToTheCustomersOwnClientIsAHowTo) {
  for (const char* s : {"How do I record a refund I gave to one of my clients?",
                        "My customer wants a refund, how do I mark the invoice as refunded?",
                        "Comment enregistrer un remboursement fait à un client ?"})
    EXPECT_FALSE(refund_request(s)) << s;
  for (const char* s : {"I want a refund, you charged my card twice",
                        "How do I get a refund? We were billed for a client we removed.",
                        "Refund my subscription please, our customers never used it"})
    EXPECT_TRUE(refund_request(s)) << s;
}

TEST(PhraseGuard, LawyersAsClienteleAreNotAThreat) {
  for (const char* s : {"We sell to lawyers; can we rename the client field?",
                        "Is there a template for attorneys like us? We build boards for attorneys."})
    EXPECT_FALSE(legal_threat(s)) << s;
  for (const char* s : {"Our lawyers will be in touch", "I'm handing this to lawyers, expect a claim",
                        "I am an attorney and this is notice of a claim"})
    EXPECT_TRUE(legal_threat(s)) << s;
}

TEST(PhraseGuard, ADeadlineBreachedIsNotAnIntrusion) {
  EXPECT_FALSE(security_incident("How do tasks show as breached when their deadline passes?"));
  EXPECT_FALSE(security_incident("Can the SLA timer mark a ticket breached after 4 hours?"));
  EXPECT_TRUE(security_incident("Our workspace was breached last night, strangers read our files"));
}

TEST(PhraseGuard, UnauthorizedNextToAnHttpErrorIsAnApiError) {
  auto ws = ::fte::text::keys("The API returns 401 Unauthorized with our new token");
  EXPECT_TRUE(http_error_word(ws, 4));
  ws = ::fte::text::keys("There was an unauthorized login to my account from abroad");
  EXPECT_FALSE(http_error_word(ws, 3));
}

TEST(PhraseGuard, ATriggerWordNamingAThingIsRoutine) {
  for (const char* s : {"What's your refund policy for annual plans?",
                        "How do I set a discount field on our quote template?",
                        "The price column in our product list shows no decimals"}) {
    EXPECT_FALSE(refund_request(s)) << s;
    EXPECT_FALSE(pricing_inquiry(s)) << s;
  }
  EXPECT_TRUE(refund_request("Refund my last payment please"));
  EXPECT_TRUE(pricing_inquiry("Can we get a discount for 40 seats?"));
}

TEST(PhraseGuard, ALawyerMentionedInAHowToIsNotAThreat) {
  for (const char* s : {"Our lawyer is a new user, how do I give her view-only access?",
                        "I'm a lawyer and want to organise my cases in boards, any tips?",
                        "Our counsel wants to read the privacy policy, where is the latest version?"})
    EXPECT_FALSE(legal_threat(s)) << s;
  for (const char* s : {"How do I get my data back before my lawyer gets involved?",
                        "Our lawyer will contact you about the breach of contract",
                        "Our counsel will be in touch."})
    EXPECT_TRUE(legal_threat(s)) << s;
}

TEST(PhraseGuard, AskingWhetherYouHaveAnOutageAboutOneThingIsAStatusQuestion) {
  EXPECT_FALSE(outage_report("Reports stopped updating. Are you having an outage or is it just us?"));
  EXPECT_TRUE(outage_report("Are you having an outage? Nobody in the company can log in."));
}

}  // namespace
}  // namespace fte::agent

