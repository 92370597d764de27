#include "kb/topic_stats.h"

#include "kb/confidence.h"

namespace fte::kb {

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

}  // namespace fte::kb
