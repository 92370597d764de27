// KnowledgeBase: the product documentation, searchable in memory (DESIGN §8: a search touches no
// disk). Markdown is cut into chunks by heading; each chunk is embedded offline (feature hashing
// of words, bigrams and character n-grams with TF-IDF weights) and indexed twice: HNSW (hnswlib,
// cosine) over the vectors and BM25 over the words; the two rankings are fused into one score.
//
// Thread-safe: search() may run from many threads; load() swaps in a new index atomically.
// Failure: load() throws fte::Error(invalid_argument) for unreadable input; search() never throws
// for any query text (an empty result means "nothing relevant").
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"

namespace fte::kb {

struct SearchHit {
  std::string chunk_id;
  std::string title;     // heading path, "Security & SSO > Password Reset"
  std::string content;   // the section's markdown
  std::string category;  // top-level heading, lower-case
  std::string source;
  double score = 0;      // fused relevance in [0, 1]; compare with relevance_threshold()
  double bm25 = 0;       // raw BM25 score
  double cosine = 0;     // cosine similarity of the embeddings
};

// Cuts markdown into chunks: one per heading of level 2 or deeper (with its heading path as title);
// text before the first heading and tables of contents are dropped.
std::vector<KnowledgeChunk> chunk_markdown(std::string_view markdown, std::string_view source);

// Reads a markdown file, or every *.md file of a folder (sorted by name), and chunks them.
std::vector<KnowledgeChunk> load_path(const std::string& path);

class KnowledgeBase {
 public:
  KnowledgeBase();
  ~KnowledgeBase();
  KnowledgeBase(const KnowledgeBase&) = delete;
  KnowledgeBase& operator=(const KnowledgeBase&) = delete;

  // Replaces the whole index with these chunks (embeddings computed here when absent).
  void load(std::vector<KnowledgeChunk> chunks);
  // Up to k hits, best first, optionally only from one category (empty = all).
  std::vector<SearchHit> search(std::string_view query, int k, std::string_view category = {}) const;
  std::size_t size() const;
  // A hit at or above this fused score counts as relevant (agent: two searches without one escalate).
  double relevance_threshold() const;

 private:
  struct Index;
  std::shared_ptr<const Index> index_;  // swapped under a mutex, read lock-free by copy
  mutable std::shared_ptr<void> mu_;
};

}  // namespace fte::kb
