// The Gmail side against a fake Google that follows the documented JSON shapes: OAuth2 refresh
// tokens, the JWKS cache, the Gmail API client, MailboxSync (history → get → intake, cursor,
// full sync) and GmailSender (a threaded reply at users.messages.send).
#include <gtest/gtest.h>

#include "channels/email/gmail_client.h"
#include "channels/email/gmail_sender.h"
#include "channels/email/jwks_cache.h"
#include "channels/email/mailbox_sync.h"
#include "channels/email/mime.h"
#include "core/error.h"
#include "core/ids.h"
#include "fake_google.h"
#include "test_keys.h"
#include "test_support.h"

namespace email = fte::channels::email;
using fte::test::FakeGoogle;

namespace {

email::OAuthOptions oauth_opts() {
  email::OAuthOptions o;
  o.token_url = "http://google.test/token";
  o.client_id = "client-id.apps.googleusercontent.com";
  o.client_secret = "client-secret";
  o.refresh_token = "refresh-secret";
  return o;
}

email::GmailApiOptions api_opts() {
  email::GmailApiOptions o;
  o.api_base = "http://google.test/";
  o.retry = {2, 1, 2, 1000};
  return o;
}

struct Desk {
  FakeGoogle google;
  fte::test::ManualClock clock;
  email::OAuthRefreshTokens tokens{google, oauth_opts(), clock};
  email::GmailClient api{google, tokens, api_opts()};
  fte::test::RecordingIntake intake;
  email::MemoryHistoryCursor cursor;
  email::SyncOptions sync_opts() {
    email::SyncOptions o;
    o.support_email = "support@rotaloom.example";
    return o;
  }
  email::MailboxSync sync{api, intake, cursor, sync_opts(), clock};

  std::uint64_t deliver(const std::string& id, const std::string& thread,
                        const std::string& fixture,
                        std::vector<std::string> labels = {"INBOX", "UNREAD"}) {
    return google.deliver({id, thread, fte::test::read_fixture(fixture), std::move(labels)});
  }
};

}  // namespace

TEST(OAuth, RefreshesOnceAndCachesUntilShortlyBeforeExpiry) {
  Desk d;
  std::string t1 = d.tokens.token();
  EXPECT_EQ(t1, "ya29.fake-1");
  EXPECT_EQ(d.tokens.token(), t1);
  auto reqs = d.google.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_NE(reqs[0].body.find("grant_type=refresh_token"), std::string::npos);
  EXPECT_NE(reqs[0].body.find("client_id=client-id.apps.googleusercontent.com"), std::string::npos);
  d.clock.advance_ms(3600 * 1000 - 6 * 60 * 1000);  // 6 min before expiry: still fresh
  EXPECT_EQ(d.tokens.token(), t1);
  d.clock.advance_ms(2 * 60 * 1000);  // 4 min before expiry: refreshed early
  EXPECT_EQ(d.tokens.token(), "ya29.fake-2");
  EXPECT_EQ(d.tokens.refreshes(), 2);
}

TEST(OAuth, RejectedRefreshTokenIsUnauthorizedAndOutagesAreRetryable) {
  FakeGoogle g;
  g.expected_refresh_token = "something-else";
  email::OAuthRefreshTokens bad(g, oauth_opts());
  try {
    bad.token();
    FAIL() << "expected an error";
  } catch (const fte::Error& e) {
    EXPECT_EQ(e.kind(), fte::ErrorKind::unauthorized);
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(std::string(e.what()).find("something-else"), std::string::npos);  // no secret
  }
  FakeGoogle down;
  down.fail_next("/token", 503, 10);
  email::OAuthRefreshTokens t(down, oauth_opts());
  try {
    t.token();
    FAIL() << "expected an error";
  } catch (const fte::Error& e) {
    EXPECT_TRUE(e.retryable());
  }
}

TEST(GmailClient, RetriesOnceWithAFreshTokenAfter401) {
  Desk d;
  d.deliver("m1", "t1", "gmail_reply.eml");
  EXPECT_TRUE(d.api.get_message("m1"));
  d.google.revoke_access_tokens();
  auto m = d.api.get_message("m1");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->mail.from_email, "jane.doe@example.com");
  EXPECT_EQ(d.google.tokens_issued(), 2);
  EXPECT_FALSE(d.api.get_message("nope"));                   // 404: gone
  EXPECT_THROW(d.api.get_message("../../etc"), fte::Error);  // never reaches a URL
}

TEST(GmailClient, HistoryPaginatesAndSignalsExpiredIds) {
  Desk d;
  std::uint64_t start = d.google.history_id();
  for (int i = 0; i < 5; ++i)
    d.deliver(fte::test::numbered("m", i), fte::test::numbered("t", i), "latin1.eml");
  d.google.set_history_page_size(2);
  auto p1 = d.api.list_history(std::to_string(start), "");
  EXPECT_EQ(p1.added.size(), 2u);
  EXPECT_FALSE(p1.next_page_token.empty());
  auto p2 = d.api.list_history(std::to_string(start), p1.next_page_token);
  EXPECT_EQ(p2.added[0].id, "m2");
  EXPECT_EQ(p2.history_id, std::to_string(d.google.history_id()));
  auto req = d.google.requests().back();
  EXPECT_EQ(req.param("historyTypes"), "messageAdded");
  EXPECT_EQ(req.param("startHistoryId"), std::to_string(start));
  d.google.expire_history_before(d.google.history_id());
  EXPECT_TRUE(d.api.list_history(std::to_string(start), "").expired);
}

TEST(GmailClient, TransientFailuresOfGetsAreRetriedAndThenReportedRetryable) {
  Desk d;
  d.deliver("m1", "t1", "latin1.eml");
  d.google.fail_next("/gmail/v1/users/me/messages/m1", 503, 1);
  EXPECT_TRUE(d.api.get_message("m1"));  // second attempt succeeds
  d.google.fail_next("/gmail/v1/users/me/messages/m1", 429, 5);
  try {
    d.api.get_message("m1");
    FAIL();
  } catch (const fte::Error& e) {
    EXPECT_TRUE(e.retryable());
  }
}

TEST(GmailClient, WatchAndProfile) {
  Desk d;
  auto w = d.api.watch("projects/p/topics/gmail", {"INBOX"});
  EXPECT_EQ(w.expiration_ms, 1768204800000);
  EXPECT_EQ(w.history_id, std::to_string(d.google.history_id()));
  auto req = d.google.requests().back();
  EXPECT_NE(req.body.find("\"topicName\":\"projects/p/topics/gmail\""), std::string::npos);
  EXPECT_NE(req.body.find("\"labelIds\":[\"INBOX\"]"), std::string::npos);
  EXPECT_EQ(d.api.current_history_id(), std::to_string(d.google.history_id()));
}

TEST(JwksCache, CachesForMaxAgeRefetchesUnknownKidsRateLimited) {
  fte::test::TestRsaKey k1("k1"), k2("k2");
  FakeGoogle g;
  g.jwks = fte::test::jwks_json({&k1});
  g.jwks_max_age_s = 600;
  fte::test::ManualClock clock;
  email::JwksOptions o;
  o.url = "http://google.test/oauth2/v3/certs";
  email::JwksCache cache(g, o, clock);
  bool unavailable = true;
  EXPECT_TRUE(cache.key("k1", &unavailable));
  EXPECT_FALSE(unavailable);
  EXPECT_TRUE(cache.key("k1", nullptr));
  EXPECT_EQ(cache.fetches(), 1u);
  // Rotation: k2 appears; the first unknown kid refetches, more unknown kids within 30 s do not.
  g.jwks = fte::test::jwks_json({&k1, &k2});
  clock.advance_ms(31000);
  EXPECT_TRUE(cache.key("k2", nullptr));
  EXPECT_EQ(cache.fetches(), 2u);
  EXPECT_FALSE(cache.key("forged-1", nullptr));
  EXPECT_FALSE(cache.key("forged-2", nullptr));
  EXPECT_EQ(cache.fetches(), 2u);
  // Expiry by max-age; a failed refetch keeps the old keys.
  clock.advance_ms(601 * 1000);
  g.fail_next("/oauth2/v3/certs", 500, 10);
  EXPECT_TRUE(cache.key("k1", &unavailable));
  EXPECT_FALSE(unavailable);
  EXPECT_GE(cache.fetches(), 3u);
}

TEST(JwksCache, NoKeysAtAllIsUnavailable) {
  FakeGoogle g;
  g.fail_next("/oauth2/v3/certs", 503, 100);
  fte::test::ManualClock clock;
  email::JwksOptions o;
  o.url = "http://google.test/oauth2/v3/certs";
  email::JwksCache cache(g, o, clock);
  bool unavailable = false;
  EXPECT_FALSE(cache.key("k1", &unavailable));
  EXPECT_TRUE(unavailable);
  email::PushTokenOptions po;
  po.audience = "aud";
  po.service_account = "sa@x";
  email::PushTokenVerifier v(po, cache, clock);
  fte::test::TestRsaKey k("k1");
  fte::test::Claims c;
  c.iat = clock.now_ms() / 1000;
  c.exp = c.iat + 3600;
  EXPECT_EQ(v.verify("Bearer " + fte::test::mint(k, c)).status(), 503);
}

TEST(MailboxSync, PushFetchesNewMailIntoIntakeAndAdvancesTheCursor) {
  Desk d;
  d.cursor.save(std::to_string(d.google.history_id()));
  d.deliver("m1", "thread-a", "gmail_reply.eml");
  d.deliver("m2", "thread-b", "outlook_reply.eml");
  d.deliver("ours", "thread-a", "gmail_reply.eml", {"SENT"});
  std::uint64_t notified = d.deliver("ooo", "thread-c", "auto_reply.eml");
  auto rep = d.sync.run(std::to_string(notified), "corr-1");
  EXPECT_EQ(rep.accepted, 2);
  EXPECT_EQ(rep.skipped, 2);
  EXPECT_FALSE(rep.full_sync);
  EXPECT_EQ(d.cursor.load(), std::to_string(notified));
  auto in = d.intake.accepted();
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].channel_message_id, "m1");
  EXPECT_EQ(in[0].thread_id, "thread-a");
  EXPECT_EQ(in[0].email, "jane.doe@example.com");
  EXPECT_EQ(in[0].rfc822_message_id, "<CAJane002+xyz@mail.gmail.com>");
  EXPECT_EQ(in[0].correlation_id, "corr-1");
  EXPECT_TRUE(fte::is_uuid(in[0].ticket_id));
  EXPECT_NE(in[0].ticket_id, in[1].ticket_id);
  EXPECT_EQ(in[1].email, "mark.tanner@contoso.example");
  EXPECT_EQ(d.google.count("GET", "/gmail/v1/users/me/messages/ours"), 0);  // skipped by label
  // The same notification again: nothing to do, nothing fetched.
  int gets = d.google.count("GET", "/gmail/v1/users/me/history");
  EXPECT_TRUE(d.sync.run(std::to_string(notified), "corr-2").up_to_date);
  EXPECT_EQ(d.google.count("GET", "/gmail/v1/users/me/history"), gets);
}

TEST(MailboxSync, IntakeFailureLeavesTheCursorSoTheRetryFetchesAgain) {
  Desk d;
  std::string start = std::to_string(d.google.history_id());
  d.cursor.save(start);
  d.deliver("m1", "t1", "latin1.eml");
  std::uint64_t n = d.deliver("m2", "t2", "windows1252.eml");
  d.intake.fail_next(1);
  EXPECT_THROW(d.sync.run(std::to_string(n), "c"), fte::Error);
  EXPECT_EQ(d.cursor.load(), start);
  d.intake.async_ = true;  // confirmations from another thread, like the store's commit thread
  auto rep = d.sync.run(std::to_string(n), "c");
  EXPECT_EQ(rep.accepted, 2);
  EXPECT_EQ(d.cursor.load(), std::to_string(n));
}

TEST(MailboxSync, PagedHistoryAndDuplicatesAreHandled) {
  Desk d;
  d.cursor.save(std::to_string(d.google.history_id()));
  d.google.set_history_page_size(2);
  std::uint64_t n = 0;
  for (int i = 0; i < 5; ++i) n = d.deliver(fte::test::numbered("m", i), "t", "signature_lf.eml");
  auto rep = d.sync.run(std::to_string(n), "c");
  EXPECT_EQ(rep.accepted, 5);
  EXPECT_EQ(d.cursor.load(), std::to_string(n));
  d.cursor.save("1000");  // as if the cursor were lost: everything comes again, the store dedupes
  rep = d.sync.run(std::to_string(n), "c");
  EXPECT_EQ(rep.accepted, 0);
  EXPECT_EQ(rep.duplicates, 5);
}

TEST(MailboxSync, ExpiredHistoryOrNoCursorRunsABoundedFullSync) {
  Desk d;
  for (int i = 0; i < 4; ++i)
    d.deliver(fte::test::numbered("old", i), fte::test::numbered("t", i), "latin1.eml");
  auto first = d.sync.run("", "c");  // no cursor yet
  EXPECT_TRUE(first.full_sync);
  EXPECT_EQ(first.accepted, 4);
  EXPECT_EQ(d.intake.accepted().front().channel_message_id, "old0");  // oldest first
  EXPECT_EQ(d.cursor.load(), std::to_string(d.google.history_id()));
  std::uint64_t n = d.deliver("new", "t9", "html_only.eml");
  d.google.expire_history_before(d.google.history_id() + 1);
  auto rep = d.sync.run(std::to_string(n), "c");
  EXPECT_TRUE(rep.full_sync);
  EXPECT_EQ(rep.accepted, 1);
  EXPECT_EQ(rep.duplicates, 4);
  EXPECT_EQ(d.cursor.load(), std::to_string(n));
}

TEST(GmailSender, RepliesInTheCustomersThreadWithThreadingHeaders) {
  Desk d;
  d.deliver("m1", "thread-a", "gmail_reply.eml");
  email::GmailSender sender(d.api, {"support@rotaloom.example", "Rotaloom Support"}, d.clock);
  fte::channels::OutboundReply r;
  r.ticket_id = "5b0c7c3e-8a6f-4a4e-9f4e-3f9d2c1b0a99";
  r.channel = fte::Channel::email;
  r.parts = {
      "Dear Jane,\n\nPlease request a new link; it is valid for 24 hours.\n\nKind "
      "regards,\nRotaloom Support\nTicket reference: 5b0c7c3e"};
  r.customer_name = "Jane Doe";
  r.to_email = "jane.doe@example.com";
  r.subject = "Re: Password reset link expired";
  r.thread_id = "thread-a";
  r.in_reply_to = "<CAJane002+xyz@mail.gmail.com>";
  r.references = "<CAOrig001@mail.gmail.com> <reply-001@rotaloom.example>";
  auto res = sender.send(r);
  ASSERT_TRUE(res.ok) << res.error;
  EXPECT_EQ(res.status, "sent");
  EXPECT_EQ(res.provider_id, "sent1");
  auto sent = d.google.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].thread_id, "thread-a");
  email::ParsedMail m = email::parse_mail(sent[0].decoded);
  EXPECT_EQ(m.subject, "Re: Password reset link expired");
  EXPECT_EQ(m.in_reply_to, "<CAJane002+xyz@mail.gmail.com>");
  EXPECT_EQ(
      m.references,
      "<CAOrig001@mail.gmail.com> <reply-001@rotaloom.example> <CAJane002+xyz@mail.gmail.com>");
  EXPECT_EQ(email::parse_mailbox(m.headers.get("To")).address, "jane.doe@example.com");
  EXPECT_EQ(m.from_email, "support@rotaloom.example");
  EXPECT_EQ(m.full_text, r.parts[0]);
}

TEST(GmailSender, WebFormRepliesGoOutAsNewMailAndFailuresAreTyped) {
  Desk d;
  email::GmailSender sender(d.api, {"support@rotaloom.example", "Rotaloom Support"}, d.clock);
  fte::channels::OutboundReply r;
  r.channel = fte::Channel::webform;
  r.parts = {"Dear Ana,", "Here is the answer to your request."};
  r.to_email = "ana@example.com";
  r.subject = "Cannot invite teammates";
  r.thread_id = "ignored-for-webform";
  auto res = sender.send(r);
  ASSERT_TRUE(res.ok) << res.error;
  auto sent = d.google.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].thread_id, "");
  email::ParsedMail m = email::parse_mail(sent[0].decoded);
  EXPECT_EQ(m.subject, "Re: Cannot invite teammates");
  EXPECT_EQ(m.full_text, "Dear Ana,\n\nHere is the answer to your request.");

  r.to_email = "";
  auto none = sender.send(r);
  EXPECT_FALSE(none.ok);
  EXPECT_FALSE(none.retryable);
  r.to_email = "ana@example.com";
  d.google.fail_next("/gmail/v1/users/me/messages/send", 503);
  auto down = sender.send(r);
  EXPECT_FALSE(down.ok);
  EXPECT_TRUE(down.retryable);
  EXPECT_EQ(d.google.sent().size(), 1u);
}

// A deliver worker killed between claiming a reply and recording Gmail's answer: the worker that
// takes the send over (resumed) finds the first attempt by its Message-ID and does not send again;
// when it had not arrived, it sends, with the same Message-ID.
TEST(GmailSender, ATakenOverSendLooksForItsMessageIdBeforeSendingAgain) {
  Desk d;
  email::GmailSender sender(d.api, {"support@rotaloom.example", "Rotaloom Support"}, d.clock);
  fte::channels::OutboundReply r;
  r.channel = fte::Channel::webform;
  r.parts = {"Here is the answer to your request."};
  r.to_email = "ana@example.com";
  r.subject = "Cannot invite teammates";
  r.dedup_key = "reply:7d1f0c2a-1b2c-4d5e-8f90-123456789abc";
  ASSERT_TRUE(sender.send(r).ok);  // the first attempt reached Gmail; then its worker died
  ASSERT_EQ(d.google.sent().size(), 1u);
  const std::string mid = email::reply_message_id(r.dedup_key, "support@rotaloom.example");
  EXPECT_EQ(email::parse_mail(d.google.sent()[0].decoded).message_id, mid);

  r.resumed = true;
  auto again = sender.send(r);
  ASSERT_TRUE(again.ok) << again.error;
  EXPECT_EQ(again.provider_id, "sent1") << "reported as the message already sent";
  EXPECT_EQ(d.google.sent().size(), 1u) << "no second copy for the customer";

  r.dedup_key = "reply:9e8d7c6b-0000-4000-8000-000000000001";  // a crash before Gmail got it
  auto first = sender.send(r);
  ASSERT_TRUE(first.ok) << first.error;
  ASSERT_EQ(d.google.sent().size(), 2u);
  EXPECT_EQ(email::parse_mail(d.google.sent()[1].decoded).message_id,
            email::reply_message_id(r.dedup_key, "support@rotaloom.example"));

  d.google.fail_next("/gmail/v1/users/me/messages", 503, 5);  // cannot tell: do not risk a copy
  r.dedup_key = "reply:9e8d7c6b-0000-4000-8000-000000000002";
  auto unknown = sender.send(r);
  EXPECT_FALSE(unknown.ok);
  EXPECT_TRUE(unknown.retryable);
  EXPECT_EQ(d.google.sent().size(), 2u);
}

TEST(GmailSender, UnknownThreadFallsBackToAnUnthreadedSend) {
  Desk d;
  email::GmailSender sender(d.api, {"support@rotaloom.example", ""}, d.clock);
  fte::channels::OutboundReply r;
  r.channel = fte::Channel::email;
  r.parts = {"Dear customer, ..."};
  r.to_email = "x@example.com";
  r.subject = "Help";
  r.thread_id = "thread-gone";
  r.in_reply_to = "<gone@example.com>";
  auto res = sender.send(r);
  ASSERT_TRUE(res.ok) << res.error;
  auto sent = d.google.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].thread_id, "");
  EXPECT_EQ(email::parse_mail(sent[0].decoded).in_reply_to, "<gone@example.com>");
}

// A reply written in the console knows only the customer's Gmail message id; the sender reads the
// thread, Message-ID and References from that message so the reply lands in the customer's thread.
TEST(GmailSender, ReplyNamingOnlyTheCustomersMessageIsThreadedFromIt) {
  Desk d;
  d.deliver("m1", "thread-a", "gmail_reply.eml");
  email::GmailSender sender(d.api, {"support@rotaloom.example", "Rotaloom Support"}, d.clock);
  fte::channels::OutboundReply r;
  r.ticket_id = "5b0c7c3e-8a6f-4a4e-9f4e-3f9d2c1b0a99";
  r.channel = fte::Channel::email;
  r.parts = {"Dear Jane,\n\nA colleague here: the link is on its way.\n\nKind regards"};
  r.to_email = "jane.doe@example.com";
  r.reply_to_channel_message_id = "m1";

  d.google.fail_next("/gmail/v1/users/me/messages/m1", 503, 3);  // Gmail down: retry later
  auto down = sender.send(r);
  EXPECT_FALSE(down.ok);
  EXPECT_TRUE(down.retryable);
  EXPECT_TRUE(d.google.sent().empty());

  auto res = sender.send(r);
  ASSERT_TRUE(res.ok) << res.error;
  auto sent = d.google.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].thread_id, "thread-a");
  email::ParsedMail m = email::parse_mail(sent[0].decoded);
  EXPECT_EQ(m.subject, "Re: Password reset link expired");
  EXPECT_EQ(m.in_reply_to, "<CAJane002+xyz@mail.gmail.com>");
  EXPECT_EQ(
      m.references,
      "<CAOrig001@mail.gmail.com> <reply-001@rotaloom.example> <CAJane002+xyz@mail.gmail.com>");

  // The customer's message deleted in the meantime: the reply still goes out, unthreaded.
  r.reply_to_channel_message_id = "m-deleted";
  r.subject = "Password reset";
  auto gone = sender.send(r);
  ASSERT_TRUE(gone.ok) << gone.error;
  ASSERT_EQ(d.google.sent().size(), 2u);
  EXPECT_EQ(d.google.sent()[1].thread_id, "");
  EXPECT_EQ(email::parse_mail(d.google.sent()[1].decoded).subject, "Re: Password reset");
}
