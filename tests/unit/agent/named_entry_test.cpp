// named_entry: a two-part question ("Can I connect it to X? How?") answered by a procedure that
// names no app gets the entry of another section that names X, said first. Synthetic docs of an
// invented product, not any company's.
#include "agent/engines/named_entry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "agent/engines/answer.h"
#include "agent/engines/local_engine.h"
#include "agent/runtime/grounding.h"
#include "core/json_util.h"

namespace fte::agent {
namespace {

namespace json = boost::json;

constexpr const char* kConnectTitle = "Apps > Connecting an App";
constexpr const char* kConnect =
    "1. Dashboard → Apps → Browse\n2. Search for the app\n3. Click Connect and sign in\n"
    "4. Test the connection";
const std::vector<std::pair<std::string, std::string>> kOthers = {
    {"Apps > Removing an App", "1. Dashboard → Apps → Installed\n2. Click Remove"},
    {"Apps > Available Apps",
     "| Category | Apps |\n|---|---|\n| Accounting | Ledgerly, Sumwise |\n"
     "| Chat | Chatterbox, Hollr |\n"},
    {"Apps > Retired Apps", "- Oldbook: not available since 2024"}};

TEST(NamedEntry, ATwoPartQuestionGetsTheEntryThatNamesTheThing) {
  const auto e =
      named_entry("Can I connect Orbitly to Ledgerly? How?", kConnectTitle, kConnect, kOthers);
  EXPECT_EQ(e.section, 1u);
  EXPECT_EQ(e.sentence, "Available Apps — Accounting: Ledgerly, Sumwise.");
  // "If so, where/how" is the second part too.
  EXPECT_EQ(named_entry("is it possible to link with hollr? if so what are the steps",
                        kConnectTitle, kConnect, kOthers)
                .section,
            1u);
}

TEST(NamedEntry, NothingWithoutBothPartsOrWhenTheEntryDenies) {
  // Only the yes/no part: the reply's own verdict rules apply (yes_no.h), not this.
  EXPECT_EQ(
      named_entry("Can I connect Orbitly to Ledgerly?", kConnectTitle, kConnect, kOthers).section,
      static_cast<std::size_t>(-1));
  // Only the how part.
  EXPECT_EQ(named_entry("How do I connect Ledgerly?", kConnectTitle, kConnect, kOthers).section,
            static_cast<std::size_t>(-1));
  // An entry that says the thing is not there confirms nothing.
  EXPECT_EQ(named_entry("Can I connect Oldbook? How?", kConnectTitle, kConnect, kOthers).section,
            static_cast<std::size_t>(-1));
  // A negated question.
  EXPECT_EQ(named_entry("Can't I connect Ledgerly? How?", kConnectTitle, kConnect, kOthers).section,
            static_cast<std::size_t>(-1));
  // The quoted section names the thing already: nothing to add.
  EXPECT_EQ(named_entry("Can I connect Ledgerly? How?", kConnectTitle,
                        std::string(kConnect) + "\n5. Ledgerly asks for an API key", kOthers)
                .section,
            static_cast<std::size_t>(-1));
  // The product's name, held by two other sections, is not a thing an entry confirms.
  auto with_name = kOthers;
  with_name.push_back({"Mobile > Apps", "- Try the Orbitly phone app"});
  with_name.push_back({"Desktop > Apps", "- Try the Orbitly desktop app"});
  EXPECT_EQ(
      named_entry("Is this possible in Orbitly? If so, how?", kConnectTitle, kConnect, with_name)
          .section,
      static_cast<std::size_t>(-1));
  EXPECT_EQ(
      named_entry("Can I connect Orbitly to Ledgerly? How?", kConnectTitle, kConnect, with_name)
          .section,
      1u);
  // Many asked words the quoted section lacks: it is about something else.
  EXPECT_EQ(named_entry("Can I export invoices from Ledgerly into a spreadsheet every night? How?",
                        kConnectTitle, kConnect, kOthers)
                .section,
            static_cast<std::size_t>(-1));
}

TEST(NamedEntry, TheComposedReplyOpensWithYesAndTheEntryAndStaysGrounded) {
  AnswerInput in;
  in.question = "Can I connect Orbitly to Ledgerly? How?";
  in.title = kConnectTitle;
  in.content = kConnect;
  in.channel = Channel::whatsapp;
  in.confirmed = named_entry(in.question, in.title, in.content, kOthers).sentence;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Yes. Available Apps — Accounting: Ledgerly, Sumwise.\n", 0), 0u) << body;
  EXPECT_NE(body.find("1. Dashboard → Apps → Browse"), std::string::npos) << body;
  const std::string sources = std::string(in.title) + "\n" + in.content + "\n" + kOthers[1].first +
                              "\n" + kOthers[1].second;
  EXPECT_TRUE(check_grounding(body, sources, in.question).grounded()) << body;
}

// Through the local engine: the entry's section is cited with the quoted one.
TEST(NamedEntry, TheLocalEngineCitesTheConfirmingSection) {
  RunContext c;
  c.ticket_id = "t-1";
  c.customer_id = "c-1";
  c.channel = Channel::whatsapp;
  c.body = "Can I connect Orbitly to Ledgerly? How?";
  std::vector<Turn> t;
  t.push_back({Turn::Role::user, c.body, {}, {}});
  auto result = [](const std::string& name, json::object content) {
    ToolResult r;
    r.call_id = name;
    r.name = name;
    r.status = "ok";
    content["ok"] = true;
    r.content = std::move(content);
    return r;
  };
  t.push_back({Turn::Role::tool, {}, {}, result("create_ticket", {})});
  t.push_back({Turn::Role::tool, {}, {}, result("get_customer_history", {})});
  json::array hits{json::object{{"id", "s-connect"},
                                {"title", kConnectTitle},
                                {"content", kConnect},
                                {"score", 0.5},
                                {"relevant", true},
                                {"on_topic", true}},
                   json::object{{"id", "s-apps"},
                                {"title", kOthers[1].first},
                                {"content", kOthers[1].second},
                                {"score", 0.2},
                                {"relevant", false},
                                {"on_topic", true}}};
  t.push_back({Turn::Role::tool,
               {},
               {},
               result("search_knowledge_base", json::object{{"relevant", true}, {"hits", hits}})});
  LocalEngine e;
  const auto r = e.next(c, t, {});
  ASSERT_EQ(r.tool_calls.size(), 1u);
  const auto& call = r.tool_calls.front();
  ASSERT_EQ(call.name, "send_response");
  const auto msg = jsonu::str(call.arguments, "message");
  EXPECT_NE(msg.find("Yes. Available Apps — Accounting: Ledgerly, Sumwise."), std::string::npos)
      << msg;
  const auto* s = call.arguments.if_contains("sources");
  ASSERT_TRUE(s && s->is_array());
  std::vector<std::string> ids;
  for (const auto& v : s->get_array()) ids.emplace_back(v.get_string());
  EXPECT_EQ(ids.front(), "s-connect");
  EXPECT_NE(std::find(ids.begin(), ids.end(), "s-apps"), ids.end());
}

}  // namespace
}  // namespace fte::agent
