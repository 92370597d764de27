// The HNSW path: the raw vector index against exact search, and KnowledgeBase forced onto HNSW
// (hnsw_min_chunks) answering like the exact path.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>
#include <string>

#include "kb/embedder.h"
#include "kb/knowledge_base.h"
#include "kb/vector_index.h"
#include "synthetic_docs.h"

namespace fte::kb {
namespace {

const std::string kSampleDoc = std::string(FTE_SOURCE_DIR) + "/data/kb/product-docs.md";

SparseVector random_unit(std::mt19937& rng, std::size_t dims, int nnz) {
  std::uniform_int_distribution<std::uint32_t> idx(0, static_cast<std::uint32_t>(dims - 1));
  std::normal_distribution<float> val(0, 1);
  std::set<std::uint32_t> picked;
  while (picked.size() < static_cast<std::size_t>(nnz)) picked.insert(idx(rng));
  SparseVector v;
  double norm = 0;
  for (auto i : picked) {
    v.index.push_back(i);
    v.value.push_back(val(rng));
    norm += v.value.back() * v.value.back();
  }
  for (auto& x : v.value) x = static_cast<float>(x / std::sqrt(norm));
  return v;
}

double recall_at_10(std::size_t dims, std::size_t graph_dims) {
  constexpr std::size_t kDocs = 3000, kQueries = 50, kK = 10;
  std::mt19937 rng(42);
  std::vector<SparseVector> docs;
  for (std::size_t i = 0; i < kDocs; ++i) docs.push_back(random_unit(rng, dims, 24));
  VectorIndex index;
  index.build(docs, dims, /*with_hnsw=*/true, HnswParams{.graph_dims = graph_dims});
  EXPECT_TRUE(index.has_hnsw());
  EXPECT_EQ(index.size(), kDocs);

  std::size_t found = 0;
  std::vector<float> q(dims);
  for (std::size_t n = 0; n < kQueries; ++n) {
    HashEmbedder::to_dense(random_unit(rng, dims, 24), q);
    const auto exact = index.search_exact(q, kK);
    const auto approx = index.search_hnsw(q, kK);
    EXPECT_EQ(approx.size(), kK);
    for (std::size_t i = 1; i < approx.size(); ++i)
      EXPECT_GE(approx[i - 1].second, approx[i].second);
    for (const auto& [doc, cos] : approx) EXPECT_NEAR(cos, index.cosine(q, doc), 1e-5);
    std::set<std::uint32_t> truth;
    for (const auto& e : exact) truth.insert(e.first);
    for (const auto& a : approx) found += truth.count(a.first);
  }
  return static_cast<double>(found) / (kQueries * kK);
}

TEST(KbHnsw, RecallAgainstExactSearch) {
  const double r = recall_at_10(256, 0);
  EXPECT_GE(r, 0.9) << "recall@10 = " << r;
}

TEST(KbHnsw, RecallWithFoldedGraph) {
  const double r = recall_at_10(1024, 256);  // the graph holds 256-dim folds, rescoring is exact
  EXPECT_GE(r, 0.8) << "recall@10 = " << r;
}

TEST(KbHnsw, NearestOfAStoredVectorIsItself) {
  constexpr std::size_t kDims = 128;
  std::mt19937 rng(7);
  std::vector<SparseVector> docs;
  for (int i = 0; i < 1500; ++i) docs.push_back(random_unit(rng, kDims, 16));
  VectorIndex index;
  index.build(docs, kDims, true, HnswParams{.build_threads = 2});
  std::vector<float> q(kDims);
  for (std::uint32_t d : {0u, 1u, 777u, 1499u}) {
    HashEmbedder::to_dense(docs[d], q);
    const auto hit = index.search_hnsw(q, 1);
    ASSERT_EQ(hit.size(), 1u);
    EXPECT_EQ(hit[0].first, d);
    EXPECT_NEAR(hit[0].second, 1.0f, 1e-4);
  }
}

TEST(KbHnsw, ForcedHnswAnswersLikeExactSearch) {
  const auto chunks = load_path(kSampleDoc);
  KnowledgeBase exact;
  exact.load(chunks);
  // The graph itself (no posting-list scan).
  KnowledgeBase ann(KnowledgeBaseOptions{.hnsw_min_chunks = 0, .scan_max_chunks = 0});
  ann.load(chunks);
  EXPECT_FALSE(exact.uses_hnsw());
  ASSERT_TRUE(ann.uses_hnsw());

  for (const char* q :
       {"How do I reset my password? I forgot it.", "how do i turn on two-factor authentication",
        "How do I invite team members to my workspace?", "archive old locations",
        "slack notifications", "what's the weather in Paris"}) {
    const auto a = exact.search(q, 5);
    const auto b = ann.search(q, 5);
    ASSERT_EQ(a.size(), b.size()) << q;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].chunk_id, b[i].chunk_id) << q << " #" << i;
      EXPECT_NEAR(a[i].score, b[i].score, 1e-6) << q;
    }
  }
  const auto filtered = ann.search("password", 5, "accounts & security");
  ASSERT_FALSE(filtered.empty());
  for (const auto& h : filtered) EXPECT_EQ(h.category, "accounts & security");
}

// The posting-list scan (VectorIndex::cosines) gives every document's exact cosine, and a large
// knowledge base searched through it ranks exactly like the exact path.
TEST(KbHnsw, PostingListScanIsExact) {
  constexpr std::size_t kDims = 256;
  std::mt19937 rng(7);
  std::vector<SparseVector> docs;
  for (int i = 0; i < 500; ++i) docs.push_back(random_unit(rng, kDims, 24));
  VectorIndex index;
  index.build(docs, kDims, /*with_hnsw=*/false);
  std::vector<float> q(kDims), all;
  HashEmbedder::to_dense(random_unit(rng, kDims, 24), q);
  index.cosines(q, all);
  ASSERT_EQ(all.size(), docs.size());
  for (std::uint32_t d = 0; d < docs.size(); ++d) EXPECT_NEAR(all[d], index.cosine(q, d), 1e-5);

  const auto chunks = load_path(kSampleDoc);
  KnowledgeBase exact, scan(KnowledgeBaseOptions{.hnsw_min_chunks = 0});
  exact.load(chunks);
  scan.load(chunks);
  for (const char* text : {"How do I reset my password?", "slack notifications stopped"}) {
    const auto a = exact.search(text, 5);
    const auto b = scan.search(text, 5);
    ASSERT_EQ(a.size(), b.size()) << text;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].chunk_id, b[i].chunk_id) << text << " #" << i;
      EXPECT_NEAR(a[i].score, b[i].score, 1e-6) << text;
    }
  }
}

// Generated sections, each with one distinctive code word, so that a corpus of any size can be
// made.
std::vector<KnowledgeChunk> generated_corpus(int n) {
  static const char* topics[] = {"invoice", "payout",   "workspace", "report", "export",
                                 "webhook", "calendar", "sprint",    "backup", "mobile"};
  std::vector<KnowledgeChunk> out;
  for (int i = 0; i < n; ++i) {
    KnowledgeChunk c;
    c.id = "gen-" + std::to_string(i);
    c.title = std::string("Guides > ") + topics[i % 10] + " item " + std::to_string(i);
    c.content = "Use code zx" + std::to_string(i) + "q to configure the " + topics[i % 10] +
                " feature. Open Settings and follow the steps for " + topics[(i * 7) % 10] + ".";
    c.category = "guides";
    c.source = "generated.md";
    out.push_back(std::move(c));
  }
  return out;
}

TEST(KbHnsw, SizeThresholdSwitchesToHnsw) {
  EXPECT_EQ(KnowledgeBaseOptions{}.hnsw_min_chunks, 2000u);
  KnowledgeBaseOptions o{.dims = 512, .hnsw_min_chunks = 300};
  KnowledgeBase small(o), large(o);
  small.load(generated_corpus(299));
  large.load(generated_corpus(300));
  EXPECT_FALSE(small.uses_hnsw());
  EXPECT_TRUE(large.uses_hnsw());
  for (int i : {0, 123, 299}) {
    const auto hits = large.search("code zx" + std::to_string(i) + "q", 3);
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0].chunk_id, "gen-" + std::to_string(i));
  }
}

}  // namespace
}  // namespace fte::kb
