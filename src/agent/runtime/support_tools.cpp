#include "agent/runtime/support_tools.h"

#include "agent/runtime/grounding.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <set>

#include "agent/format/channel_format.h"
#include "agent/runtime/output_guardrails.h"
#include "agent/judgement/text.h"
#include "core/json_util.h"
#include "kb/confidence.h"
#include "kb/knowledge_base.h"
#include "kb/text.h"
#include "ops/log.h"

namespace fte::agent {

namespace json = boost::json;

namespace {

constexpr std::size_t kHitContentChars = 1500;
constexpr std::size_t kHistoryContentChars = 500;

json::object schema(std::string_view text) {
  return json::parse(text).as_object();
}

const std::vector<ToolSpec>& specs() {
  static const std::vector<ToolSpec> k = {
      {"create_ticket",
       "Log this customer interaction as a support ticket. Call this FIRST, before anything else.",
       schema(R"({"type":"object","additionalProperties":false,
         "required":["customer_id","issue","channel"],
         "properties":{
           "customer_id":{"type":"string","minLength":1,"maxLength":64,
                          "description":"the customer's id from the context"},
           "issue":{"type":"string","minLength":1,"maxLength":4000,
                    "description":"a short summary of the customer's issue"},
           "priority":{"type":"string","enum":["low","medium","high"]},
           "category":{"type":"string",
                       "enum":["general","technical","billing","bug_report","feedback"]},
           "channel":{"type":"string","enum":["email","whatsapp","webform"]}}})")},
      {"get_customer_history",
       "The customer's previous tickets and messages on every channel (email, WhatsApp, web "
       "form). Call this SECOND, after create_ticket.",
       schema(R"({"type":"object","additionalProperties":false,"required":["customer_id"],
         "properties":{
           "customer_id":{"type":"string","minLength":1,"maxLength":64},
           "channel":{"type":"string","enum":["email","whatsapp","webform"]}}})")},
      {"search_knowledge_base",
       "Search the product documentation. Returns sections with a relevance score; only hits "
       "marked relevant may be used, and on_topic says whether a section is about what the "
       "query asks; unknown_terms lists query words the documentation never uses. Two "
       "searches without a relevant hit hand the ticket to a human.",
       schema(R"({"type":"object","additionalProperties":false,"required":["query"],
         "properties":{
           "query":{"type":"string","minLength":1,"maxLength":1000},
           "max_results":{"type":"integer","minimum":1,"maximum":5},
           "category":{"type":"string","maxLength":64}}})")},
      {"send_response",
       "Send the reply to the customer on their channel. The only way to reply. Write the body "
       "only: greeting, signature and ticket reference are added for the channel. No prices, no "
       "refunds, no internal details. Cite in sources the ids of the search hits the reply rests "
       "on; every factual sentence must be supported by them.",
       schema(R"({"type":"object","additionalProperties":false,
         "required":["ticket_id","message","channel"],
         "properties":{
           "ticket_id":{"type":"string","minLength":1,"maxLength":64},
           "message":{"type":"string","minLength":1,"maxLength":8000},
           "channel":{"type":"string","enum":["email","whatsapp","webform"]},
           "sources":{"type":"array","maxItems":10,
                      "items":{"type":"string","minLength":1,"maxLength":64}}}})")},
      {"escalate_to_human",
       "Hand the ticket to a human agent with a reason code (e.g. pricing_inquiry, "
       "refund_request, legal_threat, knowledge_gap, human_requested).",
       schema(R"({"type":"object","additionalProperties":false,
         "required":["ticket_id","reason"],
         "properties":{
           "ticket_id":{"type":"string","minLength":1,"maxLength":64},
           "reason":{"type":"string","minLength":1,"maxLength":64},
           "urgency":{"type":"string","enum":["low","normal","high","critical"]},
           "context":{"type":"string","maxLength":2000}}})")},
  };
  return k;
}

[[noreturn]] void refuse(const std::string& code, const std::string& message,
                         json::object details = {}) {
  throw ToolError("refused", code, message, std::move(details));
}

std::string clip(std::string_view s, std::size_t n) {
  if (s.size() <= n) return std::string(s);
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "...";
}

// "Pricing Inquiry!" → "pricing_inquiry"
std::string reason_code(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) {
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "unspecified" : out;
}

void check_customer(const RunState& st, const json::object& a) {
  if (jsonu::str(a, "customer_id") != st.req.ids.customer_id)
    refuse("wrong_customer", "customer_id is not the customer of this conversation");
}

void check_ticket(const RunState& st, const json::object& a) {
  if (jsonu::str(a, "ticket_id") != st.req.ids.ticket_id)
    refuse("wrong_ticket", "ticket_id is not the ticket of this conversation");
}

void check_channel(const RunState& st, const json::object& a) {
  if (auto* c = a.if_contains("channel");
      c && c->is_string() && parse_channel(c->get_string()) != st.req.message.channel)
    refuse("wrong_channel", std::string("the customer wrote on ") +
                                to_string(st.req.message.channel) + "; reply on that channel");
}

json::value create_ticket(RunState& st, const json::object& a) {
  check_customer(st, a);
  check_channel(st, a);
  TicketUpsert t;
  t.ticket_id = st.req.ids.ticket_id;
  t.customer_id = st.req.ids.customer_id;
  t.conversation_id = st.req.ids.conversation_id;
  t.channel = st.req.message.channel;
  t.subject =
      st.req.message.subject.empty() ? clip(jsonu::str(a, "issue"), 120) : st.req.message.subject;
  t.category = jsonu::str(a, "category", st.category);
  t.priority = jsonu::str(a, "priority", st.priority);
  // The ticket as it is now, when known without the store: an earlier call's result, or the row
  // in the history read before the run (this customer's, so the upsert cannot conflict).
  const Ticket* known = st.ticket_created && st.ticket ? &*st.ticket : nullptr;
  if (!known && st.history && *st.history)
    for (const auto& x : (*st.history)->tickets)
      if (x.id == t.ticket_id) known = &x;
  Ticket ticket;
  if (known) {
    // Store::upsert_ticket's effect on an existing ticket (kept for the outcome's transaction).
    ticket = *known;
    if (!t.subject.empty()) ticket.subject = t.subject;
    if (!t.category.empty()) ticket.category = t.category;
    if (!t.priority.empty()) ticket.priority = t.priority;
    if (ticket.status == ticket_status::received) ticket.status = ticket_status::open;
    if (st.deferred_ticket) {  // a later call's non-empty fields win, as two upserts would
      if (t.subject.empty()) t.subject = st.deferred_ticket->subject;
      if (t.category.empty()) t.category = st.deferred_ticket->category;
      if (t.priority.empty()) t.priority = st.deferred_ticket->priority;
    }
    st.deferred_ticket = t;
  } else {
    ticket = st.store.upsert_ticket(t);
  }
  st.ticket_created = true;
  st.ticket = ticket;
  st.category = t.category;
  st.priority = t.priority;
  return json::object{{"ticket_id", ticket.id},
                      {"status", ticket.status},
                      {"category", t.category},
                      {"priority", t.priority},
                      {"channel", to_string(t.channel)}};
}

json::value customer_history(RunState& st, const json::object& a) {
  check_customer(st, a);
  if (!st.ticket_created) refuse("order_violation", "call create_ticket first");
  std::optional<CustomerHistory> h;
  if (st.history) {
    // Read at the start of this run; only this run's ticket has changed since (create_ticket).
    h = std::move(*st.history);
    st.history.reset();
    if (h && st.ticket) {
      auto it = std::find_if(h->tickets.begin(), h->tickets.end(),
                             [&](const Ticket& t) { return t.id == st.ticket->id; });
      if (it != h->tickets.end())
        *it = *st.ticket;
      else
        h->tickets.insert(h->tickets.begin(), *st.ticket);  // the newest
    }
  } else {
    h = st.store.customer_history(st.req.ids.customer_id, st.cfg.history_messages);
  }
  st.history_loaded = true;
  if (!h)
    return json::object{{"found", false}, {"tickets", json::array()}, {"messages", json::array()}};
  json::array tickets, messages;
  json::array channels;
  auto note_channel = [&](Channel c) {
    json::value v = to_string(c);
    for (const auto& x : channels)
      if (x == v) return;
    channels.push_back(v);
  };
  int others = 0;
  for (const auto& t : h->tickets) {
    if (t.id != st.req.ids.ticket_id) ++others;
    note_channel(t.source_channel);
    tickets.push_back(json::object{{"ticket_id", t.id},
                                   {"channel", to_string(t.source_channel)},
                                   {"status", t.status},
                                   {"category", t.category},
                                   {"subject", clip(t.subject, 160)},
                                   {"created_at_ms", t.created_at_ms}});
  }
  for (const auto& m : h->messages) {
    note_channel(m.channel);
    messages.push_back(json::object{{"ticket_id", m.ticket_id},
                                    {"channel", to_string(m.channel)},
                                    {"direction", m.direction},
                                    {"role", m.role},
                                    {"content", clip(m.content, kHistoryContentChars)},
                                    {"created_at_ms", m.created_at_ms}});
  }
  st.previous_tickets = others;
  return json::object{{"found", true},
                      {"customer", json::object{{"name", h->customer.name}}},
                      {"previous_tickets", others},
                      {"channels_used", std::move(channels)},
                      {"tickets", std::move(tickets)},
                      {"messages", std::move(messages)}};
}

json::value search_kb(RunState& st, Trace& trace, const json::object& a) {
  const std::string query = jsonu::str(a, "query");
  const int k = static_cast<int>(jsonu::i64(a, "max_results", 5));
  const std::string category = jsonu::str(a, "category");
  const double threshold = st.kb.relevance_threshold();
  ++st.searches;
  if (st.kb.size() == 0) {
    st.escalate("knowledge_base_unavailable", "high", "the knowledge base is empty or not loaded");
    refuse("knowledge_base_unavailable", "the knowledge base is not available; escalated",
           {{"escalated", true}});
  }
  kb::SearchInfo info;
  auto hits = st.kb.search(query, k, category, &info);
  json::array out, scores;
  bool relevant = false, related = false;
  double best = 0;
  // Clipped words read as the docs' ("temp" as "temperature") by the topic checks too.
  // The query's clipped and foreign words, unknown terms and unlisted codes, worked out together.
  auto words = st.kb.query_words(query);
  const auto& docs_words = words.docs_words;
  const std::string topic_query = kb::with_docs_words(query, docs_words);
  const auto query_stems = text::content_stems(topic_query);
  const kb::TopicQuestion topic_question(topic_query);  // its terms worked out once for all hits
  for (const auto& h : hits) {
    bool rel = h.score >= threshold;
    // Related: below the threshold but on the question's topic — a content word of the question
    // names the section (its heading path) and the score is at least kRelatedFraction of the
    // threshold. Offered as the closest documentation instead of a knowledge-gap escalation.
    bool near = false;
    if (!rel && h.score >= threshold * kRelatedFraction) {
      // Light verbs ("changing your plan", "managing", "using", "setting up") name no topic: a
      // question that only shares one of them with a heading is not on that heading's topic.
      static const std::set<std::string> kLight = [] {
        std::set<std::string> s;
        for (const char* w : {"change", "changing", "manage", "managing", "use", "using", "set",
                              "setting", "get", "getting", "make", "making", "add", "adding",
                              "work", "working", "start", "starting", "create", "creating"})
          s.insert(text::stem(w));
        return s;
      }();
      const auto title_stems = text::content_stems(h.title);
      for (const auto& w : query_stems)
        near = near || (!kLight.count(w) &&
                        std::find(title_stems.begin(), title_stems.end(), w) != title_stems.end());
    }
    relevant = relevant || rel;
    related = related || near;
    best = std::max(best, h.score);
    st.public_text += h.content;
    st.public_text += "\n";
    scores.push_back(json::object{{"id", h.chunk_id}, {"title", h.title}, {"score", h.score}});
    st.retrieved[h.chunk_id] = {h.title, h.content};
    // on_topic: the section is about what the query asks, judged with the heading statistics of
    // the knowledge base that produced the hit (kb::on_distinct_topic, on the text shown); the
    // local engine's confidence (kb::assess_answer) requires it for a confident answer.
    std::string shown = clip(h.content, kHitContentChars);
    const bool topical = kb::on_distinct_topic(topic_question, h.title, shown, h.topics.get());
    out.push_back(json::object{{"id", h.chunk_id},
                               {"title", h.title},
                               {"content", std::move(shown)},
                               {"category", h.category},
                               {"source", h.source},
                               {"score", h.score},
                               {"relevant", rel},
                               {"related", near},
                               {"on_topic", topical}});
  }
  st.best_score = std::max(st.best_score, best);
  if (relevant) {
    st.relevant_hit = true;
  } else {
    ++st.searches_without_hit;
  }
  st.related_hit = st.related_hit || related;
  json::object search_note{{"query", clip(query, 160)},
                           {"best_score", best},
                           {"relevant", relevant},
                           {"related", related},
                           {"hits", scores}};
  if (info.dense) search_note["ranking"] = "bm25 + model embeddings (rrf)";
  if (!info.fallback.empty())
    search_note["ranking"] = "bm25 + hash embeddings (model fallback: " + clip(info.fallback, 200) + ")";
  st.kb_searches.push_back(std::move(search_note));
  trace.note("knowledge_base", json::object{{"threshold", threshold},
                                            {"related_threshold", threshold * kRelatedFraction},
                                            {"searches", st.kb_searches}});
  json::object result{{"threshold", threshold}, {"relevant", relevant}, {"hits", std::move(out)}};
  // Topic words of the query that no section uses (nor a thesaurus word of them): what the
  // documentation never names. An engine may read them as "the docs say nothing about this".
  if (const auto& unknown = words.unknown_terms; !unknown.empty())
    result["unknown_terms"] = json::value_from(unknown);
  // Codes the query quotes that no section lists, of a family the docs list ("E9" beside E1..E7).
  if (const auto& codes = words.unlisted_codes; !codes.empty())
    result["unlisted_codes"] = json::value_from(codes);
  // The customer's clipped words the search read as the docs' terms (stems): {"temp": "temperatur"}.
  if (!docs_words.empty()) {
    json::object dw;
    for (const auto& [from, to] : docs_words) dw[from] = to;
    result["docs_words"] = std::move(dw);
  }
  if (!st.relevant_hit && st.searches_without_hit >= 2 && st.related_hit) {
    // No section answers the question, but one is on its topic: the reply may offer it as the
    // closest documentation, saying plainly that the exact question is not covered.
    result["closest_only"] = true;
    result["note"] =
        "No section answers this question. You may offer a section marked related as the closest "
        "documentation, saying that the exact question is not covered; never present it as the "
        "answer. Otherwise escalate with reason knowledge_gap.";
  } else if (!st.relevant_hit && st.searches_without_hit >= 2) {
    st.escalate("knowledge_gap", "normal",
                "no documentation at or above the relevance threshold after " +
                    std::to_string(st.searches) + " searches (best score " +
                    std::to_string(st.best_score).substr(0, 4) + ")");
    result["escalated"] = true;
    result["reason"] = "knowledge_gap";
  }
  return result;
}

// Grounding (grounding.h): refuses a reply whose factual sentences cite nothing retrieved in
// this run or are not supported by what they cite; the second refusal escalates knowledge_gap.
// An escalated ticket's reply is the acknowledgement that a person follows up: no facts to ground.
void check_grounded(RunState& st, const json::object& a, const std::string& message) {
  if (st.escalated) return;
  std::vector<std::string> ids, unknown;
  if (auto* s = a.if_contains("sources"); s && s->is_array())
    for (const auto& v : s->get_array())
      if (v.is_string()) ids.emplace_back(v.get_string());
  std::string cited_text;
  for (const auto& id : ids) {
    auto it = st.retrieved.find(id);
    if (it == st.retrieved.end()) {
      unknown.push_back(id);
      continue;
    }
    cited_text += it->second.first + "\n" + it->second.second + "\n";
  }
  const auto g = check_grounding(message, cited_text,
                                 st.req.message.subject + "\n" + st.req.message.body);
  if (g.factual == 0) {  // nothing to ground: thanks, a question back, an empty-message reply
    for (const auto& id : ids)
      if (st.retrieved.count(id)) st.cited.push_back(id);
    return;
  }
  std::string why;
  json::array vs;
  if (!unknown.empty()) {
    why = "sources holds ids not retrieved in this run";
  } else if (ids.empty()) {
    why = "a reply stating facts must cite the search hits it rests on (sources: their ids)";
  } else if (!g.grounded()) {
    why = "these sentences are not supported by the cited sections";
    for (const auto& u : g.unsupported) vs.push_back(json::object{{"rule", "ungrounded"}, {"sentence", u}});
  }
  if (why.empty()) {
    st.cited = ids;
    return;
  }
  st.output_trips.push_back("output_ungrounded");
  json::array retrievable;
  for (const auto& [id, t] : st.retrieved) retrievable.push_back(json::object{{"id", id}, {"title", t.first}});
  if (++st.grounding_rejections >= 2) {
    st.escalate("knowledge_gap", "normal",
                "the reply was not grounded in the documentation twice: " + why);
    throw ToolError("refused", "ungrounded", why + "; the ticket was escalated",
                    {{"violations", std::move(vs)}, {"escalated", true}});
  }
  refuse("ungrounded", why + "; rewrite the reply from the cited sections (or escalate)",
         {{"violations", std::move(vs)}, {"retrieved", std::move(retrievable)}, {"attempts_left", 1}});
}

// A doc link for a cited section: docs base URL + "#" + the leaf heading as a slug ("Password
// Reset" → "password-reset", the anchor most markdown site generators make).
std::string doc_url(const std::string& base, const std::string& title) {
  if (base.empty()) return {};
  auto p = title.rfind(" > ");
  std::string leaf = p == std::string::npos ? title : title.substr(p + 3);
  std::string slug;
  for (char c : leaf) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      slug += static_cast<char>(std::tolower(u));
    } else if ((c == ' ' || c == '-') && !slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return base + "#" + slug;
}

json::value send_response(RunState& st, Trace& trace, const json::object& a) {
  check_ticket(st, a);
  check_channel(st, a);
  if (!st.ticket_created || !st.history_loaded)
    refuse("order_violation",
           "send_response needs create_ticket and get_customer_history to run first");
  if (st.responded) refuse("already_responded", "a reply was already sent for this message");
  std::string message = jsonu::str(a, "message");

  ReplyCheckOptions opts;
  opts.competitor_names = st.cfg.competitor_names;
  opts.public_text = st.public_text;
  auto violations = check_reply(message, opts);
  if (!violations.empty()) {
    ++st.output_rejections;
    json::array vs;
    for (const auto& v : violations) {
      st.output_trips.push_back("output_" + v.rule);
      vs.push_back(
          json::object{{"rule", v.rule}, {"sentence", v.sentence}, {"evidence", v.evidence}});
    }
    if (st.output_rejections >= 2) {
      st.escalate("output_guardrail", "normal",
                  "the reply broke the output guardrails twice (" + violations.front().rule + ")");
      throw ToolError("refused", "output_guardrail",
                      "the reply broke the output guardrails again; the ticket was escalated",
                      {{"violations", std::move(vs)}, {"escalated", true}});
    }
    refuse("output_guardrail",
           "the reply was not sent: remove or rewrite the listed sentences (no prices, refunds, "
           "internal details or competitors) and call send_response again",
           {{"violations", std::move(vs)}, {"attempts_left", 1}});
  }

  ReplyContext ctx;
  ctx.channel = st.req.message.channel;
  ctx.customer_name = st.req.message.customer_name;
  ctx.ticket_id = st.req.ids.ticket_id;
  ctx.company_name = st.cfg.company_name;
  ctx.signature = st.cfg.support_signature;
  ctx.whatsapp_reference = st.escalated;
  auto formatted = format_reply(message, ctx);
  if (!formatted.within_limits) {
    st.output_trips.push_back("output_too_long");
    if (++st.length_rejections == 1) {
      refuse("too_long",
             "the reply is over the channel's limit (email 500 words, web form 300 words, "
             "WhatsApp 1200 characters); shorten it and call send_response again",
             {{"words", formatted.words}, {"chars", formatted.chars}, {"attempts_left", 1}});
    }
    // Rewritten once and still too long: a person answers (a blind cut could drop the step
    // that matters).
    st.escalate("output_guardrail", "normal",
                "the reply was over the channel's length limit twice");
    throw ToolError("refused", "too_long",
                    "the reply is still over the channel's limit; the ticket was escalated",
                    {{"words", formatted.words}, {"chars", formatted.chars}, {"escalated", true}});
  }
  check_grounded(st, a, message);
  json::array cited;
  for (const auto& id : st.cited) {
    auto it = st.retrieved.find(id);
    if (it == st.retrieved.end()) continue;
    json::object c{{"id", id}, {"title", it->second.first}};
    if (auto url = doc_url(st.cfg.docs_base_url, it->second.first); !url.empty()) c["url"] = url;
    cited.push_back(std::move(c));
  }
  if (!cited.empty() && !st.cfg.docs_base_url.empty()) {
    // The reply links the first cited section (after the checks: the link is ours, not a claim).
    auto with_link = format_reply(message + "\n\nMore in our docs: " +
                                      std::string(cited[0].as_object().at("url").as_string()),
                                  ctx);
    if (with_link.within_limits) formatted = std::move(with_link);
  }
  trace.note("sources", cited);
  st.reply_parts = formatted.parts;
  st.responded = true;
  return json::object{{"sent", true},
                      {"channel", to_string(ctx.channel)},
                      {"parts", formatted.parts.size()},
                      {"words", formatted.words},
                      {"chars", formatted.chars},
                      {"grounded", true},
                      {"sources", json::value_from(st.cited)}};
}

json::value escalate(RunState& st, const json::object& a) {
  check_ticket(st, a);
  if (!st.ticket_created) refuse("order_violation", "call create_ticket first");
  st.escalate(reason_code(jsonu::str(a, "reason")), jsonu::str(a, "urgency", "normal"),
              jsonu::str(a, "context"));
  return json::object{{"escalated", true}, {"reason", st.escalation_reason}};
}

}  // namespace

void RunState::escalate(std::string reason, std::string urgency, std::string context) {
  if (escalated) return;  // the first reason stands
  escalated = true;
  escalation_reason = std::move(reason);
  escalation_urgency = urgency.empty() ? "normal" : std::move(urgency);
  escalation_context = clip(ops::redact(context), 2000);
}

std::vector<ToolSpec> support_tool_specs() {
  return specs();
}

void add_support_tools(ToolBox& box, RunState& st, Trace& trace) {
  // The specs are built once per process (specs()); each run adds only its handlers, in the
  // specs' order.
  std::vector<ToolBox::Handler> h;
  h.reserve(5);
  for (const auto& s : specs()) {
    if (s.name == "create_ticket") {
      h.emplace_back([&st](const json::object& a) { return create_ticket(st, a); });
    } else if (s.name == "get_customer_history") {
      h.emplace_back([&st](const json::object& a) { return customer_history(st, a); });
    } else if (s.name == "search_knowledge_base") {
      h.emplace_back([&st, &trace](const json::object& a) { return search_kb(st, trace, a); });
    } else if (s.name == "send_response") {
      h.emplace_back([&st, &trace](const json::object& a) { return send_response(st, trace, a); });
    } else if (s.name == "escalate_to_human") {
      h.emplace_back([&st](const json::object& a) { return escalate(st, a); });
    } else {
      throw std::logic_error("a support tool spec without a handler");
    }
  }
  box.add_all(specs(), std::move(h));
}

}  // namespace fte::agent
