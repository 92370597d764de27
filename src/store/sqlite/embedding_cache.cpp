// SqliteStore's embedding cache (migration 0004): model vectors of knowledge texts by content key.
#include "core/clock.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/sqlite_store.h"

namespace fte::sqlite {

std::vector<std::pair<std::string, std::vector<float>>> SqliteStore::cached_embeddings(
    const std::string& model, const std::vector<std::string>& keys) {
  std::vector<std::pair<std::string, std::vector<float>>> out;
  if (keys.empty()) return out;
  auto c = readers_->acquire();
  for (const auto& k : keys) {
    auto s = c->prepare(sql::kSelectEmbedding);
    s.bind(model, k);
    if (s.step()) {
      auto v = s.floats(0);
      if (!v.empty()) out.emplace_back(k, std::move(v));
    }
  }
  return out;
}

void SqliteStore::cache_embeddings(
    const std::string& model, const std::vector<std::pair<std::string, std::vector<float>>>& rows) {
  if (rows.empty()) return;
  writer_->call([&](Connection& c, OpContext&) {
    const auto now = now_ms();
    for (const auto& [key, v] : rows) {
      auto s = c.prepare(sql::kUpsertEmbedding);
      s.bind(model, key);
      s.bind_blob(3, v.data(), v.size() * sizeof(float));
      s.bind_at(4, now);
      s.run();
    }
  });
}

}  // namespace fte::sqlite
