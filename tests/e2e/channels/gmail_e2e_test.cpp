// End to end over email: the real `fte serve` process with GMAIL_* / FTE_GMAIL_* pointing at a fake
// Google in this test process (JWKS, OAuth token endpoint, Gmail API). Pub/Sub pushes carry OIDC
// tokens minted here with a test RSA key whose kid is in the fake JWKS.
#include <gtest/gtest.h>

#include "world.h"

using namespace fte::e2e;

namespace {

const std::string kJane = "jane.doe@example.com";

std::string mail(const std::string& message_id, const std::string& subject, const std::string& body,
                 const std::string& in_reply_to = {}, const std::string& references = {}) {
  std::string m = "Return-Path: <" + kJane +
                  ">\r\n"
                  "From: Jane Doe <" +
                  kJane + ">\r\nTo: Rotaloom Support <" + kSupportEmail +
                  ">\r\nSubject: " + subject +
                  "\r\nDate: Mon, 05 Jan 2026 09:15:31 +0000\r\nMessage-ID: " + message_id + "\r\n";
  if (!in_reply_to.empty()) m += "In-Reply-To: " + in_reply_to + "\r\n";
  if (!references.empty()) m += "References: " + references + "\r\n";
  m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n"
       "Content-Transfer-Encoding: 7bit\r\n\r\n" +
       body + "\r\n";
  return m;
}

// The headers of an RFC 2822 message (unfolded), lower-cased names.
std::map<std::string, std::string> headers(const std::string& raw) {
  std::map<std::string, std::string> h;
  auto end = raw.find("\r\n\r\n");
  std::string head = raw.substr(0, end);
  std::string name;
  std::size_t p = 0;
  while (p < head.size()) {
    auto nl = head.find("\r\n", p);
    std::string line = head.substr(p, nl == std::string::npos ? std::string::npos : nl - p);
    p = nl == std::string::npos ? head.size() : nl + 2;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      h[name] += " " + line.substr(line.find_first_not_of(" \t"));
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto v = line.substr(colon + 1);
    h[name] = v.substr(std::min(v.size(), v.find_first_not_of(' ')));
  }
  return h;
}

std::string text_of(const std::string& raw) {
  auto body = raw.substr(raw.find("\r\n\r\n") + 4);
  auto h = headers(raw);
  if (h["content-transfer-encoding"] == "base64")
    return fte::channels::email::base64_decode_mime(body);
  if (h["content-transfer-encoding"] == "quoted-printable")
    return fte::channels::email::qp_decode(body);
  return body;
}

bool has_id(const std::string& list, const std::string& id) {
  return list.find(id) != std::string::npos;
}

int count_requests(fte::test::FakeGoogle& g, const std::string& method, const std::string& path) {
  int n = 0;
  for (const auto& r : g.requests()) n += r.method == method && r.path == path;
  return n;
}

TEST(GmailE2E, PushFetchesMailAndTheReplyLandsInTheSameThreadAndTheFollowUpJoinsTheTicket) {
  World w({.gmail = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  auto& g = w.google->google;
  const std::string history = "/gmail/v1/users/me/history";

  // The first push finds an empty mailbox and sets the history cursor.
  auto first = w.gmail_push(g.history_id(), w.push_token());
  ASSERT_EQ(first.status, 200) << first.body << "\n" << w.log();

  // Jane writes; Gmail notifies; fte reads the history since the cursor, then the message.
  auto hid = g.deliver(
      {"18d1f0a1b2c3d4e5", "18d1f0a1b2c3d4e5",
       mail("<CAJane001+e2e@mail.gmail.com>", "Password reset link expired",
            "Hello,\r\n\r\nHow do I reset my password? The link I got has expired.\r\n\r\nJane")});
  auto push = w.gmail_push(hid, w.push_token());
  ASSERT_EQ(push.status, 200) << push.body << "\n" << w.log();
  bool listed = false;
  for (const auto& r : g.requests())
    listed =
        listed || (r.method == "GET" && r.path == history && r.param("startHistoryId") == "1000");
  EXPECT_TRUE(listed) << "users.history.list from the stored history id";
  EXPECT_EQ(count_requests(g, "GET", "/gmail/v1/users/me/messages/18d1f0a1b2c3d4e5"), 1);
  std::string id = w.only_ticket("email=" + kJane);
  ASSERT_FALSE(id.empty()) << w.log();
  // Pub/Sub redelivers the same notification: nothing new.
  ASSERT_EQ(w.gmail_push(hid, w.push_token()).status, 200);

  // The reply: users.messages.send in the customer's thread, answering her message.
  ASSERT_TRUE(wait_until([&] { return g.sent().size() >= 1; }, 15s)) << w.log();
  auto sent = g.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].thread_id, "18d1f0a1b2c3d4e5");
  auto h = headers(sent[0].decoded);
  EXPECT_NE(h["to"].find(kJane), std::string::npos) << h["to"];
  EXPECT_NE(h["from"].find(kSupportEmail), std::string::npos) << h["from"];
  EXPECT_EQ(h["subject"], "Re: Password reset link expired");
  EXPECT_EQ(h["in-reply-to"], "<CAJane001+e2e@mail.gmail.com>");
  EXPECT_TRUE(has_id(h["references"], "<CAJane001+e2e@mail.gmail.com>")) << h["references"];
  ASSERT_FALSE(h["message-id"].empty());
  auto text = text_of(sent[0].decoded);
  EXPECT_NE(text.find("forgot-password"), std::string::npos) << text;
  EXPECT_NE(text.find(id), std::string::npos) << "ticket reference: " << text;
  json::object t;
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        auto out = World::messages(t, "outbound");
        return out.size() == 1 && World::str(out[0], "delivery_status") == "sent";
      },
      5s))
      << json::serialize(t);

  // Gmail files our reply in the thread (label SENT: not a ticket); Jane answers in the thread.
  g.deliver({"18d1f0b9aa000001", "18d1f0a1b2c3d4e5", sent[0].decoded, {"SENT"}});
  auto our_id = h["message-id"];
  hid = g.deliver({"18d1f0c7e5f60718", "18d1f0a1b2c3d4e5",
                   mail("<CAJane002+e2e@mail.gmail.com>", "Re: Password reset link expired",
                        "Thanks. And how long is the new reset link valid?\r\n\r\n"
                        "On Mon, Jan 5, 2026 Rotaloom Support wrote:\r\n> Dear Jane,",
                        our_id, "<CAJane001+e2e@mail.gmail.com> " + our_id)});
  ASSERT_EQ(w.gmail_push(hid, w.push_token()).status, 200);
  EXPECT_EQ(count_requests(g, "GET", "/gmail/v1/users/me/messages/18d1f0b9aa000001"), 0)
      << "SENT: never a ticket";
  EXPECT_EQ(w.only_ticket("email=" + kJane), id) << "the follow-up continues the same ticket";
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        return World::messages(t, "inbound").size() == 2 &&
               World::messages(t, "outbound").size() == 2;
      },
      15s))
      << json::serialize(t) << "\n"
      << w.log();
  ASSERT_TRUE(wait_until([&] { return g.sent().size() >= 2; }, 10s));
  sent = g.sent();
  ASSERT_EQ(sent.size(), 2u) << "one reply per customer mail";
  EXPECT_EQ(sent[1].thread_id, "18d1f0a1b2c3d4e5");
  auto h2 = headers(sent[1].decoded);
  EXPECT_EQ(h2["subject"], "Re: Password reset link expired");
  EXPECT_EQ(h2["in-reply-to"], "<CAJane002+e2e@mail.gmail.com>");
  EXPECT_TRUE(has_id(h2["references"], "<CAJane001+e2e@mail.gmail.com>")) << h2["references"];
  EXPECT_TRUE(has_id(h2["references"], "<CAJane002+e2e@mail.gmail.com>")) << h2["references"];
  // The access token was fetched by the refresh-token flow and reused.
  EXPECT_EQ(g.tokens_issued(), 1);
}

TEST(GmailE2E, PushesWithoutAValidOidcTokenAreRefusedAndNothingIsStored) {
  World w({.gmail = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  auto& g = w.google->google;
  auto hid = g.deliver(
      {"18d1f0a1b2c3d4e5", "18d1f0a1b2c3d4e5",
       mail("<CAJane009+e2e@mail.gmail.com>", "Export", "How do I export my data to CSV?")});
  fte::test::TestRsaKey stranger("e2e-push-key");  // same kid, other key: a bad signature
  fte::test::Claims c;
  c.aud = kAudience;
  c.email = kPushAccount;
  c.iat = fte::now_ms() / 1000 - 5;
  c.exp = c.iat + 3600;
  struct Case {
    const char* what;
    std::string token;
  } cases[] = {
      {"no token", ""},
      {"expired", w.push_token(-3600)},
      {"wrong audience", w.push_token(3600, "https://other.example/push")},
      {"wrong issuer", w.push_token(3600, kAudience, "https://evil.example")},
      {"bad signature", fte::test::mint(stranger, c)},
      {"unknown kid", fte::test::mint(w.key, c, "RS256", "no-such-kid")},
      {"not a JWT", "e30.e30.AAAA"},
  };
  for (const auto& k : cases) {
    auto r = w.gmail_push(hid, k.token);
    EXPECT_TRUE(r.status == 401 || r.status == 403) << k.what << ": " << r.status << " " << r.body;
  }
  EXPECT_EQ(count_requests(g, "GET", "/gmail/v1/users/me/history"), 0);
  EXPECT_EQ(count_requests(g, "GET", "/gmail/v1/users/me/messages"), 0);
  for (const auto& r : g.requests())
    EXPECT_EQ(r.path.rfind("/gmail/", 0), std::string::npos) << r.path;
  EXPECT_FALSE(w.customer("email=" + kJane)) << "a refused push stored a customer";
  EXPECT_NE(w.log().find("webhook authentication failed"), std::string::npos) << "audit line";
  // The same notification with a valid token goes through (the refusals were about the token).
  ASSERT_EQ(w.gmail_push(hid, w.push_token()).status, 200) << w.log();
  EXPECT_FALSE(w.only_ticket("email=" + kJane).empty());
}

TEST(GmailE2E, WebFormTicketsAlsoGetTheirReplyByEmail) {
  World w({.gmail = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  auto& g = w.google->google;
  auto r = w.serve->post(
      "/support/submit",
      form("bo.chen@example.org", "How do I invite team members to my workspace?", "Bo Chen"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = ticket_of(r);
  std::string body;
  ASSERT_TRUE(wait_until([&] { return replies(*w.serve, id, &body) >= 1; }, 15s)) << body;
  ASSERT_TRUE(wait_until([&] { return g.sent().size() >= 1; }, 10s)) << w.log();
  auto sent = g.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].thread_id.empty()) << "a new mail, not a thread reply";
  auto h = headers(sent[0].decoded);
  EXPECT_NE(h["to"].find("bo.chen@example.org"), std::string::npos) << h["to"];
  EXPECT_NE(h["from"].find(kSupportEmail), std::string::npos) << h["from"];
  EXPECT_NE(h["subject"].find("Question"), std::string::npos) << h["subject"];
  EXPECT_TRUE(h["in-reply-to"].empty());
  auto text = text_of(sent[0].decoded);
  // The email carries the reply shown on the status page.
  auto reply = World::str(World::messages(w.ticket(id), "outbound")[0], "content");
  EXPECT_NE(reply.find("Admin > People"), std::string::npos) << reply;
  for (std::size_t p = 0, nl; p < reply.size(); p = nl + 1) {
    nl = reply.find('\n', p);
    if (nl == std::string::npos) nl = reply.size();
    auto line = reply.substr(p, nl - p);
    if (!line.empty()) {
      EXPECT_NE(text.find(line), std::string::npos) << line << "\n---\n" << text;
    }
  }
  EXPECT_NE(text.find(id), std::string::npos) << "ticket reference: " << text;
  // Exactly one notification.
  EXPECT_EQ(g.sent().size(), 1u);
}

// An email that escalates (a refund): a person answers in the console, and the answer reaches
// the customer in her Gmail thread, as a reply to her mail, like the agent's own replies.
TEST(GmailE2E, ConsoleReplyOnAnEscalatedEmailTicketLandsInTheCustomersThread) {
  World w({.gmail = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  auto& g = w.google->google;
  ASSERT_EQ(w.gmail_push(g.history_id(), w.push_token()).status, 200) << w.log();
  auto hid = g.deliver(
      {"18d2aa0000000001", "18d2aa00000000ff",
       mail("<CAJane010+refund@mail.gmail.com>", "Charged twice this month",
            "Hello,\r\n\r\nI was charged twice for my subscription this month. I want a refund "
            "for the second charge.\r\n\r\nJane",
            "<earlier-thread-msg@example.com>", "<earlier-thread-msg@example.com>")});
  ASSERT_EQ(w.gmail_push(hid, w.push_token()).status, 200) << w.log();
  std::string id;
  ASSERT_TRUE(wait_until([&] { return !(id = w.only_ticket("email=" + kJane)).empty(); }, 15s))
      << w.log();
  json::object t;
  ASSERT_TRUE(wait_until([&] { return World::str(t = w.ticket(id), "status") == "escalated"; },
                         15s))
      << json::serialize(t);
  // The escalation acknowledgement went to the thread; wait for it so the count below is exact.
  ASSERT_TRUE(wait_until([&] { return g.sent().size() >= 1; }, 15s)) << w.log();
  const auto acks = g.sent().size();

  auto r = send("POST", w.serve->url("/console/api/tickets/" + id + "/reply"),
                R"({"message":"I have refunded the second charge; you will see it in 5 days.",)"
                R"("author":"Sam"})",
                {{"Authorization", "Bearer " + kAdminToken},
                 {"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 201) << r.body << "\n" << w.log();
  EXPECT_NE(r.body.find(R"("channel":"email")"), std::string::npos) << r.body;
  ASSERT_TRUE(wait_until([&] { return g.sent().size() > acks; }, 15s)) << w.log();
  auto sent = g.sent();
  ASSERT_EQ(sent.size(), acks + 1);
  const auto& human = sent.back();
  EXPECT_EQ(human.thread_id, "18d2aa00000000ff");
  auto h = headers(human.decoded);
  EXPECT_NE(h["to"].find(kJane), std::string::npos) << h["to"];
  EXPECT_EQ(h["subject"], "Re: Charged twice this month");
  EXPECT_EQ(h["in-reply-to"], "<CAJane010+refund@mail.gmail.com>");
  EXPECT_TRUE(has_id(h["references"], "<earlier-thread-msg@example.com>")) << h["references"];
  EXPECT_TRUE(has_id(h["references"], "<CAJane010+refund@mail.gmail.com>")) << h["references"];
  auto text = text_of(human.decoded);
  EXPECT_NE(text.find("refunded the second charge"), std::string::npos) << text;
  EXPECT_NE(text.find(id), std::string::npos) << "ticket reference: " << text;
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        for (const auto& m : World::messages(t, "outbound"))
          if (World::str(m, "content").find("refunded the second charge") != std::string::npos)
            return World::str(m, "delivery_status") == "sent";
        return false;
      },
      10s))
      << json::serialize(t);
}

}  // namespace

namespace {

// WhatsApp refuses free text (outside the 24-hour window, no template configured): the reply goes
// by email to the address the customer gave on the web form earlier (same phone, same customer)
// instead of vanishing.
TEST(ChannelsE2E, UndeliverableWhatsAppReplyFallsBackToTheCustomersEmail) {
  World w({.whatsapp = true, .gmail = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  auto& g = w.google->google;
  auto f = json::parse(form("ana.lima@example.com", "How do I reset my password? I forgot it."))
               .as_object();
  f["phone"] = "+14155550177";
  auto r = w.serve->post("/support/submit", json::serialize(f));
  ASSERT_EQ(r.status, 201) << r.body;
  auto form_ticket = ticket_of(r);
  ASSERT_TRUE(
      wait_until([&] { return replies(*w.serve, form_ticket) >= 1 && g.sent().size() == 1; }, 15s))
      << w.log();

  w.twilio->fail_next(400, 63016, 1);  // "outside the allowed window"
  auto in = w.twilio_webhook("/webhooks/whatsapp",
                             World::inbound("SM5a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c", "+14155550177",
                                            "How do I export my project data to CSV?"));
  ASSERT_EQ(in.status, 200) << in.body;
  // One customer across web form and WhatsApp, with one history.
  std::optional<json::object> c;
  json::object reply;  // the WhatsApp reply, from the customer's history
  ASSERT_TRUE(wait_until(
      [&] {
        c = w.customer("phone=%2B14155550177");
        if (!c) return false;
        for (const auto& m : c->at("messages").as_array())
          if (m.at("direction").as_string() == "outbound" &&
              m.at("channel").as_string() == "whatsapp" &&
              m.at("delivery_status").as_string() == "fallback_email")
            reply = m.as_object();
        return !reply.empty();
      },
      15s))
      << (c ? json::serialize(*c) : "no customer") << "\n"
      << w.log();
  EXPECT_EQ(World::str(*c, "email"), "ana.lima@example.com");
  int inbound = 0;
  for (const auto& m : c->at("messages").as_array())
    inbound += m.at("direction").as_string() == "inbound";
  EXPECT_EQ(inbound, 2) << json::serialize(*c);
  auto t = w.ticket(World::str(reply, "ticket_id"));
  ASSERT_EQ(g.sent().size(), 2u);
  auto mail = g.sent()[1];
  auto h = headers(mail.decoded);
  EXPECT_NE(h["to"].find("ana.lima@example.com"), std::string::npos) << h["to"];
  EXPECT_TRUE(mail.thread_id.empty());
  EXPECT_NE(text_of(mail.decoded).find("CSV"), std::string::npos) << text_of(mail.decoded);
  EXPECT_FALSE(t.contains("escalated")) << json::serialize(t);
  EXPECT_EQ(w.twilio->requests().size(), 1u);
  EXPECT_TRUE(w.twilio->created().empty());
}

}  // namespace
