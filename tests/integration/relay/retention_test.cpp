// Retention and its options: FTE_EVENT_RETENTION_HOURS, FTE_RELAY_LEASE_SECONDS and
// FTE_SUBMIT_RATE_PER_CUSTOMER_PER_HOUR are validated with the option named; the EventPruner puts
// the events table's size on /metrics and leaves events younger than the retention alone.
#include "app/config.h"
#include "app/event_pruner.h"
#include "app/relay_metrics.h"
#include "relay_world.h"

namespace fte::relaytest {
namespace {

TEST(RelayConfig, NewOptionsHaveDefaultsAndBadValuesNameTheOption) {
  std::map<std::string, std::string> none;
  auto c = app::load_config(&none);
  EXPECT_EQ(c.event_retention_hours, 168);
  EXPECT_EQ(c.relay_lease_seconds, 10);
  EXPECT_EQ(c.submit_rate_per_customer_per_hour, 0);
  for (auto [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"FTE_EVENT_RETENTION_HOURS", "-1"}, {"FTE_EVENT_RETENTION_HOURS", "a week"},
           {"FTE_RELAY_LEASE_SECONDS", "1"}, {"FTE_RELAY_LEASE_SECONDS", "301"},
           {"FTE_SUBMIT_RATE_PER_CUSTOMER_PER_HOUR", "-5"}}) {
    std::map<std::string, std::string> env{{k, v}};
    try {
      app::load_config(&env);
      ADD_FAILURE() << k << "=" << v << " was accepted";
    } catch (const app::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(k), std::string::npos) << e.what();
    }
  }
  std::map<std::string, std::string> ok{{"FTE_EVENT_RETENTION_HOURS", "0"}, {"FTE_RELAY_LEASE_SECONDS", "2"}};
  EXPECT_EQ(app::load_config(&ok).event_retention_hours, 0);
  bool documented = false;
  for (const auto& d : app::option_docs()) documented |= d.name == "FTE_EVENT_RETENTION_HOURS" && d.default_value == "168";
  EXPECT_TRUE(documented);
}

TEST(EventPruner, ReportsTheEventsTableSizeAndKeepsYoungEvents) {
  SqliteWorld world;
  auto store = world.open(StoreOptions{});
  for (int i = 0; i < 3; ++i)
    store->append_events({{std::string(topics::tickets_incoming), make_envelope("t", "k", "{}", "", "")}});
  ops::Metrics m;
  app::EventPruner pruner(*store, m, app::PrunerOptions{.retention_hours = 1, .interval_ms = 3600000});
  EXPECT_EQ(pruner.run_once(), 0) << "nothing is an hour old";
  EXPECT_EQ(m.gauge(app::metric::kEventsRows).value(), 3);
  EXPECT_GE(m.gauge(app::metric::kEventsOldestAge).value(), 0);
  EXPECT_NE(m.render().find("fte_events_rows 3"), std::string::npos) << m.render();
  pruner.stop();
}

}  // namespace
}  // namespace fte::relaytest
