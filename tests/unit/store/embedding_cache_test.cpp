// The store's embedding cache (kb::EmbeddingCache over Store::cached_embeddings /
// cache_embeddings; migrations sqlite 0004, postgres 0005) on both real backends: vectors come back
// as written, by model and content key; a second write replaces; other models do not see them; and
// they survive reopening the store (a restart costs no embeddings call).
#include <gtest/gtest.h>

#include <filesystem>

#include "core/ids.h"
#include "postgres_world.h"
#include "store/store.h"

namespace fte::storetest {
namespace {

void exercise(const std::function<std::unique_ptr<Store>()>& open) {
  auto s = open();
  EXPECT_TRUE(s->cached_embeddings("m1", {"k1"}).empty());
  s->cache_embeddings("m1", {{"k1", {0.6f, 0.8f}}, {"k2", {1.0f, 0.0f}}});
  s->cache_embeddings("m2", {{"k1", {0.0f, 1.0f}}});
  auto got = s->cached_embeddings("m1", {"k1", "k2", "k3"});
  ASSERT_EQ(got.size(), 2u);
  std::map<std::string, std::vector<float>> m(got.begin(), got.end());
  EXPECT_EQ(m["k1"], (std::vector<float>{0.6f, 0.8f}));
  EXPECT_EQ(m["k2"], (std::vector<float>{1.0f, 0.0f}));
  s->cache_embeddings("m1", {{"k1", {0.8f, 0.6f}}});  // replaced
  s.reset();
  s = open();  // a restart keeps them
  got = s->cached_embeddings("m1", {"k1"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].second, (std::vector<float>{0.8f, 0.6f}));
  got = s->cached_embeddings("m2", {"k1", "k2"});
  ASSERT_EQ(got.size(), 1u) << "vectors of another model never mix";
  EXPECT_EQ(got[0].second, (std::vector<float>{0.0f, 1.0f}));
}

TEST(EmbeddingCache, SqliteKeepsVectorsByModelAndContentKey) {
  const auto dir = std::filesystem::temp_directory_path() / ("fte-emb-" + new_uuid());
  std::filesystem::create_directories(dir);
  exercise([&] {
    StoreOptions o;
    o.url = "sqlite://" + (dir / "fte.db").string();
    return open_sqlite_store(o);
  });
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST(EmbeddingCache, PostgresKeepsVectorsByModelAndContentKey) {
  std::string why;
  auto world = make_postgres_world_of(why);
  if (!world) GTEST_SKIP() << "PostgreSQL not available: " << why;
  exercise([&] { return world->open(StoreOptions{}); });
}

}  // namespace
}  // namespace fte::storetest
