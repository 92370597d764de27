#include "core/wake_burst.h"

#include <utility>

namespace fte {
namespace {

struct Pending {
  int depth = 0;
  std::vector<std::pair<WakeBurst::Fn, void*>> wakes;
};
thread_local Pending tl_pending;

}  // namespace

WakeBurst::WakeBurst() : outer_(tl_pending.depth++ == 0) {}

WakeBurst::~WakeBurst() {
  --tl_pending.depth;
  if (!outer_) return;
  // A wake-up may open a burst of its own or ask for more: take the list first.
  auto wakes = std::move(tl_pending.wakes);
  tl_pending.wakes.clear();
  for (auto [fn, arg] : wakes) {
    try {
      fn(arg);
    } catch (...) {
    }
  }
}

void WakeBurst::wake(Fn fn, void* arg) {
  if (tl_pending.depth == 0) return fn(arg);
  for (const auto& w : tl_pending.wakes)
    if (w.first == fn && w.second == arg) return;
  tl_pending.wakes.emplace_back(fn, arg);
}

}  // namespace fte
