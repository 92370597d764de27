#include "kb/vector_index.h"

// The only file that includes hnswlib: hnswlib.h defines non-inline functions (cpuid, xgetbv), so
// a second including translation unit would not link.
// Under AddressSanitizer, hnswlib 0.6.2's SSE prefetches read one entry past the end of a link
// list (hnswalg.h, searchBaseLayer: `*(datal + j + 1)`), harmless but reported; sanitizer builds
// use its scalar code instead.
#if defined(__SANITIZE_ADDRESS__)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

namespace fte::kb {
namespace {

// Sums bucket i into i mod out.size() and renormalises.
void fold(const SparseVector& v, std::vector<float>& out) {
  std::fill(out.begin(), out.end(), 0.0f);
  for (std::size_t i = 0; i < v.index.size(); ++i) out[v.index[i] % out.size()] += v.value[i];
  double norm = 0;
  for (float x : out) norm += static_cast<double>(x) * x;
  if (norm > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (float& x : out) x *= inv;
  }
}

}  // namespace

struct VectorIndex::Hnsw {
  explicit Hnsw(std::size_t dims) : space(dims) {}
  hnswlib::InnerProductSpace space;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph;
};

VectorIndex::VectorIndex() = default;
VectorIndex::~VectorIndex() = default;
VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;

void VectorIndex::build(std::vector<SparseVector> vectors, std::size_t dims, bool with_hnsw,
                        HnswParams p) {
  vectors_ = std::move(vectors);
  dims_ = dims;
  hnsw_.reset();
  // Posting lists (the vectors transposed), for cosines().
  post_start_.assign(dims_ + 1, 0);
  for (const auto& v : vectors_)
    for (auto i : v.index)
      if (i < dims_) ++post_start_[i + 1];
  for (std::size_t i = 0; i < dims_; ++i) post_start_[i + 1] += post_start_[i];
  post_doc_.assign(post_start_[dims_], 0);
  post_val_.assign(post_start_[dims_], 0.0f);
  {
    std::vector<std::uint32_t> fill(post_start_.begin(), post_start_.end() - 1);
    for (std::uint32_t d = 0; d < vectors_.size(); ++d) {
      const auto& v = vectors_[d];
      for (std::size_t j = 0; j < v.index.size(); ++j) {
        if (v.index[j] >= dims_) continue;
        const auto at = fill[v.index[j]]++;
        post_doc_[at] = d;
        post_val_[at] = v.value[j];
      }
    }
  }
  if (!with_hnsw || vectors_.empty()) return;

  graph_dims_ = (p.graph_dims == 0 || p.graph_dims >= dims) ? dims : p.graph_dims;
  ef_search_ = std::max<std::size_t>(p.ef_search, 1);
  auto h = std::make_unique<Hnsw>(graph_dims_);
  h->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(&h->space, vectors_.size(), p.m,
                                                               p.ef_construction);
  h->graph->setEf(ef_search_);
  std::size_t threads = p.build_threads ? p.build_threads : std::thread::hardware_concurrency();
  threads = std::clamp<std::size_t>(threads, 1, 8);
  if (vectors_.size() < 1000) threads = 1;

  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mu;
  auto worker = [&] {
    std::vector<float> dense(graph_dims_);
    try {
      for (std::size_t i = next++; i < vectors_.size(); i = next++) {
        fold(vectors_[i], dense);
        h->graph->addPoint(dense.data(), static_cast<hnswlib::labeltype>(i));
      }
    } catch (...) {
      std::lock_guard lock(failure_mu);
      if (!failure) failure = std::current_exception();
      next = vectors_.size();
    }
  };
  // The first point alone: hnswlib's entry point must exist before concurrent insertion.
  std::vector<float> first(graph_dims_);
  fold(vectors_[0], first);
  h->graph->addPoint(first.data(), 0);
  next = 1;
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  hnsw_ = std::move(h);
}

float VectorIndex::cosine(const std::vector<float>& q, std::uint32_t doc) const {
  if (doc >= vectors_.size() || q.size() < dims_) return 0.0f;
  const auto& v = vectors_[doc];
  float s = 0;
  for (std::size_t i = 0; i < v.index.size(); ++i) s += q[v.index[i]] * v.value[i];
  return s;
}

VectorIndex::Scored VectorIndex::search_exact(const std::vector<float>& q, std::size_t k,
                                              const std::vector<std::uint32_t>* subset) const {
  Scored all;
  if (subset) {
    all.reserve(subset->size());
    for (auto d : *subset) all.emplace_back(d, cosine(q, d));
  } else {
    all.reserve(vectors_.size());
    for (std::uint32_t d = 0; d < vectors_.size(); ++d) all.emplace_back(d, cosine(q, d));
  }
  auto better = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  k = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(), better);
  all.resize(k);
  return all;
}

VectorIndex::Scored VectorIndex::search_hnsw(const std::vector<float>& q, std::size_t k) const {
  if (!hnsw_) return search_exact(q, k);
  if (k == 0 || q.size() < dims_) return {};
  std::vector<float> folded(graph_dims_, 0.0f);
  for (std::size_t i = 0; i < dims_; ++i) folded[i % graph_dims_] += q[i];
  double norm = 0;
  for (float x : folded) norm += static_cast<double>(x) * x;
  if (norm == 0) return {};
  auto pq = hnsw_->graph->searchKnn(folded.data(), std::max(k, ef_search_));
  std::vector<std::uint32_t> beam;
  beam.reserve(pq.size());
  for (; !pq.empty(); pq.pop()) beam.push_back(static_cast<std::uint32_t>(pq.top().second));
  return search_exact(q, k, &beam);  // exact cosines of the beam, best first
}

void VectorIndex::cosines(const std::vector<float>& q, std::vector<float>& out) const {
  out.assign(vectors_.size(), 0.0f);
  if (q.size() < dims_ || post_start_.size() != dims_ + 1) return;
  for (std::size_t i = 0; i < dims_; ++i) {
    const float w = q[i];
    if (w == 0.0f) continue;
    for (std::uint32_t p = post_start_[i]; p < post_start_[i + 1]; ++p)
      out[post_doc_[p]] += w * post_val_[p];
  }
}

std::vector<float> VectorIndex::folded(std::uint32_t doc, std::size_t dims) const {
  if (doc >= vectors_.size() || dims == 0) return {};
  std::vector<float> out(dims);
  fold(vectors_[doc], out);
  return out;
}

std::vector<float> VectorIndex::fold_query(const std::vector<float>& q, std::size_t dims) {
  std::vector<float> out(dims, 0.0f);
  if (dims == 0) return out;
  for (std::size_t i = 0; i < q.size(); ++i) out[i % dims] += q[i];
  double norm = 0;
  for (float x : out) norm += static_cast<double>(x) * x;
  if (norm > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (float& x : out) x *= inv;
  }
  return out;
}

}  // namespace fte::kb
