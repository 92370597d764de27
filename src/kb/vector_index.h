// VectorIndex: nearest chunks by cosine similarity of HashEmbedder vectors. Every vector is kept
// sparse for exact scoring; optionally an HNSW graph (hnswlib, InnerProductSpace on L2-normalised
// dense vectors, so inner product = cosine) proposes candidates for large corpora.
//
// The graph holds the embeddings folded to HnswParams::graph_dims buckets (bucket i -> i mod
// graph_dims, renormalised). Folding a feature-hashed vector is the same as hashing the features
// into fewer buckets, so the graph sees the same kind of embedding, only smaller: 100k chunks take
// 400 MB at 1024 dims instead of 1.6 GB at 4096, and the graph builds ~4x faster. search_hnsw()
// takes the whole search beam (ef_search candidates) from the graph and rescores it with the full
// sparse vectors, so returned cosines are exact. The folding costs recall against brute force
// (bench/kb_search.cpp, generated corpus: recall@10 0.89 at 5k chunks, 0.74 at 20k; the
// KnowledgeBase adds BM25 candidates and gets 0.999 of the exact path's top 10).
//
// Built once by build(); afterwards const and safe to search from many threads (hnswlib's
// searchKnn only takes its visited-list pool lock). build() throws std::bad_alloc /
// std::runtime_error when the graph cannot be allocated; search never throws on any query vector.
#pragma once
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "kb/embedder.h"

namespace fte::kb {

struct HnswParams {
  std::size_t m = 16;                // graph degree
  std::size_t ef_construction = 40;  // build-time beam (the query beam matters more)
  std::size_t ef_search = 256;       // query-time beam = candidates rescored (at least k)
  std::size_t graph_dims = 1024;     // folded dimensions in the graph (0 or >= dims: no folding)
  std::size_t build_threads = 0;     // 0 = hardware concurrency (parallel insertion)
};

class VectorIndex {
 public:
  using Scored = std::vector<std::pair<std::uint32_t, float>>;  // (document, cosine), best first

  VectorIndex();
  ~VectorIndex();
  VectorIndex(VectorIndex&&) noexcept;
  VectorIndex& operator=(VectorIndex&&) noexcept;

  void build(std::vector<SparseVector> vectors, std::size_t dims, bool with_hnsw,
             HnswParams p = {});

  bool has_hnsw() const { return hnsw_ != nullptr; }
  std::size_t size() const { return vectors_.size(); }

  // Cosine of document `doc` with a dense query of dims() floats.
  float cosine(const std::vector<float>& query, std::uint32_t doc) const;
  // Exact top-k over all documents, or over `subset` when given.
  Scored search_exact(const std::vector<float>& query, std::size_t k,
                      const std::vector<std::uint32_t>* subset = nullptr) const;
  // Approximate top-k: the graph's beam rescored exactly (brute force when there is no graph).
  Scored search_hnsw(const std::vector<float>& query, std::size_t k) const;
  // Every document's cosine with the query in one pass over the posting lists (bucket → the
  // documents holding it, built by build()): the work is the postings of the query's non-zero
  // buckets, not documents × their buckets, so a short question over 10k chunks costs well
  // under a millisecond, exactly. `out` is resized to size() and overwritten.
  void cosines(const std::vector<float>& query, std::vector<float>& out) const;

  // Document `doc`'s embedding folded to `dims` buckets and L2-normalised, as the graph holds it:
  // what an external vector index (pgvector) stores. Empty when doc is out of range.
  std::vector<float> folded(std::uint32_t doc, std::size_t dims) const;
  // A dense query of dims() floats folded the same way (L2-normalised; all zero for a zero query).
  static std::vector<float> fold_query(const std::vector<float>& query, std::size_t dims);

 private:
  struct Hnsw;
  std::vector<SparseVector> vectors_;
  std::vector<std::uint32_t> post_start_;  // dims_ + 1 offsets into post_doc_ / post_val_
  std::vector<std::uint32_t> post_doc_;
  std::vector<float> post_val_;
  std::size_t dims_ = 0;
  std::size_t graph_dims_ = 0;
  std::size_t ef_search_ = 0;
  std::unique_ptr<Hnsw> hnsw_;
};

}  // namespace fte::kb
