// VectorIndex: nearest chunks by cosine similarity of HashEmbedder vectors. Every vector is kept
// sparse for exact scoring; optionally an HNSW graph (hnswlib, InnerProductSpace over the dense,
// L2-normalised vectors, so inner product = cosine) answers approximate top-k for large corpora.
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
  std::size_t m = 16;                 // graph degree
  std::size_t ef_construction = 100;  // build-time beam
  std::size_t ef_search = 96;         // query-time beam (at least k)
  std::size_t build_threads = 0;      // 0 = hardware concurrency (parallel insertion)
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
  // Approximate top-k through the HNSW graph (exact when there is no graph).
  Scored search_hnsw(const std::vector<float>& query, std::size_t k) const;

 private:
  struct Hnsw;
  std::vector<SparseVector> vectors_;
  std::size_t dims_ = 0;
  std::unique_ptr<Hnsw> hnsw_;
};

}  // namespace fte::kb
