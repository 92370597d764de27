#include "app/embedder_wiring.h"

#include "http/client.h"
#include "kb/openai_embedder.h"
#include "ops/log.h"

namespace fte::app {
namespace {

// kb::EmbeddingCache over the store. Thread-safe as the store is.
class StoreEmbeddingCache final : public kb::EmbeddingCache {
 public:
  explicit StoreEmbeddingCache(Store& s) : store_(s) {}
  std::unordered_map<std::string, std::vector<float>> get(
      const std::string& model, const std::vector<std::string>& keys) override {
    std::unordered_map<std::string, std::vector<float>> out;
    for (auto& [k, v] : store_.cached_embeddings(model, keys)) out.emplace(k, std::move(v));
    return out;
  }
  void put(const std::string& model,
           const std::vector<std::pair<std::string, std::vector<float>>>& rows) override {
    store_.cache_embeddings(model, rows);
  }

 private:
  Store& store_;
};

}  // namespace

std::shared_ptr<kb::Embedder> make_embedder(const Config& c) {
  if (c.embedder != "openai") return nullptr;
  kb::OpenAiEmbedderOptions o;
  o.base_url = c.openai_base_url;
  o.api_key = c.openai_api_key;
  o.model = c.embedding_model;
  o.timeout_ms = std::max(c.llm_timeout_ms, 1000);
  std::shared_ptr<http::HttpClient> client = http::make_curl_client();
  return std::make_shared<kb::OpenAiEmbedder>(o, client);
}

void configure_embedder(const Config& c, Store& store, kb::KnowledgeBase& kb) {
  auto e = make_embedder(c);
  if (!e) {
    kb.set_embedder(nullptr, nullptr);
    return;
  }
  ops::info("knowledge base embeddings from a model", {}, {{"model", e->model()}});
  kb.set_embedder(std::move(e), std::make_shared<StoreEmbeddingCache>(store));
}

}  // namespace fte::app
