// `fte eval TICKETS.json --kb DOCS.md`: the agent's quality report. Every labelled ticket goes
// through the production path — StoreIntake (ingest + fte.tickets.incoming event in one
// transaction) → AgentWorker (SupportAgent::run → Store::commit_agent_outcome with the outbound
// events) — on a fresh SQLite store in a temporary folder with DOCS imported as the knowledge base.
// What the customer would receive is read back from the outbound event; the escalation from the
// ticket. Per channel it reports:
//   escalation precision / recall   positive = escalated; expected from the label (escalate,
//                                   resolve*, resolve_or_escalate = either, not counted);
//                                   "policy" = escalations the constitution mandates whatever the
//                                   label says (pricing_inquiry, refund_request), shown apart and
//                                   counted as correct in the adjusted precision;
//   format compliance               every reply (answers and acknowledgements): email ≤ 500 words
//                                   with greeting, ticket reference and signature; web form ≤ 300
//                                   words with greeting and reference; WhatsApp parts ≤ 300
//                                   characters (never over 1600);
//   expected facts                  for tickets answered that have an expected resolution: the
//                                   share of its key facts found in the reply (see expected_facts);
//                                   a reply "carries the facts" at >= 50 %.
// Nothing here knows a company: tickets are read from generic field names (id, channel,
// content|message|body, subject, customer_email|email, customer_phone|phone, customer_name|name,
// category, priority, expected_action, escalation_reason, resolution, expected_facts[]).
// Not thread-safe (one eval at a time); throws fte::Error / ConfigError for unreadable input.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "core/domain.h"

namespace fte::app {

struct EvalTicket {
  std::string id;
  Channel channel = Channel::webform;
  std::string customer_name, email, phone, subject, body, category, priority;
  std::string expected;         // escalate|resolve|either
  std::string expected_reason;  // the label's, free text
  std::vector<std::string> facts;
  // Whether the docs cover the question, from a coverage file (EvalOptions::coverage_path):
  // 1 the file labels the ticket with a section, 0 the file leaves it out (the docs are silent),
  // -1 no file given.
  int docs_cover = -1;
};

struct EvalResult {
  EvalTicket ticket;
  bool escalated = false;
  std::string reason;  // our reason code
  std::vector<std::string> parts;
  bool format_ok = true;
  std::vector<std::string> format_problems;
  std::vector<std::string> facts_found, facts_missing;
  std::string engine;
  std::int64_t latency_ms = 0;
  std::vector<std::string> cited;  // the titles of the doc sections the reply cites (its trace)
};

// Whether the constitution mandates this escalation whatever the label says (the data sets'
// README: "the constitution wins"): our reason is one of its hard rules (pricing_inquiry,
// refund_request, legal_threat), or the customer names a lawyer or attorney (its trigger words;
// "a data-subject request that mentions a lawyer escalates"). "legal" and "sue" alone are not
// counted: issue 14 names "our legal team needs SSO" as a false alarm, and "Sue" is a name.
// Only escalated tickets labelled resolve are re-labelled; each is listed by id in the report.
bool constitution_mandates(const EvalResult& r);


struct EvalChannel {
  std::string channel;  // email|whatsapp|webform|all
  int tickets = 0, expected_escalate = 0, expected_resolve = 0, either = 0;
  int tp = 0, fp = 0, fn = 0, tn = 0, policy = 0;  // policy: fp that the constitution mandates
  int replies = 0, format_ok = 0;
  int answered_with_facts = 0, carrying_facts = 0;
  double facts_share_sum = 0;
  double precision() const;
  double adjusted_precision() const;
  double recall() const;
};

struct EvalReport {
  std::string engine;
  std::string tickets_path, kb_path;
  std::string split = "all";  // which half of the set ran (EvalOptions::split)
  std::string rules_path;     // the company's escalation policy used ("" = none)
  std::size_t kb_chunks = 0;
  std::vector<EvalResult> results;
  std::vector<EvalChannel> channels;  // email, whatsapp, webform, all
};

struct EvalOptions {
  std::string tickets_path;
  std::string kb_path;
  std::string engine = "local";  // local|openai (openai reads OPENAI_* from the Config)
  std::string company_name;      // signatures; "" = FTE_COMPANY_NAME
  std::string split = "all";     // all|dev|test (see in_eval_split)
  // The company's escalation policy (agent/judgement/company_rules.h): this file; "" = FTE_ESCALATION_RULES
  // or escalation-rules.md in a KB folder (none: the built-in judgement alone).
  std::string rules_path;
  // Which tickets the docs cover: the labelled question -> section file of `fte eval --retrieval`
  // (ticket id TAB headings; a ticket it leaves out is one the docs do not cover). Lets the
  // judgement report tell a knowledge_gap the constitution mandates ("cannot find relevant
  // information") from one on a question the docs answer. "" = not reported.
  std::string coverage_path;
};

// The ticket ids a coverage file labels (first column; '#' lines are comments). Throws
// fte::Error when the file cannot be read.
std::vector<std::string> load_coverage_ids(const std::string& path);

// The fixed half of a labelled set a ticket belongs to: "dev" (may be read while diagnosing) or
// "test" (held out: measured, never read to find causes). FNV-1a of the ticket id, parity; the
// rule never changes, so numbers on "test" stay comparable across commits.
std::string eval_split_of(std::string_view ticket_id);
// The name a ticket is reported and split by: its string id as given; "#N" for a numeric id N,
// or for a ticket without an id at position N (1-based). `fte eval` and `fte eval --retrieval`
// both split by this name, so a ticket falls in the same half in both reports.
std::string eval_ticket_name(std::string_view given_id, bool numeric, int position);
// True when `split` is "all" or equals eval_split_of(id).
bool in_eval_split(std::string_view ticket_id, std::string_view split);

// Loads a labelled set; only the tickets of `split` (all|dev|test) are returned.
std::vector<EvalTicket> load_eval_tickets(const std::string& path,
                                          std::string_view split = "all");

// The key facts of a free-text expected resolution: numbers with their unit ("1-hour" → "1 hour"),
// URLs and domains, email addresses, menu paths split into their items ("Settings > Security" →
// "Settings", "Security"), quoted terms, and proper names (capitalised words inside a sentence,
// acronyms, CamelCase). Currency amounts are left out (a reply must never quote prices).
std::vector<std::string> expected_facts(std::string_view resolution);
// Case-insensitive; "30 min" matches "30 minutes" and "30-minute"; words match whole.
bool reply_has_fact(std::string_view reply, std::string_view fact);
// Problems of one delivered reply on its channel ("" list = compliant).
std::vector<std::string> format_problems(Channel ch, const std::vector<std::string>& parts,
                                         const std::string& ticket_id,
                                         const std::string& company_name);

EvalReport run_eval(const Config& c, const EvalOptions& o);
std::string eval_text(const EvalReport& r);
std::string eval_json(const EvalReport& r);

// The CLI entry: prints the report (text or JSON) on stdout; returns 0.
int run_eval_cli(const Config& c, const EvalOptions& o, bool json);

}  // namespace fte::app
