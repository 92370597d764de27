// The test binary's main: GoogleTest, plus child modes in which the tests start this same binary
// as a separate process (so that it can be SIGKILLed like a crashed worker):
//   --child-consumer BOOTSTRAP GROUP BLOCK_EVENT_ID  a consumer of fte.tickets.incoming that prints
//       "start ID" / "done ID" per event and hangs forever inside the handler of BLOCK_EVENT_ID;
//   --dev-kafka BROKERS PREFIX                       run_dev_kafka (`fte dev kafka`).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "bus/kafka/mock_cluster.h"
#include "kafka_test_support.h"

namespace {

int child_consumer(const std::string& bootstrap, const std::string& group,
                   const std::string& block) {
  auto bus = fte::open_kafka_bus(bootstrap, fte::kafkatest::quick_retries(),
                                 fte::kafkatest::fast_options());
  std::mutex out;
  auto say = [&](const char* what, const std::string& id) {
    std::lock_guard lk(out);
    std::printf("%s %s\n", what, id.c_str());
    std::fflush(stdout);
  };
  bus->subscribe(group, {std::string(fte::topics::tickets_incoming)},
                 [&](const fte::Envelope& e, const std::string&) {
                   say("start", e.event_id);
                   if (e.event_id == block)
                     for (;;) ::pause();  // a handler that never returns: killed mid-batch
                   say("done", e.event_id);
                 });
  say("subscribed", group);
  for (;;) ::pause();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::strcmp(argv[1], "--child-consumer") == 0)
    return child_consumer(argv[2], argv[3], argv[4]);
  if (argc == 4 && std::strcmp(argv[1], "--dev-kafka") == 0)
    return fte::run_dev_kafka(std::stoi(argv[2]), argv[3]);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
