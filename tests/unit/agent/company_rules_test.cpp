// CompanyRules (src/agent/judgement/company_rules.h): a company's escalation policy in markdown, read into
// categories with our reason codes, keyword triggers, teams and examples. The policies here are
// written for the test (a made-up bakery-supplies SaaS), in the shapes companies use: headings
// with bullets, "Keyword triggers:", "Route to: … Queue:", a trigger table, never-escalate lists.
#include "agent/judgement/company_rules.h"

#include <gtest/gtest.h>

#include "agent/judgement/input_guardrails.h"

namespace fte::agent {
namespace {

const char* kPolicy = R"(# Crumbly — Escalation Rules

## Overview
Escalate when in doubt. "Be kind" is our motto.

## IMMEDIATE Escalation (do not attempt to resolve first)

### 1. Billing & Payments
- Customer says an oven subscription was billed to the wrong branch
- **Keyword triggers:** "wrong branch billed", "charged for a closed bakery"

**Route to:** `money@crumbly.example` | Queue: `payments-desk`

### 2. Legal & Compliance
- A food-safety inspector or solicitor is involved
- **Keyword triggers:** "legal", "health inspector"

**Route to:** Queue: `legal-desk`

### 3. Customer Explicitly Requests Human
- WhatsApp keywords: "human", "baker"

## CONDITIONAL Escalation (after one failed answer)

### 4. Complex Recipe Sync Issues
- Recipe cards vanish from every tablet after the nightly sync
**Route to:** Queue: `tier-2`

## Pricing & Commercial Guardrails
- NEVER quote wholesale flour prices — escalate to sales@crumbly.example

| Trigger | Description | Priority |
|---|---|---|
| Churn threat | Franchise manager says they will move all branches elsewhere | HIGH |

## Escalation Message Template
- Say "our team", never "bot"

## NEVER Escalate (agent handles fully)
- How to print recipe cards
- Changing the opening hours of a branch
)";

const CompanyRule* find(const CompanyRules& r, std::string_view reason,
                        std::string_view name = {}) {
  for (const auto& x : r.rules())
    if (x.reason == reason && (name.empty() || x.name == name)) return &x;
  return nullptr;
}

TEST(CompanyRules, HeadingsBecomeReasonCodesWithTheirTeamsKeywordsAndExamples) {
  auto r = CompanyRules::parse(kPolicy, "test");
  const auto* billing = find(r, "billing_dispute");
  ASSERT_NE(billing, nullptr);
  EXPECT_EQ(billing->team, "payments-desk");
  EXPECT_TRUE(billing->immediate);
  ASSERT_EQ(billing->keywords.size(), 2u);
  EXPECT_EQ(billing->keywords[0], "wrong branch billed");
  ASSERT_EQ(billing->examples.size(), 1u);

  const auto* legal = find(r, "legal_threat");
  ASSERT_NE(legal, nullptr);
  EXPECT_EQ(legal->team, "legal-desk");

  const auto* human = find(r, "human_requested");
  ASSERT_NE(human, nullptr);
  EXPECT_TRUE(human->keywords.empty());
  EXPECT_EQ(human->whatsapp_keywords, (std::vector<std::string>{"human", "baker"}));

  const auto* sync = find(r, "other", "Complex Recipe Sync Issues");
  ASSERT_NE(sync, nullptr);
  EXPECT_FALSE(sync->immediate);
  EXPECT_EQ(sync->team, "tier-2");

  EXPECT_EQ(r.team_for("pricing_inquiry"), "sales");           // "escalate to sales@…"
  EXPECT_EQ(r.team_for("refund_request"), "payments-desk");    // billing's sibling
  EXPECT_NE(find(r, "churn_risk"), nullptr);                   // a trigger table row
  EXPECT_EQ(r.routine_examples().size(), 2u);
  // The template's "our team"/"bot" and the overview's motto are not triggers.
  EXPECT_EQ(r.keyword_count(), 6u);
}

TEST(CompanyRules, HeadingWordsMapOntoReasonCodes) {
  EXPECT_EQ(reason_for_heading("Refunds & Cancellations"), "refund_request");
  EXPECT_EQ(reason_for_heading("Pricing & Plan Negotiation"), "pricing_inquiry");
  EXPECT_EQ(reason_for_heading("Enterprise SLA Breach"), "outage");
  EXPECT_EQ(reason_for_heading("Data breach / security incident"), "security_incident");
  EXPECT_EQ(reason_for_heading("GDPR data deletion"), "privacy_request");
  EXPECT_EQ(reason_for_heading("Angry / Distressed Customers"), "negative_sentiment");
  EXPECT_EQ(reason_for_heading("Talk to a person"), "human_requested");
  EXPECT_EQ(reason_for_heading("Agent Cannot Resolve"), "other");
}

TEST(CompanyRules, KeywordTriggersHoldTheBuiltInGuards) {
  auto r = CompanyRules::parse(kPolicy);
  auto hit = r.keyword_trigger(Channel::email, "We were charged for a closed bakery again", "");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->rule->reason, "billing_dispute");
  EXPECT_TRUE(r.keyword_trigger(Channel::email, "This is now a legal matter.", ""));
  // Innocent uses: a product thing named by the word, and negation.
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "Our legal team needs SSO, how?", ""));
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "Not a legal question, just curious", ""));
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "The paralegal asked about exports", ""));
  // WhatsApp keywords: the whole message only.
  EXPECT_TRUE(r.keyword_trigger(Channel::whatsapp, "Baker please", "Baker please"));
  EXPECT_FALSE(r.keyword_trigger(Channel::whatsapp, "Is the baker role free?",
                                 "Is the baker role free?"));
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "human", "human"));
}

TEST(CompanyRules, OneWordTriggersHoldTheBuiltInWordGuards) {
  const auto r = CompanyRules::parse(
      "## Legal\n- **Keyword triggers:** \"sue\", \"lawyers\"\n"
      "## Security\n- **Keyword triggers:** \"unauthorized\"\n"
      "## Refunds\n- **Keyword triggers:** \"refund\"\n");
  // Innocent: a name, an HTTP error, a refund to one's own client, lawyers as clientele.
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "Hi, I'm Sue and I run our workspace.", ""));
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "API calls return 401 unauthorized since today", ""));
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "How do I log a refund to my client?", ""));
  EXPECT_FALSE(r.keyword_trigger(Channel::email, "Our app is built for lawyers, can we add a field?", ""));
  // Meant: the same words as the situation.
  EXPECT_TRUE(r.keyword_trigger(Channel::email, "We will sue you over this", ""));
  EXPECT_TRUE(r.keyword_trigger(Channel::email, "Our lawyers have the file now", ""));
  EXPECT_TRUE(r.keyword_trigger(Channel::email, "There was unauthorized access to my account", ""));
  EXPECT_TRUE(r.keyword_trigger(Channel::email, "I want a refund for last month", ""));
}

TEST(CompanyRules, CheckInputAddsCompanyTripsAfterTheBuiltInRulesAndCarriesTheTeam) {
  auto r = CompanyRules::parse(kPolicy);
  auto ic = check_input(Channel::email, "", "A health inspector is coming about your app", nullptr,
                        &r);
  ASSERT_TRUE(ic.decision());
  EXPECT_EQ(ic.decision()->guardrail, "company_rule");
  EXPECT_EQ(ic.decision()->reason, "legal_threat");
  EXPECT_EQ(ic.decision()->team, "legal-desk");
  // The constitution's rules stay first; the policy only adds its team.
  ic = check_input(Channel::email, "", "I want a refund for last month", nullptr, &r);
  ASSERT_TRUE(ic.decision());
  EXPECT_EQ(ic.decision()->guardrail, "refund");
  EXPECT_EQ(ic.decision()->team, "payments-desk");
  // Without a policy nothing company-specific happens.
  ic = check_input(Channel::email, "", "A health inspector is coming about your app", nullptr,
                   nullptr);
  EXPECT_FALSE(ic.decision());
}

TEST(CompanyRules, OwnershipTransfersFollowThePolicy) {
  const std::string msg = "How do I transfer ownership of the workspace to my colleague?";
  auto silent = CompanyRules::parse(kPolicy);
  EXPECT_FALSE(check_input(Channel::email, "", msg, nullptr, &silent).decision());
  auto wants = CompanyRules::parse("## Account-Level Issues\n- Request to transfer workspace ownership\n");
  auto ic = check_input(Channel::email, "", msg, nullptr, &wants);
  ASSERT_TRUE(ic.decision());
  EXPECT_EQ(ic.decision()->reason, "account_or_compliance_request");
  // No policy: not escalated (companies differ and the constitution does not ask for it).
  EXPECT_FALSE(check_input(Channel::email, "", msg, nullptr, nullptr).decision());
  // A policy that names an owner but not ownership ("change account email/owner due to a
  // security concern") does not turn the rule on.
  auto owner_only = CompanyRules::parse(
      "## Account Security\n- Request to change account email/owner due to security concern\n");
  EXPECT_FALSE(check_input(Channel::email, "", msg, nullptr, &owner_only).decision());
}

TEST(CompanyRules, TheNearestExampleEscalatesOnlyWhenItCoversTheMessageBetterThanRoutine) {
  auto r = CompanyRules::parse(kPolicy);
  auto hit = r.nearest_example("Since last night the recipe cards vanish from every tablet after sync");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->rule->reason, "other");
  EXPECT_GE(hit->score, kCompanyExampleThreshold);
  EXPECT_FALSE(r.nearest_example("How can I print recipe cards for the tablet stand?"));
  EXPECT_FALSE(r.nearest_example("Do you integrate with accounting software?"));
}

TEST(CompanyRules, PolicyFilesAndTeams) {
  EXPECT_TRUE(is_policy_file("escalation-rules.md"));
  EXPECT_TRUE(is_policy_file("docs/Escalation-Rules.md"));
  EXPECT_FALSE(is_policy_file("product-docs.md"));
  EXPECT_TRUE(team_matches("billing-team", "billing-team"));
  EXPECT_TRUE(team_matches("enterprise-csm", "escalate_enterprise_csm"));
  EXPECT_TRUE(team_matches("sales", "escalate_sales"));
  EXPECT_FALSE(team_matches("tier-2-support", "billing-team"));
  EXPECT_FALSE(team_matches("security-team", "legal-team"));  // "team" alone does not count
}

TEST(CompanyRules, TheSampleCompanysPolicyIsReadWhole) {
  auto r = CompanyRules::load(std::string(FTE_SOURCE_DIR) + "/data/kb/escalation-rules.md");
  for (const char* reason : {"refund_request", "security_incident", "legal_threat",
                             "privacy_request", "outage", "pricing_inquiry", "negative_sentiment"})
    EXPECT_FALSE(r.team_for(reason).empty()) << reason;
  EXPECT_GE(r.keyword_count(), 8u);
  EXPECT_GE(r.routine_examples().size(), 5u);
  // Routine Rotaloom questions stay with the agent; its own incidents escalate with a team.
  EXPECT_FALSE(check_input(Channel::email, "", "How do I publish next week's schedule?", nullptr, &r)
                   .decision());
  auto ic = check_input(Channel::email, "", "Nobody can clock in at our shop this morning", nullptr,
                        &r);
  ASSERT_TRUE(ic.decision());
  EXPECT_EQ(ic.decision()->team, "on-call");
}

}  // namespace
}  // namespace fte::agent
