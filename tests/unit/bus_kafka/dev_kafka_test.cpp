// `fte dev kafka` (run_dev_kafka): prints the bootstrap line first, serves the spec topics with the
// prefix on loopback to any Kafka client, and exits cleanly on SIGTERM.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>

#include "bus/kafka/mock_cluster.h"
#include "kafka_test_support.h"

namespace fte::kafkatest {
namespace {

using namespace std::chrono_literals;

TEST(DevKafka, PrintsBootstrapServesPrefixedSpecTopicsAndStopsOnSigterm) {
  Child dev({"--dev-kafka", "2", "tenant7."});
  ASSERT_TRUE(dev.started());
  auto first = dev.read_line(10s);
  ASSERT_TRUE(first) << "no output from run_dev_kafka";
  ASSERT_EQ(first->rfind("bootstrap=", 0), 0u) << *first;
  std::string boot = first->substr(10);
  EXPECT_NE(boot.find("127.0.0.1:"), std::string::npos);
  EXPECT_NE(boot.find(','), std::string::npos) << "two brokers expected: " << boot;

  std::string md = run("kcat -b " + boot + " -L");
  EXPECT_NE(md.find("2 brokers"), std::string::npos) << md;
  for (const auto& t : spec_topic_names())
    EXPECT_NE(md.find("topic \"tenant7." + t + "\" with 3 partitions"), std::string::npos) << t;

  dev.kill(SIGTERM);
  auto st = dev.wait_exit(10s);
  ASSERT_TRUE(st) << "run_dev_kafka ignored SIGTERM";
  EXPECT_TRUE(WIFEXITED(*st));
  EXPECT_EQ(WEXITSTATUS(*st), 0);
}

TEST(DevKafka, SpecTopicsAreTheThirteenOfSpecThree) {
  auto t = spec_topic_names();
  EXPECT_EQ(t.size(), 13u);
  for (const char* want :
       {"fte.tickets.incoming", "fte.channels.email.inbound", "fte.channels.whatsapp.outbound",
        "fte.channels.webform.status", "fte.escalations", "fte.metrics", "fte.dlq"})
    EXPECT_NE(std::find(t.begin(), t.end(), want), t.end()) << want;
}

}  // namespace
}  // namespace fte::kafkatest
