// EmailChannel assembled from configuration: what is on without credentials, the polling mode
// (FTE_GMAIL_POLL_SECONDS) and users.watch renewal before expiry — driven with a manual clock.
#include "channels/email/email_channel.h"

#include <gtest/gtest.h>

#include "fake_google.h"
#include "ops/metrics.h"
#include "test_support.h"

namespace email = fte::channels::email;
using fte::test::FakeGoogle;

namespace {
email::EmailConfig config() {
  email::EmailConfig c;
  c.client_id = "client-id";
  c.client_secret = "client-secret";
  c.refresh_token = "refresh-secret";
  c.api_base = "http://google.test";
  c.token_url = "http://google.test/token";
  c.support_email = "support@rotaloom.example";
  return c;
}
}  // namespace

TEST(EmailChannel, WithoutCredentialsNothingTalksToGoogle) {
  FakeGoogle google;
  fte::test::RecordingIntake intake;
  email::MemoryHistoryCursor cursor;
  fte::ops::Metrics metrics;
  email::EmailConfig c;
  c.poll_seconds = 1;
  email::EmailChannel ch(c, google, intake, cursor, metrics);
  EXPECT_FALSE(ch.gmail_configured());
  EXPECT_FALSE(ch.push_configured());
  EXPECT_EQ(ch.sender(), nullptr);
  ch.start();  // nothing to run
  ch.maintain();
  ch.stop();
  EXPECT_TRUE(google.requests().empty());
}

TEST(EmailChannel, PollsOnItsIntervalAndRenewsTheWatchADayBeforeExpiry) {
  FakeGoogle google;
  fte::test::ManualClock clock(1767600000000);
  google.watch_expiration_ms = clock.now_ms() + 7LL * 24 * 3600 * 1000;
  fte::test::RecordingIntake intake;
  email::MemoryHistoryCursor cursor;
  fte::ops::Metrics metrics;
  email::EmailConfig c = config();
  c.poll_seconds = 60;
  c.pubsub_topic = "projects/p/topics/gmail";
  email::EmailChannel ch(c, google, intake, cursor, metrics, clock);
  ASSERT_TRUE(ch.gmail_configured());
  ASSERT_NE(ch.sender(), nullptr);
  google.deliver({"m1", "t1", fte::test::read_fixture("latin1.eml")});

  ch.maintain();  // first round: a bounded full sync (no cursor yet) and the first watch
  EXPECT_EQ(intake.accepted().size(), 1u);
  EXPECT_EQ(google.count("POST", "/gmail/v1/users/me/watch"), 1);
  EXPECT_TRUE(cursor.load().has_value());

  google.deliver({"m2", "t2", fte::test::read_fixture("windows1252.eml")});
  ch.maintain();  // not yet due
  EXPECT_EQ(intake.accepted().size(), 1u);
  clock.advance_ms(61 * 1000);
  ch.maintain();  // due: history since the cursor
  EXPECT_EQ(intake.accepted().size(), 2u);
  EXPECT_EQ(intake.accepted()[1].channel_message_id, "m2");
  EXPECT_EQ(google.count("POST", "/gmail/v1/users/me/watch"), 1);

  clock.advance_ms(24LL * 3600 * 1000);  // a day later: renewed (at least daily)
  ch.maintain();
  EXPECT_EQ(google.count("POST", "/gmail/v1/users/me/watch"), 2);
  ch.stop();
}

TEST(EmailChannel, WatchFailuresAreRetriedLater) {
  FakeGoogle google;
  fte::test::ManualClock clock;
  fte::test::RecordingIntake intake;
  email::MemoryHistoryCursor cursor("1000");
  fte::ops::Metrics metrics;
  email::EmailConfig c = config();
  c.pubsub_topic = "projects/p/topics/gmail";
  email::EmailChannel ch(c, google, intake, cursor, metrics, clock);
  google.fail_next("/gmail/v1/users/me/watch", 403, 10);
  ch.maintain();
  int tries = google.count("POST", "/gmail/v1/users/me/watch");
  EXPECT_GE(tries, 1);
  ch.maintain();
  EXPECT_EQ(google.count("POST", "/gmail/v1/users/me/watch"), tries);  // backs off
  clock.advance_ms(6 * 60 * 1000);
  ch.maintain();
  EXPECT_GT(google.count("POST", "/gmail/v1/users/me/watch"), tries);
}
