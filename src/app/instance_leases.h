// Leases of a restarted process's predecessor. Holders of store leases (the outbox relay, Kafka
// partition leases) are "<instance>/<uuid>", where the instance id (FTE_INSTANCE_ID; the chart
// sets the pod's name) is unique among running processes. A process starting under an id
// whose earlier process died without releasing (SIGKILL, OOM: a container restarted in place)
// releases those leases at once, so the relay and the partitions move now instead of after the
// lease time; a pod replaced under a new name still waits for the expiry. Done once at start, so
// two live processes given one id by mistake disturb each other once (each lease is fenced by its
// epoch), not forever.
// Thread-safe (store calls only). Store errors are logged, never thrown: the leases then expire.
#pragma once
#include <string>

namespace fte {
class Store;
}

namespace fte::app {

// "<instance>/<uuid>", or a bare uuid without an instance id.
std::string lease_holder(const std::string& instance);

// Releases every live lease held under `instance` by another process; returns how many.
int release_predecessor_leases(Store& store, const std::string& instance);

}  // namespace fte::app
