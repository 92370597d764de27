// The scaled-out roles as real processes (issue 16): 2 gateways + 2 agents + 1 deliver on one
// store and librdkafka's mock cluster. Every process is a relay candidate; exactly one publishes,
// so each ticket's event is on fte.tickets.incoming once and each reply on the outbound topic
// once (counted on the broker), /metrics shows fte_relay_leader = 1 on one process, and after the
// leader is SIGKILLed another takes over within the lease (FTE_RELAY_LEASE_SECONDS=3), its tail
// check read (fte_relay_tail_check_failures_total stays 0); fte_events_rows is on every /metrics.
#include <signal.h>

#include "core/clock.h"
#include "relay_world.h"
#include "support/fte_service.h"
#include "support/process.h"

namespace fte::relaytest {
namespace {

using namespace fte::testing;
using namespace std::chrono_literals;

bool is_leader(Serve& s) {
  return s.get("/metrics").body.find("\nfte_relay_leader 1") != std::string::npos;
}

TEST(RelayProcesses, FiveReplicasPublishEachEventOnceAndSurviveTheLeadersDeath) {
  KafkaMockCluster cluster{KafkaMockOptions{1, 3, ""}};
  auto dir = temp_dir("fte-relay-procs");
  std::map<std::string, std::string> env{{"FTE_BUS", "kafka://" + cluster.bootstrap()},
                                         {"FTE_RELAY_LEASE_SECONDS", "3"}};
  std::vector<std::unique_ptr<Serve>> procs;
  for (const char* role : {"gateway", "gateway", "agent", "agent", "deliver"}) {
    procs.push_back(std::make_unique<Serve>(dir, env, role));
    ASSERT_TRUE(procs.back()->ready()) << procs.back()->process().log();
  }
  auto leaders = [&] {
    int n = 0;
    for (auto& p : procs)
      if (p) n += is_leader(*p);
    return n;
  };
  ASSERT_TRUE(wait_until([&] { return leaders() == 1; }, 20s));
  for (auto& p : procs) {  // retention's table size and the tail check's counters, on every replica
    auto m = p->get("/metrics").body;
    EXPECT_NE(m.find("\nfte_events_rows "), std::string::npos) << m;
    EXPECT_NE(m.find("\nfte_relay_tail_check_failures_total 0"), std::string::npos) << m;
  }

  std::vector<std::pair<int, std::string>> tickets;  // (gateway index, id)
  auto submit = [&](int n, int gateway_hint) {
    for (int i = 0; i < n; ++i) {
      int g = procs[0] && procs[1] ? (i + gateway_hint) % 2 : (procs[0] ? 0 : 1);
      auto r = procs[static_cast<std::size_t>(g)]->post(
          "/support/submit", form("r" + std::to_string(tickets.size()) + "@example.com",
                                  "How do I invite team members to my workspace?"));
      ASSERT_EQ(r.status, 201) << r.body;
      tickets.emplace_back(g, ticket_of(r));
    }
  };
  auto all_answered = [&] {
    return wait_until([&] {
      for (auto& [g, id] : tickets)
        if (replies(*procs[static_cast<std::size_t>(procs[static_cast<std::size_t>(g)] ? g : 1 - g)], id) < 1)
          return false;
      return true;
    }, 60s);
  };
  const std::string incoming(topics::tickets_incoming);
  const std::string outbound = topics::channel_topic("webform", "outbound");

  submit(12, 0);
  ASSERT_TRUE(all_answered()) << procs[2]->process().log();
  EXPECT_TRUE(wait_until([&] { return records_on(cluster.bootstrap(), outbound) >= 12; }, 20s));
  EXPECT_EQ(records_on(cluster.bootstrap(), incoming), 12) << "one publish per event";
  EXPECT_EQ(records_on(cluster.bootstrap(), outbound), 12) << "one publish per reply";
  ASSERT_TRUE(wait_until([&] { return leaders() == 1; }, 20s));

  // SIGKILL the leader: no release, the lease must expire; another replica takes over.
  std::size_t dead = 0;
  for (std::size_t i = 0; i < procs.size(); ++i)
    if (is_leader(*procs[i])) dead = i;
  procs[dead]->process().kill(SIGKILL);
  procs[dead]->process().wait();
  if (dead == 2 || dead == 3 || dead == 4) {
    // the role keeps running in its twin (agents) — a dead deliver is restarted, as Kubernetes would
    if (dead == 4) procs[4] = std::make_unique<Serve>(dir, env, "deliver");
  }
  if (dead != 4) procs[dead].reset();
  ASSERT_TRUE(wait_until([&] { return leaders() == 1; }, 20s)) << "no takeover after the leader died";
  for (auto& p : procs) {
    if (!p) continue;
    EXPECT_NE(p->get("/metrics").body.find("\nfte_relay_tail_check_failures_total 0"), std::string::npos);
  }

  submit(6, 1);
  ASSERT_TRUE(all_answered());
  EXPECT_TRUE(wait_until([&] { return records_on(cluster.bootstrap(), outbound) >= 18; }, 20s));
  EXPECT_EQ(records_on(cluster.bootstrap(), incoming), 18);
  EXPECT_EQ(records_on(cluster.bootstrap(), outbound), 18);
}

TEST(RelayProcesses, TwoGatewayProcessesShareOneFormRateLimit) {
  auto dir = temp_dir("fte-relay-limit");
  std::map<std::string, std::string> env{{"FTE_SUBMIT_RATE_PER_MINUTE", "4"}};
  Serve g1(dir, env, "gateway"), g2(dir, env, "gateway");
  ASSERT_TRUE(g1.ready() && g2.ready()) << g1.process().log();
  // Not in the last 10 s of a minute: the eight posts below fall into one counter window.
  ASSERT_TRUE(wait_until([] { return now_ms() % 60000 < 50000; }, 15s));
  int created = 0, limited = 0;
  for (int i = 0; i < 8; ++i) {  // one client, alternating between the replicas
    auto r = (i % 2 ? g2 : g1).post("/support/submit", form("s" + std::to_string(i) + "@example.com",
                                                               "How do I export my data as CSV?"));
    if (r.status == 201) ++created;
    if (r.status == 429) {
      ++limited;
      EXPECT_NE(r.body.find("rate_limited"), std::string::npos) << r.body;
    }
  }
  EXPECT_EQ(created, 4) << "each replica alone would have let 4 through, 8 in all";
  EXPECT_EQ(limited, 4);
}

}  // namespace
}  // namespace fte::relaytest
