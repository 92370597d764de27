// The five support tools of spec V and the per-run state they enforce the rules with.
//
//   create_ticket(customer_id, issue, priority, category, channel)
//       Store::upsert_ticket, idempotent on the request's ticket id (the gateway allocated it).
//       When the history the runtime read before the run holds that ticket (the intake created
//       it), the upsert is not written here but kept in `deferred_ticket` and committed with the
//       run's outcome (AgentOutcome::ticket, same transaction); the result is the ticket as the
//       upsert leaves it.
//   get_customer_history(customer_id, channel?)
//       Store::customer_history: the customer's tickets and messages on every channel.
//   search_knowledge_base(query, max_results <= 5, category?)
//       KnowledgeBase::search; hits with scores and the relevance threshold. Two searches in a run
//       without a hit at or above the threshold escalate ("knowledge_gap") — unless a hit was
//       "related" (score >= kRelatedFraction x threshold and a content word of the query in its
//       heading path): then the result says "closest_only" and the engine may offer that section
//       as the closest documentation, saying the exact question is not covered (docs/DECISIONS.md,
//       "Closest documentation instead of a knowledge-gap escalation"). An empty knowledge base
//       escalates at once ("knowledge_base_unavailable").
//   send_response(ticket_id, message, channel, sources?)
//       Refused until create_ticket and get_customer_history ran for this ticket, and after a reply
//       was sent. Grounding (grounding.h): a reply with factual sentences must cite in `sources`
//       the chunk ids (search hits' "id") it rests on, all retrieved in this run, and each factual
//       sentence must be supported by them; otherwise it is refused ("ungrounded", with the
//       unsupported sentences) and may be rewritten once; a second ungrounded reply escalates
//       ("knowledge_gap"). Runs the output guardrails: the first failing reply is returned to the engine
//       with the offending sentences (so it can rewrite it), a second one escalates
//       ("output_guardrail"). Formats for the channel; a reply over the channel's length limit is
//       returned once, then shortened at sentence boundaries. Records the reply parts.
//   escalate_to_human(ticket_id, reason, urgency, context)
//       Marks the run escalated (reason code, urgency, sanitised context).
//
// The ids and channel in the arguments must be this run's: a call for another customer or ticket,
// or another channel, is refused (no cross-customer or cross-channel leakage).
// Not thread-safe: one RunState and one ToolBox per run. Store errors: a retryable fte::Error
// propagates (see ToolBox); anything else becomes an error result.
#pragma once
#include <boost/json/array.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/runtime/agent.h"
#include "agent/runtime/config.h"
#include "agent/runtime/tool.h"
#include "agent/runtime/trace.h"

namespace fte::agent {

// A hit scoring at least this fraction of the relevance threshold, on the question's topic, is
// "related" (see search_knowledge_base above).
inline constexpr double kRelatedFraction = 0.4;

struct RunState {
  RunState(const AgentRequest& r, Store& s, const kb::KnowledgeBase& k, const AgentConfig& c)
      : req(r), store(s), kb(k), cfg(c) {}
  const AgentRequest& req;
  Store& store;
  const kb::KnowledgeBase& kb;
  const AgentConfig& cfg;

  // classification (set by the runtime before any tool runs; create_ticket may refine it)
  std::string category;
  std::string priority;

  // progress
  bool ticket_created = false;
  bool history_loaded = false;
  // The customer's history as the runtime read it before the run (one store read per run: the
  // get_customer_history tool answers from it, with this run's ticket as create_ticket wrote it).
  std::optional<std::optional<CustomerHistory>> history;
  std::optional<Ticket> ticket;  // as create_ticket stored it (or will, with the outcome)
  std::optional<TicketUpsert> deferred_ticket;  // create_ticket's upsert, for the outcome
  int previous_tickets = 0;  // other tickets of this customer (any channel)
  int searches = 0;
  int searches_without_hit = 0;
  bool relevant_hit = false;
  bool related_hit = false;  // a hit below the threshold but on the question's topic
  double best_score = 0;
  std::string public_text;  // documentation retrieved in this run (output guardrail allow-list)
  // Chunks retrieved in this run: id → heading path and text (what a reply may cite).
  std::map<std::string, std::pair<std::string, std::string>> retrieved;
  std::vector<std::string> cited;  // the chunk ids the sent reply cites
  int grounding_rejections = 0;
  boost::json::array kb_searches;  // per search: query, scores, best (for the trace)
  int output_rejections = 0;
  int length_rejections = 0;
  std::vector<std::string> output_trips;  // guardrail labels, for metrics

  // result
  bool responded = false;
  std::vector<std::string> reply_parts;
  bool escalated = false;
  std::string escalation_reason, escalation_urgency, escalation_context;

  bool finished() const { return responded || escalated; }
  void escalate(std::string reason, std::string urgency, std::string context);
};

// Adds the five tools, bound to `st`, to `box`.
void add_support_tools(ToolBox& box, RunState& st, Trace& trace);

// The tool definitions alone (for engines and documentation).
std::vector<ToolSpec> support_tool_specs();

}  // namespace fte::agent
