#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/domain.h"
#include "core/envelope.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/text_memo.h"

using namespace fte;

TEST(Ids, UuidsAreWellFormedAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    auto u = new_uuid();
    ASSERT_TRUE(is_uuid(u)) << u;
    ASSERT_EQ(u[14], '4');
    ASSERT_TRUE(seen.insert(u).second);
  }
  EXPECT_FALSE(is_uuid("00000000-0000-0000-0000-00000000000"));
  EXPECT_FALSE(is_uuid("../../etc/passwd"));
  EXPECT_FALSE(is_uuid("zzzzzzzz-0000-0000-0000-000000000000"));
}

TEST(Ids, TimeOrderedIdsFollowUuidV7LayoutAndOrderWithinAProcess) {
  auto before = now_ms();
  auto first = new_time_ordered_id();
  auto after = now_ms();
  ASSERT_TRUE(is_uuid(first)) << first;
  EXPECT_EQ(first[14], '7');                                          // version 7
  EXPECT_NE(std::string("89ab").find(first[19]), std::string::npos);  // RFC 9562 variant
  // The first 48 bits are the Unix milliseconds it was made in (the sequence may borrow ahead).
  auto ms = std::stoll(first.substr(0, 8) + first.substr(9, 4), nullptr, 16);
  EXPECT_GE(ms, before);
  EXPECT_LE(ms, after + 1);

  // Many per millisecond, from several threads: each thread's ids strictly increase, all unique.
  std::vector<std::vector<std::string>> per(4);
  std::vector<std::thread> ts;
  for (auto& v : per)
    ts.emplace_back([&v] {
      for (int i = 0; i < 5000; ++i) v.push_back(new_time_ordered_id());
    });
  for (auto& t : ts) t.join();
  std::set<std::string> all;
  for (auto& v : per) {
    for (std::size_t i = 1; i < v.size(); ++i) ASSERT_LT(v[i - 1], v[i]) << i;
    all.insert(v.begin(), v.end());
    EXPECT_LT(first, v.front());
  }
  EXPECT_EQ(all.size(), 20000u);
  EXPECT_LT(*all.rbegin(), new_time_ordered_id());
}

TEST(Ids, ThreadsAndAForkedChildNeverRepeatEachOthersRandomBytes) {
  // Random bytes come from a per-thread block: threads must not share one, and a forked child
  // (which inherits a copy of the block) must not hand out what its parent hands out next.
  std::vector<std::set<std::string>> per(4);
  std::vector<std::thread> ts;
  for (auto& s : per)
    ts.emplace_back([&s] {
      for (int i = 0; i < 2000; ++i) s.insert(new_uuid());
    });
  for (auto& t : ts) t.join();
  std::set<std::string> all;
  for (auto& s : per) all.insert(s.begin(), s.end());
  EXPECT_EQ(all.size(), 8000u);

  (void)new_uuid();  // the block holds unused bytes now
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string u = new_uuid();
    _exit(write(fds[1], u.data(), u.size()) == static_cast<ssize_t>(u.size()) ? 0 : 1);
  }
  close(fds[1]);
  std::string from_child(36, '\0');
  ASSERT_EQ(read(fds[0], from_child.data(), 36), 36);
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_NE(new_uuid(), from_child);
}

// iso8601 writes dates of 1970..9999 digit by digit: the same text as gmtime_r + snprintf for
// every day of several whole years (leap and not), the edges, and random instants; outside that
// range (before 1970) the C library's text as before.
TEST(Clock, Iso8601WritesWhatTheCLibraryCalendarWrites) {
  auto reference = [](std::int64_t ms) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(((ms % 1000) + 1000) % 1000));
    return std::string(buf);
  };
  std::vector<std::int64_t> at = {0,
                                  1,
                                  999,
                                  1000,
                                  86399999,
                                  86400000,
                                  -1,
                                  -1000,
                                  -86400001,
                                  951782400000 /* 2000-02-29 */,
                                  4107542399999 /* 2100-02-28 */,
                                  253402300799999 /* 9999-12-31T23:59:59.999 */,
                                  253402300800000};
  for (int year_start_day : {0, 10957 /* 2000 */, 20454 /* 2026 */, 47482 /* 2100 */})
    for (int d = 0; d < 3 * 366; ++d)
      at.push_back((static_cast<std::int64_t>(year_start_day + d) * 86400 + d * 37) * 1000 +
                   d % 1000);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i)
    at.push_back(static_cast<std::int64_t>(rng() % 253402300800000ULL));
  for (auto ms : at) ASSERT_EQ(iso8601(ms), reference(ms)) << ms;
}

TEST(Normalize, EmailsAreExactAfterNormalisation) {
  EXPECT_EQ(normalize_email("  Ana.Lima@Example.COM "), "ana.lima@example.com");
  EXPECT_EQ(normalize_email("no-at-sign"), "");
  EXPECT_EQ(normalize_email("a@b@c"), "");
  EXPECT_NE(normalize_email("alice1@x.com"), normalize_email("alice@x.com"));
}

TEST(Normalize, PhonesBecomeE164) {
  EXPECT_EQ(normalize_phone("whatsapp:+14155550101").value(), "+14155550101");
  EXPECT_EQ(normalize_phone("+1 (415) 555-0101").value(), "+14155550101");
  EXPECT_EQ(normalize_phone("0044 20 7946 0958").value(), "+442079460958");
  EXPECT_FALSE(normalize_phone("12ab34"));
  EXPECT_FALSE(normalize_phone("+123"));
}

TEST(Channel, ParsesAliases) {
  EXPECT_EQ(parse_channel("web_form"), Channel::webform);
  EXPECT_EQ(parse_channel("whatsapp"), Channel::whatsapp);
  EXPECT_FALSE(parse_channel("fax"));
  EXPECT_STREQ(to_string(Channel::email), "email");
}

TEST(Envelope, RoundTripsThroughJson) {
  auto e = make_envelope("ticket.incoming", "cust-1", R"({"a":1})", "corr-1", "idem-1");
  EXPECT_EQ(e.traceparent.size(), 55u);
  auto back = envelope_from_json(to_json(e));
  EXPECT_EQ(back.event_id, e.event_id);
  EXPECT_EQ(back.type, "ticket.incoming");
  EXPECT_EQ(back.key, "cust-1");
  EXPECT_EQ(back.correlation_id, "corr-1");
  EXPECT_EQ(back.idempotency_key, "idem-1");
  EXPECT_EQ(back.occurred_at_ms, e.occurred_at_ms);
  EXPECT_EQ(back.payload, R"({"a":1})");
  EXPECT_THROW(envelope_from_json("[1]"), Error);
  EXPECT_THROW(envelope_from_json(R"({"type":"x"})"), Error);
}

TEST(Topics, ChannelTopicNames) {
  EXPECT_EQ(topics::channel_topic("whatsapp", "outbound"), "fte.channels.whatsapp.outbound");
}

// TextMemo computes a text's value once, finds it by the text's content (not its address), and
// trim() clears it only once it holds `max` texts.
TEST(TextMemo, ComputesOncePerTextAndTrimsAtItsBound) {
  fte::TextMemo<std::size_t> memo(2);
  int computed = 0;
  auto length = [&](std::string_view t) {
    ++computed;
    return t.size();
  };
  const std::string a = "invite members", a_copy = a;
  EXPECT_EQ(memo.get(a, length), 14u);
  EXPECT_EQ(memo.get(a_copy, length), 14u);
  EXPECT_EQ(computed, 1);
  memo.trim();  // one text: under the bound
  ASSERT_NE(memo.find(a), nullptr);
  memo.put("reset password", 99);
  EXPECT_EQ(*memo.find("reset password"), 99u);
  memo.trim();  // two texts: at the bound
  EXPECT_EQ(memo.find(a), nullptr);
  EXPECT_EQ(memo.get(a, length), 14u);
  EXPECT_EQ(computed, 2);
}
