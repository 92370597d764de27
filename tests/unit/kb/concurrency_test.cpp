// Many readers search while load() swaps the index between two different documents: every answer
// comes whole from one index (never a mix, never a crash). No sleeps: after each swap the writer
// waits (with a deadline) until every reader has answered from the new index.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "kb/knowledge_base.h"
#include "synthetic_docs.h"

namespace fte::kb {
namespace {

void searches_during_swaps(KnowledgeBaseOptions options) {
  const auto sample = load_path(std::string(FTE_SOURCE_DIR) + "/data/kb/product-docs.md");
  const auto ledgerly = chunk_markdown(testdocs::ledgerly(), "ledgerly.md");
  KnowledgeBase kb(options);
  kb.load(sample);
  EXPECT_EQ(kb.uses_hnsw(), options.hnsw_min_chunks == 0);

  constexpr int kReaders = 4, kSwaps = 40;
  std::atomic<bool> writer_done{false};
  std::atomic<int> mixed{0}, empty{0};
  std::vector<std::atomic<int>> saw_sample(kReaders), saw_ledgerly(kReaders);
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      // "account" and "email" exist in both documents, so every search has hits.
      const char* queries[] = {"how do I change my email", "close my account", "invoice",
                               "payment"};
      int n = 0;
      while (!writer_done.load()) {
        const auto hits = kb.search(queries[n++ % 4], 5);
        if (hits.empty()) {
          ++empty;
          continue;
        }
        const std::string& src = hits[0].source;
        for (const auto& h : hits) {
          if (h.source != src) ++mixed;
        }
        ++(src == "product-docs.md" ? saw_sample[r] : saw_ledgerly[r]);
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool timed_out = false;
  for (int i = 0; i < kSwaps && !timed_out; ++i) {
    auto& seen = i % 2 == 0 ? saw_ledgerly : saw_sample;
    std::vector<int> before(kReaders);
    for (int r = 0; r < kReaders; ++r) before[r] = seen[r].load();
    kb.load(i % 2 == 0 ? ledgerly : sample);
    for (int r = 0; r < kReaders && !timed_out; ++r) {
      while (seen[r].load() == before[r]) {
        if (std::chrono::steady_clock::now() > deadline) {
          timed_out = true;
          break;
        }
        std::this_thread::yield();
      }
    }
  }
  writer_done = true;
  for (auto& t : readers) t.join();

  ASSERT_FALSE(timed_out) << "a reader never saw a freshly loaded index";
  EXPECT_EQ(mixed.load(), 0);
  EXPECT_EQ(empty.load(), 0);
  for (int r = 0; r < kReaders; ++r) {
    EXPECT_GT(saw_sample[r].load(), 0);
    EXPECT_GT(saw_ledgerly[r].load(), 0);
  }
  EXPECT_EQ(kb.size(), sample.size());  // the last swap (i = 39) loaded sample
}

TEST(KbConcurrency, ExactPathSearchesDuringLoadSwapSeeOneWholeIndex) {
  searches_during_swaps(KnowledgeBaseOptions{});
}

TEST(KbConcurrency, HnswPathSearchesDuringLoadSwapSeeOneWholeIndex) {
  searches_during_swaps(KnowledgeBaseOptions{.hnsw_min_chunks = 0});
}

}  // namespace
}  // namespace fte::kb
