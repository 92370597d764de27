// End to end over the Kafka wire protocol: `fte gateway`, `fte agent` and `fte deliver` as separate
// processes on librdkafka's mock cluster (real brokers on loopback TCP, hosted by this test), one
// SQLite database shared by the three. kcat is the independent client: it reads what fte wrote
// (headers included) and re-injects an event to prove the consumers are idempotent.
#include <gtest/gtest.h>

#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>

#include "bus/kafka/mock_cluster.h"
#include "support/fte_service.h"
#include "support/process.h"

using namespace fte::testing;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

bool have_kcat() { return std::system("command -v kcat >/dev/null 2>&1") == 0; }

struct Cluster {
  explicit Cluster(const std::string& prefix = {}) : mock(fte::KafkaMockOptions{1, 3, prefix}) {}
  fte::KafkaMockCluster mock;
  std::string bus() const { return "kafka://" + mock.bootstrap(); }
};

std::map<std::string, std::string> kafka_env(const Cluster& c, const std::filesystem::path& dir,
                                             const std::string& prefix = {}) {
  return {{"FTE_BUS", c.bus()},
          {"FTE_DATABASE_URL", "sqlite://" + (dir / "fte.db").string()},
          {"FTE_TOPIC_PREFIX", prefix}};
}

// Outbound messages of a ticket as seen through the gateway's status endpoint.
int outbound(Serve& gw, const std::string& id) { return replies(gw, id); }

}  // namespace

TEST(KafkaE2E, ThreeRolesAnswerATicketAndKcatSeesTheEnvelopeHeaders) {
  if (!have_kcat()) GTEST_SKIP() << "kcat is not installed";
  Cluster cluster("acme.");
  auto dir = temp_dir("fte-kafka");
  auto env = kafka_env(cluster, dir, "acme.");
  Serve gw(dir, env, "gateway");
  ASSERT_TRUE(gw.ready()) << gw.process().log();
  Serve agent(dir, env, "agent");
  Serve deliver(dir, env, "deliver");
  ASSERT_TRUE(agent.ready()) << agent.process().log();
  ASSERT_TRUE(deliver.ready()) << deliver.process().log();

  auto r = gw.post("/support/submit", form("cy@example.com", "How do I invite team members to my workspace?"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = ticket_of(r);
  std::string body;
  ASSERT_TRUE(wait_until([&] { return replies(gw, id, &body) >= 1; }, 30s)) << agent.process().log();
  EXPECT_NE(body.find("Admin > People"), std::string::npos) << body;
  // The web-form reply was marked delivered by the deliver process.
  ASSERT_TRUE(wait_until([&] { return gw.get("/support/ticket/" + id).body.find("delivered") != std::string::npos; }, 20s))
      << deliver.process().log();

  // kcat, an independent Kafka client, reads the event on the prefixed topic with every header.
  auto headers = run("kcat -b " + cluster.mock.bootstrap() + " -C -t acme.fte.tickets.incoming -o beginning -e -q -f '%h\\n' 2>/dev/null");
  for (auto h : {"event_id=", "type=ticket.incoming", "schema_version=", "correlation_id=", "traceparent=", "idempotency_key=in:webform:"})
    EXPECT_NE(headers.find(h), std::string::npos) << h << " in " << headers;
  // The reply travelled on the outbound topic, keyed by customer.
  auto outbound_topic = run("kcat -b " + cluster.mock.bootstrap() + " -C -t acme.fte.channels.webform.outbound -o beginning -e -q -f '%h\\n' 2>/dev/null");
  EXPECT_NE(outbound_topic.find("type=reply.outbound"), std::string::npos) << outbound_topic;
  // The deliver role published the delivery status, and the agent its run metrics.
  auto status = run("kcat -b " + cluster.mock.bootstrap() + " -C -t acme.fte.channels.webform.status -o beginning -e -q -f '%h %s\\n' 2>/dev/null");
  EXPECT_NE(status.find("type=delivery.status"), std::string::npos) << status;
  EXPECT_NE(status.find("\"delivered\""), std::string::npos) << status;
  auto runs = run("kcat -b " + cluster.mock.bootstrap() + " -C -t acme.fte.metrics -o beginning -e -q -f '%s\\n' 2>/dev/null");
  EXPECT_NE(runs.find("\"outcome\":\"answered\""), std::string::npos) << runs;
  EXPECT_EQ(runs.find("cy@example.com"), std::string::npos) << runs;
  // Consumer lag is exported per partition for the autoscaler.
  ASSERT_TRUE(wait_until([&] {
    auto m = agent.get("/metrics").body;
    return m.find("fte_bus_consumer_lag{group=\"fte-agent\",topic=\"acme.fte.tickets.incoming\"") != std::string::npos;
  }, 20s)) << agent.get("/metrics").body;
}

TEST(KafkaE2E, ARedeliveredEventMakesNoSecondReply) {
  if (!have_kcat()) GTEST_SKIP() << "kcat is not installed";
  Cluster cluster;
  auto dir = temp_dir("fte-kafka");
  auto env = kafka_env(cluster, dir);
  Serve gw(dir, env, "gateway");
  Serve agent(dir, env, "agent");
  Serve deliver(dir, env, "deliver");
  ASSERT_TRUE(gw.ready() && agent.ready() && deliver.ready()) << gw.process().log();
  auto r = gw.post("/support/submit", form("di@example.com", "How do I reset my password? I forgot it."));
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = ticket_of(r);
  ASSERT_TRUE(wait_until([&] { return outbound(gw, id) >= 1; }, 30s)) << agent.process().log();

  // Re-inject the very same event (key, headers, payload) with kcat, as a broker redelivery would.
  auto b = cluster.mock.bootstrap();
  auto rec = run("kcat -b " + b + " -C -t fte.tickets.incoming -o beginning -e -q -f '%k\\t%h\\t%s\\n' 2>/dev/null");
  auto line = rec.substr(0, rec.find('\n'));
  auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
  ASSERT_NE(t2, std::string::npos) << rec;
  std::string key = line.substr(0, t1), hdrs = line.substr(t1 + 1, t2 - t1 - 1), payload = line.substr(t2 + 1);
  std::string hflags;
  for (std::size_t p = 0; p < hdrs.size();) {
    auto c = hdrs.find(',', p);
    auto h = hdrs.substr(p, c == std::string::npos ? std::string::npos : c - p);
    hflags += " -H '" + h + "'";
    if (c == std::string::npos) break;
    p = c + 1;
  }
  auto file = dir / "again.txt";
  {
    std::ofstream f(file);
    f << key << "\t" << payload << "\n";
  }
  ASSERT_EQ(std::system(("kcat -b " + b + " -P -t fte.tickets.incoming -K '\t'" + hflags + " " + file.string()).c_str()), 0);
  // The redelivery was consumed (lag back to zero everywhere) and left the ticket with one reply.
  ASSERT_TRUE(wait_until([&] {
    auto m = agent.get("/metrics").body;
    return m.find("fte_agent_events_total{result=\"duplicate\"}") != std::string::npos;
  }, 30s)) << agent.get("/metrics").body;
  EXPECT_EQ(outbound(gw, id), 1);
}

TEST(KafkaE2E, AnAgentKilledMidBurstLosesNothingAndRepliesOnce) {
  Cluster cluster;
  auto dir = temp_dir("fte-kafka");
  auto env = kafka_env(cluster, dir);
  Serve gw(dir, env, "gateway");
  Serve deliver(dir, env, "deliver");
  ASSERT_TRUE(gw.ready() && deliver.ready()) << gw.process().log();
  std::vector<std::string> ids;
  {
    Serve agent(dir, env, "agent");
    ASSERT_TRUE(agent.ready()) << agent.process().log();
    for (int i = 0; i < 30; ++i) {
      auto r = gw.post("/support/submit", form("k" + std::to_string(i) + "@example.com",
                                               "How do I enable two-factor authentication?"));
      ASSERT_EQ(r.status, 201) << r.body;
      ids.push_back(ticket_of(r));
    }
    agent.process().kill(SIGKILL);
  }
  // Two new agents share the consumer group; together they finish the work of the dead one.
  Serve a1(dir, env, "agent");
  Serve a2(dir, env, "agent");
  ASSERT_TRUE(a1.ready() && a2.ready());
  for (const auto& id : ids)
    ASSERT_TRUE(wait_until([&] { return outbound(gw, id) >= 1; }, 60s)) << id << a1.process().log();
  ASSERT_TRUE(wait_until([&] {
    auto m = a1.get("/metrics").body + a2.get("/metrics").body;
    for (int p = 0; p < 3; ++p)
      if (m.find("topic=\"fte.tickets.incoming\",partition=\"" + std::to_string(p) + "\"} 0") == std::string::npos) return false;
    return true;
  }, 30s)) << a1.get("/metrics").body;
  for (const auto& id : ids) EXPECT_EQ(outbound(gw, id), 1) << id;
}
