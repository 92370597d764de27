// Defaults of the Store's coordination methods (leases, fenced offsets, retention, shared
// counters) for stores that do not implement them (test fakes): each throws Error(unavailable).
// The SQLite and PostgreSQL stores override all of them. commit_offsets defaults to one
// commit_offset per topic.
#include "core/error.h"
#include "store/store.h"

namespace fte {
namespace {

[[noreturn]] void unsupported(const char* what) {
  throw Error(ErrorKind::unavailable, std::string("this store does not support ") + what);
}

}  // namespace

std::int64_t Store::acquire_lease(const std::string&, const std::string&, std::int64_t) {
  unsupported("leases");
}
void Store::release_lease(const std::string&, const std::string&) { unsupported("leases"); }
std::vector<Store::LeaseHolder> Store::live_leases(const std::string&) { unsupported("leases"); }
bool Store::commit_offsets_fenced(const std::string&, const std::vector<std::string>&, std::int64_t,
                                  const std::string&, const std::string&, std::int64_t) {
  unsupported("fenced offsets");
}
void Store::commit_offsets(const std::string& group, const std::vector<std::string>& topics,
                           std::int64_t seq) {
  for (const auto& t : topics) commit_offset(group, t, seq);
}
std::int64_t Store::prune_events(std::int64_t, int) { unsupported("event pruning"); }
Store::EventLogStats Store::event_log_stats() { unsupported("event log statistics"); }
std::int64_t Store::add_to_counter(const std::string&, std::int64_t, std::int64_t, std::int64_t,
                                   bool) {
  unsupported("shared counters");
}
std::int64_t Store::prune_counters(std::int64_t) { unsupported("shared counters"); }

}  // namespace fte
