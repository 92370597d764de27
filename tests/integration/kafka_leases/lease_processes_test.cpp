// The agent role scaled out with partition leases, as real processes on a real PostgreSQL server
// and librdkafka's mock cluster: 1 gateway + 2 agents + 1 deliver. An agent SIGKILLed (no release,
// its leases must expire) loses its partitions to the other agent, and a third agent that joins
// takes its share; every ticket submitted before, between and after is answered exactly once.
#include <signal.h>

#include "leases_world.h"
#include "store/postgres/postgres_store.h"
#include "support/fte_service.h"
#include "support/process.h"

namespace fte::leasetest {
namespace {

using namespace fte::testing;
using namespace std::chrono_literals;

TEST(LeaseProcesses, AKilledAgentsPartitionsMoveAndAJoiningAgentTakesItsShare) {
  std::string why;
  auto world = storetest::make_postgres_world_of(why);
  if (!world) GTEST_SKIP() << "PostgreSQL not available: " << why;
  KafkaMockCluster cluster{KafkaMockOptions{1, 3, ""}};
  auto dir = temp_dir("fte-lease-procs");
  std::map<std::string, std::string> env{{"FTE_BUS", "kafka://" + cluster.bootstrap()},
                                         {"FTE_DATABASE_URL", world->url()},
                                         {"FTE_KAFKA_LEASE_MS", "2000"}};
  FteProcess migrate({"migrate"}, env, dir / "migrate.log");
  ASSERT_EQ(migrate.wait(), 0) << migrate.log();
  auto with_id = [&](const std::string& id) {
    auto e = env;
    e["FTE_INSTANCE_ID"] = id;
    return e;
  };
  Serve gateway(dir, with_id("gateway-0"), "gateway");
  Serve deliver(dir, with_id("deliver-0"), "deliver");
  auto agent0 = std::make_unique<Serve>(dir, with_id("agent-0"), "agent");
  auto agent1 = std::make_unique<Serve>(dir, with_id("agent-1"), "agent");
  for (Serve* s : {&gateway, &deliver, agent0.get(), agent1.get()})
    ASSERT_TRUE(s->ready()) << s->process().log();

  auto store = world->open(StoreOptions{});
  auto holders = [&] { return partition_holders(*store, "fte-agent"); };
  ASSERT_TRUE(wait_until([&] {
    auto h = holders();
    return h["agent-0"] >= 1 && h["agent-1"] >= 1 && h["agent-0"] + h["agent-1"] == 3;
  }, 30s)) << "the two agents share the 3 partitions";

  std::vector<std::string> tickets;
  auto submit = [&](int n) {
    for (int i = 0; i < n; ++i) {
      auto r = gateway.post("/support/submit", form("lease" + std::to_string(tickets.size()) + "@example.com",
                                                     "How do I invite team members to my workspace?"));
      ASSERT_EQ(r.status, 201) << r.body;
      tickets.push_back(ticket_of(r));
    }
  };
  auto answered_once = [&] {
    return wait_until([&] {
      for (const auto& id : tickets)
        if (replies(gateway, id) < 1) return false;
      return true;
    }, 60s);
  };
  auto no_repeats = [&] {
    int twice = 0;
    for (const auto& id : tickets) twice += replies(gateway, id) > 1;
    return twice;
  };

  submit(9);
  ASSERT_TRUE(answered_once()) << agent0->process().log();

  // SIGKILL agent-0: nothing released; its leases expire and agent-1 claims them.
  agent0->process().kill(SIGKILL);
  agent0->process().wait();
  agent0.reset();
  submit(9);  // some land on the dead agent's partitions
  ASSERT_TRUE(wait_until([&] { return holders() == std::map<std::string, int>{{"agent-1", 3}}; }, 20s))
      << "agent-1 takes over every partition";
  ASSERT_TRUE(answered_once()) << agent1->process().log();

  // A new agent joins: agent-1 hands one or two partitions over, nothing stops or is lost.
  Serve agent2(dir, with_id("agent-2"), "agent");
  ASSERT_TRUE(agent2.ready()) << agent2.process().log();
  ASSERT_TRUE(wait_until([&] {
    auto h = holders();
    return h["agent-2"] >= 1 && h["agent-1"] >= 1 && h["agent-1"] + h["agent-2"] == 3;
  }, 20s)) << "the joining agent claims its share";
  submit(9);
  ASSERT_TRUE(answered_once()) << agent2.process().log();
  EXPECT_EQ(no_repeats(), 0) << "a ticket answered twice";
  EXPECT_EQ(tickets.size(), 27u);
}

}  // namespace
}  // namespace fte::leasetest
