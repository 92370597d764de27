// pgvector: the knowledge base's vectors in knowledge_base.embedding_vec vector(n) with an HNSW
// cosine index, and the vector half of knowledge search in SQL (README, "pgvector").
#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/error.h"
#include "ops/log.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/sql.h"

namespace fte::pg {
namespace {

constexpr int kMaxVectorDims = 2000;  // pgvector's HNSW index on `vector` takes at most 2,000
constexpr int kMaxK = 1000;           // hnsw.ef_search's maximum: a scan returns at most ef rows
constexpr std::size_t kUpdateBatch = 256;
constexpr const char* kSlowBudget = "'15min'";  // statement and lock timeout of the set-up

// A text[] literal of ids: {"a","b"} with " and \ escaped.
std::string text_array(const std::vector<std::pair<std::string, std::vector<float>>>& v,
                       std::size_t from, std::size_t to) {
  std::string out = "{";
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) out += ',';
    out += '"';
    for (char ch : v[i].first) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  out += '}';
  return out;
}

// A vector[] literal: {"[0.1,0.2]","[...]"}; floats in their shortest round-trip form.
std::string vector_array(const std::vector<std::pair<std::string, std::vector<float>>>& v,
                         std::size_t from, std::size_t to) {
  std::string out = "{";
  char buf[32];
  for (std::size_t i = from; i < to; ++i) {
    out += i > from ? ",\"[" : "\"[";
    const auto& f = v[i].second;
    for (std::size_t j = 0; j < f.size(); ++j) {
      if (j) out += ',';
      auto r = std::to_chars(buf, buf + sizeof buf, f[j]);
      out.append(buf, r.ptr);
    }
    out += "]\"";
  }
  out += '}';
  return out;
}

// maintenance_work_mem for building the index: the graph in memory (each vector plus ~2m
// neighbour entries) builds much faster than one that spills; at least PostgreSQL's default
// 64 MB, at most 1 GB.
std::size_t build_memory_mb(std::size_t rows, std::size_t dims) {
  const double bytes = static_cast<double>(rows) * (4.0 * static_cast<double>(dims) + 400.0) * 1.3;
  return std::clamp<std::size_t>(static_cast<std::size_t>(bytes / (1024 * 1024)) + 1, 64, 1024);
}

// pgvector's binary input: int16 dimensions, int16 unused, then float4s, all big-endian.
std::string binary_vector(const std::vector<float>& q) {
  std::string out;
  out.reserve(4 + 4 * q.size());
  auto put16 = [&](std::uint16_t x) {
    out += static_cast<char>(x >> 8);
    out += static_cast<char>(x & 0xff);
  };
  put16(static_cast<std::uint16_t>(q.size()));
  put16(0);
  for (float f : q) {
    const auto u = std::bit_cast<std::uint32_t>(f);
    for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((u >> s) & 0xff);
  }
  return out;
}

}  // namespace

int PostgresStore::knowledge_vector_dims() {
  if (!pgvector_) return 0;
  if (int d = vector_dims_.load(); d > 0) return d;
  const int d = read([](Connection& c) {
    return static_cast<int>(c.run(sql::kKnowledgeVectorDims).first_i64().value_or(0));
  });
  if (d > 0) vector_dims_ = d;
  return std::max(d, 0);
}

std::size_t PostgresStore::set_knowledge_vectors(
    const std::vector<std::pair<std::string, std::vector<float>>>& vectors) {
  if (!pgvector_)
    throw Error(ErrorKind::unavailable,
                "postgres: the vector extension (pgvector) is not installed");
  if (vectors.empty()) return 0;
  const std::size_t n = vectors.front().second.size();
  if (n == 0 || n > static_cast<std::size_t>(kMaxVectorDims))
    throw Error(ErrorKind::invalid_argument,
                "knowledge vectors need 1.." + std::to_string(kMaxVectorDims) + " dimensions",
                "vectors");
  for (const auto& [id, v] : vectors) {
    if (v.size() != n)
      throw Error(ErrorKind::invalid_argument, "knowledge vectors of different dimensions",
                  "vectors");
    if (!std::all_of(v.begin(), v.end(), [](float f) { return std::isfinite(f); }))
      throw Error(ErrorKind::invalid_argument, "knowledge vector with NaN or infinity", "vectors");
  }
  const std::string dims = std::to_string(n);
  std::lock_guard lock(vectors_mu_);
  std::size_t changed = 0;
  try {
    changed = with_retries(
        retry_,
        [&] {
          // A connection of its own, kept: long work here must not hold up the writer, and its
          // statements stay prepared (on PGlite, whose one session all connections share, a
          // statement prepared anew inside the transaction could meet another connection's).
          if (!vectors_conn_ || !vectors_conn_->ok()) {
            vectors_conn_.reset();
            vectors_conn_ = std::make_unique<Connection>(conn_);
          }
          Connection& c = *vectors_conn_;
          // Prepared before BEGIN where possible: on PGlite another connection of the shared
          // session may have them (the pool; a previous store), which is harmless only outside a
          // transaction. The update needs the column: before the first call it is prepared inside.
          c.prepare(sql::kLockKnowledgeVectors);
          c.prepare(sql::kKnowledgeVectorDims);
          try {
            c.prepare(sql::kUpdateKnowledgeVectors);
          } catch (const DbError& e) {
            if (e.connection_lost()) throw;
          }
          Transaction tx(c);
          c.simple(std::string("SET LOCAL statement_timeout = ") + kSlowBudget +
                   "; SET LOCAL lock_timeout = " + kSlowBudget);
          c.run(sql::kLockKnowledgeVectors);
          const auto have = c.run(sql::kKnowledgeVectorDims).first_i64();
          if (have && *have != static_cast<std::int64_t>(n)) {
            c.simple("ALTER TABLE knowledge_base DROP COLUMN embedding_vec");  // and its index
            ops::info("knowledge vectors: dimension changed, column rebuilt", {},
                      {{"from", std::to_string(*have)}, {"to", dims}});
          }
          if (!have || *have != static_cast<std::int64_t>(n))
            c.simple("ALTER TABLE knowledge_base ADD COLUMN embedding_vec vector(" + dims + ")");
          std::size_t rows = 0;
          for (std::size_t from = 0; from < vectors.size(); from += kUpdateBatch) {
            const std::size_t to = std::min(vectors.size(), from + kUpdateBatch);
            rows += static_cast<std::size_t>(c.run(sql::kUpdateKnowledgeVectors,
                                                   text_array(vectors, from, to),
                                                   vector_array(vectors, from, to))
                                                 .affected());
          }
          // Built after the rows are filled (faster than growing it row by row); later updates
          // maintain it.
          c.simple("SET LOCAL maintenance_work_mem = '" +
                   std::to_string(build_memory_mb(vectors.size(), n)) + "MB'");
          c.simple(
              "CREATE INDEX IF NOT EXISTS knowledge_base_embedding_vec ON knowledge_base "
              "USING hnsw (embedding_vec vector_cosine_ops)");
          c.simple(sql::kCreateKnowledgeNearest);
          tx.commit();
          return rows;
        },
        [this](const DbError&) { vectors_conn_.reset(); });
  } catch (const Error& e) {
    throw Error(e.kind() == ErrorKind::invalid_argument ? ErrorKind::invalid_argument
                                                        : ErrorKind::unavailable,
                std::string("postgres: storing knowledge vectors failed: ") + e.what());
  }
  vector_dims_ = static_cast<int>(n);
  ops::info("knowledge vectors stored", {},
            {{"chunks", std::to_string(vectors.size())},
             {"changed", std::to_string(changed)},
             {"dims", dims}});
  return changed;
}

std::optional<std::vector<std::pair<std::string, float>>> PostgresStore::knowledge_vector_search(
    const std::vector<float>& query, int k) {
  if (!pgvector_) return std::nullopt;
  try {
    const int dims = knowledge_vector_dims();
    if (dims == 0 || query.size() != static_cast<std::size_t>(dims)) return std::nullopt;
    std::vector<std::pair<std::string, float>> out;
    k = std::min(k, kMaxK);
    if (k <= 0 || std::all_of(query.begin(), query.end(), [](float f) { return f == 0.0f; }))
      return out;
    const std::string q = binary_vector(query);
    read([&](Connection& c) {
      c.set("hnsw.ef_search", std::to_string(std::max(k, loc_.hnsw_ef_search)));
      Params p;
      p.add(Bytes{q.data(), q.size()}).add(k);
      auto r = c.exec(sql::kKnowledgeVectorSearch, p);
      out.clear();
      out.reserve(static_cast<std::size_t>(r.rows()));
      for (int i = 0; i < r.rows(); ++i) {
        if (r.null(i, 1)) continue;  // a row without a vector (stored after the last update)
        out.emplace_back(r.text(i, 0), static_cast<float>(r.f64(i, 1)));
      }
      return 0;
    });
    if (vector_search_failing_.exchange(false))
      ops::info("knowledge vector search in SQL works again");
    return out;
  } catch (const std::exception& e) {
    vector_dims_ = 0;  // re-read: another process may have changed the dimension
    if (!vector_search_failing_.exchange(true))
      ops::warn("knowledge vector search in SQL failed; the in-process index serves", {},
                {{"error", e.what()}});
    return std::nullopt;
  }
}

}  // namespace fte::pg
