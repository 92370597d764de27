#include "bus/kafka/partition_leases.h"

#include <algorithm>
#include <chrono>

#include "core/ids.h"
#include "ops/log.h"
#include "store/store.h"

namespace fte::kafka {
namespace {

using Live = std::vector<std::pair<std::string, std::string>>;  // lease name, holder

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

PartitionLeases::PartitionLeases(Store& store, Options o, ListPartitions list)
    : store_(store),
      o_(std::move(o)),
      list_(std::move(list)),
      holder_(o_.instance.empty() ? new_uuid() : o_.instance + "/" + new_uuid()),
      prefix_("kafka:" + o_.group + ":") {
  thread_ = std::thread([this] { run(); });
}

PartitionLeases::~PartitionLeases() { stop(); }

bool PartitionLeases::held(const Deadline& d) { return d && now_ns() < d->load(); }

std::map<PartitionLeases::Key, PartitionLeases::Deadline> PartitionLeases::owned() {
  std::lock_guard lk(mu_);
  std::map<Key, Deadline> out;
  for (const auto& [k, h] : held_)
    if (!h.surplus) out.emplace(k, h.deadline);
  return out;
}

void PartitionLeases::closed(const std::vector<Key>& keys) {
  {
    std::lock_guard lk(mu_);
    for (const auto& k : keys) {
      auto it = held_.find(k);
      if (it != held_.end() && it->second.surplus) to_release_.push_back(k);
    }
  }
  cv_.notify_all();
}

void PartitionLeases::freeze() { frozen_ = true; }

void PartitionLeases::stop() {
  {
    std::lock_guard lk(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  frozen_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string PartitionLeases::partition_lease(const Key& k) const {
  return prefix_ + "p:" + k.first + ":" + std::to_string(k.second);
}

void PartitionLeases::run() {
  for (;;) {
    try {
      tick();
      if (failing_) ops::info("partition leases renewed again", {}, {{"group", o_.group}});
      failing_ = false;
    } catch (const std::exception& e) {
      store_failed(e);
    }
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, std::chrono::milliseconds(std::max(10, o_.renew_ms)),
                 [&] { return stopping_ || !to_release_.empty(); });
    if (stopping_) break;
  }
  // Stopping: the consumer closed its partitions; give everything back so others claim at once.
  std::vector<std::string> names;
  {
    std::lock_guard lk(mu_);
    for (auto& [k, h] : held_) {
      h.deadline->store(0);
      names.push_back(partition_lease(k));
    }
    held_.clear();
  }
  if (!member_.empty()) names.push_back(member_);
  try {
    for (const auto& n : names) store_.release_lease(n, holder_);
  } catch (const std::exception& e) {
    ops::warn("partition leases not released (they expire)", {},
              {{"group", o_.group}, {"error", e.what()}});
  }
  ++generation_;
}

void PartitionLeases::store_failed(const std::exception& e) {
  if (!failing_)
    ops::warn("partition lease renewal failed", {}, {{"group", o_.group}, {"error", e.what()}});
  failing_ = true;
}

void PartitionLeases::tick() {
  const std::int64_t start = now_ns();
  auto read_live = [&] {
    Live live;
    for (auto& l : store_.live_leases(prefix_)) live.emplace_back(std::move(l.name), std::move(l.holder));
    return live;
  };
  const Live live = read_live();
  const int members = renew_member(live);
  renew_partitions(start);
  release_closed();
  std::set<std::string> known;
  for (const auto& k : partitions_) known.insert(k.first);
  if (known.size() < o_.topics.size() || ++ticks_since_metadata_ >= 20) {
    if (auto parts = list_()) {
      partitions_ = std::move(*parts);
      ticks_since_metadata_ = 0;
    }
  }
  std::set<std::string> taken;
  for (const auto& [name, holder] : live)
    if (holder != holder_) taken.insert(name);
  rebalance(taken, members, start);
}

int PartitionLeases::renew_member(const Live& live) {
  const std::string slot_prefix = prefix_ + "member:";
  int others = 0;
  std::set<std::string> slots_taken;
  for (const auto& [name, holder] : live) {
    if (name.rfind(slot_prefix, 0) != 0 || holder == holder_) continue;
    ++others;
    slots_taken.insert(name);
  }
  if (!member_.empty() && store_.acquire_lease(member_, holder_, o_.ttl_ms) == 0) member_.clear();
  for (int slot = 0; member_.empty() && slot <= others; ++slot) {
    std::string name = slot_prefix + std::to_string(slot);
    if (slots_taken.count(name)) continue;
    if (store_.acquire_lease(name, holder_, o_.ttl_ms) > 0) member_ = name;
  }
  return others + 1;
}

void PartitionLeases::renew_partitions(std::int64_t start) {
  std::vector<std::pair<Key, std::int64_t>> mine;
  {
    std::lock_guard lk(mu_);
    for (const auto& [k, h] : held_) mine.emplace_back(k, h.epoch);
  }
  const std::int64_t until = start + static_cast<std::int64_t>(o_.ttl_ms) * 800000;  // 80 %
  for (const auto& [k, epoch] : mine) {
    const std::int64_t e = store_.acquire_lease(partition_lease(k), holder_, o_.ttl_ms);
    std::lock_guard lk(mu_);
    auto it = held_.find(k);
    if (it == held_.end()) continue;
    if (e == epoch || e == epoch + 1) {  // ours throughout (+1: it lapsed, nobody took it)
      it->second.epoch = e;
      it->second.deadline->store(until);
      continue;
    }
    ops::warn("partition lease lost", {},
              {{"group", o_.group}, {"topic", k.first}, {"partition", std::to_string(k.second)}});
    it->second.deadline->store(0);
    if (e > 0) store_.release_lease(partition_lease(k), holder_);  // retaken after another holder
    held_.erase(it);
    ++generation_;
  }
}

void PartitionLeases::release_closed() {
  std::vector<Key> keys;
  {
    std::lock_guard lk(mu_);
    keys.swap(to_release_);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    try {
      store_.release_lease(partition_lease(keys[i]), holder_);
    } catch (...) {
      std::lock_guard lk(mu_);
      to_release_.insert(to_release_.end(), keys.begin() + static_cast<std::ptrdiff_t>(i), keys.end());
      throw;
    }
    std::lock_guard lk(mu_);
    auto it = held_.find(keys[i]);
    if (it != held_.end()) {
      it->second.deadline->store(0);
      held_.erase(it);
    }
  }
}

void PartitionLeases::rebalance(const std::set<std::string>& taken, int members, std::int64_t start) {
  if (frozen_ || partitions_.empty()) return;
  const int total = static_cast<int>(partitions_.size());
  const int share = (total + members - 1) / std::max(1, members);
  int mine = 0;
  {
    std::lock_guard lk(mu_);
    for (const auto& [k, h] : held_) mine += h.surplus ? 0 : 1;
    if (mine > share) {
      for (auto it = held_.rbegin(); it != held_.rend() && mine > share; ++it) {
        if (it->second.surplus) continue;
        it->second.surplus = true;
        --mine;
      }
      ++generation_;
      return;
    }
  }
  const std::int64_t until = start + static_cast<std::int64_t>(o_.ttl_ms) * 800000;
  for (const auto& k : partitions_) {
    if (mine >= share || frozen_) break;
    const std::string name = partition_lease(k);
    if (taken.count(name)) continue;
    {
      std::lock_guard lk(mu_);
      if (held_.count(k)) continue;
    }
    const std::int64_t e = store_.acquire_lease(name, holder_, o_.ttl_ms);
    if (e <= 0) continue;
    std::lock_guard lk(mu_);
    held_[k] = Held{e, std::make_shared<std::atomic<std::int64_t>>(until), false};
    ++mine;
    ++generation_;
  }
}

}  // namespace fte::kafka
