#include "app/instance_leases.h"

#include "core/ids.h"
#include "ops/log.h"
#include "store/store.h"

namespace fte::app {

std::string lease_holder(const std::string& instance) {
  return instance.empty() ? new_uuid() : instance + "/" + new_uuid();
}

int release_predecessor_leases(Store& store, const std::string& instance) {
  if (instance.empty()) return 0;
  const std::string mine = instance + "/";
  int n = 0;
  try {
    for (const auto& l : store.live_leases("")) {
      if (l.holder.rfind(mine, 0) != 0) continue;
      store.release_lease(l.name, l.holder);  // a no-op if it changed hands meanwhile
      ++n;
    }
  } catch (const std::exception& e) {
    ops::warn("leases of this instance's previous process not released (they expire)", {},
              {{"instance", instance}, {"error", e.what()}});
    return n;
  }
  if (n > 0)
    ops::info("leases of this instance's previous process released", {},
              {{"instance", instance}, {"leases", std::to_string(n)}});
  return n;
}

}  // namespace fte::app
