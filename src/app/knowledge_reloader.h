// KnowledgeReloader: keeps a running agent's knowledge base in step with the store. An import by
// any process (`fte kb import`, another pod) changes Store::knowledge_revision(); every
// `interval_s` the reloader compares it with the revision it loaded and, when it differs, reads the
// chunks, rebuilds the index aside and swaps it in (KnowledgeBase::load: searches in flight finish
// on the old index), then runs `after_load` (pgvector: store the new embeddings).
// Failure: a failed check or load is logged and retried at the next tick; the old index serves.
// Thread-safe: check() may be called from any thread; start()/stop() from one.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "kb/knowledge_base.h"
#include "store/store.h"

namespace fte::ops {
class Metrics;
}

namespace fte::app {

class KnowledgeReloader {
 public:
  KnowledgeReloader(Store& store, kb::KnowledgeBase& kb, ops::Metrics& metrics,
                    std::function<void()> after_load = {});
  ~KnowledgeReloader();
  // The revision the index was loaded from (call right after the first load).
  void loaded(std::string revision);
  // Reloads when the store's revision differs; true when it did.
  bool check();
  void start(int interval_s);  // 0: never
  void stop();

 private:
  Store& store_;
  kb::KnowledgeBase& kb_;
  ops::Metrics& metrics_;
  std::function<void()> after_load_;
  std::mutex mu_;  // one check at a time; guards revision_ and stopping_
  std::string revision_;
  bool stopping_ = false;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace fte::app
