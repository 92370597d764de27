// Embedder: dense embeddings of texts from a model, and EmbeddingCache: where computed embeddings
// are kept by content hash so that an unchanged knowledge base costs nothing to re-import.
//
// FTE_EMBEDDER selects the embedder: `hash` (default, offline) means no Embedder object at all —
// the knowledge base uses its own fitted HashEmbedder (embedder.h); `openai` gives an
// OpenAiEmbedder (openai_embedder.h) and the knowledge base ranks with its dense vectors too
// (knowledge_base.h, "Dense embeddings").
//
// Implementations must be thread-safe (the knowledge base embeds queries from many threads).
// Failure: embed() throws fte::Error (unavailable / timeout / invalid_argument for a malformed
// reply); callers fall back to the hash embedder, never crash.
#pragma once
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fte::kb {

class Embedder {
 public:
  virtual ~Embedder() = default;
  // The model name: part of every cache key (vectors of two models never mix).
  virtual std::string model() const = 0;
  // One L2-normalised vector per text, in order, all of the model's dimension. `for_query`: a
  // single search query, answered within the short query deadline (the agent waits on it).
  virtual std::vector<std::vector<float>> embed(const std::vector<std::string>& texts,
                                                bool for_query = false) = 0;
};

class EmbeddingCache {
 public:
  virtual ~EmbeddingCache() = default;
  // The cached vectors of these content keys (missing keys absent from the result).
  virtual std::unordered_map<std::string, std::vector<float>> get(
      const std::string& model, const std::vector<std::string>& keys) = 0;
  virtual void put(const std::string& model,
                   const std::vector<std::pair<std::string, std::vector<float>>>& rows) = 0;
};

// A process-local cache (tests; the store-backed one lives in src/app). Thread-safe.
class MemoryEmbeddingCache final : public EmbeddingCache {
 public:
  std::unordered_map<std::string, std::vector<float>> get(
      const std::string& model, const std::vector<std::string>& keys) override;
  void put(const std::string& model,
           const std::vector<std::pair<std::string, std::vector<float>>>& rows) override;
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::vector<float>> rows_;  // model + '\n' + key
};

// The cache key of a text: 128 bits of two seeded 64-bit hashes (hex) and its byte length.
std::string content_key(std::string_view text);

}  // namespace fte::kb
