// KB search via pgvector (PGlite) against the in-process index, with recall@10 against exact
// search (issue 3's benchmark). One corpus — bench/kb_search.cpp's generator, same seed, so the
// same chunks — is searched four ways, every query with k = 10:
//   exact       KnowledgeBase below its HNSW threshold: every chunk scored (the ground truth)
//   in-process  KnowledgeBase forced onto its HNSW graph (hnsw_min_chunks = 0)
//   pgvector    the exact KnowledgeBase with its vector half in SQL: set_vector_search →
//               PostgresStore::knowledge_vector_search (`ORDER BY embedding_vec <=> $1 LIMIT C`,
//               hnsw.ef_search) on PGlite with pgvector, candidates rescored in process
//   sql-vector  knowledge_vector_search alone, top 10, against brute force over the same folded
//               vectors (the HNSW index's own recall)
// recall@10 = overlap of a path's top 10 with the exact path's top 10, over all queries.
// Latencies are per search, one caller, over --passes passes of the queries (p50/p95/p99).
//
// PGlite: tests/pglite (npm install there first; node on PATH), started on a free loopback port
// like tests/unit/store_pgvector, in memory; the store with pool size 1. --url=postgres://... uses
// a server of your own (with pgvector) instead.
// Flags: --chunks=N (default 20000), --passes=P (3), --ef=E (store's hnsw_ef_search, default the
// store's), --dims=D (folded dims stored in SQL, default 1024 like src/app/runtime.cpp),
// --no_inprocess (skip building the in-process graph), --url=URL.
// Run: build/bench/bench_kb_pgvector --chunks=20000
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../tests/support/pglite_server.h"
#include "kb/knowledge_base.h"
#include "store/postgres/postgres_store.h"

namespace {

using namespace fte;
using namespace fte::kb;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// ---- generated corpus: a copy of bench/kb_search.cpp's (same seed, same chunks) -------------

struct Corpus {
  std::vector<KnowledgeChunk> chunks;
  std::vector<std::string> queries;
};

Corpus generate(std::size_t n) {
  constexpr std::size_t kVocab = 20000;
  std::mt19937_64 rng(20240601);
  // Pronounceable pseudo-words (consonant/vowel runs over the whole alphabet), 3-10 letters, so
  // that character n-grams are about as diverse as in English text.
  static const char consonants[] = "bcdfghjklmnpqrstvwxz";
  static const char vowels[] = "aeiouy";
  std::vector<std::string> vocab;
  std::set<std::string> seen;
  while (vocab.size() < kVocab) {
    std::string w;
    const int len = 3 + static_cast<int>(rng() % 8);
    bool vowel = rng() % 2;
    for (int i = 0; i < len; ++i, vowel = (rng() % 5 == 0) ? vowel : !vowel) {
      w += vowel ? vowels[rng() % 6] : consonants[rng() % 20];
    }
    if (seen.insert(w).second) vocab.push_back(w);
  }
  std::vector<double> cdf(kVocab);
  double sum = 0;
  for (std::size_t i = 0; i < kVocab; ++i) cdf[i] = (sum += 1.0 / std::pow(i + 1.0, 1.1));
  std::uniform_real_distribution<double> u(0, sum);
  auto word = [&] { return vocab[std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin()]; };

  // Documentation is topical: sections of one product area share words. ~20 chunks per topic,
  // each topic with 30 words of its own; a chunk draws 40% of its words from its topic.
  const std::size_t n_topics = std::max<std::size_t>(1, n / 20);
  std::vector<std::vector<std::string>> topic_words(n_topics);
  for (auto& tw : topic_words) {
    for (int j = 0; j < 30; ++j) tw.push_back(vocab[100 + rng() % (kVocab - 100)]);
  }
  Corpus c;
  c.chunks.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& tw = topic_words[rng() % n_topics];
    auto draw = [&] { return rng() % 10 < 4 ? tw[rng() % tw.size()] : word(); };
    KnowledgeChunk k;
    k.id = "gen-" + std::to_string(i);
    const int title_words = 3 + static_cast<int>(rng() % 4);
    std::string section;
    for (int t = 0; t < title_words; ++t) section += (t ? " " : "") + draw();
    k.category = "area " + std::to_string(i % 50);
    k.title = k.category + " > " + section;
    const int body_words = 40 + static_cast<int>(rng() % 81);
    std::vector<std::string> body;
    for (int b = 0; b < body_words; ++b) {
      body.push_back(draw());
      k.content += body.back();
      k.content += (b % 12 == 11) ? ". " : " ";
    }
    k.source = "generated.md";
    if (c.queries.size() < 200 && i % std::max<std::size_t>(1, n / 200) == 0) {
      std::string q;
      const int qn = 4 + static_cast<int>(rng() % 5);
      for (int j = 0; j < qn; ++j) q += body[rng() % body.size()] + " ";
      q += word() + " " + word();
      c.queries.push_back(q);
    }
    c.chunks.push_back(std::move(k));
  }
  return c;
}

// ---- measurement ------------------------------------------------------------------------------

struct Latencies {
  std::vector<double> us;
  double pct(double p) const {
    if (us.empty()) return 0;
    auto v = us;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
  }
};

template <class F>
auto timed(Latencies& l, F&& f) {
  const auto t0 = Clock::now();
  auto r = f();
  l.us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  return r;
}

std::vector<std::string> ids_of(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.chunk_id);
  return out;
}

double overlap(const std::vector<std::string>& got, const std::vector<std::string>& truth) {
  const std::set<std::string> t(truth.begin(), truth.end());
  double n = 0;
  for (const auto& g : got) n += static_cast<double>(t.count(g));
  return n;
}

void row(const char* name, const Latencies& l, double recall) {
  std::printf("| %-11s | %8.0f | %8.0f | %8.0f | %6.3f |\n", name, l.pct(0.50), l.pct(0.95),
              l.pct(0.99), recall);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t chunks = 20000, passes = 3, dims = 1024;
  int ef = 0;
  bool inprocess = true;
  std::string url;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (std::strncmp(a, "--chunks=", 9) == 0) {
      chunks = std::max<std::size_t>(100, std::strtoull(a + 9, nullptr, 10));
    } else if (std::strncmp(a, "--passes=", 9) == 0) {
      passes = std::max<std::size_t>(1, std::strtoull(a + 9, nullptr, 10));
    } else if (std::strncmp(a, "--ef=", 5) == 0) {
      ef = std::atoi(a + 5);
    } else if (std::strncmp(a, "--dims=", 7) == 0) {
      dims = std::clamp<std::size_t>(std::strtoull(a + 7, nullptr, 10), 1, 2000);
    } else if (std::strcmp(a, "--no_inprocess") == 0) {
      inprocess = false;
    } else if (std::strncmp(a, "--url=", 6) == 0) {
      url = a + 6;
    } else {
      std::fprintf(stderr,
                   "unknown flag %s (see the comment at the top of bench/kb_pgvector.cpp)\n", a);
      return 2;
    }
  }

  auto t0 = Clock::now();
  const Corpus corpus = generate(chunks);
  std::fprintf(stderr, "generated %zu chunks, %zu queries in %.1f s\n", corpus.chunks.size(),
               corpus.queries.size(), seconds_since(t0));

  t0 = Clock::now();
  KnowledgeBase exact(KnowledgeBaseOptions{.hnsw_min_chunks = SIZE_MAX});
  exact.load(corpus.chunks);
  std::fprintf(stderr, "exact KnowledgeBase::load %.1f s\n", seconds_since(t0));
  std::unique_ptr<KnowledgeBase> ann;
  double ann_build_s = 0;
  if (inprocess) {
    t0 = Clock::now();
    ann = std::make_unique<KnowledgeBase>(KnowledgeBaseOptions{.hnsw_min_chunks = 0});
    ann->load(corpus.chunks);
    ann_build_s = seconds_since(t0);
    std::fprintf(stderr, "in-process HNSW KnowledgeBase::load %.1f s\n", ann_build_s);
  }

  std::unique_ptr<testing::PgliteServer> server;
  if (url.empty()) {
    std::string why;
    t0 = Clock::now();
    server = testing::PgliteServer::start(
        why, 4, std::chrono::seconds(120),
        std::filesystem::path(__FILE__).parent_path().parent_path() / "tests" / "pglite");
    if (!server) {
      std::fprintf(stderr, "cannot start PGlite: %s\n", why.c_str());
      return 1;
    }
    url = server->url();
    std::fprintf(stderr, "pglite-server up in %.1f s on port %d\n", seconds_since(t0),
                 server->port());
  }
  if (ef > 0)
    url +=
        (url.find('?') == std::string::npos ? "?" : "&") + ("hnsw_ef_search=" + std::to_string(ef));
  StoreOptions so;
  so.url = url;
  so.pool_size = 1;
  so.busy_timeout_ms = 60000;
  pg::PostgresStore store(so);
  if (store.knowledge_mode() != "pgvector") {
    std::fprintf(stderr, "the database has no pgvector\n");
    return 1;
  }
  t0 = Clock::now();
  store.replace_knowledge("generated.md", corpus.chunks);
  const double insert_s = seconds_since(t0);
  std::fprintf(stderr, "replace_knowledge %.1f s\n", insert_s);
  t0 = Clock::now();
  const auto vectors = exact.export_embeddings(dims);
  store.set_knowledge_vectors(vectors);
  const double vectors_s = seconds_since(t0);
  std::fprintf(stderr, "set_knowledge_vectors (update + HNSW index) %.1f s\n", vectors_s);

  std::size_t sql_answered = 0, sql_asked = 0;
  KnowledgeBase::VectorSearchFn sql = [&](const std::vector<float>& q, int k) {
    ++sql_asked;
    auto r = store.knowledge_vector_search(q, k);
    if (r) ++sql_answered;
    return r;
  };
  // The folded query as the knowledge base sends it (captured, not searched).
  std::vector<std::vector<float>> folded;
  exact.set_vector_search(
      [&](const std::vector<float>& q, int) {
        folded.push_back(q);
        return std::optional<std::vector<std::pair<std::string, float>>>();
      },
      dims);
  for (const auto& q : corpus.queries) exact.search(q, 10);
  exact.set_vector_search(nullptr, 0);

  constexpr int k = 10;
  Latencies l_exact, l_ann, l_pg, l_vec;
  double r_ann = 0, r_pg = 0, r_vec = 0, total = 0, vec_total = 0;
  for (std::size_t pass = 0; pass < passes; ++pass) {
    for (std::size_t qi = 0; qi < corpus.queries.size(); ++qi) {
      const auto& q = corpus.queries[qi];
      const auto truth = ids_of(timed(l_exact, [&] { return exact.search(q, k); }));
      if (ann) r_ann += overlap(ids_of(timed(l_ann, [&] { return ann->search(q, k); })), truth);
      exact.set_vector_search(sql, dims);
      r_pg += overlap(ids_of(timed(l_pg, [&] { return exact.search(q, k); })), truth);
      exact.set_vector_search(nullptr, 0);
      total += static_cast<double>(truth.size());
      // The SQL index alone against brute force over the same folded vectors.
      const auto& fq = folded[qi];
      auto top = timed(l_vec, [&] { return store.knowledge_vector_search(fq, k); });
      std::vector<std::pair<float, std::string>> all;
      all.reserve(vectors.size());
      for (const auto& [id, v] : vectors) {
        float dot = 0;
        for (std::size_t d = 0; d < dims; ++d) dot += v[d] * fq[d];
        all.emplace_back(dot, id);
      }
      std::partial_sort(all.begin(), all.begin() + k, all.end(),
                        [](const auto& a, const auto& b) { return a.first > b.first; });
      std::vector<std::string> vt, vg;
      for (int j = 0; j < k; ++j) vt.push_back(all[static_cast<std::size_t>(j)].second);
      if (top)
        for (const auto& [id, c] : *top) vg.push_back(id);
      r_vec += overlap(vg, vt);
      vec_total += k;
    }
  }
  std::printf(
      "\n%zu chunks, %zu queries x %zu passes, k = %d, SQL vectors %zu dims; SQL answered "
      "%zu of %zu fused searches\n",
      corpus.chunks.size(), corpus.queries.size(), passes, k, dims, sql_answered, sql_asked);
  std::printf(
      "set-up: in-process graph %.1f s; PGlite insert %.1f s, vectors + HNSW index %.1f s\n\n",
      ann_build_s, insert_s, vectors_s);
  std::printf("| path        | p50 (us) | p95 (us) | p99 (us) | recall@10 |\n");
  std::printf("|---|---|---|---|---|\n");
  row("exact", l_exact, 1.0);
  if (ann) row("in-process", l_ann, r_ann / total);
  row("pgvector", l_pg, r_pg / total);
  row("sql-vector", l_vec, r_vec / vec_total);
  return 0;
}
