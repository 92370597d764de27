// Runtime: builds the concrete components from a Config (the only place that does) and runs a role:
// serve (all in one), gateway (HTTP intake → bus), agent (bus → agent → bus), deliver (bus →
// providers). Every role serves /health, /ready and /metrics. run() blocks until SIGTERM/SIGINT,
// then stops intake, lets in-flight work finish (FTE_DRAIN_SECONDS) and returns 0.
#pragma once
#include <string>

#include "app/config.h"

namespace fte::agent {
struct AgentConfig;
}

namespace fte::app {

enum class Role { serve, gateway, agent, deliver };

// The agent's configuration from a Config (the one mapping; `fte eval` uses it too).
agent::AgentConfig agent_config(const Config& c);

int run_role(Role role, const Config& c);
int run_migrate(const Config& c);
int run_kb_import(const Config& c, const std::string& path);
int run_kb_search(const Config& c, const std::string& query, int k);
int run_dev_kafka_cli(int brokers);  // `fte dev kafka`: the mock cluster in the foreground

}  // namespace fte::app
