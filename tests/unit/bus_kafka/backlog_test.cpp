// Flow control: a partition whose handler falls behind is paused once its backlog reaches
// max_queued_per_partition and resumed when it drains; nothing is skipped or reordered across the
// pause (librdkafka refetches from the last record handed to the bus).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>

#include "bus/kafka/mock_cluster.h"
#include "kafka_test_support.h"
#include "support/process.h"

namespace fte::kafkatest {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

TEST(KafkaBacklog, PausedPartitionResumesWithoutSkippingOrReordering) {
  KafkaMockCluster cluster;
  KafkaOptions ko = fast_options();
  ko.max_queued_per_partition = 4;
  // The handler's state before the bus: its consumer threads call the handler until the bus is
  // destroyed.
  std::mutex mu;
  std::condition_variable cv;
  bool open_gate = false;
  std::vector<int> order;
  auto bus = open_kafka_bus(cluster.bootstrap(), {}, ko);
  const std::string topic(topics::tickets_incoming);
  bus->subscribe("slow", {topic}, [&](const Envelope& e, const std::string&) {
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return open_gate; });
    order.push_back(static_cast<int>(json::parse(e.payload).at("n").as_int64()));
    cv.notify_all();
  });
  const int n = 200;
  for (int i = 0; i < n; ++i)
    bus->publish(topic, make_envelope("ticket.incoming", "cust-1",
                                      "{\"n\":" + std::to_string(i) + "}", "", ""));
  // The first handler call holds the gate while the backlog builds up behind it.
  ASSERT_TRUE(fte::testing::wait_until(
      [&] {
        std::int64_t lag = 0;
        for (const auto& l : bus->lag()) lag += l.lag;
        return lag == n;
      },
      20s));
  {
    std::lock_guard lk(mu);
    open_gate = true;
  }
  cv.notify_all();
  std::unique_lock lk(mu);
  ASSERT_TRUE(cv.wait_for(lk, 30s, [&] { return order.size() >= static_cast<std::size_t>(n); }))
      << "handled " << order.size() << " of " << n;
  for (int i = 0; i < n; ++i) ASSERT_EQ(order[static_cast<std::size_t>(i)], i);
}

}  // namespace
}  // namespace fte::kafkatest
