// Dense embeddings through an OpenAI-compatible /v1/embeddings server (FakeEmbeddings speaks the
// documented wire format): batching, retries, the content-hash cache, reciprocal-rank fusion and
// the fallbacks when the model is down.
#include <gtest/gtest.h>

#include "core/error.h"
#include "fake_embeddings.h"
#include "http/client.h"
#include "kb/knowledge_base.h"
#include "kb/openai_embedder.h"

namespace fte::kb {
namespace {

using testing::FakeEmbeddings;

constexpr const char* kDoc = R"(# Help

## Invite members
Open Settings, then Team, and invite a member by email. They join after accepting.

## Plans and billing
Each plan has a monthly price. Invoices are sent on the first day of the month.

## Export your data
Go to Settings, then Export, and download a CSV archive of your projects.

## Two-factor authentication
Turn on two-factor authentication under Security with an authenticator app.

## Delete an account
Account owners can delete the account under Settings, then Danger zone.
)";

const std::map<std::string, std::string> kMeanings = {
    {"add", "invite"}, {"people", "member"}, {"colleague", "member"}, {"fee", "price"},
    {"cost", "price"}};

class DenseEmbeddings : public ::testing::Test {
 protected:
  FakeEmbeddings fake_{"sk-test", "test-embed", 48, kMeanings};
  std::shared_ptr<MemoryEmbeddingCache> cache_ = std::make_shared<MemoryEmbeddingCache>();

  std::shared_ptr<OpenAiEmbedder> embedder(std::size_t batch = 64) {
    OpenAiEmbedderOptions o;
    o.base_url = fake_.base_url();
    o.api_key = "sk-test";
    o.model = "test-embed";
    o.batch_size = batch;
    o.initial_backoff_ms = 1;
    o.max_backoff_ms = 5;
    o.timeout_ms = 5000;
    return std::make_shared<OpenAiEmbedder>(o, std::shared_ptr<http::HttpClient>(http::make_curl_client()));
  }
  static std::vector<KnowledgeChunk> chunks() { return chunk_markdown(kDoc, "help.md"); }
};

TEST_F(DenseEmbeddings, EveryChunkIsEmbeddedInBatchesAtTheModelsDimension) {
  KnowledgeBase kb;
  kb.set_embedder(embedder(2), cache_);
  const auto n = chunks().size();
  ASSERT_EQ(n, 5u);
  kb.load(chunks());
  EXPECT_EQ(kb.dense_dims(), 48u) << "dimension taken from the model's reply";
  EXPECT_EQ(fake_.inputs(), n);
  EXPECT_EQ(fake_.batch_sizes(), (std::vector<std::size_t>{2, 2, 1}));
  EXPECT_TRUE(fake_.problems().empty()) << fake_.problems().front();
  const auto exported = kb.export_embeddings(1024);
  ASSERT_EQ(exported.size(), n);
  EXPECT_EQ(exported.front().second.size(), 48u) << "an external index stores the model vectors";
}

TEST_F(DenseEmbeddings, AnUnchangedKnowledgeBaseCostsNothingToReload) {
  KnowledgeBase kb;
  kb.set_embedder(embedder(), cache_);
  kb.load(chunks());
  const auto first = fake_.inputs();
  KnowledgeBase again;  // a restart: a new index, the same (store) cache
  again.set_embedder(embedder(), cache_);
  again.load(chunks());
  EXPECT_EQ(fake_.inputs(), first) << "no text re-embedded";
  auto changed = chunks();
  changed[1].content += " Prices include tax.";
  again.load(changed);
  EXPECT_EQ(fake_.inputs(), first + 1) << "only the changed chunk is embedded";
  EXPECT_EQ(again.dense_dims(), 48u);
}

TEST_F(DenseEmbeddings, TransientFailuresAreRetriedHonouringRetryAfter) {
  fake_.fail_next(429, "0");
  fake_.fail_next(503);
  KnowledgeBase kb;
  kb.set_embedder(embedder(), cache_);
  kb.load(chunks());
  EXPECT_EQ(kb.dense_dims(), 48u);
  EXPECT_EQ(fake_.requests(), 3u);
}

TEST_F(DenseEmbeddings, ARejectedRequestIsNotRetriedAndTheIndexWorksWithoutTheModel) {
  fake_.fail_next(400);
  KnowledgeBase kb;
  kb.set_embedder(embedder(), cache_);
  kb.load(chunks());
  EXPECT_EQ(fake_.requests(), 1u);
  EXPECT_EQ(kb.dense_dims(), 0u);
  SearchInfo info;
  auto hits = kb.search("invite a member", 3, {}, &info);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].title, "Invite members");
  EXPECT_FALSE(info.dense);
  EXPECT_EQ(fake_.requests(), 1u) << "no query embedding without chunk vectors";
}

TEST_F(DenseEmbeddings, SynonymsTheDocsNeverUseAreFoundThroughTheModel) {
  KnowledgeBase plain;
  plain.load(chunks());
  const auto lexical = plain.search("how do I add people", 3);
  KnowledgeBase kb;
  kb.set_embedder(embedder(), cache_);
  kb.load(chunks());
  SearchInfo info;
  auto hits = kb.search("how do I add people", 3, {}, &info);
  EXPECT_TRUE(info.dense);
  EXPECT_TRUE(info.fallback.empty());
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].title, "Invite members");
  EXPECT_GT(hits[0].dense, 0.5);
  if (!lexical.empty()) {
    EXPECT_LT(lexical[0].score, plain.relevance_threshold());
  }
  // Lexical evidence still counts: a query in the docs' words keeps its section first.
  EXPECT_EQ(kb.search("download a CSV export", 3)[0].title, "Export your data");
}

TEST_F(DenseEmbeddings, TheInProcessHnswGraphServesModelVectorsToo) {
  KnowledgeBaseOptions o;
  o.hnsw_min_chunks = 0;  // always the graph
  KnowledgeBase kb(o);
  kb.set_embedder(embedder(), cache_);
  kb.load(chunks());
  ASSERT_TRUE(kb.uses_hnsw());
  SearchInfo info;
  auto hits = kb.search("what does the plan fee look like", 3, {}, &info);
  EXPECT_TRUE(info.dense);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].title, "Plans and billing");
}

TEST_F(DenseEmbeddings, AQueryThatCannotBeEmbeddedFallsBackToLexicalRanking) {
  KnowledgeBase kb;
  kb.set_embedder(embedder(), cache_);
  kb.load(chunks());
  fake_.fail_always(500);
  SearchInfo info;
  auto hits = kb.search("export my projects as CSV", 3, {}, &info);
  EXPECT_FALSE(info.dense);
  EXPECT_NE(info.fallback.find("query not embedded"), std::string::npos) << info.fallback;
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].title, "Export your data");
}

TEST_F(DenseEmbeddings, ARepliesOfTheWrongShapeAreErrors) {
  auto e = embedder();
  EXPECT_EQ(e->embed({}).size(), 0u);
  auto v = e->embed({"invite member", "price"});
  ASSERT_EQ(v.size(), 2u);
  double norm = 0;
  for (float f : v[0]) norm += f * f;
  EXPECT_NEAR(norm, 1.0, 1e-4) << "vectors are L2-normalised";
  fake_.fail_next(404);
  try {
    e->embed({"x"});
    FAIL() << "a 404 is an error";
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), ErrorKind::unavailable);
    EXPECT_NE(std::string(err.what()).find("404"), std::string::npos);
  }
}

TEST(EmbeddingCacheKey, DependsOnTheWholeText) {
  EXPECT_EQ(content_key("abc"), content_key("abc"));
  EXPECT_NE(content_key("abc"), content_key("abd"));
  EXPECT_NE(content_key(""), content_key(" "));
}

}  // namespace
}  // namespace fte::kb
