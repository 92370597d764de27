#include "app/knowledge_reloader.h"

#include <chrono>
#include <exception>

#include "ops/log.h"
#include "ops/metrics.h"

namespace fte::app {

KnowledgeReloader::KnowledgeReloader(Store& store, kb::KnowledgeBase& kb, ops::Metrics& metrics,
                                     std::function<void()> after_load)
    : store_(store), kb_(kb), metrics_(metrics), after_load_(std::move(after_load)) {
  metrics_.declare("fte_kb_reloads_total", "counter",
                   "Knowledge base reloads after an import, by result (ok, failed)");
  metrics_.declare("fte_kb_chunks", "gauge", "Chunks in the agent's knowledge base");
}

KnowledgeReloader::~KnowledgeReloader() { stop(); }

void KnowledgeReloader::loaded(std::string revision) {
  std::lock_guard lk(mu_);
  revision_ = std::move(revision);
  metrics_.gauge("fte_kb_chunks").set(static_cast<double>(kb_.size()));
}

bool KnowledgeReloader::check() {
  std::lock_guard lk(mu_);
  try {
    auto now = store_.knowledge_revision();
    if (now.empty() || now == revision_) return false;
    auto chunks = store_.load_knowledge();
    // The revision read before the chunks: an import landing in between is seen at the next tick.
    kb_.load(std::move(chunks));
    if (after_load_) after_load_();
    revision_ = std::move(now);
    metrics_.counter("fte_kb_reloads_total", {{"result", "ok"}}).inc();
    metrics_.gauge("fte_kb_chunks").set(static_cast<double>(kb_.size()));
    ops::info("knowledge base reloaded", {}, {{"chunks", std::to_string(kb_.size())}});
    return true;
  } catch (const std::exception& e) {
    metrics_.counter("fte_kb_reloads_total", {{"result", "failed"}}).inc();
    ops::warn("knowledge base reload failed; the loaded one serves", {}, {{"error", e.what()}});
    return false;
  }
}

void KnowledgeReloader::start(int interval_s) {
  if (interval_s <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this, interval_s] {
    std::unique_lock lk(mu_);
    while (!stopping_) {
      if (cv_.wait_for(lk, std::chrono::seconds(interval_s), [this] { return stopping_; })) break;
      lk.unlock();
      check();
      lk.lock();
    }
  });
}

void KnowledgeReloader::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace fte::app
