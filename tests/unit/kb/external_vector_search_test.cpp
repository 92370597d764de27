// KnowledgeBase::set_vector_search, the hook through which pgvector serves the vector half of
// search (the SQL side is tested on PGlite in tests/unit/store_pgvector): an in-memory stand-in
// for the external index, built from export_embeddings like the store's vector column.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>

#include "kb/knowledge_base.h"

namespace fte::kb {
namespace {

const std::string kSampleDoc = std::string(FTE_SOURCE_DIR) + "/data/kb/product-docs.md";
constexpr std::size_t kDims = 256;

// Brute-force cosine over exported vectors: what pgvector answers, without a database.
struct FakeIndex {
  std::vector<std::pair<std::string, std::vector<float>>> rows;
  std::atomic<int> calls{0};
  int last_k = 0;
  std::size_t last_dims = 0;

  std::optional<std::vector<std::pair<std::string, float>>> search(const std::vector<float>& q,
                                                                   int k) {
    ++calls;
    last_k = k;
    last_dims = q.size();
    std::vector<std::pair<std::string, float>> all;
    for (const auto& [id, v] : rows) {
      float dot = 0;
      for (std::size_t i = 0; i < v.size() && i < q.size(); ++i) dot += v[i] * q[i];
      all.emplace_back(id, dot);
    }
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    if (all.size() > static_cast<std::size_t>(k)) all.resize(static_cast<std::size_t>(k));
    return all;
  }
};

class ExternalVectorSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    kb_.load(load_path(kSampleDoc));
    exact_.load(load_path(kSampleDoc));
    fake_.rows = kb_.export_embeddings(kDims);
  }
  void attach() {
    kb_.set_vector_search([this](const std::vector<float>& q, int k) { return fake_.search(q, k); },
                          kDims);
  }
  static void expect_same(const std::vector<SearchHit>& a, const std::vector<SearchHit>& b,
                          double threshold, const std::string& q) {
    for (std::size_t i = 0; i < b.size() && b[i].score >= threshold; ++i) {
      ASSERT_LT(i, a.size()) << q;
      EXPECT_EQ(a[i].chunk_id, b[i].chunk_id) << q;
      EXPECT_DOUBLE_EQ(a[i].score, b[i].score) << q;
    }
  }

  KnowledgeBase kb_, exact_;
  FakeIndex fake_;
};

TEST_F(ExternalVectorSearch, ExportedEmbeddingsAreFoldedAndNormalisedInLoadOrder) {
  ASSERT_EQ(fake_.rows.size(), kb_.size());
  for (const auto& [id, v] : fake_.rows) {
    EXPECT_FALSE(id.empty());
    ASSERT_EQ(v.size(), kDims);
    double norm = 0;
    for (float x : v) norm += static_cast<double>(x) * x;
    EXPECT_NEAR(norm, 1.0, 1e-4) << id;
  }
  EXPECT_TRUE(KnowledgeBase().export_embeddings(kDims).empty()) << "nothing loaded";
}

TEST_F(ExternalVectorSearch, ServesTheVectorHalfAndGivesTheExactPathsRelevantHits) {
  attach();
  EXPECT_TRUE(kb_.uses_external_vector_search());
  for (const char* q : {"How do I reset my password? I forgot it.", "how do i turn on 2fa",
                        "invite team members", "the app does not sync offline"}) {
    const int before = fake_.calls;
    const auto hits = kb_.search(q, 5);
    EXPECT_EQ(fake_.calls, before + 1) << q;
    EXPECT_EQ(fake_.last_dims, kDims);
    EXPECT_EQ(fake_.last_k, 64) << "C = max(64, 4k) candidates";
    expect_same(hits, exact_.search(q, 5), kb_.relevance_threshold(), q);
  }
  EXPECT_EQ(kb_.search("How do I reset my password?", 3).at(0).title,
            "Accounts & Security > Resetting Your Password");
}

TEST_F(ExternalVectorSearch, NulloptOrAThrowFallsBackToTheInProcessIndex) {
  int calls = 0;
  kb_.set_vector_search(
      [&](const std::vector<float>&,
          int) -> std::optional<std::vector<std::pair<std::string, float>>> {
        ++calls;
        return std::nullopt;
      },
      kDims);
  const std::string q = "how do I reset my password";
  auto a = kb_.search(q, 5), b = exact_.search(q, 5);
  EXPECT_EQ(calls, 1);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].chunk_id, b[i].chunk_id);

  kb_.set_vector_search(
      [&](const std::vector<float>&,
          int) -> std::optional<std::vector<std::pair<std::string, float>>> {
        ++calls;
        throw std::runtime_error("database gone");
      },
      kDims);
  a = kb_.search(q, 5);
  EXPECT_EQ(calls, 2);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].chunk_id, b[i].chunk_id);
}

TEST_F(ExternalVectorSearch, UnknownIdsAreIgnoredAndBm25StillFindsTheSection) {
  // An index holding only another knowledge base's chunks: its answers match nothing here.
  kb_.set_vector_search(
      [](const std::vector<float>&, int) {
        return std::optional<std::vector<std::pair<std::string, float>>>(
            std::vector<std::pair<std::string, float>>{{"no-such-chunk", 0.9f}, {"", 0.5f}});
      },
      kDims);
  const auto hits = kb_.search("password reset", 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].title, "Accounts & Security > Resetting Your Password");
}

TEST_F(ExternalVectorSearch, AnEmptyFunctionTurnsItOff) {
  attach();
  kb_.set_vector_search(nullptr, kDims);
  EXPECT_FALSE(kb_.uses_external_vector_search());
  kb_.search("password", 3);
  EXPECT_EQ(fake_.calls, 0);
}

TEST_F(ExternalVectorSearch, ASmallCategoryIsScannedInProcess) {
  attach();
  const auto hits = kb_.search("reset my password", 3, "Accounts & Security");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(fake_.calls, 0);
  EXPECT_EQ(hits[0].title, "Accounts & Security > Resetting Your Password");
}

}  // namespace
}  // namespace fte::kb
