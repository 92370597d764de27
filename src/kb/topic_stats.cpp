#include "kb/topic_stats.h"

#include <mutex>

#include "kb/confidence.h"

namespace fte::kb {

namespace {

std::mutex registry_mu;
std::vector<std::weak_ptr<const TopicStats>>& registry() {  // guarded by registry_mu, oldest first
  static std::vector<std::weak_ptr<const TopicStats>> r;
  return r;
}

}  // namespace

std::uint32_t TopicStats::df(const std::string& term) const {
  auto it = leaf_df.find(term);
  return it == leaf_df.end() ? 0 : it->second;
}

std::shared_ptr<const TopicStats> build_topic_stats(const std::vector<std::string_view>& titles) {
  auto s = std::make_shared<TopicStats>();
  for (const auto t : titles) {
    if (!s->titles.emplace(t).second || faq_heading(t)) continue;
    for (const auto& term : leaf_topic_terms(t)) ++s->leaf_df[term];
  }
  s->headings = s->titles.size();
  return s;
}

void publish_topic_stats(const std::shared_ptr<const TopicStats>& stats) {
  std::lock_guard lock(registry_mu);
  auto& r = registry();
  std::erase_if(r, [](const std::weak_ptr<const TopicStats>& w) { return w.expired(); });
  r.push_back(stats);
}

std::shared_ptr<const TopicStats> topic_stats_for(std::string_view title) {
  const std::string key(title);
  std::lock_guard lock(registry_mu);
  const auto& r = registry();
  for (auto it = r.rbegin(); it != r.rend(); ++it)
    if (auto s = it->lock(); s && s->titles.count(key)) return s;
  return nullptr;
}

}  // namespace fte::kb
