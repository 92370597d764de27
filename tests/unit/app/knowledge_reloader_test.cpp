// A running agent picks up a knowledge-base import made by another process: the store's revision
// changes, the reloader rebuilds the index and searches answer from the new documentation.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "app/knowledge_reloader.h"
#include "core/ids.h"
#include "kb/knowledge_base.h"
#include "ops/metrics.h"
#include "store/store.h"

namespace fte {
namespace {

class KnowledgeReloaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("fte-kbreload-" + new_uuid());
    std::filesystem::create_directories(dir_);
    StoreOptions so;
    so.url = "sqlite://" + (dir_ / "fte.db").string();
    store_ = open_sqlite_store(so);
    second_ = open_sqlite_store(so);  // "another process" importing into the same database
  }
  void TearDown() override {
    second_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_, second_;
};

const char* kDocsV1 =
    "# Help\n\n## Password reset\n\nOpen the sign-in page and choose *Forgot password*; the link is "
    "valid for 24 hours.\n\n## Invoices\n\nInvoices are under Settings > Billing.\n";
const char* kDocsV2 =
    "# Help\n\n## Password reset\n\nOpen the sign-in page and choose *Forgot password*; the link is "
    "valid for 24 hours.\n\n## Invoices\n\nInvoices are under Settings > Billing.\n\n"
    "## Dark mode\n\nTurn on the dark theme under Profile > Appearance > Theme.\n";

double best_score(const kb::KnowledgeBase& kb, const std::string& q, std::string* title = nullptr) {
  auto hits = kb.search(q, 1);
  if (hits.empty()) return 0;
  if (title) *title = hits[0].title;
  return hits[0].score;
}

TEST_F(KnowledgeReloaderTest, AnImportByAnotherProcessIsPickedUpAndOnlyThen) {
  ops::Metrics metrics;
  store_->replace_knowledge("help.md", kb::chunk_markdown(kDocsV1, "help.md"));
  kb::KnowledgeBase kb;
  kb.load(store_->load_knowledge());
  int after = 0;
  app::KnowledgeReloader reloader(*store_, kb, metrics, [&] { ++after; });
  const auto r1 = store_->knowledge_revision();
  ASSERT_FALSE(r1.empty());
  reloader.loaded(r1);
  EXPECT_FALSE(reloader.check()) << "nothing imported: no reload";
  EXPECT_LT(best_score(kb, "how do I switch on dark theme"), kb.relevance_threshold());

  second_->replace_knowledge("help.md", kb::chunk_markdown(kDocsV2, "help.md"));
  EXPECT_NE(store_->knowledge_revision(), r1);
  EXPECT_TRUE(reloader.check());
  EXPECT_EQ(after, 1) << "pgvector hook ran";
  std::string title;
  EXPECT_GE(best_score(kb, "how do I switch on dark theme", &title), kb.relevance_threshold());
  EXPECT_NE(title.find("Dark mode"), std::string::npos) << title;
  EXPECT_FALSE(reloader.check()) << "same revision: no second reload";

  // Re-importing the very same file still counts as a change (new rows), and a source removed
  // entirely changes the revision too.
  second_->replace_knowledge("help.md", kb::chunk_markdown(kDocsV2, "help.md"));
  EXPECT_TRUE(reloader.check());
  second_->replace_knowledge("help.md", {});
  EXPECT_TRUE(reloader.check());
  EXPECT_EQ(kb.size(), 0u);
  auto text = metrics.render();
  EXPECT_NE(text.find("fte_kb_reloads_total{result=\"ok\"} 3"), std::string::npos) << text;
}

TEST_F(KnowledgeReloaderTest, TheBackgroundThreadReloads) {
  ops::Metrics metrics;
  store_->replace_knowledge("help.md", kb::chunk_markdown(kDocsV1, "help.md"));
  kb::KnowledgeBase kb;
  kb.load(store_->load_knowledge());
  app::KnowledgeReloader reloader(*store_, kb, metrics);
  reloader.loaded(store_->knowledge_revision());
  reloader.start(1);
  second_->replace_knowledge("help.md", kb::chunk_markdown(kDocsV2, "help.md"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (kb.size() != 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(kb.size(), 3u);
  reloader.stop();
}

}  // namespace
}  // namespace fte
