// fte's Kafka bus against an independent Kafka client: kcat reads what fte wrote (key, headers,
// value) and writes what fte's consumers read, over the mock cluster's TCP listeners.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "bus/kafka/kafka_record.h"
#include "bus/kafka/mock_cluster.h"
#include "core/clock.h"
#include "kafka_test_support.h"
#include "support/process.h"

namespace fte::kafkatest {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const std::string kIncoming(topics::tickets_incoming);

struct Line {
  std::string key, headers, value;
};

// kcat -C from the beginning to the end of `topic`: one Line per record.
std::vector<Line> kcat_read(const std::string& boot, const std::string& topic) {
  std::vector<Line> out;
  std::istringstream in(
      run("kcat -b " + boot + " -C -t " + topic + " -o beginning -e -q -f '%k\\t%h\\t%s\\n'"));
  for (std::string l; std::getline(in, l);) {
    auto t1 = l.find('\t'), t2 = l.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) continue;
    out.push_back({l.substr(0, t1), l.substr(t1 + 1, t2 - t1 - 1), l.substr(t2 + 1)});
  }
  return out;
}

bool has_header(const Line& l, const std::string& name, const std::string& value) {
  return l.headers.find(name + "=" + value) != std::string::npos;
}

TEST(KafkaWithKcat, KcatReadsWhatFteWroteIncludingHeaders) {
  KafkaMockCluster cluster;
  auto bus = open_kafka_bus(cluster.bootstrap(), {}, fast_options());
  std::vector<Envelope> sent;
  for (int i = 0; i < 3; ++i) {
    sent.push_back(make_envelope("ticket.incoming", "cust-" + std::to_string(i),
                                 R"({"subject":"Invite"})", "", "webform:" + std::to_string(i)));
    bus->publish(kIncoming, sent.back());
  }
  auto lines = kcat_read(cluster.bootstrap(), kIncoming);
  ASSERT_EQ(lines.size(), sent.size());
  for (const auto& e : sent) {
    auto it =
        std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return l.key == e.key; });
    ASSERT_NE(it, lines.end()) << "no record with key " << e.key;
    EXPECT_TRUE(has_header(*it, "event_id", e.event_id)) << it->headers;
    EXPECT_TRUE(has_header(*it, "type", "ticket.incoming"));
    EXPECT_TRUE(has_header(*it, "schema_version", "1"));
    EXPECT_TRUE(has_header(*it, "correlation_id", e.correlation_id));
    EXPECT_TRUE(has_header(*it, "traceparent", e.traceparent));
    EXPECT_TRUE(has_header(*it, "idempotency_key", e.idempotency_key));
    EXPECT_TRUE(has_header(*it, "occurred_at", iso8601(e.occurred_at_ms)));
    auto v = envelope_from_json(it->value);
    EXPECT_EQ(v.event_id, e.event_id);
    EXPECT_EQ(v.key, e.key);
  }
}

TEST(KafkaWithKcat, FteConsumesWhatKcatProduced) {
  KafkaMockCluster cluster;
  const std::string boot = cluster.bootstrap();
  const std::string inbound = topics::channel_topic("whatsapp", "inbound");
  // The handler's state before the bus: its consumer threads call the handler until the bus is
  // destroyed.
  Ids ids;
  std::mutex mu;
  std::map<std::string, Envelope> got;
  auto bus = open_kafka_bus(boot, {}, fast_options());
  bus->subscribe("from-kcat", {inbound}, [&](const Envelope& e, const std::string&) {
    {
      std::lock_guard lk(mu);
      got[e.event_id] = e;
    }
    ids.add(e.event_id);
  });

  // A full envelope as the value, as any producer following fte's layout would send it.
  auto e = make_envelope("message.inbound", "cust-5", R"({"text":"my invoice"})", "", "");
  ASSERT_EQ(
      run_with_input("kcat -b " + boot + " -P -t " + inbound + " -k cust-5", to_json(e) + "\n"), 0);
  // A bare payload described by headers only.
  ASSERT_EQ(run_with_input("kcat -b " + boot + " -P -t " + inbound +
                               " -k cust-6 -H event_id=ev-bare -H type=message.inbound"
                               " -H correlation_id=corr-bare",
                           "{\"text\":\"hi\"}\n"),
            0);
  ASSERT_TRUE(ids.wait_for_all({e.event_id, "ev-bare"}));
  std::lock_guard lk(mu);
  EXPECT_EQ(got[e.event_id].correlation_id, e.correlation_id);
  EXPECT_EQ(got[e.event_id].key, "cust-5");
  const Envelope& bare = got["ev-bare"];
  EXPECT_EQ(bare.type, "message.inbound");
  EXPECT_EQ(bare.key, "cust-6");
  EXPECT_EQ(bare.correlation_id, "corr-bare");
  EXPECT_EQ(json::parse(bare.payload), json::parse(R"({"text":"hi"})"));
}

TEST(KafkaWithKcat, PoisonRecordsGoToTheDlqAndThePartitionMovesOn) {
  KafkaMockCluster cluster;
  const std::string boot = cluster.bootstrap();
  auto throws = make_envelope("ticket.incoming", "cust-p", R"({"n":1})", "", "");
  auto fine = make_envelope("ticket.incoming", "cust-p", R"({"n":2})", "", "");
  Ids ids;  // before the bus: its consumer threads call the handler until the bus is destroyed
  auto bus = open_kafka_bus(boot, quick_retries(), fast_options());
  bus->subscribe("agent", {kIncoming}, [&](const Envelope& e, const std::string&) {
    if (e.event_id == throws.event_id) throw std::runtime_error("model quota exceeded");
    ids.add(e.event_id);
  });
  // Same key, so the same partition, in this order: not an envelope, a failing one, a fine one.
  ASSERT_EQ(run_with_input("kcat -b " + boot + " -P -t " + kIncoming + " -k cust-p -H origin=kcat",
                           "this is not an envelope\n"),
            0);
  bus->publish(kIncoming, throws);
  bus->publish(kIncoming, fine);

  ASSERT_TRUE(ids.wait_for_all({fine.event_id})) << "partition blocked behind poison records";
  std::vector<Line> dead;
  ASSERT_TRUE(fte::testing::wait_until(
      [&] { return (dead = kcat_read(boot, std::string(topics::dlq))).size() >= 2; }, 20s));
  ASSERT_EQ(dead.size(), 2u);
  for (const auto& d : dead) {
    EXPECT_EQ(d.key, "cust-p");
    EXPECT_TRUE(has_header(d, "x-original-topic", kIncoming)) << d.headers;
    EXPECT_TRUE(has_header(d, "x-group", "agent"));
    EXPECT_EQ(envelope_from_json(d.value).type, "dead_letter");
  }
  const Line& garbage =
      dead[0].headers.find("origin=kcat") != std::string::npos ? dead[0] : dead[1];
  const Line& failed = &garbage == &dead[0] ? dead[1] : dead[0];
  EXPECT_TRUE(has_header(garbage, "x-attempts", "0"));  // not retried: it can never parse
  auto raw = json::parse(envelope_from_json(garbage.value).payload).as_object();
  EXPECT_EQ(raw.at("raw").as_string(), "this is not an envelope");
  // The failing envelope keeps its own headers (event id, correlation, trace) plus the error.
  EXPECT_TRUE(has_header(failed, "event_id", throws.event_id)) << failed.headers;
  EXPECT_TRUE(has_header(failed, "correlation_id", throws.correlation_id));
  EXPECT_TRUE(has_header(failed, "traceparent", throws.traceparent));
  EXPECT_TRUE(has_header(failed, "x-error", "model quota exceeded"));
  EXPECT_TRUE(has_header(failed, "x-attempts", "3"));
}

}  // namespace
}  // namespace fte::kafkatest
