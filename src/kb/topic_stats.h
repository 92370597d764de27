// Topic statistics of a loaded knowledge base, for the topic check (kb::on_topic): how many of
// its sections' leaf headings hold each topic term (stemmed, stop words and generic heading words
// dropped; see confidence.h). A heading word that names half the sections ("plan", "task",
// "board", the category a whole chapter repeats) says little about which section a question is
// about; a word only one heading holds ("velocity", "reset") says much.
//
// The topic check is a pure function of (question, title, content) that the local engine calls on
// search hits it received as JSON, so the statistics reach it through a process-wide registry:
// KnowledgeBase::load publishes the statistics of the index it builds (owned by that index), and
// topic_stats_for(title) finds the newest live statistics holding that section title. A title no
// live knowledge base holds gets none (the check then uses its rules without statistics).
// Thread-safe: the registry is guarded by a mutex; published statistics are immutable.
// Failure: never throws except std::bad_alloc.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fte::kb {

struct TopicStats {
  std::size_t headings = 0;  // distinct section titles
  std::unordered_map<std::string, std::uint32_t> leaf_df;  // topic term -> leaf headings holding it
  std::unordered_set<std::string> titles;                  // the section titles counted

  // Leaf headings holding the term (0 when none does).
  std::uint32_t df(const std::string& term) const;
};

// Statistics over these section titles (heading paths, "Billing & Plans > Refund Policy"; a FAQ
// question heading, kb::faq_heading, is held but not counted: its words are the asker's phrasing;
// repeated titles of a section split in chunks count once).
std::shared_ptr<const TopicStats> build_topic_stats(const std::vector<std::string_view>& titles);

// Makes `stats` visible to topic_stats_for while the caller keeps it alive (held weakly).
void publish_topic_stats(const std::shared_ptr<const TopicStats>& stats);

// The newest published, still alive statistics that hold `title`; nullptr when none does.
std::shared_ptr<const TopicStats> topic_stats_for(std::string_view title);

}  // namespace fte::kb
