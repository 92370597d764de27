// Knowledge-base search latency (DESIGN §8: in memory, no disk; spec: p95 < 500 ms).
//   KbLoad/sample_doc        load() of data/kb/product-docs.md (chunks → TF-IDF fit → BM25 →
//   vectors) KbSearch/sample_doc      fused search on the sample doc, exact cosine (the default
//   below 2,000
//                            chunks); KbSearch/sample_doc_hnsw the same forced through HNSW
//   KbSearch/synthetic_hnsw  fused search over a generated corpus (default 100,000 chunks) as
//                            the knowledge base runs it above hnsw_min_chunks (posting-list scan
//                            up to scan_max_chunks, else the HNSW graph); recall@10 = overlap of
//                            its top 10 with the exact path's top 10 (same corpus, no graph);
//                            p50_us / p95_us: wall-clock percentiles of single searches
//   Vector/hnsw, Vector/exact top-10 cosine over the same generated corpus: the graph vs brute
//                            force; Vector/hnsw reports recall@10 against brute force as a counter
// The generated corpus: pseudo-words (random consonant/vowel runs, 3-10 letters) from a Zipf
// distribution (s = 1.1) over 20,000 words, mixed with topic words (one topic per ~20 chunks, 40%
// of a chunk's words); a 3-6 word title and 40-120 words of text per chunk. Queries are 4-8 words
// of one chunk plus two random words.
// Flags (before Google Benchmark's own): --kb_chunks=N (default 100000: building two graphs over
// it takes minutes on 2 cores; use e.g. 5000 for a quick run), --kb_dims=D (embedding buckets),
// --kb_graph_dims=G (folded dims in the graph, 0 = none), --kb_m=M, --kb_ef_construction=E,
// --kb_ef=E (query beam), --kb_doc=PATH (the sample doc); defaults are KnowledgeBaseOptions'.
// Run: ./bench_kb_search --kb_chunks=20000 --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

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

#include "kb/embedder.h"
#include "kb/knowledge_base.h"
#include "kb/vector_index.h"

namespace {

using namespace fte;
using namespace fte::kb;

std::size_t g_chunks = 100000;
std::size_t g_dims = KnowledgeBaseOptions{}.dims;
std::size_t g_graph_dims = HnswParams{}.graph_dims;
std::size_t g_m = HnswParams{}.m;
std::size_t g_ef_construction = HnswParams{}.ef_construction;
std::size_t g_ef_search = HnswParams{}.ef_search;
std::string g_doc =
    (std::filesystem::path(__FILE__).parent_path().parent_path() / "data/kb/product-docs.md")
        .string();

const std::vector<std::string> kSampleQuestions = {
    "How do I reset my password? I forgot it.",
    "how do i turn on two-factor authentication",
    "How do I invite team members to my workspace?",
    "archive old locations",
    "We connected Slack last week but open shifts are not posted anymore. What's wrong?",
    "what's the weather in Paris",
    "can I get a refund on my annual plan",
    "the app does not sync offline",
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// ---- generated corpus ------------------------------------------------------------------------

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

// Built once, on first use, outside any timing (each benchmark builds only what it needs).
const Corpus& large_corpus() {
  static const Corpus c = [] {
    const auto t0 = std::chrono::steady_clock::now();
    Corpus g = generate(g_chunks);
    std::fprintf(stderr, "generated %zu chunks in %.1f s\n", g.chunks.size(), seconds_since(t0));
    return g;
  }();
  return c;
}

HnswParams hnsw_params() {
  HnswParams p;
  p.m = g_m;
  p.ef_construction = g_ef_construction;
  p.ef_search = g_ef_search;
  p.graph_dims = g_graph_dims;
  return p;
}

// The KnowledgeBase forced onto HNSW, and the same corpus on the exact path for recall.
struct LargeKb {
  KnowledgeBase kb{KnowledgeBaseOptions{.dims = g_dims,
                                        .hnsw_min_chunks = 0,
                                        .hnsw_m = g_m,
                                        .hnsw_ef_construction = g_ef_construction,
                                        .hnsw_ef_search = g_ef_search,
                                        .hnsw_graph_dims = g_graph_dims}};
  double build_s = 0, recall_at_10 = 0;
  LargeKb() {
    const auto& corpus = large_corpus();
    auto t0 = std::chrono::steady_clock::now();
    kb.load(corpus.chunks);
    build_s = seconds_since(t0);
    std::fprintf(stderr, "KnowledgeBase::load (HNSW) %.1f s\n", build_s);
    KnowledgeBase exact(KnowledgeBaseOptions{.dims = g_dims, .hnsw_min_chunks = SIZE_MAX});
    exact.load(corpus.chunks);
    std::size_t found = 0, total = 0;
    for (const auto& q : corpus.queries) {
      std::set<std::string> truth;
      for (const auto& h : exact.search(q, 10)) truth.insert(h.chunk_id);
      for (const auto& h : kb.search(q, 10)) found += truth.count(h.chunk_id);
      total += truth.size();
    }
    recall_at_10 = total ? static_cast<double>(found) / static_cast<double>(total) : 0;
  }
};

LargeKb& large_kb() {
  static LargeKb l;
  return l;
}

// The vector layer alone (same embedder as the KnowledgeBase), for graph vs brute force.
struct LargeVectors {
  HashEmbedder embedder{g_dims};
  VectorIndex vectors;
  std::vector<std::vector<float>> queries;
  double build_s = 0, recall_at_10 = 0, recall_at_1 = 0;

  LargeVectors() {
    const auto& corpus = large_corpus();
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::string> texts;
    std::vector<std::string_view> views;
    // As KnowledgeBase::load embeds a chunk: title twice, then the text.
    for (const auto& ch : corpus.chunks)
      texts.push_back(ch.title + "\n" + ch.title + "\n" + ch.content);
    for (const auto& t : texts) views.push_back(t);
    embedder.fit(views);
    std::vector<SparseVector> vecs;
    for (const auto& t : texts) vecs.push_back(embedder.embed(t));
    texts.clear();
    vectors.build(std::move(vecs), g_dims, true, hnsw_params());
    build_s = seconds_since(t0);
    std::fprintf(stderr, "VectorIndex build (HNSW) %.1f s\n", build_s);

    std::size_t found = 0, total = 0, first = 0;
    double top1 = 0, top10 = 0;
    for (const auto& q : corpus.queries) {
      queries.push_back(embedder.embed_dense(q));
      const auto exact = vectors.search_exact(queries.back(), 10);
      if (exact.size() == 10) {
        top1 += exact[0].second;
        top10 += exact[9].second;
      }
      const auto approx = vectors.search_hnsw(queries.back(), 10);
      std::set<std::uint32_t> truth;
      for (const auto& e : exact) truth.insert(e.first);
      for (const auto& a : approx) found += truth.count(a.first);
      total += exact.size();
      if (!exact.empty() && !approx.empty() && exact[0].first == approx[0].first) ++first;
    }
    recall_at_10 = total ? static_cast<double>(found) / static_cast<double>(total) : 0;
    std::fprintf(stderr, "mean exact cosine: 1st %.3f, 10th %.3f\n", top1 / queries.size(),
                 top10 / queries.size());
    recall_at_1 =
        queries.empty() ? 0 : static_cast<double>(first) / static_cast<double>(queries.size());
  }
};

LargeVectors& large_vectors() {
  static LargeVectors l;
  return l;
}

KnowledgeBase& sample_kb(bool hnsw) {
  static std::unique_ptr<KnowledgeBase> exact, ann;
  auto& p = hnsw ? ann : exact;
  if (!p) {
    p = std::make_unique<KnowledgeBase>(KnowledgeBaseOptions{.hnsw_min_chunks = hnsw ? 0u : 2000u});
    p->load(load_path(g_doc));
  }
  return *p;
}

// ---- benchmarks ------------------------------------------------------------------------------

void KbLoad_sample_doc(benchmark::State& state) {
  const auto chunks = load_path(g_doc);
  for (auto _ : state) {
    KnowledgeBase kb;
    kb.load(chunks);
    benchmark::DoNotOptimize(kb.size());
  }
  state.counters["chunks"] = static_cast<double>(chunks.size());
}

void search_loop(benchmark::State& state, KnowledgeBase& kb,
                 const std::vector<std::string>& queries) {
  std::size_t i = 0, hits = 0;
  std::vector<double> micros;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto h = kb.search(queries[i++ % queries.size()], 5);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    hits += h.size();
    benchmark::DoNotOptimize(h);
  }
  std::sort(micros.begin(), micros.end());
  if (!micros.empty()) {  // wall-clock p95 of single searches (the aim is p95)
    state.counters["p50_us"] = micros[micros.size() / 2];
    state.counters["p95_us"] = micros[std::min(micros.size() - 1, micros.size() * 95 / 100)];
  }
  state.counters["chunks"] = static_cast<double>(kb.size());
  state.counters["hits/query"] =
      static_cast<double>(hits) / static_cast<double>(state.iterations());
}

void KbSearch_sample_doc(benchmark::State& state) {
  search_loop(state, sample_kb(false), kSampleQuestions);
}
void KbSearch_sample_doc_hnsw(benchmark::State& state) {
  search_loop(state, sample_kb(true), kSampleQuestions);
}

void KbSearch_synthetic_hnsw(benchmark::State& state) {
  auto& l = large_kb();
  search_loop(state, l.kb, large_corpus().queries);
  state.counters["build_s"] = l.build_s;
  state.counters["recall@10"] = l.recall_at_10;
}

void Vector_hnsw(benchmark::State& state) {
  auto& l = large_vectors();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(l.vectors.search_hnsw(l.queries[i++ % l.queries.size()], 10));
  }
  state.counters["chunks"] = static_cast<double>(l.vectors.size());
  state.counters["recall@10"] = l.recall_at_10;
  state.counters["recall@1"] = l.recall_at_1;
  state.counters["build_s"] = l.build_s;
}

void Vector_exact(benchmark::State& state) {
  auto& l = large_vectors();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(l.vectors.search_exact(l.queries[i++ % l.queries.size()], 10));
  }
  state.counters["chunks"] = static_cast<double>(l.vectors.size());
}

// Takes --kb_* flags out of argv before Google Benchmark sees it.
void parse_own_flags(int* argc, char** argv) {
  int out = 1;
  for (int i = 1; i < *argc; ++i) {
    const char* a = argv[i];
    if (std::strncmp(a, "--kb_chunks=", 12) == 0) {
      g_chunks = std::max<std::size_t>(1, std::strtoull(a + 12, nullptr, 10));
    } else if (std::strncmp(a, "--kb_dims=", 10) == 0) {
      g_dims = std::max<std::size_t>(16, std::strtoull(a + 10, nullptr, 10));
    } else if (std::strncmp(a, "--kb_graph_dims=", 16) == 0) {
      g_graph_dims = std::strtoull(a + 16, nullptr, 10);
    } else if (std::strncmp(a, "--kb_m=", 7) == 0) {
      g_m = std::max<std::size_t>(2, std::strtoull(a + 7, nullptr, 10));
    } else if (std::strncmp(a, "--kb_ef_construction=", 21) == 0) {
      g_ef_construction = std::max<std::size_t>(1, std::strtoull(a + 21, nullptr, 10));
    } else if (std::strncmp(a, "--kb_ef=", 8) == 0) {
      g_ef_search = std::max<std::size_t>(1, std::strtoull(a + 8, nullptr, 10));
    } else if (std::strncmp(a, "--kb_doc=", 9) == 0) {
      g_doc = a + 9;
    } else {
      argv[out++] = argv[i];
    }
  }
  *argc = out;
}

}  // namespace

int main(int argc, char** argv) {
  parse_own_flags(&argc, argv);
  benchmark::RegisterBenchmark("KbLoad/sample_doc", KbLoad_sample_doc)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("KbSearch/sample_doc", KbSearch_sample_doc)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("KbSearch/sample_doc_hnsw", KbSearch_sample_doc_hnsw)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("KbSearch/synthetic_hnsw", KbSearch_synthetic_hnsw)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("Vector/hnsw", Vector_hnsw)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("Vector/exact", Vector_exact)->Unit(benchmark::kMicrosecond);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
