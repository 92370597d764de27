// Input guardrails: a table per detector with messages that must trip it and look-alikes that
// must not (DESIGN §9: keyword rules that never match, or match everything).
#include "agent/judgement/input_guardrails.h"
#include "agent/judgement/phrase_guard.h"
#include "agent/judgement/staff_requests.h"
#include "text/normalize.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fte::agent {
namespace {

struct Case {
  const char* text;
  bool trips;
};

template <class F>
void run_table(const char* name, F detector, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    auto got = detector(c.text);
    EXPECT_EQ(got.has_value(), c.trips)
        << name << ": \"" << c.text << "\" matched '" << (got ? *got : std::string()) << "'";
  }
}

TEST(InputGuardrails, LegalThreat) {
  run_table(
      "legal", legal_threat,
      {
          {"I have already contacted a lawyer about this data loss.", true},
          {"My attorney will be in touch.", true},
          {"This is a legal matter now.", true},
          {"We are preparing a lawsuit.", true},
          {"Expect lawsuits from all of us.", true},
          {"I will sue you if this is not fixed.", true},
          {"We will SUE your company.", true},
          {"I'm going to Sue you!", true},
          {"They sued the last vendor who did this.", true},
          {"We are suing for damages.", true},
          {"See you in court.", true},
          {"Our litigation team has the logs.", true},
          {"I'll send a cease and desist.", true},
          {"You will hear from my solicitor.", true},
          // look-alikes
          {"I want to pursue a cleaner workflow: how do I archive old projects?", false},
          {"I have an issue with my login.", false},
          {"Is the suede theme available in dark mode?", false},
          {"My car was illegally parked in the lot, unrelated, but how do I export tasks?", false},
          {"Please ensue the sync.", false},
          {"Hi, I'm Sue from accounting. How do I add seats?", false},
          {"Thanks, Sue", false},
          {"Sue from finance asked me to download the invoice.", false},
          {"I spoke with Sue yesterday about the export.", false},
          {"Your support was a real courtesy, thanks.", false},
          {"How do I paralegal-proof my workflow?", false},
          {"Does the tissue template exist?", false},
      });
}

TEST(InputGuardrails, RefundRequest) {
  run_table("refund", refund_request,
            {
                {"I cancelled last week, please give me my money back.", true},
                {"I want a refund.", true},
                {"Can you refund my last invoice?", true},
                {"Was I refunded yet?", true},
                {"Is the annual plan non-refundable?", true},
                {"I will file a chargeback with my bank.", true},
                {"Please reimburse the double charge.", true},
                {"Give me back my money!", true},
                // look-alikes
                {"How do I update my billing address?", false},
                {"Where do I download my invoice?", false},
                {"Our fund tracker board is not syncing.", false},
                {"How do I change the background of my workspace?", false},
                {"I went back to the money tab and it was gone.", false},
            });
}

TEST(InputGuardrails, PricingInquiry) {
  run_table("pricing", pricing_inquiry,
            {
                {"What is the price of the Business plan for 12 users?", true},
                {"What's your pricing for teams?", true},
                {"How much does the Growth plan cost?", true},
                {"How much is the Enterprise plan?", true},
                {"What does the Business plan cost?", true},
                {"What would it cost to upgrade to Enterprise?", true},
                {"What's the cost of the Enterprise plan?", true},
                {"Is there a student discount?", true},
                {"Can you send me a quote for 50 seats?", true},
                {"Is there a cheaper plan?", true},
                {"What is the subscription cost per seat?", true},
                {"What do you charge for extra storage?", true},
                // pricing as the topic of the message, without "price"/"cost"
                {"We have 300 staff and would like to talk about enterprise pricing.", true},
                {"Could someone discuss pricing with our finance lead?", true},
                {"Do you offer volume pricing for schools?", true},
                {"Can we negotiate a custom contract with better terms?", true},
                {"I'd like to open a negotiation on the annual rate.", true},
                // look-alikes: billing how-tos and other uses of "cost", "bill", "much", "quote"
                {"How do I update my billing address?", false},
                {"Where do I download my invoice?", false},
                {"My bill shows the wrong company name, how do I change it?", false},
                {"How much storage do I get for attachments?", false},
                {"How much time does the export take?", false},
                {"How do I track the cost of a project in reports?", false},
                {"Why did the cost field disappear from my task view?", false},
                {"How do I add a quote block to a comment?", false},
                {"How do I change the payment method on my account?", false},
                {"The enterprise pricing page shows a blank table on mobile.", false},
                {"Can we talk about the pricing page? Its link is broken.", false},
                {"Our webhook fails with a TLS negotiation error.", false},
                {"The API negotiates the protocol version automatically, right?", false},
            });
}

TEST(InputGuardrails, HumanRequested) {
  run_table("human", human_requested,
            {
                {"Can I speak with a human agent please?", true},
                {"I want to talk to a person.", true},
                {"Let me speak to someone who can help.", true},
                {"Is there a real person I can reach?", true},
                {"Please connect me to a human.", true},
                {"I need a representative.", true},
                {"Please escalate this.", true},
                {"Can you escalate my ticket?", true},
                {"I want to speak to your manager.", true},
                {"I need a human.", true},
                {"Transfer me to an agent.", true},
                {"Put me through to support staff now", true},
                // look-alikes
                {"How do I assign a task to a person on my team?", false},
                {"Can tasks escalate a priority automatically?", false},
                {"As the representative of our team, how do I add seats?", false},
                {"How do I let my team talk to each other in comments?", false},
                {"Can I chat with someone from my workspace in the app?", false},
                {"How do I connect GitHub?", false},
                {"We need human-readable exports.", false},
                {"How do I transfer ownership of a project?", false},
                {"Is this answer written by an agent?", false},
            });
}

TEST(InputGuardrails, WhatsAppKeyword) {
  run_table("whatsapp", whatsapp_keyword,
            {
                {"human", true},
                {"Human", true},
                {"AGENT", true},
                {"agent!", true},
                {"representative.", true},
                {"  human please ", true},
                {"a human", true},
                // look-alikes
                {"human resources integration?", false},
                {"agent app crashes", false},
                {"humane", false},
                {"", false},
            });
}

TEST(InputGuardrails, SecurityIncident) {
  run_table("security", security_incident,
            {
                {"Our admin account may have been compromised.", true},
                {"I think I got hacked, there are tasks I never created.", true},
                {"We see suspicious login activity from another country.", true},
                {"Someone logged into my account last night.", true},
                {"Is this a data breach?", true},
                {"Our API key was leaked on GitHub.", true},
                {"There was unauthorized access to our workspace.", true},
                {"Our deploy token ended up in a public repo last night.", true},
                {"A login from an unknown device in another country, then files were exported.", true},
                {"Someone changed my password and the recovery email.", true},
                {"Alguien entró sin permiso en la cuenta.", true},
                {"Got a phishing email pretending to be your billing team.", true},
                // look-alikes
                {"How do I enable two-factor authentication?", false},
                {"We reached a compromise with the team on sprint length.", false},
                {"Where do I find the login page?", false},
                {"How do I rotate an API key?", false},
                {"What security certifications do you have?", false},
                {"How can I remove a device without permission prompts every time?", false},
                {"How do I share a board without permission to edit?", false},
                {"Where can I see the list of devices I'm logged in on?", false},
            });
}

TEST(InputGuardrails, DataLoss) {
  run_table("data_loss", data_loss,
            {
                {"Tasks are randomly disappearing from our active sprint.", true},
                {"Half of our projects vanished overnight.", true},
                {"We lost all our comments after the import.", true},
                {"This is a serious data loss.", true},
                // look-alikes
                {"How do I export my data?", false},
                {"I lost my password.", false},
                {"How do I delete a task?", false},
                {"Can I recover a deleted project?", false},
            });
}

TEST(InputGuardrails, AccountOrComplianceRequest) {
  run_table("account_compliance", account_or_compliance_request,
            {
                {"I need to transfer workspace ownership to a colleague.", true},
                {"How do we transfer ownership of the account?", true},
                {"Can you sign a BAA and confirm HIPAA compliance?", true},
                {"Please share your latest penetration test results.", true},
                {"We need the most recent SOC 2 Type II report.", true},
                {"Our security audit needs your answers by Friday.", true},
                // look-alikes
                {"How do I transfer a task to another project?", false},
                {"Who is the owner of this task?", false},
                {"Do you have an audit log of changes?", false},
                {"How do I change my email address?", false},
            });
  // The ownership rule still reads a transfer; whether it escalates is the policy's
  // (CompanyRules.OwnershipTransfersFollowThePolicy).
  EXPECT_FALSE(check_input(Channel::email, "", "I need to transfer workspace ownership to Sam.",
                           nullptr, nullptr)
                   .decision());
}

TEST(InputGuardrails, ChurnRisk) {
  run_table("churn", churn_risk,
            {
                {"Fix it this week or we're cancelling.", true},
                {"We're looking for alternatives already.", true},
                {"Honestly thinking about cancelling, nothing works.", true},
                {"Management wants to pull the plug on this tool.", true},
                {"We'll take our business elsewhere.", true},
                {"Estamos buscando alternativas.", true},
                {"Wir wollen den Anbieter wechseln.", true},
                // look-alikes
                {"If we cancel our subscription, how long is our data kept?", false},
                {"How do I cancel the scheduled export?", false},
                {"We are not looking for alternatives, just a fix for the sync.", false},
                {"What happens to tasks when a member's plan is not renewed?", false},
                {"Can I replace the logo with our own?", false},
            });
}

TEST(InputGuardrails, BillingRequests) {
  auto detector = [](const char* t) { return billing_request(std::string_view(t)); };
  run_table("billing_request", detector,
            {
                {"We never got the invoice for April. Could you send it again?", true},
                {"Our accounts team says last month's invoice is missing.", true},
                {"Can you reissue the invoice with our new company name?", true},
                {"We need a single summary invoice for the whole of 2025 for the auditors.", true},
                {"Is there a way to change the currency on our invoices to EUR?", true},
                {"Please regenerate the invoice, the VAT number is wrong.", true},
                {"No hemos recibido la factura de marzo.", true},
                {"Nous n'avons pas reçu la facture de février.", true},
                {"Wir haben die Rechnung nicht erhalten.", true},
                // look-alikes: self-serve, or the customer's own invoices
                {"Where do I download my invoices?", false},
                {"How do I add our PO number to invoices?", false},
                {"How can I generate an invoice from a project's tracked time?", false},
                {"Can I get invoices sent to our accounts payable email?", false},
                {"Does the invoice include VAT?", false},
                {"My clients haven't received the invoices I sent through the app.", false},
                {"Why is this month's invoice higher than last month's?", false},
                {"Please help, I haven't received the password reset email.", false},
                {"Which currencies do you accept for card payments?", false},
            });
}

TEST(InputGuardrails, DataResidencyRequests) {
  auto detector = [](const char* t) { return data_residency_request(std::string_view(t)); };
  run_table("data_residency", detector,
            {
                {"Please migrate our workspace to EU data residency before June.", true},
                {"We need our data moved to the Australian data region.", true},
                {"What is the process to relocate our data residency to the UK?", true},
                // look-alikes
                {"Do you offer EU data residency?", false},
                {"Which region is our data stored in?", false},
                {"How do I migrate from another tool to yours?", false},
                {"How do I move a task to another board?", false},
            });
}

TEST(InputGuardrails, ComplianceRequirements) {
  auto detector = [](const char* t) { return compliance_requirement(std::string_view(t)); };
  run_table("compliance_requirement", detector,
            {
                {"We have regulatory requirements to keep records for ten years.", true},
                {"Our compliance requirements say audit logs must be kept offsite.", true},
                {"Is that enough for our legal requirements on retention?", true},
                // look-alikes
                {"What are the password requirements?", false},
                {"What are the system requirements for the desktop app?", false},
                {"Our compliance team wants SSO, how do I set it up?", false},
            });
}

TEST(InputGuardrails, AccountRecovery) {
  auto detector = [](const char* t) { return account_recovery(std::string_view(t)); };
  run_table("account_recovery", detector,
            {
                {"Lost my phone and none of my backup codes work, I'm locked out.", true},
                {"The recovery codes are rejected every time.", true},
                {"My backup codes aren't working and I have no other way in.", true},
                // look-alikes
                {"Where do I find my backup codes?", false},
                {"How do I use a backup code to sign in?", false},
                {"How do I regenerate backup codes? The old ones were used.", false},
                {"Two-factor is not working on my new phone, how do I reset it?", false},
            });
}

TEST(InputGuardrails, FeatureCommitments) {
  auto detector = [](const char* t) { return feature_commitment(std::string_view(t)); };
  run_table("feature_commitment", detector,
            {
                {"If the export feature is on the roadmap, I need a commitment on the date.", true},
                {"Can you guarantee the Outlook integration ships by June?", true},
                {"You promised this feature for the spring release.", true},
                // look-alikes
                {"Is a Gantt view on the roadmap?", false},
                {"Please add dark mode, it would be a great feature.", false},
                {"We're committed to your platform; how do I enable the beta features?", false},
                {"Our law firm needs a release date field on tasks.", false},
                {"Can you guarantee our data is backed up daily?", false},
            });
}

TEST(InputGuardrails, WidespreadLockouts) {
  auto detector = [](const char* t) { return widespread_lockout(std::string_view(t)); };
  run_table("widespread_lockout", detector,
            {
                {"Since the IdP change, login failed for 40+ users, blocking the whole shift.", true},
                {"About 25 people are locked out since 9am.", true},
                {"30 employees can't sign in after the certificate rotation.", true},
                // look-alikes
                {"We have 40 users, how do I set up SSO?", false},
                {"I can't log in, my password reset link expired.", false},
                {"We're adding 12 seats next week; can't they log in until invited?", false},
                {"How do I block 3 users from one board?", false},
            });
}

TEST(InputGuardrails, StaffRequestsEscalateWithTheirCodes) {
  struct Probe {
    const char* body;
    const char* guardrail;
    const char* reason;
  };
  for (const auto& p : std::vector<Probe>{
           {"We haven't received our March invoice yet, can you resend it?", "billing_request",
            "billing_dispute"},
           {"Our legal team wants our data migrated to EU data residency, GDPR applies.",
            "data_residency", "account_or_compliance_request"},
           {"Both backup codes don't work and I lost the phone with the authenticator.",
            "account_recovery", "account_or_compliance_request"},
           {"After the SSO change 60 users get 'authentication failed' at the login screen.",
            "widespread_lockout", "outage"},
           // "nobody can work" is a failure of everyone: the outage phrase rule, same reason.
           {"After the SSO change 60 users get 'authentication failed', nobody can work.",
            "outage", "outage"},
           {"Feature request: a guaranteed date for the calendar export, please.",
            "feature_commitment", "feature_commitment"},
       }) {
    auto r = check_input(Channel::email, "", p.body, nullptr, nullptr);
    ASSERT_NE(r.decision(), nullptr) << p.body;
    EXPECT_EQ(r.decision()->guardrail, p.guardrail) << p.body;
    EXPECT_EQ(r.decision()->reason, p.reason) << p.body;
  }
}

TEST(InputGuardrails, CheckInputDecidesByPriorityAndReportsAll) {
  auto r = check_input(Channel::webform, "", "I want a refund or my lawyer will call you.");
  ASSERT_NE(r.decision(), nullptr);
  EXPECT_EQ(r.decision()->reason, "legal_threat");
  EXPECT_EQ(r.decision()->urgency, "critical");
  bool refund = false;
  for (const auto& t : r.trips) refund = refund || t.reason == "refund_request";
  EXPECT_TRUE(refund);
}

TEST(InputGuardrails, WhatsAppKeywordOnlyOnWhatsApp) {
  auto wa = check_input(Channel::whatsapp, "", "agent");
  ASSERT_NE(wa.decision(), nullptr);
  EXPECT_EQ(wa.decision()->reason, "human_requested");
  EXPECT_EQ(wa.decision()->guardrail, "whatsapp_keyword");
  EXPECT_EQ(check_input(Channel::email, "", "agent").decision(), nullptr);
}

TEST(InputGuardrails, SubjectCounts) {
  auto r = check_input(Channel::email, "Refund for March", "Please see the attached invoice.");
  ASSERT_NE(r.decision(), nullptr);
  EXPECT_EQ(r.decision()->reason, "refund_request");
}

TEST(InputGuardrails, AcceptanceProbes) {
  struct Probe {
    const char* body;
    const char* reason;  // nullptr = must not escalate
  };
  const std::vector<Probe> probes = {
      {"What is the price of the Business plan for 12 users?", "pricing_inquiry"},
      {"I cancelled last week, please give me my money back.", "refund_request"},
      {"I have already contacted a lawyer about this data loss.", "legal_threat"},
      {"Can I speak with a human agent please?", "human_requested"},
      {"Your app is absolute trash and your support is a joke. I am furious!!!",
       "negative_sentiment"},
      {"I want to pursue a cleaner workflow: how do I archive old projects?", nullptr},
      {"How do I enable two-factor authentication?", nullptr},
      {"How do I update my billing address?", nullptr},
      {"Where do I download my invoice?", nullptr},
  };
  for (const auto& p : probes) {
    auto r = check_input(Channel::webform, "", p.body);
    if (p.reason) {
      ASSERT_NE(r.decision(), nullptr) << p.body;
      EXPECT_EQ(r.decision()->reason, p.reason) << p.body;
    } else {
      EXPECT_EQ(r.decision(), nullptr)
          << p.body << " -> " << r.decision()->reason << " (" << r.decision()->evidence << ")";
    }
  }
}

TEST(InputGuardrails, ProfanityEscalatesAsNegativeSentiment) {
  auto r = check_input(Channel::whatsapp, "", "wtf is going on with sync");
  ASSERT_NE(r.decision(), nullptr);
  EXPECT_EQ(r.decision()->reason, "negative_sentiment");
  EXPECT_EQ(r.decision()->guardrail, "profanity");
}

TEST(InputGuardrails, CheaperElsewhereIsChurnNotAPriceQuestion) {
  for (const char* s : {"At this point it's cheaper for us to build our own.",
                        "We found something cheaper elsewhere and will move."}) {
    EXPECT_FALSE(pricing_inquiry(s)) << s;
    EXPECT_TRUE(churn_risk(s)) << s;
  }
  EXPECT_TRUE(pricing_inquiry("Is there a cheaper plan for five users?"));
  EXPECT_FALSE(churn_risk("Is there a cheaper plan for five users?"));
}

TEST(InputGuardrails, RightReasonWhenMoneyWordsMeetOtherRules) {
  // A charge nobody authorised and a discount that vanished are billing, not security or data.
  auto r = check_input(Channel::email, "", "I didn't authorise this upgrade charge.", nullptr);
  ASSERT_NE(r.decision(), nullptr);
  EXPECT_EQ(r.decision()->reason, "billing_dispute");
  r = check_input(Channel::email, "", "The renewal charged full price, the discount disappeared.",
                  nullptr);
  ASSERT_NE(r.decision(), nullptr);
  EXPECT_EQ(r.decision()->reason, "billing_dispute");
  EXPECT_TRUE(security_incident("Someone logged in without my permission and changed things"));
  EXPECT_TRUE(data_loss("All our boards disappeared overnight"));
}

TEST(InputGuardrails, RegulatorComplaintsAndAskingNotForABot) {
  EXPECT_TRUE(legal_threat("I've lodged a complaint with the ICO about my data."));
  EXPECT_TRUE(legal_threat("We are reporting you to the regulator."));
  EXPECT_FALSE(legal_threat("Is your product approved by the regulator in our country?"));
  EXPECT_TRUE(human_requested("Any chance of talking to support live?"));
  EXPECT_TRUE(human_requested("Je ne veux pas parler à un robot."));
  EXPECT_FALSE(human_requested("How do I add a bot to our channel?"));
}

TEST(InputGuardrails, LeavingSaidWithoutCancelButNotATaskMoved) {
  for (const char* s : {"We're not renewing, our team is going elsewhere.",
                        "We're moving away from you at the end of the quarter.",
                        "We are shopping around for something more reliable."})
    EXPECT_TRUE(churn_risk(s)) << s;
  for (const char* s : {"How do I move a task to another project?",
                        "Can I switch to another workspace without logging out?",
                        "Moving to a different column doesn't save the card",
                        "When I switch to another app on my phone I get logged out",
                        "I saved the export somewhere else, where does it go by default?",
                        "If we switch to another tool, can we export our data?"})
    EXPECT_FALSE(churn_risk(s)) << s;
}

TEST(InputGuardrails, SecurityParaphrasesWithoutHackedOrUnauthorized) {
  for (const char* s : {"Our key is out in the open on a public repo, please disable it.",
                        "The API returned records that belong to a different customer.",
                        "A former contractor still has admin rights and logged in yesterday.",
                        "My account sent messages I never wrote.",
                        "Il y a des connexions suspectes sur notre espace."})
    EXPECT_TRUE(security_incident(s)) << s;
  for (const char* s : {"How do I remove a former employee's access?",
                        "Where do I create an API key for our CI?",
                        "How do I rotate a token before it expires?",
                        "Our former admin set up the workflows, how do I edit them?",
                        "The workflows our former admin built still run every night."})
    EXPECT_FALSE(security_incident(s)) << s;
}

}  // namespace
}  // namespace fte::agent


namespace fte::agent {
namespace {

// The model decides only when "none" is not a confident runner-up (issue 14, round 5).
TEST(ModelTrips, AConfidentNoneRunnerUpSilencesTheModel) {
  IntentPrediction p;
  p.label = "security_incident";
  p.probability = 0.9;
  p.second = "outage";
  p.second_probability = 0.7;
  EXPECT_TRUE(model_trips(p, 0.6));
  EXPECT_FALSE(model_trips(p, 0.95));  // under the class's threshold
  p.second = "none";
  p.second_probability = 0.45;
  EXPECT_TRUE(model_trips(p, 0.6));
  p.second_probability = kIntentNoneVeto;  // both past the one-vs-all boundary: ambiguous
  EXPECT_FALSE(model_trips(p, 0.6));
  p.label = "none";
  p.second = "pricing";
  EXPECT_FALSE(model_trips(p, 0.1));
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

// Money wrongly taken, described rather than named (paraphrase_rules.h): a charge word with a
// duplicate marker or a charge that goes on after the customer stopped.
TEST(InputGuardrails, UnwantedChargesDescribedInOtherWords) {
  auto detector = [](const char* t) { return billing_dispute(std::string_view(t)); };
  run_table("billing_dispute", detector,
            {
                {"Your system took the subscription fee from us twice on Monday.", true},
                {"There are two payments of 80 euros for one renewal.", true},
                {"We closed the workspace in spring, yet you keep billing our card.", true},
                {"A payment went out after we cancelled the plan.", true},
                {"We got a duplicate transaction on the company card.", true},
                {"Nos hicieron dos cargos por la misma factura.", true},
                // look-alikes
                {"My card payment failed twice, what should I try next?", false},
                {"Will we be charged twice if we upgrade mid-month?", false},
                {"If I cancel now, am I still billed for next month?", false},
                {"A client paid us twice, how do I refund them from the invoice page?", false},
                {"How do I duplicate a board?", false},
                {"We still love the app, the payment page is easy.", false},
            });
}

// An outage described as a failure of everyone (paraphrase_rules.h).
TEST(InputGuardrails, WidespreadFailuresDescribedInOtherWords) {
  auto detector = [](const char* t) { return outage_report(std::string_view(t)); };
  run_table("outage", detector,
            {
                {"The whole office gets a 503 on every screen since lunch.", true},
                {"No one here can open the dashboard this morning.", true},
                {"The app is dead for all of us, across both branches.", true},
                {"Nadie de mi equipo puede entrar desde las ocho.", true},
                {"Personne chez nous ne peut ouvrir l'application.", true},
                // look-alikes
                {"How do I stop everyone getting error emails on import?", false},
                {"Nobody on the team gets reminders, is there a setting for that?", false},
                {"Everyone loves the new board view, can't thank you enough.", false},
                {"Everyone on my team hits 429 errors when the sync runs.", false},
                {"Is it down? The page will not load on my laptop.", false},
                {"Nobody can see my private board, right?", false},
            });
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

// A threat to dispute a charge is said in the future; a question about a charge that might happen
// is not a dispute.
TEST(InputGuardrails, FutureDisputeStillTripsAFutureChargeDoesNot) {
  EXPECT_TRUE(billing_dispute("I will dispute it with my bank tomorrow."));
  EXPECT_TRUE(billing_dispute("You charged me twice, fix it or I will call my bank."));
  EXPECT_FALSE(billing_dispute("Would we be billed twice when the seats change?"));
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

// Round 5 paraphrase rules: each situation in words the older rules did not know, and look-alikes.
TEST(InputGuardrails, LegalStepsWithoutLawyerOrCourt) {
  auto detector = [](const char* t) { return legal_threat(std::string_view(t)); };
  run_table("legal_threat", detector,
            {
                {"We've asked a law firm to get our fees back.", true},
                {"Sort it out or we use every legal remedy we have.", true},
                {"We will hold you liable for the missed shipments.", true},
                {"This ends up before a judge if you ignore us.", true},
                {"Vamos a llevar esto a los tribunales.", true},
                // look-alikes
                {"We're a law firm with 30 staff; which plan fits?", false},
                {"We sell to law firms, can we add a matter field?", false},
                {"Our law firm needs a copy of your terms for the file.", false},
            });
}

TEST(InputGuardrails, LeavingSaidAsBudgetsAndReasons) {
  auto detector = [](const char* t) { return churn_risk(std::string_view(t)); };
  run_table("churn_risk", detector,
            {
                {"At this point I can't justify renewing us for another year.", true},
                {"Finance put your app on the list of things to cut.", true},
                {"The team would rather go back to spreadsheets.", true},
                {"We plan to let our subscription lapse in autumn.", true},
                // look-alikes
                {"How do I import our spreadsheets into a board?", false},
                {"Can I cut a card from one list and paste it in another?", false},
            });
}

TEST(InputGuardrails, ActivityNobodyCanAccountFor) {
  auto detector = [](const char* t) { return security_incident(std::string_view(t)); };
  run_table("security_incident", detector,
            {
                {"There are sessions on my profile I cannot explain.", true},
                {"A login went through last night that I didn't request.", true},
                {"The audit trail shows changes that weren't us.", true},
                {"Someone sent us a fake login page and my colleague typed her password.", true},
                {"Our webhook secret is sitting on a paste site.", true},
                // look-alikes
                {"I can't explain why the login page is so slow today.", false},
                {"How do I see sessions I can't explain in the audit log?", false},
                {"The new login page looks great.", false},
            });
}

TEST(InputGuardrails, ErasureAskedAboutTheCustomer) {
  auto detector = [](const char* t) { return privacy_request(std::string_view(t)); };
  run_table("privacy_request", detector,
            {
                {"Please wipe everything you keep about me.", true},
                {"Remove my contact details from all your lists.", true},
                {"Kindly erase my personal information by Friday.", true},
                // look-alikes
                {"How do I delete my personal workspace?", false},
                {"Please remove me from the marketing board.", false},
                {"Can I delete my profile picture?", false},
            });
}

}  // namespace
}  // namespace fte::agent

namespace fte::agent {
namespace {

TEST(InputGuardrails, MoreLanguagesAndCountsOfCharges) {
  EXPECT_TRUE(pricing_inquiry("Quels sont les tarifs pour une équipe de 8 ?"));
  EXPECT_TRUE(pricing_inquiry("¿Cuánto cuesta para 15 personas?"));
  EXPECT_FALSE(pricing_inquiry("Où se trouve le bouton pour exporter ?"));
  EXPECT_TRUE(human_requested("Ich möchte mit einem Mitarbeiter reden."));
  EXPECT_TRUE(human_requested("Quiero una persona real, no un bot."));
  EXPECT_TRUE(churn_risk("Nous allons passer à la concurrence le mois prochain."));
  EXPECT_TRUE(billing_dispute("The card was charged three times for one order."));
  EXPECT_FALSE(billing_dispute("The export ran three times before it worked."));
  EXPECT_TRUE(billing_dispute("Please reverse the payment from Monday, it went out in error."));
  EXPECT_TRUE(billing_dispute("We were billed by mistake for an extra seat."));
  EXPECT_TRUE(billing_dispute("They took payment for the box I returned in May."));
  EXPECT_FALSE(billing_dispute("I returned the box; will the payment come back to my card?"));
  EXPECT_TRUE(security_incident("There were two transfers yesterday that I didn't make."));
  EXPECT_FALSE(security_incident("I didn't make it to the webinar, is there a recording?"));
  auto r = check_input(Channel::email, "", "Our loyalty discount was not applied to the charge.",
                       nullptr, nullptr);
  ASSERT_NE(r.decision(), nullptr);
  EXPECT_EQ(r.decision()->reason, "billing_dispute");  // not a price question
}

// Round 6: which reason routes when a one-word rule and the model both fire. Only the pricing
// and outage word rules give way, and only to a class that comes first in kRoutingPrecedence.
TEST(InputGuardrails, OneWordRulesGiveWayToAMoreSpecificModelClass) {
  const GuardrailTrip pricing{"pricing", "pricing_inquiry", "normal", "discount", ""};
  const GuardrailTrip outage{"outage", "outage", "critical", "outage", ""};
  EXPECT_TRUE(model_reroutes(pricing, "billing_dispute"));  // a promised discount not billed
  EXPECT_TRUE(model_reroutes(pricing, "churn_risk"));       // "if the price goes up we leave"
  EXPECT_TRUE(model_reroutes(pricing, "legal_threat"));
  EXPECT_TRUE(model_reroutes(outage, "legal_threat"));       // "our rights regarding this outage"
  EXPECT_FALSE(model_reroutes(outage, "churn_risk"));        // "three outages this week" stays
  EXPECT_FALSE(model_reroutes(outage, "human_requested"));
  EXPECT_FALSE(model_reroutes(pricing, "pricing_inquiry"));
  EXPECT_FALSE(model_reroutes(pricing, "human_requested"));
  // Rules with specific evidence are never re-routed by the model.
  for (const char* g : {"legal", "security", "privacy", "refund", "billing_dispute", "churn",
                        "human_request"})
    EXPECT_FALSE(model_reroutes(GuardrailTrip{g, "x", "normal", "w", ""}, "legal_threat")) << g;
  const GuardrailTrip privacy{"privacy", "privacy_request", "high", "erase", ""};
  EXPECT_FALSE(model_reroutes(privacy, "security_incident"));
}

// Round 9: the data-loss rule gives way to a threat, a compromise or a data-subject request (not
// to a billing, outage, churn or price class), and the tone rules to any model class: tone says
// the customer is unhappy, the model says about what.
TEST(InputGuardrails, DataLossAndToneRulesGiveWayToTheModelsReason) {
  const GuardrailTrip lost{"data_loss", "data_loss", "high", "lost data", ""};
  EXPECT_TRUE(model_reroutes(lost, "legal_threat"));  // "take action over the lost data"
  EXPECT_TRUE(model_reroutes(lost, "security_incident"));
  EXPECT_TRUE(model_reroutes(lost, "privacy_request"));
  for (const char* c : {"billing_dispute", "outage", "churn_risk", "pricing_inquiry",
                        "human_requested"})
    EXPECT_FALSE(model_reroutes(lost, c)) << c;  // "the outage lost our data" stays data loss
  const GuardrailTrip tone{"sentiment", "negative_sentiment", "high", "sentiment 0.23", ""};
  const GuardrailTrip profane{"profanity", "negative_sentiment", "high", "***", ""};
  for (const char* c : {"legal_threat", "privacy_request", "billing_dispute", "outage",
                        "churn_risk", "pricing_inquiry"}) {
    EXPECT_TRUE(model_reroutes(tone, c)) << c;  // "formal notice of a dispute under our contract"
    EXPECT_TRUE(model_reroutes(profane, c)) << c;
  }
}

// Round 9: under its threshold the model's leading class may still say what a case that a
// weak-evidence rule already escalates is about — at kIntentRouteFloor or more, never for "none",
// never for a rule with specific evidence or the outage rule.
TEST(InputGuardrails, AnUnsureModelRoutesOnlyWhatAWeakRuleEscalates) {
  const GuardrailTrip price{"pricing", "pricing_inquiry", "normal", "price", ""};
  const GuardrailTrip lost{"data_loss", "data_loss", "high", "lost data", ""};
  const GuardrailTrip tone{"sentiment", "negative_sentiment", "high", "sentiment 0.25", ""};
  auto pred = [](const char* label, double p) {
    IntentPrediction r;
    r.label = label;
    r.probability = p;
    r.second = "none";
    r.second_probability = 0.05;
    return r;
  };
  // "the last bill is still at the old price": billing 0.29 of a price word.
  EXPECT_TRUE(model_routes_below_threshold(price, pred("billing_dispute", kIntentRouteFloor)));
  EXPECT_TRUE(model_routes_below_threshold(lost, pred("legal_threat", 0.39)));
  EXPECT_TRUE(model_routes_below_threshold(tone, pred("billing_dispute", 0.45)));
  EXPECT_FALSE(model_routes_below_threshold(price, pred("billing_dispute", 0.25)));  // too unsure
  EXPECT_FALSE(model_routes_below_threshold(price, pred("none", 0.9)));
  EXPECT_FALSE(model_routes_below_threshold(price, pred("pricing", 0.4)));  // the same reason
  EXPECT_FALSE(model_routes_below_threshold(lost, pred("outage", 0.45)));   // not before data loss
  const GuardrailTrip outage{"outage", "outage", "high", "outage", ""};
  EXPECT_FALSE(model_routes_below_threshold(outage, pred("security_incident", 0.45)));
  const GuardrailTrip legal{"legal", "legal_threat", "critical", "lawyer", ""};
  EXPECT_FALSE(model_routes_below_threshold(legal, pred("security_incident", 0.45)));
}

// Round 12: the phrase rules' routine false alarms. A money word about the customer's business
// with ITS clients or goods, a lawyer in a product question, a paperwork ask in another
// language: no rule trips (the rule layer alone: no model). Their twins, which ask for the
// customer's own money or threaten, still trip with their reason. Fails on main (deeed9f):
// every routine row below tripped a rule there.
TEST(InputGuardrails, MoneyWordsAboutTheCustomersOwnClientsAndLawyersInHowTosAreRoutine) {
  auto decided = [](const char* t) {
    const auto ic = check_input(Channel::webform, "", t, nullptr, nullptr);
    return ic.decision() ? ic.decision()->reason : std::string("none");
  };
  for (const char* routine : {
           "How can I add a discount to the invoice I send to my client?",
           "Our clients get 10% off, can the invoice template work out the discount?",
           "We sell lamps and keep prices for each item, can a number field show the total?",
           "How do I put prices in euros on the quotes we send to customers?",
           "¿Cómo cambio los precios de mi catálogo de productos?",
           "Comment afficher le prix total sur le devis envoyé à mon client ?",
           "Can the dashboard show refunds per month for our shop?",
           "Is there an automation that moves a card when a refund is issued to a client?",
           "The invoice I sent to a customer is missing our logo, how do I add it?",
           "Can I change the currency on invoices I send to my own clients?",
           "What's in the top tier? Only the features, I know where to see the price.",
           "Our lawyer joins the workspace on Monday, which role should she get?",
           "Can a lawyer from our partner firm be added as a guest to one board?",
           "Do you have a template to track litigation deadlines for our clients?",
           "Notre avocat veut lire vos conditions d'utilisation, où sont-elles ?",
           "Unser Anwalt möchte die Datenschutzerklärung lesen, wo finde ich sie?",
           "I need a receipt so my employer can reimburse me for the plan.",
           "¿Cuál es la política de reembolso?",
           "Our invoices are missing the PO number, where do I add it?",
           "Is it possible to generate invoices automatically every month?",
           "Do you support invoices in a different currency for each team?",
           "How much is the file size limit for attachments?",
           "How do I send a quote to my client from a deal card?",
           "Is VAT included in the price or added on top?",
           "I didn't get what the second line on the invoice means.",
       })
    EXPECT_EQ(decided(routine), "none") << routine;
  const std::vector<std::pair<const char*, const char*>> twins = {
      {"I want a refund, my clients could not use the portal all week.", "refund_request"},
      {"Refund my client's seat, they never used it.", "refund_request"},
      {"Our shop lost a week of sales because of your outage, we expect a refund.",
       "refund_request"},
      {"Can my clients get a discount if we sign for two years?", "pricing_inquiry"},
      {"Do you give a discount to agencies that bring their own clients?", "pricing_inquiry"},
      {"We resell to our customers, what discount do resellers get?", "pricing_inquiry"},
      {"¿Me pueden dar un descuento para mis clientes?", "pricing_inquiry"},
      {"I already know the price of the pro plan, what about 200 seats?", "pricing_inquiry"},
      {"Our lawyer will contact you about the breach affecting our clients.", "legal_threat"},
      {"Should I get my attorney involved, or can you fix the billing today?", "legal_threat"},
      {"You're in breach of the DPA we signed, our lawyers will follow up.", "legal_threat"},
      {"Please reimburse the double charge on our card.", "refund_request"},
      {"¿Cuál es la política de reembolso? Quiero mi dinero de vuelta.", "refund_request"},
      {"Our invoices are missing the last two months, where do I get them?", "billing_dispute"},
      {"The invoice is missing, can you send it?", "billing_dispute"},
      {"We need our invoices in euros, please switch the currency.", "billing_dispute"},
      {"Hi support, our invoices are in USD but we need another currency.", "billing_dispute"},
      {"How much is the storage add-on per month?", "pricing_inquiry"},
      {"Can you send a quote for 40 seats?", "pricing_inquiry"},
      {"What's the price of the Pro plan with VAT?", "pricing_inquiry"},
      {"I didn't get the invoice for March.", "billing_dispute"},
  };
  for (const auto& [text, reason] : twins) EXPECT_EQ(decided(text), reason) << text;
}

// Round 12: a thank-you for something done ("got the refund, all sorted, thank you") is a
// closing message, not a refund request, a price question or — for the model — any escalation
// (resolved_thanks, phrase_guard.h). With a contrast, a question or an ask it still trips.
// Fails on main (deeed9f): both routine rows tripped the refund and pricing rules.
TEST(InputGuardrails, AThankYouForSomethingDoneIsRoutine) {
  auto decided = [](const char* t) {
    const auto ic = check_input(Channel::webform, "", t, nullptr, nullptr);
    return ic.decision() ? ic.decision()->reason : std::string("none");
  };
  EXPECT_EQ(decided("Got the refund this morning, all sorted, thank you."), "none");
  EXPECT_EQ(decided("Thanks for the discount, it shows on the invoice now."), "none");
  EXPECT_EQ(decided("Thanks, but the refund you promised never arrived."), "refund_request");
  EXPECT_EQ(decided("Got the refund, but it was only half the amount."), "refund_request");
  EXPECT_EQ(decided("Thanks in advance for the refund."), "refund_request");
  EXPECT_EQ(decided("Thanks, the discount still isn't on the invoice."), "pricing_inquiry");
  auto words = [](const char* t) { return ::fte::text::keys(t); };
  EXPECT_TRUE(resolved_thanks(words("Payment went through this time, thanks for the quick fix.")));
  EXPECT_TRUE(resolved_thanks(words("Cool, thank you very much")));
  EXPECT_FALSE(resolved_thanks(words("Thanks. None of our syncs have run and the status page says all good.")));
  EXPECT_FALSE(resolved_thanks(words("Thanks, but we were charged twice again.")));
  EXPECT_FALSE(resolved_thanks(words("The charge was taken off, thanks. Why was it there at all?")));
  EXPECT_FALSE(resolved_thanks(words("All sorted")));  // no thanks: nothing to close
  EXPECT_TRUE(resolved_thanks(words("All good now, you can close this.")));
  EXPECT_TRUE(resolved_thanks(words("Never mind, figured it out.")));
  EXPECT_FALSE(resolved_thanks(words("You can close this once the refund arrives.")));
  EXPECT_FALSE(resolved_thanks(words("Please close this ticket and cancel our account.")));
}

}  // namespace
}  // namespace fte::agent
