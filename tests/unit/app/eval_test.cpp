// `fte eval` on a tiny made-up product (a note-taking app, nothing from the sample company): six
// labelled tickets through the real pipeline, and the numbers of the report; plus the fact
// extraction, fact matching and format checks on their own.
#include "app/eval.h"
#include "app/intent_eval.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

namespace fte::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDocs = R"(# Quillbox Help Center

## Accounts

### Resetting Your Password
1. Open quillbox.app/reset
2. Enter your account email
3. Use the link in the email within 2 hours

### Two-Step Verification
- Turn it on in Preferences > Security > Two-Step Verification
- Works with any authenticator app

## Notebooks

### Sharing a Notebook
1. Open the notebook
2. Choose Share > Invite People
3. Invited people get an email; invites expire after 14 days

### Exporting Notes
- Preferences > Data > Export creates a ZIP of Markdown files
- Exports are ready within 24 hours
)";

constexpr const char* kTickets = R"({"tickets": [
  {"id": "E1", "channel": "email", "customer_name": "Lena Park", "customer_email": "lena@example.org",
   "subject": "Password", "content": "Hello, how do I reset my password? I forgot it.",
   "expected_action": "resolve",
   "resolution": "Send them to quillbox.app/reset; the link is valid for 2 hours."},
  {"id": "W1", "channel": "whatsapp", "customer_phone": "+14155550111",
   "content": "how do i share a notebook with my team", "expected_action": "resolve",
   "resolution": "Share > Invite People. Invites expire after 14 days."},
  {"id": "F1", "channel": "web_form", "customer_name": "Omar Diaz", "customer_email": "omar@example.org",
   "subject": "Plans", "message": "What does the Pro plan cost per month for my team?",
   "expected_action": "resolve", "resolution": "Pro costs $8/user/month."},
  {"id": "E2", "channel": "email", "customer_email": "legal@example.org", "subject": "Invoices",
   "content": "My lawyer will contact you about the missing invoices.", "expected_action": "escalate"},
  {"id": "F2", "channel": "web_form", "customer_email": "kim@example.org", "subject": "Export",
   "message": "How do I export my notes?", "expected_action": "escalate"},
  {"id": "W2", "channel": "whatsapp", "customer_phone": "+14155550112", "content": "human",
   "expected_action": "resolve_or_escalate"}
]})";

class EvalOnATinyProduct : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "fte-eval-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir = tmpl;
    std::ofstream(dir / "docs.md") << kDocs;
    std::ofstream(dir / "tickets.json") << kTickets;
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

const EvalChannel& channel(const EvalReport& r, const std::string& name) {
  for (const auto& c : r.channels)
    if (c.channel == name) return c;
  throw std::logic_error("no channel " + name);
}

const EvalResult& ticket(const EvalReport& r, const std::string& id) {
  for (const auto& x : r.results)
    if (x.ticket.id == id) return x;
  throw std::logic_error("no ticket " + id);
}

TEST_F(EvalOnATinyProduct, ReportsPrecisionRecallFormatAndFactsPerChannel) {
  std::map<std::string, std::string> env{{"FTE_COMPANY_NAME", "Quillbox"}};
  Config c = load_config(&env);
  EvalOptions o;
  o.tickets_path = (dir / "tickets.json").string();
  o.kb_path = (dir / "docs.md").string();
  auto r = run_eval(c, o);
  ASSERT_EQ(r.results.size(), 6u);
  EXPECT_EQ(r.kb_chunks, 4u);

  // What happened to each ticket.
  EXPECT_FALSE(ticket(r, "E1").escalated) << ticket(r, "E1").reason;
  EXPECT_FALSE(ticket(r, "W1").escalated) << ticket(r, "W1").reason;
  EXPECT_EQ(ticket(r, "F1").reason, "pricing_inquiry");
  EXPECT_EQ(ticket(r, "E2").reason, "legal_threat");
  EXPECT_FALSE(ticket(r, "F2").escalated);
  EXPECT_EQ(ticket(r, "W2").reason, "human_requested");
  for (const auto& x : r.results) {
    EXPECT_TRUE(x.format_ok) << x.ticket.id << ": " << x.format_problems.front();
    EXPECT_EQ(x.engine, "local");
  }
  EXPECT_EQ(ticket(r, "E1").facts_found,
            (std::vector<std::string>{"quillbox.app/reset", "2 hours"}));
  EXPECT_TRUE(ticket(r, "W1").facts_missing.empty())
      << ticket(r, "W1").facts_missing.front() << "\n"
      << ticket(r, "W1").parts.front();

  // Per channel.
  const auto& email = channel(r, "email");
  EXPECT_EQ(email.tickets, 2);
  EXPECT_EQ(email.tp, 1);
  EXPECT_EQ(email.fp, 0);
  EXPECT_EQ(email.fn, 0);
  EXPECT_DOUBLE_EQ(email.precision(), 1.0);
  EXPECT_DOUBLE_EQ(email.recall(), 1.0);
  EXPECT_EQ(email.answered_with_facts, 1);
  EXPECT_EQ(email.carrying_facts, 1);

  const auto& web = channel(r, "webform");
  EXPECT_EQ(web.fp, 1);      // F1: pricing, labelled resolve
  EXPECT_EQ(web.policy, 1);  // ... which the constitution mandates
  EXPECT_EQ(web.fn, 1);      // F2: labelled escalate, answered
  EXPECT_DOUBLE_EQ(web.precision(), 0.0);
  EXPECT_DOUBLE_EQ(web.adjusted_precision(), 1.0);
  EXPECT_DOUBLE_EQ(web.recall(), 0.0);

  const auto& wa = channel(r, "whatsapp");
  EXPECT_EQ(wa.either, 1);  // W2 is not counted
  EXPECT_EQ(wa.tn, 1);
  EXPECT_EQ(wa.tp + wa.fp + wa.fn, 0);

  const auto& all = channel(r, "all");
  EXPECT_EQ(all.tickets, 6);
  EXPECT_DOUBLE_EQ(all.precision(), 0.5);
  EXPECT_DOUBLE_EQ(all.adjusted_precision(), 1.0);
  EXPECT_DOUBLE_EQ(all.recall(), 0.5);
  EXPECT_EQ(all.format_ok, 6);
  EXPECT_EQ(all.answered_with_facts, 2);
  EXPECT_EQ(all.carrying_facts, 2);

  // Both renderings carry the numbers.
  auto text = eval_text(r);
  EXPECT_NE(text.find("F2 [webform]"), std::string::npos) << text;
  auto j = boost::json::parse(eval_json(r)).as_object();
  EXPECT_EQ(j.at("channels").as_array().size(), 4u);
  EXPECT_EQ(j.at("tickets").as_array().size(), 6u);
}

// A second made-up product (a smart thermostat) whose answers need more than the single best
// section's best lines: a question whose facts sit in two sections, and a status-light lookup where
// the customer names two symptoms. Guards the answer selection against fitting one company's docs.
constexpr const char* kThermostatDocs = R"(# Thermly Help Center

## Devices

### Pairing a Thermostat
1. Open the app and tap Devices > Add Device
2. Hold the dial for 5 seconds until the ring blinks
3. Enter the six-digit code shown on the screen

### Schedules
- Create schedules in Devices > Schedules
- Up to 8 temperature changes per day
- Away mode pauses every schedule

## Subscription

### Device Limits
- Basic: 1 home, 2 devices
- Plus: 3 homes, 10 devices
- Pro: unlimited homes and devices

### Changing Your Subscription
1. Open Account > Subscription > Change
2. Pick the new tier
3. The change applies at the next renewal

## Troubleshooting

### Status Lights
| Light | Meaning |
|---|---|
| Blinking blue | Pairing mode |
| Solid red | No Wi-Fi connection: restart the router |
| Blinking amber | Firmware update in progress |
| Solid green | Connected |
| Off | No power: check the wiring |
)";

constexpr const char* kThermostatTickets = R"({"tickets": [
  {"id": "S1", "channel": "web_form", "customer_name": "Ines Ruiz", "customer_email": "ines@example.org",
   "subject": "Device limit",
   "message": "We have two thermostats and the app will not let me add a third device. How do I change our subscription so that we can add more devices?",
   "expected_action": "resolve",
   "resolution": "Basic allows 2 devices; Plus allows 10. Change it in Account > Subscription > Change."},
  {"id": "S2", "channel": "whatsapp", "customer_phone": "+14155550121",
   "content": "thermostat light blinking amber and the wifi keeps dropping", "expected_action": "resolve",
   "resolution": "Blinking amber: firmware update in progress. Solid red: no Wi-Fi, restart the router."},
  {"id": "S3", "channel": "email", "customer_name": "Theo Brandt", "customer_email": "theo@example.org",
   "subject": "Pairing", "content": "Hello, how do I pair my new thermostat?",
   "expected_action": "resolve",
   "resolution": "Devices > Add Device, hold the dial for 5 seconds, enter the six-digit code."}
]})";

TEST_F(EvalOnATinyProduct, FactsSpreadOverSectionsOnASecondProduct) {
  std::ofstream(dir / "thermostat.md") << kThermostatDocs;
  std::ofstream(dir / "thermostat.json") << kThermostatTickets;
  std::map<std::string, std::string> env{{"FTE_COMPANY_NAME", "Thermly"}};
  Config c = load_config(&env);
  EvalOptions o;
  o.tickets_path = (dir / "thermostat.json").string();
  o.kb_path = (dir / "thermostat.md").string();
  auto r = run_eval(c, o);
  ASSERT_EQ(r.results.size(), 3u);
  EXPECT_EQ(r.kb_chunks, 5u);
  for (const auto& x : r.results) {
    EXPECT_FALSE(x.escalated) << x.ticket.id << ": " << x.reason;
    EXPECT_TRUE(x.format_ok) << x.ticket.id << ": " << x.format_problems.front();
  }
  // S1: the pairing steps answer "add a device"; the subscription steps, in another section, are
  // quoted after them (the device limits are not: "2 devices" stays missing).
  EXPECT_EQ(ticket(r, "S1").facts_found,
            (std::vector<std::string>{"Account", "Subscription", "Change"}))
      << ticket(r, "S1").parts.front();
  // S2: the amber row matches best; the row naming Wi-Fi ("wifi" in the message) is kept too.
  EXPECT_EQ(ticket(r, "S2").facts_found, (std::vector<std::string>{"Wi-Fi"}))
      << ticket(r, "S2").parts.front();
  EXPECT_TRUE(ticket(r, "S3").facts_missing.empty()) << ticket(r, "S3").parts.front();
  const auto& all = channel(r, "all");
  EXPECT_EQ(all.format_ok, 3);
  EXPECT_EQ(all.answered_with_facts, 3);
  EXPECT_EQ(all.carrying_facts, 3);  // 1 of 3 before the two-section answers and the coverage
}

TEST(EvalFacts, KeyFactsOfAResolution) {
  auto f = expected_facts(
      "Inform about 10-failed-login lock policy, 30-min auto-unlock. Go to Settings > Security > "
      "Two-Factor Authentication and see example.io/help or help@example.io. Growth: $12/user/mo. "
      "Use the 'Bearer ' prefix with GitHub and SAML SSO, NOW.");
  auto has = [&](const std::string& x) { return std::find(f.begin(), f.end(), x) != f.end(); };
  for (const char* want :
       {"10 failed", "30 min", "Settings", "Security", "Two-Factor Authentication",
        "example.io/help", "help@example.io", "Bearer", "GitHub", "SAML SSO"})
    EXPECT_TRUE(has(want)) << want;
  for (const char* not_a_fact : {"12", "$12", "NOW", "Inform", "Go"})
    EXPECT_FALSE(has(not_a_fact)) << not_a_fact;
}

TEST(EvalFacts, MatchingIsCaseAndUnitTolerant) {
  EXPECT_TRUE(reply_has_fact("It unlocks after 30 minutes.", "30 min"));
  EXPECT_TRUE(reply_has_fact("a 30-minute wait", "30 min"));
  EXPECT_FALSE(reply_has_fact("after 130 minutes", "30 min"));
  EXPECT_TRUE(reply_has_fact("Visit https://www.example.io/help/", "example.io/help"));
  EXPECT_TRUE(reply_has_fact("open settings > security", "Settings"));
  EXPECT_FALSE(reply_has_fact("the settingsmenu", "Settings"));
}

TEST(EvalFormat, ChannelRules) {
  EXPECT_TRUE(format_problems(Channel::email,
                              {"Dear Ana,\n\nBody.\n\nTicket reference: T1\n\nBest regards,\nAcme "
                               "Support"},
                              "T1", "Acme")
                  .empty());
  auto bad = format_problems(Channel::email, {"Body only."}, "T1", "Acme");
  EXPECT_EQ(bad, (std::vector<std::string>{"no greeting", "no ticket reference", "no signature"}));
  EXPECT_EQ(format_problems(Channel::whatsapp, {std::string(301, 'a')}, "T1", "Acme"),
            (std::vector<std::string>{"part 1 over 300 characters"}));
  EXPECT_EQ(format_problems(Channel::webform, {}, "T1", "Acme"),
            (std::vector<std::string>{"no reply"}));
}

// The held-out half is a fixed function of the ticket id: both halves together are the whole
// set, they do not overlap, and the loader keeps exactly the half it is asked for.
TEST_F(EvalOnATinyProduct, SplitsTheSetIntoFixedDevAndTestHalves) {
  const auto all = load_eval_tickets((dir / "tickets.json").string());
  const auto dev = load_eval_tickets((dir / "tickets.json").string(), "dev");
  const auto test = load_eval_tickets((dir / "tickets.json").string(), "test");
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(dev.size() + test.size(), all.size());
  for (const auto& t : dev) EXPECT_EQ(eval_split_of(t.id), "dev") << t.id;
  for (const auto& t : test) EXPECT_EQ(eval_split_of(t.id), "test") << t.id;
  // Stable across runs and builds: FNV-1a of the id, parity.
  EXPECT_EQ(eval_split_of("T-001"), eval_split_of(std::string("T-") + "001"));
  int test_ids = 0;
  for (int i = 0; i < 200; ++i) test_ids += eval_split_of("T-" + std::to_string(i)) == "test";
  EXPECT_GT(test_ids, 70);  // about half of any id family
  EXPECT_LT(test_ids, 130);
}


// Numeric ids ("id": 7) are named "#7" by their value, a ticket without an id by its position;
// the retrieval report splits by the same name, so a ticket is in one half in both reports.
TEST(EvalSplit, NumericIdsAreNamedByValueInBothReports) {
  const fs::path dir = fs::temp_directory_path() / ("fte-eval-ids-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "t.json") << R"([
      {"id": 7, "channel": "email", "message": "How do I export?", "expected_action": "resolve"},
      {"channel": "web_form", "message": "How do I share?", "expected_action": "resolve"},
      {"id": "T-9", "channel": "whatsapp", "message": "Reset my password?", "expected_action": "resolve"}
    ])";
  }
  const auto all = load_eval_tickets((dir / "t.json").string());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, "#7");
  EXPECT_EQ(all[1].id, "#2");
  EXPECT_EQ(all[2].id, "T-9");
  EXPECT_EQ(eval_ticket_name("7", true, 1), "#7");
  EXPECT_EQ(eval_ticket_name("", false, 2), "#2");
  EXPECT_EQ(eval_ticket_name("T-9", false, 3), "T-9");
  fs::remove_all(dir);
}

// A company's own escalation policy beside its docs (agent/judgement/company_rules.h): read as rules, never
// imported as knowledge; `--rules FILE` names one explicitly; without it the built-in judgement
// alone decides.
constexpr const char* kPolicy = R"(# Quillbox — Escalation Rules

## Immediate escalation

### Data Integrity
- Notes that were saved come back empty after a sync
- **Keyword triggers:** "notebook came back empty", "notes were wiped"

**Route to:** Queue: `data-recovery`

## Never escalate
- How to export notes
)";

constexpr const char* kPolicyTickets = R"({"tickets": [
  {"id": "P1", "channel": "email", "customer_email": "ana@example.org", "subject": "Sync",
   "content": "After this morning's sync my notebook came back empty!", "expected_action": "escalate",
   "escalate_to": "data-recovery"},
  {"id": "P2", "channel": "web_form", "customer_email": "kim@example.org", "subject": "Export",
   "message": "How do I export my notes?", "expected_action": "resolve"}
]})";

TEST_F(EvalOnATinyProduct, ACompanysPolicyBesideItsDocsIsUsedAndNeverAnswered) {
  fs::create_directories(dir / "kb");
  std::ofstream(dir / "kb" / "docs.md") << kDocs;
  std::ofstream(dir / "kb" / "escalation-rules.md") << kPolicy;
  std::ofstream(dir / "policy.json") << kPolicyTickets;
  std::map<std::string, std::string> env{{"FTE_COMPANY_NAME", "Quillbox"}};
  Config c = load_config(&env);
  EvalOptions o;
  o.tickets_path = (dir / "policy.json").string();
  o.kb_path = (dir / "kb").string();
  auto r = run_eval(c, o);
  EXPECT_EQ(r.kb_chunks, 4u);  // the docs' sections only
  EXPECT_EQ(r.rules_path, (dir / "kb" / "escalation-rules.md").string());
  EXPECT_EQ(ticket(r, "P1").reason, "data_loss");
  EXPECT_FALSE(ticket(r, "P2").escalated) << ticket(r, "P2").reason;
  const auto text = eval_text(r);
  EXPECT_NE(text.find("escalations routed to a team the label names: 1 of 1"), std::string::npos)
      << text;

  // The same tickets with the docs alone: no policy, the keyword means nothing.
  o.kb_path = (dir / "kb" / "docs.md").string();
  r = run_eval(c, o);
  EXPECT_TRUE(r.rules_path.empty());
  EXPECT_FALSE(ticket(r, "P1").escalated && ticket(r, "P1").reason == "data_loss");

  // --rules names the policy explicitly.
  o.rules_path = (dir / "kb" / "escalation-rules.md").string();
  r = run_eval(c, o);
  EXPECT_EQ(ticket(r, "P1").reason, "data_loss");
}

}  // namespace
}  // namespace fte::app

namespace fte::app {
namespace {

// `fte intents eval FILE --misses` lists each misjudged example (diagnosis on a tuning file) and
// refuses a held-out file, which is read as numbers only.
TEST(IntentsEval, MissesAreListedForATuningFileAndRefusedForAHeldOutOne) {
  const auto dir = fs::temp_directory_path() / ("fte-intents-misses-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto tuning = dir / "tuning.txt", heldout = dir / "heldout-mine.txt";
  for (const auto& p : {tuning, heldout}) {
    std::ofstream(p) << "__label__none How do I export my notes to PDF?\n"
                        "__label__legal_threat My attorney will file a lawsuit against you.\n"
                        "__label__none Our lawyers will be in touch about the breach.\n";
  }
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_intents_eval_cli(tuning.string(), true), 0);
  const auto out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("misjudged"), std::string::npos);
  EXPECT_NE(out.find("none -> legal_threat: [legal: lawyers]"), std::string::npos) << out;
  EXPECT_EQ(out.find("export my notes"), std::string::npos) << out;  // judged right: not listed
  EXPECT_THROW(run_intents_eval_cli(heldout.string(), true), std::exception);
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_intents_eval_cli(heldout.string(), false), 0);  // the numbers are fine
  EXPECT_EQ(testing::internal::GetCapturedStdout().find("misjudged"), std::string::npos);
  fs::remove_all(dir);
}

// A label naming a team accepts every reason that team handles; a reason label only its own.
TEST(JudgementLabels, ATeamLabelAcceptsTheReasonsThatTeamHandles) {
  using V = std::vector<std::string>;
  EXPECT_EQ(label_accepts("legal_threat"), V{"legal_threat"});
  EXPECT_EQ(label_accepts("refund_request"), V{"billing_dispute"});
  EXPECT_EQ(label_accepts("legal-team"),
            (V{"legal_threat", "privacy_request", "account_compliance"}));
  EXPECT_EQ(label_accepts("legal"), label_accepts("legal-team"));  // escalate_legal
  EXPECT_EQ(label_accepts("billing team"), (V{"billing_dispute", "pricing"}));
  EXPECT_EQ(label_accepts("security_team"), (V{"security_incident", "privacy_request"}));
  EXPECT_EQ(label_accepts("enterprise-csm-queue"),
            (V{"pricing", "account_compliance", "human_requested", "outage"}));
  EXPECT_EQ(label_accepts("sales"), V{"pricing"});  // a sales team: prices only
  EXPECT_EQ(label_accepts(""), V{"none"});
  EXPECT_EQ(reason_class("account_or_compliance_request"), "account_compliance");
  EXPECT_EQ(label_class("soc2_audit_paperwork"), "account_compliance");
}

// The judgement report: a privacy request sent to a team label "legal-team" has the right
// reason; the same reason under a reason label "legal_threat" does not; a routine ticket
// escalated as knowledge_gap is counted apart from judgement's false alarms.
TEST(JudgementLabels, ReportCountsRightReasonByTheLabelsTeam) {
  EvalReport r;
  auto add = [&](std::string expected, std::string label, bool escalated, std::string reason) {
    EvalResult x;
    x.ticket.id = "q" + std::to_string(r.results.size());
    x.ticket.expected = std::move(expected);
    x.ticket.expected_reason = std::move(label);
    x.escalated = escalated;
    x.reason = std::move(reason);
    r.results.push_back(std::move(x));
  };
  add("escalate", "legal-team", true, "privacy_request");
  add("escalate", "legal_threat", true, "privacy_request");
  add("resolve", "", true, "knowledge_gap");
  add("resolve", "", true, "churn_risk");
  for (int i = 0; i < 6; ++i) add("resolve", "", false, "");
  const auto text = judgement_text(r);
  EXPECT_NE(text.find("hard-rule tickets (label: pricing, refund/billing, legal, human, security, "
                      "privacy): 2, escalated 2 (100%), right reason 1 (50%)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("q1 label legal_threat -> privacy_request"), std::string::npos) << text;
  EXPECT_EQ(text.find("q0 label"), std::string::npos) << text;
  EXPECT_NE(text.find("routine (labelled resolve) escalated: 2/8 (25%)"), std::string::npos) << text;
  EXPECT_NE(text.find("routine escalated by judgement (not knowledge_gap): 1/8 (12%)"),
            std::string::npos)
      << text;
}

// The data sets' README: where a label disagrees with the constitution, the constitution wins —
// its hard-rule reasons, and "a data-subject request that mentions a lawyer escalates". The
// re-label reads the ticket (a lawyer or attorney named), not only our reason code; "legal" alone
// (our legal team needs SSO) and an answered ticket are never re-labelled.
TEST(JudgementLabels, TheConstitutionReLabelsALawyerNamedInAResolveTicket) {
  auto result = [](std::string body, bool escalated, std::string reason) {
    EvalResult x;
    x.ticket.expected = "resolve";
    x.ticket.body = std::move(body);
    x.escalated = escalated;
    x.reason = std::move(reason);
    return x;
  };
  EXPECT_TRUE(constitution_mandates(
      result("Our Lawyer asked for your DPA, please send it.", true, "privacy_request")));
  EXPECT_TRUE(constitution_mandates(
      result("We\u2019d like the attorneys\u2019 copy of the terms", true, "account_compliance")));
  EXPECT_TRUE(constitution_mandates(result("How much is it?", true, "pricing_inquiry")));
  EXPECT_FALSE(constitution_mandates(
      result("Our legal team needs SSO before we roll out.", true, "knowledge_gap")));
  EXPECT_FALSE(constitution_mandates(result("Our lawyer needs view access.", false, "")));
  EXPECT_FALSE(constitution_mandates(result("Sue from finance cannot log in.", true, "knowledge_gap")));

  EvalReport r;
  r.results.push_back(result("My lawyer wants our data exported.", true, "privacy_request"));
  r.results.back().ticket.id = "q0";
  for (int i = 0; i < 4; ++i) r.results.push_back(result("How do I add a board?", false, ""));
  const auto text = judgement_text(r);
  EXPECT_NE(text.find("re-label of 1 pricing/refund/legal/lawyer asks"), std::string::npos) << text;
}

// With a coverage file (--coverage), a knowledge_gap on a routine ticket the docs do not cover is
// the constitution's "cannot find relevant information" and is re-labelled; one on a covered
// ticket is a retrieval miss and is listed, and so is an uncovered ticket answered anyway.
// Without the file the report says nothing about coverage.
TEST(JudgementLabels, KnowledgeGapIsMandatedOnlyWhereTheDocsAreSilent) {
  EvalReport r;
  auto add = [&](std::string id, std::string expected, int cover, bool escalated,
                 std::string reason) {
    EvalResult x;
    x.ticket.id = std::move(id);
    x.ticket.expected = std::move(expected);
    x.ticket.docs_cover = cover;
    x.escalated = escalated;
    x.reason = std::move(reason);
    r.results.push_back(std::move(x));
  };
  add("e1", "escalate", 1, true, "pricing_inquiry");
  add("e2", "escalate", 0, true, "legal_threat");
  add("s1", "resolve", 0, true, "knowledge_gap");   // docs silent: mandated
  add("c1", "resolve", 1, true, "knowledge_gap");   // docs cover it: a miss
  add("a1", "resolve", 0, false, "");               // docs silent, answered anyway
  r.results.back().cited.emplace_back("Billing");
  add("f1", "resolve", 0, false, "");  // docs silent, feedback acknowledged: cites nothing
  for (const char* id : {"r0", "r1", "r2", "r3", "r4"}) add(id, "resolve", 1, false, "");
  const auto text = judgement_text(r);
  EXPECT_NE(text.find("escalation F1 0.67"), std::string::npos) << text;  // tp 2 fp 2 fn 0
  EXPECT_NE(text.find("by --coverage: 1 where the docs are silent (mandated: re-labelled), 1 "
                      "where they cover the question (c1); routine tickets the docs do not cover "
                      "answered from the docs anyway: 1 of 3 (a1); F1 with both re-labels 0.86"),
            std::string::npos)
      << text;
  for (auto& x : r.results) x.ticket.docs_cover = -1;
  EXPECT_EQ(judgement_text(r).find("--coverage"), std::string::npos);
}

// The coverage file is the retrieval labels' format: its first column, comments skipped.
TEST(JudgementLabels, CoverageIdsAreTheLabelFilesFirstColumn) {
  const auto path = fs::temp_directory_path() / ("fte-coverage-" + std::to_string(::getpid()) + ".tsv");
  {
    std::ofstream out(path);
    out << "# ticket id\theadings\n" << "t1\tInviting Members|Roles\n" << "\n" << "42\tBilling\n"
        << "no tab here\n";
  }
  EXPECT_EQ(load_coverage_ids(path.string()), (std::vector<std::string>{"t1", "42"}));
  fs::remove(path);
  EXPECT_THROW(load_coverage_ids(path.string()), std::exception);
}

}  // namespace
}  // namespace fte::app
