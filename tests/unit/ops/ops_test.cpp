#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ops/log.h"
#include "ops/metrics.h"

using namespace fte::ops;

TEST(Redact, MasksEmailsAndPhones) {
  auto r = redact("from ana.lima@example.com and +1 415-555-0101 ok");
  EXPECT_EQ(r.find("ana.lima@example.com"), std::string::npos);
  EXPECT_EQ(r.find("example"), std::string::npos);
  EXPECT_EQ(r.find("415-555"), std::string::npos);
  EXPECT_NE(r.find("0101"), std::string::npos);
  EXPECT_NE(r.find(".com"), std::string::npos);
  EXPECT_EQ(redact("ticket 42 is fine"), "ticket 42 is fine");
}

TEST(Redact, IdentifiersAreNotPhoneNumbers) {
  // UUIDs (even all-digit ones) and ids glued to letters stay readable in the logs.
  for (std::string id : {"35ac4e12-8a3b-4207-ba28-f57bd62ce0c7", "12345678-1234-4123-8123-123456789012",
                         "SM1234567890abcdef", "order_12345678"})
    EXPECT_EQ(redact("id " + id + " done"), "id " + id + " done") << id;
  // A phone number standing next to an id is still masked.
  auto r = redact("35ac4e12-8a3b-4207-ba28-f57bd62ce0c7 called 4155550101");
  EXPECT_NE(r.find("35ac4e12-8a3b-4207-ba28-f57bd62ce0c7"), std::string::npos) << r;
  EXPECT_EQ(r.find("415555"), std::string::npos) << r;
  EXPECT_EQ(redact("whatsapp:+14155550101"), "whatsapp:+*******0101");
}

static std::vector<std::string> g_lines;
TEST(Log, JsonLinesWithCorrelationIdAndNoPii) {
  set_log_sink([](std::string_view l) { g_lines.emplace_back(l); });
  info("customer wrote", "cid-1", {{"email", "bob@example.org"}, {"ticket", "t1"}});
  set_log_sink(nullptr);
  ASSERT_EQ(g_lines.size(), 1u);
  const auto& l = g_lines[0];
  EXPECT_EQ(l.front(), '{');
  EXPECT_NE(l.find("\"correlation_id\":\"cid-1\""), std::string::npos);
  EXPECT_EQ(l.find("bob@example.org"), std::string::npos);
  EXPECT_NE(l.find("\"ticket\":\"t1\""), std::string::npos);
}

TEST(Metrics, RendersPrometheusText) {
  Metrics m;
  m.declare("fte_tickets_total", "counter", "Tickets by channel");
  m.declare("fte_lat_seconds", "histogram", "Latency");
  m.counter("fte_tickets_total", {{"channel", "webform"}}).inc();
  m.counter("fte_tickets_total", {{"channel", "webform"}}).inc(2);
  m.histogram("fte_lat_seconds").observe(0.003);
  m.histogram("fte_lat_seconds").observe(20);
  auto t = m.render();
  EXPECT_NE(t.find("# TYPE fte_tickets_total counter"), std::string::npos);
  EXPECT_NE(t.find("fte_tickets_total{channel=\"webform\"} 3"), std::string::npos);
  EXPECT_NE(t.find("fte_lat_seconds_bucket{le=\"0.005\"} 1"), std::string::npos);
  EXPECT_NE(t.find("fte_lat_seconds_bucket{le=\"+Inf\"} 2"), std::string::npos);
  EXPECT_NE(t.find("fte_lat_seconds_count 2"), std::string::npos);
}
