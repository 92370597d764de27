// The five tools on a fake store and a made-up knowledge base: valid calls, invalid arguments,
// ordering refusals, cross-customer/channel refusals, knowledge gaps, output guardrails, length
// limits, store failures, and the trace.
#include "agent/runtime/support_tools.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/json_util.h"
#include "fake_store.h"
#include "kb/knowledge_base.h"

namespace fte::agent {
namespace {

namespace json = boost::json;
using testing::FakeStore;

constexpr const char* kDoc = R"(# Orbit Docs

## Accounts

### Changing Your Email
1. Open Profile > Account
2. Click "Change email"
3. Confirm from the link we send you

### Deleting a Board
- Boards can be deleted from Board > Settings > Danger Zone
- Deleted boards stay in the trash for 14 days
)";

class SupportTools : public ::testing::Test {
 protected:
  void SetUp() override {
    kb.load(kb::chunk_markdown(kDoc, "orbit.md"));
    req.message.channel = Channel::webform;
    req.message.customer_name = "Ana Lopez";
    req.message.body = "How do I change my email?";
    req.ids.ticket_id = "11111111-2222-4333-8444-555555555555";
    req.ids.customer_id = "cust-1";
    req.ids.conversation_id = "conv-1";
    store.add_customer("cust-1", "Ana Lopez");
    cfg.company_name = "Orbit";
  }

  ToolResult call(const std::string& name, json::object args) {
    ToolCall c;
    c.id = "c" + std::to_string(++n);
    c.name = name;
    c.arguments = std::move(args);
    return box.invoke(c, 1);
  }
  ToolResult create() {
    return call("create_ticket", {{"customer_id", "cust-1"},
                                  {"issue", "change email"},
                                  {"priority", "medium"},
                                  {"category", "technical"},
                                  {"channel", "webform"}});
  }
  ToolResult history() { return call("get_customer_history", {{"customer_id", "cust-1"}}); }
  ToolResult send(const std::string& msg, const std::string& channel = "webform",
                  json::array sources = {}) {
    json::object a{{"ticket_id", req.ids.ticket_id}, {"message", msg}, {"channel", channel}};
    if (!sources.empty()) a["sources"] = std::move(sources);
    return call("send_response", std::move(a));
  }
  // Searches (through the tool, so the hits count as retrieved) and returns the hits' ids.
  json::array retrieve(const std::string& q) {
    json::array ids;
    auto r = search(q);
    for (const auto& h : r.content.as_object().at("hits").as_array())
      ids.push_back(h.as_object().at("id"));
    return ids;
  }
  ToolResult search(const std::string& q) {
    return call("search_knowledge_base", {{"query", q}, {"max_results", 3}});
  }
  static std::string error(const ToolResult& r) {
    return jsonu::str(r.content.as_object(), "error");
  }

  FakeStore store;
  kb::KnowledgeBase kb;
  AgentRequest req;
  AgentConfig cfg;
  Trace trace;
  RunState st{req, store, kb, cfg};
  ToolBox box{trace};
  int n = 0;
  bool added = [this] {
    add_support_tools(box, st, trace);
    return true;
  }();
};

TEST_F(SupportTools, SpecsDescribeFiveToolsWithChannel) {
  auto specs = support_tool_specs();
  ASSERT_EQ(specs.size(), 5u);
  for (const char* name : {"create_ticket", "send_response"}) {
    auto it = std::find_if(specs.begin(), specs.end(), [&](auto& s) { return s.name == name; });
    ASSERT_NE(it, specs.end());
    EXPECT_TRUE(it->parameters.at("properties").as_object().contains("channel")) << name;
  }
}

TEST_F(SupportTools, CreateTicketIsIdempotentOnTheRequestTicketId) {
  auto r = create();
  ASSERT_TRUE(r.ok()) << json::serialize(r.content);
  EXPECT_EQ(jsonu::str(r.content.as_object(), "ticket_id"), req.ids.ticket_id);
  EXPECT_TRUE(create().ok());
  EXPECT_EQ(store.tickets.size(), 1u);
  const auto& t = store.tickets.at(req.ids.ticket_id);
  EXPECT_EQ(t.customer_id, "cust-1");
  EXPECT_EQ(t.conversation_id, "conv-1");
  EXPECT_EQ(t.category, "technical");
  EXPECT_EQ(t.source_channel, Channel::webform);
  EXPECT_TRUE(st.ticket_created);
}

// The intake created the ticket, so the history the runtime read before the run holds it: the
// upsert is not written during the run but kept for the outcome's transaction (one store write
// per ticket fewer), and the tools see the ticket as the upsert leaves it.
TEST_F(SupportTools, CreateTicketOfATicketInTheHistoryReadBeforeTheRunIsKeptForTheOutcome) {
  store.add_ticket(req.ids.ticket_id, "cust-1", Channel::webform);
  store.tickets[req.ids.ticket_id].status = "received";
  st.history = store.customer_history("cust-1", 10);
  auto r = create();
  ASSERT_TRUE(r.ok()) << json::serialize(r.content);
  EXPECT_EQ(jsonu::str(r.content.as_object(), "status"), "open");
  EXPECT_EQ(store.upserts, 0);
  EXPECT_EQ(store.tickets.at(req.ids.ticket_id).status, "received");  // nothing written yet
  ASSERT_TRUE(st.deferred_ticket);
  EXPECT_EQ(st.deferred_ticket->ticket_id, req.ids.ticket_id);
  EXPECT_EQ(st.deferred_ticket->customer_id, "cust-1");
  EXPECT_EQ(st.deferred_ticket->category, "technical");
  EXPECT_TRUE(st.ticket_created);
  // A second call refines the same pending upsert (still no write).
  ASSERT_TRUE(call("create_ticket", {{"customer_id", "cust-1"},
                                     {"issue", "change email"},
                                     {"category", "billing"},
                                     {"channel", "webform"}})
                  .ok());
  EXPECT_EQ(store.upserts, 0);
  EXPECT_EQ(st.deferred_ticket->category, "billing");
  EXPECT_EQ(st.deferred_ticket->priority, "medium");
  auto h = history();
  ASSERT_TRUE(h.ok()) << json::serialize(h.content);
  const auto& tickets = h.content.as_object().at("tickets").as_array();
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(jsonu::str(tickets[0].as_object(), "status"), "open");
}

TEST_F(SupportTools, CreateTicketInvalidArgumentsNeverReachTheStore) {
  EXPECT_EQ(call("create_ticket", {{"issue", "x"}, {"channel", "webform"}}).status, "invalid_args");
  EXPECT_EQ(
      call("create_ticket", {{"customer_id", "cust-1"}, {"issue", "x"}, {"channel", "fax"}}).status,
      "invalid_args");
  EXPECT_EQ(call("create_ticket", {{"customer_id", "cust-1"},
                                   {"issue", "x"},
                                   {"channel", "webform"},
                                   {"priority", "urgent"}})
                .status,
            "invalid_args");
  EXPECT_EQ(
      call("create_ticket", {{"customer_id", "cust-1"}, {"issue", ""}, {"channel", "webform"}})
          .status,
      "invalid_args");
  ToolCall bad;
  bad.id = "x";
  bad.name = "create_ticket";
  bad.arguments_error = "arguments are not JSON";
  auto r = box.invoke(bad, 1);
  EXPECT_EQ(r.status, "invalid_args");
  EXPECT_EQ(jsonu::boolean(r.content.as_object(), "ok", true), false);
  EXPECT_EQ(store.upserts, 0);
}

TEST_F(SupportTools, CreateTicketRefusesAnotherCustomerOrChannel) {
  auto r =
      call("create_ticket", {{"customer_id", "cust-2"}, {"issue", "x"}, {"channel", "webform"}});
  EXPECT_EQ(r.status, "refused");
  EXPECT_EQ(error(r), "wrong_customer");
  r = call("create_ticket", {{"customer_id", "cust-1"}, {"issue", "x"}, {"channel", "email"}});
  EXPECT_EQ(error(r), "wrong_channel");
  EXPECT_EQ(store.upserts, 0);
}

TEST_F(SupportTools, HistoryNeedsTheTicketAndCoversAllChannels) {
  auto early = history();
  EXPECT_EQ(early.status, "refused");
  EXPECT_EQ(error(early), "order_violation");

  store.add_ticket("t-old-email", "cust-1", Channel::email);
  store.add_ticket("t-old-wa", "cust-1", Channel::whatsapp);
  store.messages.push_back({"m1", "conv-0", "t-old-wa", Channel::whatsapp, "inbound", "customer",
                            "my sync is broken", "", 5});
  store.messages.push_back({"m2", "conv-0", "t-old-email", Channel::email, "inbound", "customer",
                            "invoice please", "", 4});
  ASSERT_TRUE(create().ok());
  auto r = history();
  ASSERT_TRUE(r.ok()) << json::serialize(r.content);
  const auto& o = r.content.as_object();
  EXPECT_TRUE(jsonu::boolean(o, "found"));
  EXPECT_EQ(jsonu::i64(o, "previous_tickets"), 2);
  EXPECT_EQ(o.at("tickets").as_array().size(), 3u);
  EXPECT_EQ(o.at("messages").as_array().size(), 2u);
  EXPECT_EQ(o.at("channels_used").as_array().size(), 3u);  // webform, email, whatsapp
  EXPECT_EQ(call("get_customer_history", {{"customer_id", "cust-9"}}).status, "refused");
}

TEST_F(SupportTools, SendResponseRefusedUntilTicketAndHistory) {
  auto r = send("Here is how.");
  EXPECT_EQ(r.status, "refused");
  EXPECT_EQ(error(r), "order_violation");
  ASSERT_TRUE(create().ok());
  EXPECT_EQ(error(send("Here is how.")), "order_violation");
  ASSERT_TRUE(history().ok());
  r = send("Open Profile > Account and click Change email.", "webform", retrieve("change email"));
  ASSERT_TRUE(r.ok()) << json::serialize(r.content);
  ASSERT_EQ(st.reply_parts.size(), 1u);
  EXPECT_NE(st.reply_parts[0].find("Hi Ana,"), std::string::npos);
  EXPECT_NE(st.reply_parts[0].find("Ticket reference: " + req.ids.ticket_id), std::string::npos);
  EXPECT_TRUE(st.responded);
  EXPECT_EQ(error(send("Another reply.")), "already_responded");
}

TEST_F(SupportTools, SendResponseRefusesAnotherTicketOrChannel) {
  ASSERT_TRUE(create().ok());
  ASSERT_TRUE(history().ok());
  EXPECT_EQ(error(send("Hello.", "whatsapp")), "wrong_channel");
  auto r =
      call("send_response", {{"ticket_id", "other"}, {"message", "x"}, {"channel", "webform"}});
  EXPECT_EQ(error(r), "wrong_ticket");
  EXPECT_EQ(
      call("send_response", {{"ticket_id", req.ids.ticket_id}, {"channel", "webform"}}).status,
      "invalid_args");
  EXPECT_FALSE(st.responded);
}

TEST_F(SupportTools, OutputGuardrailRejectsOnceThenEscalates) {
  ASSERT_TRUE(create().ok());
  ASSERT_TRUE(history().ok());
  auto r = send("Open Profile > Account. The Pro plan is $12 per user.");
  EXPECT_EQ(r.status, "refused");
  EXPECT_EQ(error(r), "output_guardrail");
  const auto& vs = r.content.as_object().at("violations").as_array();
  ASSERT_EQ(vs.size(), 1u);
  EXPECT_EQ(jsonu::str(vs[0].as_object(), "rule"), "price");
  EXPECT_EQ(jsonu::str(vs[0].as_object(), "sentence"), "The Pro plan is $12 per user.");
  EXPECT_FALSE(st.escalated);
  r = send("We will refund you today.");
  EXPECT_EQ(error(r), "output_guardrail");
  EXPECT_TRUE(st.escalated);
  EXPECT_EQ(st.escalation_reason, "output_guardrail");
  EXPECT_FALSE(st.responded);
  EXPECT_EQ(st.output_trips, (std::vector<std::string>{"output_price", "output_refund_promise"}));
}

TEST_F(SupportTools, TooLongReplyIsReturnedOnceThenEscalated) {
  ASSERT_TRUE(create().ok());
  ASSERT_TRUE(history().ok());
  std::string long_reply;
  for (int i = 0; i < 40; ++i) long_reply += "This sentence has exactly eight words in it. ";
  auto r = send(long_reply);
  EXPECT_EQ(error(r), "too_long");
  EXPECT_FALSE(st.escalated);
  r = send(long_reply);
  EXPECT_EQ(error(r), "too_long");
  EXPECT_TRUE(st.escalated);
  EXPECT_EQ(st.escalation_reason, "output_guardrail");
  EXPECT_FALSE(st.responded);
}

TEST_F(SupportTools, TooLongReplyRewrittenWithinTheLimitIsSent) {
  ASSERT_TRUE(create().ok());
  ASSERT_TRUE(history().ok());
  std::string long_reply;
  for (int i = 0; i < 40; ++i) long_reply += "This sentence has exactly eight words in it. ";
  EXPECT_EQ(error(send(long_reply)), "too_long");
  auto r = send("Thanks, we are happy to help you today.");
  ASSERT_TRUE(r.ok()) << json::serialize(r.content);
  EXPECT_LE(jsonu::i64(r.content.as_object(), "words"), 300);
  EXPECT_FALSE(st.escalated);
}

TEST_F(SupportTools, AFactualReplyMustCiteWhatThisRunRetrieved) {
  ASSERT_TRUE(create().ok());
  ASSERT_TRUE(history().ok());
  auto r = send("Open Profile > Account and click Change email.");
  EXPECT_EQ(error(r), "ungrounded") << "no sources";
  r = send("Open Profile > Account and click Change email.", "webform",
           json::array{"not-retrieved"});
  EXPECT_EQ(error(r), "ungrounded") << "an id this run never retrieved";
  EXPECT_TRUE(st.escalated) << "the second ungrounded reply escalates";
  EXPECT_EQ(st.escalation_reason, "knowledge_gap");
  EXPECT_FALSE(st.responded);
}

TEST_F(SupportTools, SentencesTheCitedSectionDoesNotSupportAreRefusedOnce) {
  ASSERT_TRUE(create().ok());
  ASSERT_TRUE(history().ok());
  const auto ids = retrieve("delete a board");
  ASSERT_FALSE(ids.empty());
  // An invented number and invented steps.
  auto r = send("Deleted boards stay in the trash for 30 days. Call billing to restore archived "
                "workspaces quickly.",
                "webform", ids);
  ASSERT_EQ(error(r), "ungrounded");
  const auto& vs = r.content.as_object().at("violations").as_array();
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_FALSE(st.escalated);
  r = send("Thanks for asking! Boards can be deleted from Board > Settings > Danger Zone, and "
           "deleted boards stay in the trash for 14 days.",
           "webform", ids);
  ASSERT_TRUE(r.ok()) << json::serialize(r.content);
  EXPECT_TRUE(r.content.as_object().at("grounded").as_bool());
  EXPECT_EQ(r.content.as_object().at("sources").as_array(), ids);
}

TEST_F(SupportTools, CitedSectionsAreTracedAndLinkedWhenDocsHaveAUrl) {
  cfg.docs_base_url = "https://docs.orbit.example/help";
  ASSERT_TRUE(create().ok());
  ASSERT_TRUE(history().ok());
  auto r = send("Boards can be deleted from Board > Settings > Danger Zone.", "webform",
                retrieve("delete a board"));
  ASSERT_TRUE(r.ok()) << json::serialize(r.content);
  ASSERT_EQ(st.reply_parts.size(), 1u);
  EXPECT_NE(st.reply_parts[0].find("https://docs.orbit.example/help#deleting-a-board"),
            std::string::npos)
      << st.reply_parts[0];
  const auto t = trace.to_json();
  EXPECT_NE(t.find("\"sources\""), std::string::npos);
  EXPECT_NE(t.find("Accounts > Deleting a Board"), std::string::npos);
}

TEST_F(SupportTools, RepliesWithoutFactsNeedNoSources) {
  ASSERT_TRUE(create().ok());
  ASSERT_TRUE(history().ok());
  auto r = send("Thanks for the update, glad it works now!");
  ASSERT_TRUE(r.ok()) << json::serialize(r.content);
}

TEST_F(SupportTools, SearchReturnsScoredHitsAndValidatesMaxResults) {
  auto bad = call("search_knowledge_base", {{"query", "email"}, {"max_results", 6}});
  EXPECT_EQ(bad.status, "invalid_args");
  EXPECT_EQ(jsonu::str(bad.content.as_object(), "message"), "max_results: must be <= 5");
  auto r = search("How do I change my email address?");
  ASSERT_TRUE(r.ok());
  const auto& o = r.content.as_object();
  EXPECT_TRUE(jsonu::boolean(o, "relevant"));
  EXPECT_DOUBLE_EQ(jsonu::num(o, "threshold"), kb.relevance_threshold());
  const auto& hits = o.at("hits").as_array();
  ASSERT_FALSE(hits.empty());
  EXPECT_LE(hits.size(), 3u);
  EXPECT_EQ(jsonu::str(hits[0].as_object(), "title"), "Accounts > Changing Your Email");
  EXPECT_GE(jsonu::num(hits[0].as_object(), "score"), kb.relevance_threshold());
  // Judged with the heading statistics of this knowledge base (kb::on_distinct_topic).
  EXPECT_TRUE(jsonu::boolean(hits[0].as_object(), "on_topic"));
  EXPECT_TRUE(st.relevant_hit);
  EXPECT_NE(trace.to_json().find("\"threshold\""), std::string::npos);
}

// The search names the query's topic words no section uses (KnowledgeBase::unknown_terms), and
// says nothing when the docs use them all.
TEST_F(SupportTools, SearchNamesTheQueryWordsTheDocsNeverUse) {
  auto r = search("Can I change my email from the gantt chart?");
  ASSERT_TRUE(r.ok());
  const auto* unknown = r.content.as_object().if_contains("unknown_terms");
  ASSERT_NE(unknown, nullptr) << json::serialize(r.content);
  const auto& words = unknown->as_array();
  EXPECT_NE(std::find(words.begin(), words.end(), json::value("gantt")), words.end())
      << json::serialize(*unknown);
  EXPECT_EQ(std::find(words.begin(), words.end(), json::value("email")), words.end());
  r = search("How do I change my email?");
  EXPECT_FALSE(r.content.as_object().contains("unknown_terms")) << json::serialize(r.content);
}

TEST_F(SupportTools, TwoSearchesWithoutRelevantHitEscalateKnowledgeGap) {
  auto r1 = search("Do you support time travel to the year 3000?");
  ASSERT_TRUE(r1.ok());
  EXPECT_FALSE(jsonu::boolean(r1.content.as_object(), "relevant"));
  EXPECT_FALSE(st.escalated);
  auto r2 = search("time travel year 3000");
  ASSERT_TRUE(r2.ok());
  EXPECT_TRUE(st.escalated);
  EXPECT_EQ(st.escalation_reason, "knowledge_gap");
  EXPECT_TRUE(jsonu::boolean(r2.content.as_object(), "escalated"));
}

TEST_F(SupportTools, EmptyKnowledgeBaseEscalatesInsteadOfGuessing) {
  kb::KnowledgeBase empty;
  RunState st2{req, store, empty, cfg};
  Trace t2;
  ToolBox b2{t2};
  add_support_tools(b2, st2, t2);
  ToolCall c{"s", "search_knowledge_base", {{"query", "email"}}, ""};
  auto r = b2.invoke(c, 1);
  EXPECT_EQ(r.status, "refused");
  EXPECT_TRUE(st2.escalated);
  EXPECT_EQ(st2.escalation_reason, "knowledge_base_unavailable");
}

TEST_F(SupportTools, EscalateNeedsTicketAndNormalisesReason) {
  auto args = json::object{{"ticket_id", req.ids.ticket_id},
                           {"reason", "Pricing Inquiry!"},
                           {"urgency", "high"},
                           {"context", "asked by ana@example.com"}};
  EXPECT_EQ(error(call("escalate_to_human", args)), "order_violation");
  ASSERT_TRUE(create().ok());
  EXPECT_EQ(call("escalate_to_human",
                 {{"ticket_id", req.ids.ticket_id}, {"reason", "x"}, {"urgency", "whenever"}})
                .status,
            "invalid_args");
  auto r = call("escalate_to_human", args);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(st.escalation_reason, "pricing_inquiry");
  EXPECT_EQ(st.escalation_urgency, "high");
  EXPECT_EQ(st.escalation_context.find("ana@example.com"), std::string::npos);  // sanitised
}

TEST_F(SupportTools, UnknownToolIsAnErrorResult) {
  auto r = call("issue_refund", {{"amount", 10}});
  EXPECT_EQ(r.status, "unknown_tool");
  EXPECT_FALSE(jsonu::boolean(r.content.as_object(), "ok", true));
}

TEST_F(SupportTools, StoreFailures) {
  store.fail_with = ErrorKind::conflict;  // not retryable: an error result
  auto r = create();
  EXPECT_EQ(r.status, "error");
  EXPECT_EQ(error(r), "conflict");
  EXPECT_FALSE(st.ticket_created);
  store.fail_with = ErrorKind::unavailable;  // retryable: the bus retries the whole event
  EXPECT_THROW(create(), Error);
  EXPECT_EQ(trace.spans().back().status, "error");
}

TEST_F(SupportTools, TraceRecordsSanitisedSpans) {
  ASSERT_TRUE(create().ok());
  call("create_ticket", {{"customer_id", "cust-1"},
                         {"issue", "mail me at ana@example.com or +1 415 555 0101"},
                         {"channel", "webform"}});
  ASSERT_EQ(trace.spans().size(), 2u);
  const auto& s = trace.spans()[1];
  EXPECT_EQ(s.tool, "create_ticket");
  EXPECT_EQ(s.status, "ok");
  EXPECT_GE(s.latency_us, 0);
  auto js = trace.to_json();
  EXPECT_EQ(js.find("ana@example.com"), std::string::npos);
  EXPECT_EQ(js.find("555 0101"), std::string::npos);
  EXPECT_NE(js.find(req.ids.ticket_id), std::string::npos);  // ids stay readable
}

}  // namespace
}  // namespace fte::agent
