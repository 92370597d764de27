// Shared parts of the partition-lease tests: a store world per backend (relay_world.h: a SQLite
// file, or a fresh database on the test's own PostgreSQL server), Kafka options for lease mode,
// and counting who holds a group's partition leases.
#pragma once
#include <map>
#include <string>

#include "integration/relay/relay_world.h"

namespace fte::leasetest {

using relaytest::eventually;
using relaytest::make_world;
using storetest::StoreWorld;

// Lease mode on the mock cluster: short leases so takeovers are quick in tests.
inline KafkaOptions lease_options(Store& store, const std::string& instance) {
  KafkaOptions ko = relaytest::quick_kafka();
  ko.lease_store = &store;
  ko.instance_id = instance;
  ko.lease_ttl_ms = 2000;
  ko.lease_renew_ms = 250;
  return ko;
}

// Live partition leases of `group` per instance id (the holder's part before '/').
inline std::map<std::string, int> partition_holders(Store& store, const std::string& group) {
  std::map<std::string, int> n;
  for (const auto& l : store.live_leases("kafka:" + group + ":p:"))
    ++n[l.holder.substr(0, l.holder.find('/'))];
  return n;
}

}  // namespace fte::leasetest
