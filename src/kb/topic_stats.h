// Topic statistics of a loaded knowledge base, for the topic check (kb::on_topic): how many of
// its sections' leaf headings hold each topic term (stemmed, stop words and generic heading words
// dropped; see confidence.h). A heading word that names half the sections ("plan", "task",
// "board", the category a whole chapter repeats) says little about which section a question is
// about; a word only one heading holds ("velocity", "reset") says much.
//
// KnowledgeBase::load builds the statistics of the index it builds; every SearchHit carries the
// statistics of the index that produced it (SearchHit::topics), and the topic check takes them
// explicitly (kb::on_distinct_topic), so two knowledge bases in one process (two companies, a
// reload) never read each other's statistics, whatever titles they share. The search tool
// (agent/runtime/support_tools.cpp) judges each hit with them and hands the verdict on as the
// hit's `on_topic`, which the local engine's confidence (kb::assess_answer) reads.
// Thread-safe: immutable once built.
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

}  // namespace fte::kb
