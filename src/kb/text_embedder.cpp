#include "kb/text_embedder.h"

#include <cstdio>

#include "kb/text.h"

namespace fte::kb {

std::string content_key(std::string_view text) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(hash64(text, 0x9e3779b97f4a7c15ULL)),
                static_cast<unsigned long long>(hash64(text, 0xc2b2ae3d27d4eb4fULL)));
  return std::string(buf) + ":" + std::to_string(text.size());
}

std::unordered_map<std::string, std::vector<float>> MemoryEmbeddingCache::get(
    const std::string& model, const std::vector<std::string>& keys) {
  std::lock_guard lk(mu_);
  std::unordered_map<std::string, std::vector<float>> out;
  for (const auto& k : keys) {
    auto it = rows_.find(model + '\n' + k);
    if (it != rows_.end()) out.emplace(k, it->second);
  }
  return out;
}

void MemoryEmbeddingCache::put(const std::string& model,
                               const std::vector<std::pair<std::string, std::vector<float>>>& rows) {
  std::lock_guard lk(mu_);
  for (const auto& [k, v] : rows) rows_[model + '\n' + k] = v;
}

std::size_t MemoryEmbeddingCache::size() const {
  std::lock_guard lk(mu_);
  return rows_.size();
}

}  // namespace fte::kb
