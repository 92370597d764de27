// End to end over real HTTP: a fake Google (JWKS, OAuth token endpoint, Gmail API) behind
// fte::http::HttpServer on port 0, the email channel's routes behind another, libcurl in between.
// A push → history.list → messages.get → intake; the reply → users.messages.send in the same
// thread with the right headers; the customer's follow-up in that thread → intake with the same
// thread id and the reply in its References.
#include <gtest/gtest.h>

#include "channels/email/email_channel.h"
#include "channels/email/mime.h"
#include "fake_google.h"
#include "http/client.h"
#include "http/server.h"
#include "ops/metrics.h"
#include "test_keys.h"
#include "test_support.h"

namespace email = fte::channels::email;
namespace http = fte::http;
using fte::test::FakeGoogle;

namespace {

const std::string kAudience = "https://support.example/webhooks/gmail";
const std::string kServiceAccount = "gmail-push@project.iam.gserviceaccount.com";

std::string push_body(std::uint64_t history_id) {
  std::string data = R"({"emailAddress":"support@rotaloom.example","historyId":)" +
                     std::to_string(history_id) + "}";
  return R"({"message":{"data":")" + email::base64_encode(data) +
         R"(","messageId":"1","publishTime":"2026-01-05T09:00:00Z"},"subscription":"projects/p/subscriptions/gmail"})";
}

// Serves a FakeGoogle over HTTP.
void add_google_routes(http::Router& r, FakeGoogle& g) {
  for (const char* method : {"GET", "POST"}) {
    r.add(method, "/*", [&g](http::Request& req, http::Respond respond) {
      fte::test::FakeRequest fr{req.method, req.path, req.query, req.body, req.headers};
      fte::test::FakeResponse f = g.handle(fr);
      http::Response out;
      out.status = f.status;
      out.body = f.body;
      out.content_type = "application/json; charset=UTF-8";
      for (const auto& [k, v] : f.headers)
        if (k != "Content-Type") out.headers.emplace_back(k, v);
      respond(std::move(out));
    });
  }
}

}  // namespace

TEST(EmailEndToEnd, PushToTicketToThreadedReplyToFollowUp) {
  fte::ops::Metrics metrics;
  FakeGoogle google;
  fte::test::TestRsaKey key("e2e-key");
  google.jwks = fte::test::jwks_json({&key});
  http::Router google_router;
  add_google_routes(google_router, google);
  http::ServerOptions so;
  so.bind = "127.0.0.1";
  so.port = 0;
  http::HttpServer google_server(so, google_router, metrics);
  google_server.start();
  std::string google_url = "http://127.0.0.1:" + std::to_string(google_server.port());

  auto client = http::make_curl_client();
  fte::test::RecordingIntake intake;
  email::MemoryHistoryCursor cursor(std::to_string(google.history_id()));
  email::EmailConfig c;
  c.client_id = "client-id";
  c.client_secret = "client-secret";
  c.refresh_token = "refresh-secret";
  c.api_base = google_url;
  c.token_url = google_url + "/token";
  c.jwks_url = google_url + "/oauth2/v3/certs";
  c.push_audience = kAudience;
  c.push_service_account = kServiceAccount;
  c.support_email = "support@rotaloom.example";
  c.support_name = "Rotaloom Support";
  email::EmailChannel channel(c, *client, intake, cursor, metrics);
  ASSERT_TRUE(channel.gmail_configured());
  ASSERT_TRUE(channel.push_configured());
  http::Router router;
  channel.register_routes(router);
  http::HttpServer server(so, router, metrics);
  server.start();
  std::string hook = "http://127.0.0.1:" + std::to_string(server.port()) + "/webhooks/gmail";

  auto post = [&](const std::string& auth, const std::string& body) {
    http::ClientRequest r;
    r.method = "POST";
    r.url = hook;
    r.headers = {{"Content-Type", "application/json"}};
    if (!auth.empty()) r.headers.emplace_back("Authorization", auth);
    r.body = body;
    r.timeout_ms = 20000;
    return client->send(r);
  };
  auto token = [&] {
    fte::test::Claims cl;
    cl.aud = kAudience;
    cl.email = kServiceAccount;
    cl.iat = fte::now_ms() / 1000 - 5;
    cl.exp = cl.iat + 3600;
    return "Bearer " + fte::test::mint(key, cl);
  };

  // Unauthenticated and forged pushes are refused before anything else.
  std::uint64_t n = google.deliver({"m1", "thread-a", fte::test::read_fixture("gmail_reply.eml")});
  EXPECT_EQ(post("", push_body(n)).status, 401);
  EXPECT_EQ(post("Bearer e30.e30.AAAA", push_body(n)).status, 401);
  EXPECT_TRUE(intake.accepted().empty());

  // A genuine push: the message becomes an inbound email with its threading data.
  auto ok = post(token(), push_body(n));
  ASSERT_EQ(ok.status, 200) << ok.status << " " << ok.body << " " << ok.error;
  auto in = intake.accepted();
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].channel, fte::Channel::email);
  EXPECT_EQ(in[0].channel_message_id, "m1");
  EXPECT_EQ(in[0].thread_id, "thread-a");
  EXPECT_EQ(in[0].email, "jane.doe@example.com");
  EXPECT_EQ(in[0].subject, "Re: Password reset link expired");
  EXPECT_EQ(in[0].rfc822_message_id, "<CAJane002+xyz@mail.gmail.com>");

  // The reply goes back into the same Gmail thread.
  fte::channels::OutboundReply reply;
  reply.ticket_id = in[0].ticket_id;
  reply.channel = fte::Channel::email;
  reply.parts = {
      "Dear Jane,\n\nPlease request a new reset link.\n\nKind regards,\nRotaloom Support"};
  reply.customer_name = in[0].customer_name;
  reply.to_email = in[0].email;
  reply.subject = in[0].subject;
  reply.thread_id = in[0].thread_id;
  reply.in_reply_to = in[0].rfc822_message_id;
  reply.references = in[0].references;
  ASSERT_NE(channel.sender(), nullptr);
  auto res = channel.sender()->send(reply);
  ASSERT_TRUE(res.ok) << res.error;
  auto sent = google.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].thread_id, "thread-a");
  email::ParsedMail out = email::parse_mail(sent[0].decoded);
  EXPECT_EQ(out.subject, "Re: Password reset link expired");
  EXPECT_EQ(out.in_reply_to, "<CAJane002+xyz@mail.gmail.com>");
  EXPECT_NE(out.references.find("<CAJane002+xyz@mail.gmail.com>"), std::string::npos);

  // Our own sent copy appears in the history (label SENT) and is not a ticket; the customer's
  // follow-up in the thread refers to our reply and arrives with the same thread id.
  google.deliver({"sent1", "thread-a", sent[0].decoded, {"SENT"}});
  std::string follow =
      "From: Jane Doe <jane.doe@example.com>\r\nTo: support@rotaloom.example\r\n"
      "Subject: Re: Password reset link expired\r\nMessage-ID: <CAJane003@mail.gmail.com>\r\n"
      "In-Reply-To: " +
      out.message_id + "\r\nReferences: " + out.references + " " + out.message_id +
      "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
      "That worked, thank you!\r\n\r\nOn Tue, Jan 6, 2026 Rotaloom Support wrote:\r\n> Dear "
      "Jane,\r\n";
  n = google.deliver({"m3", "thread-a", follow});
  ASSERT_EQ(post(token(), push_body(n)).status, 200);
  in = intake.accepted();
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[1].thread_id, "thread-a");
  EXPECT_EQ(in[1].body, "That worked, thank you!");
  EXPECT_NE(in[1].references.find(out.message_id), std::string::npos);
  EXPECT_EQ(cursor.load(), std::to_string(n));

  server.stop(1000);
  channel.stop();
  google_server.stop(1000);
}
