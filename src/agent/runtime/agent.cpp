// SupportAgent::run — the runtime around the engines (see agent.h):
//   1. classify (category, priority) and run the input guardrails, before any engine;
//   2. a tripped guardrail: create_ticket → get_customer_history → escalate_to_human, by the
//   runtime;
//      otherwise the engine drives the tools through the Runner (fallback engine if it fails);
//   3. a run that ends without a reply or an escalation escalates ("no_response");
//   4. an escalated ticket gets a channel-formatted acknowledgement through send_response;
//   5. metrics, one log line, the outcome with its trace.
#include "agent/runtime/agent.h"

#include <algorithm>
#include <boost/json.hpp>

#include "agent/format/acknowledgement.h"
#include "agent/runtime/agent_metrics.h"
#include "agent/judgement/classifier.h"
#include "agent/judgement/history_signals.h"
#include "agent/judgement/input_guardrails.h"
#include "agent/judgement/text.h"
#include "agent/engines/local_engine.h"
#include "agent/engines/openai_engine.h"
#include "agent/runtime/output_guardrails.h"
#include "agent/runtime/runner.h"
#include "agent/runtime/support_tools.h"
#include "core/clock.h"
#include "core/error.h"
#include "http/client.h"
#include "kb/knowledge_base.h"
#include "ops/log.h"
#include "ops/metrics.h"

namespace fte::agent {

namespace json = boost::json;

struct SupportAgent::Impl {
  Store& store;
  const kb::KnowledgeBase& kb;
  AgentConfig cfg;
  ops::Metrics& metrics;
  std::unique_ptr<Engine> primary;
  LocalEngine local;

  AgentOutcome run(const AgentRequest& req);
  void add_history_signal(InputCheck& ic, RunState& st, const std::string& body);
  void record(const AgentOutcome& o, const RunState& st, const InputCheck& ic, const Trace& trace,
              std::int64_t latency_us, const std::string& correlation_id);
};

namespace {

std::unique_ptr<Engine> engine_for(const AgentConfig& cfg, ops::Metrics& metrics) {
  if (cfg.engine == "local") return nullptr;
  if (cfg.engine == "openai") {
    if (cfg.openai_api_key.empty()) {
      ops::warn("openai engine without an API key; using the local engine");
      return nullptr;
    }
    OpenAiOptions o;
    o.base_url = cfg.openai_base_url;
    o.api_key = cfg.openai_api_key;
    o.model = cfg.openai_model;
    o.timeout_ms = cfg.openai_timeout_ms;
    o.max_attempts = cfg.openai_max_attempts;
    o.breaker_failures = cfg.breaker_failures;
    o.breaker_cooldown_ms = cfg.breaker_cooldown_ms;
    o.daily_budget_usd = cfg.daily_budget_usd;
    o.shared_spend = cfg.shared_spend;
    o.prices = PriceTable::parse(cfg.llm_prices);  // validated by the configuration
    std::shared_ptr<http::HttpClient> client = http::make_curl_client();
    return std::make_unique<OpenAiEngine>(std::move(o), std::move(client), &metrics,
                                          SystemClock::instance());
  }
  ops::warn("unknown agent engine; using the local engine", {}, {{"engine", cfg.engine}});
  return nullptr;
}

}  // namespace

SupportAgent::SupportAgent(Store& store, const kb::KnowledgeBase& kb, AgentConfig cfg,
                           ops::Metrics& metrics)
    : SupportAgent(store, kb, cfg, metrics, engine_for(cfg, metrics)) {}

SupportAgent::SupportAgent(Store& store, const kb::KnowledgeBase& kb, AgentConfig cfg,
                           ops::Metrics& metrics, std::unique_ptr<Engine> engine)
    : impl_(
          std::make_unique<Impl>(Impl{store, kb, std::move(cfg), metrics, std::move(engine), {}})) {
  metric::declare_agent_metrics(metrics);
  if (impl_->cfg.max_turns < 1) impl_->cfg.max_turns = 1;
}

SupportAgent::~SupportAgent() = default;

AgentOutcome SupportAgent::run(const AgentRequest& req) {
  return impl_->run(req);
}

int SupportAgent::history_messages() const {
  return impl_->cfg.history_messages;
}

// The customer's history as a judgement signal (history_signals.h): a deterministic rule, so it
// goes after the phrase rules and tone and before the intent model; with a rule's reason it raises
// the urgency. Read before the engine, unless the caller read it (AgentRequest::history_read);
// the get_customer_history tool answers from it. A store failure fails the run like any other
// (retried by the bus).
void SupportAgent::Impl::add_history_signal(InputCheck& ic, RunState& st,
                                            const std::string& body) {
  const AgentRequest& req = st.req;
  try {
    // The get_customer_history tool answers from st.history.
    st.history = req.history_read
                     ? req.history
                     : store.customer_history(req.ids.customer_id, cfg.history_messages);
  } catch (const Error& e) {
    // Retryable like every store failure of a run: nothing committed, the bus retries the event.
    const std::string engine = primary ? primary->name() : local.name();
    metrics.counter(metric::kRuns, {{"engine", engine}, {"outcome", "failed"}}).inc();
    ops::warn("agent run failed", req.correlation_id,
              {{"ticket_id", req.ids.ticket_id}, {"error", to_string(e.kind())}});
    throw;
  }
  const std::optional<CustomerHistory>& h = *st.history;  // set above (nullopt: no customer)
  if (!h) return;
  const auto s = history_signals(*h, req.ids.ticket_id, body, now_ms());
  if (!s.trip()) return;
  auto it = std::find_if(ic.trips.begin(), ic.trips.end(),
                         [](const GuardrailTrip& t) { return t.guardrail == "intent_model"; });
  ic.trips.insert(it, GuardrailTrip{"history", "repeat_contact", "high", s.evidence()});
  auto& first = ic.trips.front();
  if (first.urgency == "normal") first.urgency = "high";
}

AgentOutcome SupportAgent::Impl::run(const AgentRequest& req) {
  const auto t0 = monotonic_us();
  const text::StemMemo stem_memo;  // one run stems the same texts many times (text.h)
  const ReplyCheckMemo reply_memo;  // and checks the reply's sentences twice (output_guardrails.h)
  const auto& msg = req.message;
  const std::string correlation_id =
      req.correlation_id.empty() ? msg.correlation_id : req.correlation_id;
  const Engine& engine = primary ? *primary : static_cast<const Engine&>(local);

  Trace trace;
  RunState st(req, store, kb, cfg);
  ToolBox box(trace);
  add_support_tools(box, st, trace);

  // 1. Classification and input guardrails: deterministic, before any engine.
  InputCheck ic = check_input(msg.channel, msg.subject, msg.body);
  add_history_signal(ic, st, msg.body);
  const auto* decision = ic.decision();
  bool legal = false;
  for (const auto& t : ic.trips) legal = legal || t.reason == "legal_threat";
  const std::string text = msg.subject.empty() ? msg.body : msg.subject + "\n" + msg.body;
  if (valid_category(msg.category)) {
    st.category = msg.category;
  } else if (decision &&
             (decision->reason == "pricing_inquiry" || decision->reason == "refund_request" ||
              decision->reason == "billing_dispute")) {
    st.category = "billing";
  } else {
    st.category = classify_category(text);
  }
  st.priority = valid_priority(msg.priority)
                    ? msg.priority
                    : derive_priority(text, st.category, ic.sentiment, legal);
  json::array trips;
  for (const auto& t : ic.trips)
    trips.push_back(
        json::object{{"guardrail", t.guardrail}, {"reason", t.reason}, {"evidence", t.evidence},
                     {"team", t.team}});
  trace.note("input", json::object{{"channel", to_string(msg.channel)},
                                   {"sentiment", ic.sentiment},
                                   {"category", st.category},
                                   {"priority", st.priority},
                                   {"intent", ic.intent.label},
                                   {"intent_probability", ic.intent.probability},
                                   {"guardrails", std::move(trips)}});

  RunContext ctx;
  ctx.ticket_id = req.ids.ticket_id;
  ctx.customer_id = req.ids.customer_id;
  ctx.conversation_id = req.ids.conversation_id;
  ctx.channel = msg.channel;
  ctx.customer_name = msg.customer_name;
  ctx.subject = msg.subject;
  ctx.body = msg.body;
  ctx.category = st.category;
  ctx.priority = st.priority;
  ctx.company_name = cfg.company_name;
  ctx.relevance_threshold = kb.relevance_threshold();
  ctx.correlation_id = correlation_id;

  int runtime_calls = 0;
  auto runtime_call = [&](const std::string& name, json::object args) {
    ToolCall c;
    c.id = "runtime-" + std::to_string(++runtime_calls);
    c.name = name;
    c.arguments = std::move(args);
    return box.invoke(c, 0, "runtime");
  };
  auto ensure_prerequisites = [&] {
    if (!st.ticket_created)
      runtime_call("create_ticket",
                   {{"customer_id", ctx.customer_id},
                    {"issue", text.find_first_not_of(" \t\r\n") == std::string::npos
                                  ? std::string("(a message without text)")
                                  : text.substr(0, 4000)},
                    {"priority", st.priority},
                    {"category", st.category},
                    {"channel", to_string(ctx.channel)}});
    if (st.ticket_created && !st.history_loaded)
      runtime_call("get_customer_history",
                   {{"customer_id", ctx.customer_id}, {"channel", to_string(ctx.channel)}});
  };
  auto escalate = [&](const std::string& reason, const std::string& urgency,
                      const std::string& context) {
    ensure_prerequisites();
    if (st.ticket_created)
      runtime_call("escalate_to_human", {{"ticket_id", ctx.ticket_id},
                                         {"reason", reason},
                                         {"urgency", urgency},
                                         {"context", context}});
    st.escalate(reason, urgency, context);  // no-op when the tool did it
  };

  std::string engine_used = engine.name();
  std::string fallback_from, fallback_reason;
  RunnerResult rr;
  try {
    // 2. Guardrail decision, or the engine.
    if (decision) {
      // The company policy's team for the reason travels in the context (console, fte.escalations).
      std::string team = decision->team;
      if (auto policy = CompanyRules::shared(); team.empty() && policy)
        team = policy->team_for(decision->reason);
      escalate(decision->reason, decision->urgency,
               "input guardrail '" + decision->guardrail + "' matched '" + decision->evidence +
                   "'" + (team.empty() ? std::string() : "; route to " + team));
    } else {
      Runner runner(box, trace, cfg.max_turns);
      rr = runner.run(engine, ctx, [&] { return st.finished(); });
      if (rr.engine_failed && !st.finished() && &engine != &local) {
        // The model is down or the budget is spent: the local engine answers (always for a
        // spent budget), or a human does (FTE_LLM_FALLBACK=human). The local run starts a fresh
        // transcript; the tools it repeats (create_ticket, history) are idempotent.
        fallback_from = engine.name();
        fallback_reason = rr.budget_exhausted ? "budget_exhausted" : "engine_failed";
        const bool to_local = rr.budget_exhausted || cfg.fallback != "human";
        metrics
            .counter(metric::kFallbacks, {{"from", fallback_from},
                                          {"to", to_local ? "local" : "human"},
                                          {"reason", fallback_reason}})
            .inc();
        trace.note("fallback", json::object{{"from", fallback_from},
                                            {"to", to_local ? "local" : "human"},
                                            {"reason", fallback_reason},
                                            {"error", rr.engine_error}});
        if (to_local) {
          engine_used = local.name();
          const RunnerResult first = rr;
          rr = runner.run(local, ctx, [&] { return st.finished(); });
          rr.turns += first.turns;
          rr.tokens_in += first.tokens_in;
          rr.tokens_out += first.tokens_out;
          rr.cost_usd += first.cost_usd;
        } else {
          escalate("engine_unavailable", "normal", "the " + engine.name() + " engine failed");
        }
      }
    }
    // An engine's escalation reason is free text: checked against the product's codes.
    if (st.escalated && !known_reason(st.escalation_reason)) {
      st.escalation_reason = canonical_reason(st.escalation_reason);
      if (st.escalation_urgency != "critical" && st.escalation_urgency != "high")
        st.escalation_urgency = reason_urgency(st.escalation_reason);
    }
    // 3. Every run ends with a reply or an escalation.
    if (!st.finished())
      escalate("no_response", "normal",
               rr.out_of_turns ? "the engine used all its turns without replying"
                               : "the engine stopped without replying");
    // 4. An escalated ticket gets an acknowledgement on its channel.
    if (st.escalated && !st.responded) {
      ensure_prerequisites();
      if (st.ticket_created && st.history_loaded)
        runtime_call("send_response",
                     {{"ticket_id", ctx.ticket_id},
                      {"message", acknowledgement(st.escalation_reason, ctx.channel)},
                      {"channel", to_string(ctx.channel)}});
    }
  } catch (const Error& e) {
    // A retryable store failure: nothing is committed by the agent, the bus retries the event.
    metrics.counter(metric::kRuns, {{"engine", engine_used}, {"outcome", "failed"}}).inc();
    ops::warn("agent run failed", correlation_id,
              {{"ticket_id", req.ids.ticket_id}, {"error", to_string(e.kind())}});
    throw;
  }

  // 5. The outcome.
  AgentOutcome o;
  o.idempotency_key = req.idempotency_key;
  o.ticket_id = req.ids.ticket_id;
  o.conversation_id = req.ids.conversation_id;
  o.channel = msg.channel;
  o.reply_parts = st.reply_parts;
  o.escalated = st.escalated;
  o.escalation_reason = st.escalation_reason;
  o.escalation_urgency = st.escalation_urgency;
  o.escalation_context = st.escalation_context;
  o.category = st.category;
  o.sentiment = ic.sentiment;
  o.tokens_in = rr.tokens_in;
  o.tokens_out = rr.tokens_out;
  o.engine = engine_used;
  o.ticket = st.deferred_ticket;  // create_ticket's upsert, committed with the outcome
  const auto latency_us = monotonic_us() - t0;
  o.latency_ms = latency_us / 1000;

  json::array output_trips;
  for (const auto& t : st.output_trips) output_trips.push_back(json::value(t));
  trace.note("run", json::object{{"engine", engine_used},
                                 {"model", &engine == &local ? std::string() : engine.model()},
                                 {"fallback_from", fallback_from},
                                 {"tokens_in", rr.tokens_in},
                                 {"tokens_out", rr.tokens_out},
                                 {"cost_usd", rr.cost_usd},
                                 {"ticket_id", o.ticket_id},
                                 {"correlation_id", correlation_id},
                                 {"outcome", o.escalated ? "escalated" : "answered"},
                                 {"reason", o.escalation_reason},
                                 {"decided_by", !decision ? "engine"
                                                : decision->guardrail == "intent_model" ? "intent_model"
                                                : decision->guardrail == "history"     ? "history"
                                                                                       : "input_guardrail"},
                                 {"turns", rr.turns},
                                 {"grounded", st.relevant_hit},
                                 {"latency_us", latency_us},
                                 {"output_guardrails", std::move(output_trips)}});
  o.trace_json = trace.to_json();
  record(o, st, ic, trace, latency_us, correlation_id);
  return o;
}

void SupportAgent::Impl::record(const AgentOutcome& o, const RunState& st, const InputCheck& ic,
                                const Trace& trace, std::int64_t latency_us,
                                const std::string& correlation_id) {
  const std::string outcome = o.escalated ? "escalated" : "answered";
  metrics.counter(metric::kRuns, {{"engine", o.engine}, {"outcome", outcome}}).inc();
  metrics.histogram(metric::kRunDuration).observe(static_cast<double>(latency_us) / 1e6);
  if (o.escalated) {
    // Reason codes from a model are free text: keep the label set bounded.
    const std::string reason = known_reason(o.escalation_reason) ? o.escalation_reason : "other";
    metrics.counter(metric::kEscalations, {{"reason", reason}, {"channel", to_string(o.channel)}})
        .inc();
  }
  for (const auto& t : ic.trips)
    metrics.counter(metric::kGuardrailTrips, {{"guardrail", t.guardrail}}).inc();
  for (const auto& t : st.output_trips)
    metrics.counter(metric::kGuardrailTrips, {{"guardrail", t}}).inc();
  for (const auto& s : trace.spans())
    metrics
        .counter(metric::kToolCalls,
                 {{"tool", s.status == "unknown_tool" ? "unknown" : s.tool}, {"status", s.status}})
        .inc();

  // One line per run: no message text, no customer identifiers.
  ops::info("agent run", correlation_id,
            {{"ticket_id", o.ticket_id},
             {"channel", to_string(o.channel)},
             {"engine", o.engine},
             {"outcome", outcome},
             {"reason", o.escalation_reason},
             {"category", o.category},
             {"latency_ms", std::to_string(latency_us / 1000)},
             {"latency_us", std::to_string(latency_us)},
             {"tool_calls", std::to_string(trace.spans().size())},
             {"reply_parts", std::to_string(o.reply_parts.size())}});
}

}  // namespace fte::agent
