// A consumer process SIGKILLed in the middle of its batch: another member of the group takes over
// its partitions and every event is handled — none lost, the interrupted one handled again.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "bus/kafka/mock_cluster.h"
#include "kafka_test_support.h"

namespace fte::kafkatest {
namespace {

using namespace std::chrono_literals;

TEST(KafkaTakeover, KilledConsumerIsReplacedByItsGroupWithoutLoss) {
  KafkaMockCluster cluster;
  // Declared before the bus: its consumer threads may still call the handler until the bus is
  // destroyed, which must come first.
  Ids seen;
  auto bus = open_kafka_bus(cluster.bootstrap(), {}, fast_options());
  std::vector<Envelope> all;
  for (int i = 0; i < 30; ++i)
    all.push_back(make_envelope("ticket.incoming", "cust-" + std::to_string(i % 10),
                                "{\"n\":" + std::to_string(i) + "}", "", ""));
  const std::string blocked = all[12].event_id;  // its handler hangs until the process dies
  for (const auto& e : all) bus->publish(std::string(topics::tickets_incoming), e);

  Child worker({"--child-consumer", cluster.bootstrap(), "agents", blocked});
  ASSERT_TRUE(worker.started());
  std::set<std::string> started, done_by_worker;
  auto until = std::chrono::steady_clock::now() + 30s;
  while (!started.count(blocked) && std::chrono::steady_clock::now() < until) {
    auto line = worker.read_line(1s);
    if (!line) continue;
    auto sp = line->find(' ');
    std::string what = line->substr(0, sp), id = line->substr(sp + 1);
    if (what == "start") started.insert(id);
    if (what == "done") done_by_worker.insert(id);
  }
  ASSERT_TRUE(started.count(blocked)) << "the worker never reached the blocking event";
  worker.kill(SIGKILL);  // mid-batch: no commit, no LeaveGroup
  ASSERT_TRUE(worker.wait_exit(5s));
  // Lines the worker printed before it died.
  while (auto line = worker.read_line(0ms)) {
    if (line->rfind("done ", 0) == 0) done_by_worker.insert(line->substr(5));
  }

  bus->subscribe("agents", {std::string(topics::tickets_incoming)},
                 [&](const Envelope& e, const std::string&) { seen.add(e.event_id); });
  std::vector<std::string> not_done;
  for (const auto& e : all)
    if (!done_by_worker.count(e.event_id)) not_done.push_back(e.event_id);
  EXPECT_TRUE(seen.wait_for_all(not_done, 40s))
      << "events lost after the worker died (" << not_done.size() << " were not done by it)";
  EXPECT_GE(seen.count(blocked), 1);
}

}  // namespace
}  // namespace fte::kafkatest
