// OpenAiEmbedder: embeddings from any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp
// server, TEI): POST {base_url}/embeddings, "Authorization: Bearer <key>" when a key is set,
//   request   {"model": "<model>", "input": ["text", ...]}   (at most batch_size texts)
//   reply     {"data": [{"index": i, "embedding": [floats]}, ...], ...}
// `index` places each vector (servers may answer out of order); the dimension is whatever the
// model returns (the first vector fixes it; a reply mixing dimensions is rejected). Vectors are
// L2-normalised here, so cosine = dot product whatever the server does.
//
// Failures: each batch is one HttpClient::retry call — transport errors and 408/409/429/5xx are
// retried with exponential backoff and jitter, honouring Retry-After, within a deadline
// (documents: attempts x timeout; queries: query_timeout_ms in all, one attempt plus one retry).
// Anything else (4xx, a body that is not the documented shape, a wrong count) throws
// fte::Error(unavailable) naming the status, never the texts. Texts longer than max_text_bytes
// are cut (at a UTF-8 boundary) before sending.
// Thread-safe: embed() may run concurrently (the client is thread-safe; the rest is const).
#pragma once
#include <memory>
#include <string>

#include "kb/text_embedder.h"

namespace fte::http {
class HttpClient;
}

namespace fte::kb {

struct OpenAiEmbedderOptions {
  std::string base_url = "https://api.openai.com/v1";
  std::string api_key;  // empty: no Authorization header (local servers)
  std::string model = "text-embedding-3-small";
  std::size_t batch_size = 64;
  std::size_t max_text_bytes = 8000;  // ~2k tokens: under every common model's input limit
  int timeout_ms = 30000;             // per attempt, documents
  int max_attempts = 4;
  int initial_backoff_ms = 250;
  int max_backoff_ms = 8000;
  int query_timeout_ms = 3000;  // a search query, all attempts included
};

class OpenAiEmbedder final : public Embedder {
 public:
  OpenAiEmbedder(OpenAiEmbedderOptions o, std::shared_ptr<http::HttpClient> client);
  std::string model() const override { return o_.model; }
  std::vector<std::vector<float>> embed(const std::vector<std::string>& texts,
                                        bool for_query = false) override;

 private:
  std::vector<std::vector<float>> batch(const std::vector<std::string>& texts, std::size_t from,
                                        std::size_t to, bool for_query) const;
  OpenAiEmbedderOptions o_;
  std::shared_ptr<http::HttpClient> client_;
};

}  // namespace fte::kb
