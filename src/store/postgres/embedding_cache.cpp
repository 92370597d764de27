// PostgresStore's embedding cache (migration 0005): model vectors of knowledge texts by content
// key, little-endian float32 in bytea.
#include <bit>
#include <cstdint>

#include "core/clock.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/rows.h"
#include "store/postgres/sql.h"

namespace fte::pg {
std::vector<std::pair<std::string, std::vector<float>>> PostgresStore::cached_embeddings(
    const std::string& model, const std::vector<std::string>& keys) {
  std::vector<std::pair<std::string, std::vector<float>>> out;
  if (keys.empty()) return out;
  return read([&](Connection& c) {
    auto r = c.run(sql::kSelectEmbeddings, model, text_array(keys));
    std::vector<std::pair<std::string, std::vector<float>>> rows;
    rows.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
      auto v = r.floats(i, 1);
      if (!v.empty()) rows.emplace_back(r.text(i, 0), std::move(v));
    }
    return rows;
  });
}

void PostgresStore::cache_embeddings(
    const std::string& model, const std::vector<std::pair<std::string, std::vector<float>>>& rows) {
  if (rows.empty()) return;
  writer().call([&](Connection& c, OpContext&) {
    const auto now = now_ms();
    for (const auto& [key, v] : rows) {
      std::vector<float> le = v;
      if constexpr (std::endian::native == std::endian::big)
        for (auto& f : le)
          f = std::bit_cast<float>(__builtin_bswap32(std::bit_cast<std::uint32_t>(f)));
      Params p;
      p.add(model).add(key).add(Bytes{le.data(), le.size() * sizeof(float)}).add(now);
      c.exec(sql::kUpsertEmbedding, p);
    }
  });
}

}  // namespace fte::pg
