#include "kb/knowledge_base.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <utility>

#include "kb/asked_things.h"
#include "kb/bm25.h"
#include "kb/confidence.h"
#include "kb/embedder.h"
#include "kb/foreign_words.h"
#include "kb/synonyms.h"
#include "kb/text.h"
#include "kb/topic_stats.h"
#include "kb/vector_index.h"
#include "ops/log.h"

namespace fte::kb {
namespace {

constexpr double kLexicalWeight = 0.6;
constexpr double kSemanticWeight = 0.4;
constexpr double kFullCosine = 0.5;  // cosine mapped to a full semantic score
constexpr double kRelevanceThreshold = 0.30;
constexpr std::size_t kMaxQueryBytes = 8192;
constexpr std::size_t kMinCandidates = 64;
constexpr std::size_t kExactCategoryLimit = 20000;  // a category this small is scanned exactly
constexpr double kRrfK = 60.0;                      // reciprocal-rank fusion constant
// Query expansion (synonyms.h): a documentation word standing for the customer's scores this share
// of its BM25. On the dev halves (docs/EVAL.md) 0.3 and 0.5 changed one reply, 0.8 three (a
// "9 users, add 2 more" question answered from the plan-limit row instead of escalated).
constexpr double kExpandedWeight = 0.8;
// A question of at most this many distinct terms that names a table's row key also searches the
// key column's header (add_key_heads).
constexpr std::size_t kKeyHeadTerms = 4;

std::size_t distinct_count(std::vector<std::string> terms) {
  std::sort(terms.begin(), terms.end());
  return static_cast<std::size_t>(std::unique(terms.begin(), terms.end()) - terms.begin());
}

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// What the documentation's tables say each one-word row key is: the header of the key column
// ("Manager" -> "role", "E7" -> "code"), both as index terms. A question naming a row key also
// searches the header at the expansion weight (the docs' own word for what the key is: "make
// someone a manager" meets "change a person's role").
using KeyHeads = std::unordered_map<std::string, std::vector<std::string>>;

void add_key_heads(std::string_view md, KeyHeads& out) {
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < md.size();) {
    auto nl = md.find('\n', at);
    if (nl == std::string_view::npos) nl = md.size();
    lines.push_back(md.substr(at, nl - at));
    at = nl + 1;
  }
  std::string head;  // the current table's header term ("" outside a table or without one)
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto cell = table_first_cell(lines[i]);
    if (!cell) {
      head.clear();
      continue;
    }
    if (table_separator_cell(*cell)) continue;
    if (i + 1 < lines.size()) {
      if (const auto next = table_first_cell(lines[i + 1]); next && table_separator_cell(*next)) {
        const auto h = index_terms(*cell);
        head = h.size() == 1 ? h[0] : std::string();
        continue;
      }
    }
    const auto key = index_terms(*cell);
    if (head.empty() || key.size() != 1 || key[0] == head) continue;
    auto& heads = out[key[0]];
    if (std::find(heads.begin(), heads.end(), head) == heads.end()) heads.push_back(head);
  }
}

// The heading says what a section is about: it counts twice in the embedding.
std::string embedding_text(const KnowledgeChunk& c) {
  return c.title + "\n" + c.title + "\n" + c.content;
}

// The query's terms, plus "login" for "log in" (and "setup", "signup", ...) when the docs use the
// joined word: customers split and join compounds freely.
// A clipped word the docs do not use stands for the docs' word it begins ("temp" for
// "temperature": Bm25Index::completion).
std::vector<std::string> query_terms(std::string_view query, const Bm25Index& bm25) {
  auto terms = index_terms(query);
  for (auto& t : terms)
    if (auto c = bm25.completion(t); !c.empty()) t = std::move(c);
  const auto words = split_words(query);
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    std::string joined = stem(words[i] + words[i + 1]);
    if (bm25.has_term(joined)) terms.push_back(std::move(joined));
  }
  return terms;
}

// `text` in English words when it reads as Spanish, French, German or Portuguese
// (kb::foreign_glosses against the docs' terms), else empty.
using Glosses = std::vector<std::pair<std::string, std::string>>;

// The foreign glosses of `text` against the docs' terms (english_gloss(), docs_words() and
// unknown_terms() start from them).
Glosses glosses_of(std::string_view text, const Bm25Index& bm25) {
  return foreign_glosses(text, [&](const std::string& t) { return bm25.has_term(t); });
}

// english_gloss() of `text` given its glosses_of().
std::string english_with(std::string_view text, const Glosses& g) {
  return g.empty() ? std::string() : with_docs_words(text, g);
}

std::string english_gloss(std::string_view text, const Bm25Index& bm25) {
  return english_with(text, glosses_of(text, bm25));
}

// Long messages carry narrative no section matches; scores are scaled up by sqrt(terms / 4) so
// that a question wrapped in a paragraph is not judged against its every word.
double length_factor(std::size_t terms) {
  return std::max(1.0, std::sqrt(static_cast<double>(terms) / 4.0));
}

// Model vectors of `texts`, from the cache where it has them, else from the model in batches
// (then cached). Throws when the model fails or answers vectors of different dimensions.
std::vector<SparseVector> model_vectors(Embedder& model, EmbeddingCache* cache,
                                        const std::vector<std::string>& texts, std::size_t& dims) {
  std::vector<std::string> keys;
  keys.reserve(texts.size());
  for (const auto& t : texts) keys.push_back(content_key(t));
  std::unordered_map<std::string, std::vector<float>> have;
  if (cache) {
    try {
      have = cache->get(model.model(), keys);
    } catch (const std::exception& e) {
      ops::warn("embedding cache unreadable; embedding everything", {}, {{"error", e.what()}});
    }
  }
  std::vector<std::string> missing;
  std::vector<std::size_t> missing_at;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!have.count(keys[i])) {
      missing.push_back(texts[i]);
      missing_at.push_back(i);
    }
  }
  std::vector<std::vector<float>> fresh;
  if (!missing.empty()) fresh = model.embed(missing);
  if (fresh.size() != missing.size()) throw std::runtime_error("embedder returned a wrong count");
  std::vector<std::pair<std::string, std::vector<float>>> to_cache;
  for (std::size_t j = 0; j < fresh.size(); ++j) {
    to_cache.emplace_back(keys[missing_at[j]], fresh[j]);
    have[keys[missing_at[j]]] = std::move(fresh[j]);
  }
  if (cache && !to_cache.empty()) {
    try {
      cache->put(model.model(), to_cache);
    } catch (const std::exception& e) {
      ops::warn("embedding cache not written", {}, {{"error", e.what()}});
    }
  }
  dims = 0;
  std::vector<SparseVector> out;
  out.reserve(texts.size());
  for (const auto& k : keys) {
    const auto& v = have.at(k);
    if (dims == 0) dims = v.size();
    if (v.size() != dims || dims == 0)
      throw std::runtime_error("embeddings of different dimensions (model changed?)");
    SparseVector sv;
    sv.index.resize(v.size());
    for (std::uint32_t i = 0; i < v.size(); ++i) sv.index[i] = i;
    sv.value = v;
    double norm = 0;
    for (float f : sv.value) norm += static_cast<double>(f) * f;
    if (norm > 0) {
      const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
      for (float& f : sv.value) f *= inv;
    }
    out.push_back(std::move(sv));
  }
  return out;
}

}  // namespace

void put_on_topic_hit_first(std::string_view query, std::vector<SearchHit>& hits) {
  if (hits.size() < 2) return;
  const auto& first = hits[0];
  auto close = [&](const SearchHit& h) { return h.score >= first.score - kTopicFirstWindow; };
  // Most searches have a clear winner: the topic check (the costly part) is then not needed.
  if (std::none_of(hits.begin() + 1, hits.end(), close)) return;
  const TopicQuestion question(query);  // its terms worked out once for the hits checked
  if (on_distinct_topic(question, first.title, first.content, first.topics.get())) return;
  for (std::size_t i = 1; i < hits.size(); ++i) {
    if (!close(hits[i])) continue;
    if (on_distinct_topic(question, hits[i].title, hits[i].content, hits[i].topics.get())) {
      std::rotate(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(i),
                  hits.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return;
    }
  }
}

void put_asked_faq_first(std::string_view query, std::vector<SearchHit>& hits) {
  if (hits.size() < 2 || asks_faq_question(query, hits[0].title)) return;
  for (std::size_t i = 1; i < hits.size(); ++i) {
    if (hits[i].score < hits[0].score - kTopicFirstWindow) continue;
    if (asks_faq_question(query, hits[i].title)) {
      std::rotate(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(i),
                  hits.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return;
    }
  }
}

struct KnowledgeBase::Index {
  std::vector<KnowledgeChunk> chunks;
  HashEmbedder embedder;
  Bm25Index bm25;
  VectorIndex vectors;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_category;
  std::unordered_map<std::string, std::uint32_t> by_id;  // for external vector search results
  std::shared_ptr<Embedder> model;  // set when every chunk has a model vector in `dense`
  VectorIndex dense;
  std::size_t dense_dims = 0;
  std::shared_ptr<const TopicStats> topics;  // handed on with every hit (SearchHit::topics)
  KeyHeads key_heads;                        // add_key_heads of every chunk

  explicit Index(std::size_t dims) : embedder(dims) {}
};

KnowledgeBase::KnowledgeBase() : KnowledgeBase(KnowledgeBaseOptions{}) {}
KnowledgeBase::KnowledgeBase(KnowledgeBaseOptions options) : options_(options) {}
KnowledgeBase::~KnowledgeBase() = default;

std::shared_ptr<const KnowledgeBase::Index> KnowledgeBase::current() const {
  std::lock_guard lock(mu_);
  return index_;
}

void KnowledgeBase::load(std::vector<KnowledgeChunk> chunks) {
  auto idx = std::make_shared<Index>(options_.dims);
  idx->chunks = std::move(chunks);
  std::vector<std::string> texts;
  std::vector<std::string_view> views;
  std::vector<Bm25Index::Document> docs;
  std::vector<std::string> keys;  // table_row_keys of each chunk (docs views them)
  keys.reserve(idx->chunks.size());
  texts.reserve(idx->chunks.size());
  for (std::uint32_t i = 0; i < idx->chunks.size(); ++i) {
    auto& c = idx->chunks[i];
    c.embedding.clear();
    c.embedding.shrink_to_fit();
    c.category = lower_trimmed(c.category);
    idx->by_category[c.category].push_back(i);
    idx->by_id.emplace(c.id, i);
    texts.push_back(embedding_text(c));
    keys.push_back(table_row_keys(c.content));
    add_key_heads(c.content, idx->key_heads);
  }
  for (std::uint32_t i = 0; i < idx->chunks.size(); ++i)
    docs.push_back({idx->chunks[i].title, idx->chunks[i].content, keys[i]});
  for (const auto& t : texts) views.push_back(t);
  {
    std::vector<std::string_view> titles;
    titles.reserve(idx->chunks.size());
    for (const auto& c : idx->chunks) titles.push_back(c.title);
    idx->topics = build_topic_stats(titles);
  }
  idx->embedder.fit(views);
  idx->bm25.build(docs);
  std::vector<SparseVector> vecs;
  vecs.reserve(texts.size());
  for (const auto& t : texts) vecs.push_back(idx->embedder.embed(t));
  const bool hnsw = idx->chunks.size() >= options_.hnsw_min_chunks;
  HnswParams p;
  p.m = options_.hnsw_m;
  p.ef_construction = options_.hnsw_ef_construction;
  p.ef_search = options_.hnsw_ef_search;
  p.graph_dims = options_.hnsw_graph_dims;
  idx->vectors.build(std::move(vecs), options_.dims, hnsw, p);

  std::shared_ptr<Embedder> model;
  std::shared_ptr<EmbeddingCache> cache;
  {
    std::lock_guard lock(mu_);
    model = embedder_;
    cache = cache_;
  }
  if (model && !texts.empty()) {
    try {
      std::size_t dims = 0;
      auto dense = model_vectors(*model, cache.get(), texts, dims);
      HnswParams dp = p;
      dp.graph_dims = 0;  // model vectors are not folded
      idx->dense.build(std::move(dense), dims, hnsw, dp);
      idx->dense_dims = dims;
      idx->model = model;
      ops::info("knowledge base embedded", {},
                {{"model", model->model()},
                 {"dims", std::to_string(dims)},
                 {"chunks", std::to_string(texts.size())}});
    } catch (const std::exception& e) {
      ops::warn("knowledge base not embedded by the model; hash embeddings only", {},
                {{"model", model->model()}, {"error", e.what()}});
    }
  }

  std::shared_ptr<const Index> published = std::move(idx);
  std::lock_guard lock(mu_);
  index_.swap(published);
  // The old index (now in `published`) is released after the lock, by the last reader holding it.
}

std::size_t KnowledgeBase::size() const {
  auto idx = current();
  return idx ? idx->chunks.size() : 0;
}

double KnowledgeBase::relevance_threshold() const {
  return kRelevanceThreshold;
}

void KnowledgeBase::set_embedder(std::shared_ptr<Embedder> embedder,
                                 std::shared_ptr<EmbeddingCache> cache) {
  std::lock_guard lock(mu_);
  embedder_ = std::move(embedder);
  cache_ = std::move(cache);
}

std::size_t KnowledgeBase::dense_dims() const {
  auto idx = current();
  return idx ? idx->dense_dims : 0;
}

namespace {

// KnowledgeBase::unknown_terms of `text` (truncated), given its `glosses` (glosses_of).
std::vector<std::string> unknown_terms_in(const Bm25Index& bm25, std::string_view text,
                                          const Glosses& glosses) {
  std::vector<std::string> out;
  auto known = [&](const std::string& t) { return bm25.has_term(t); };
  // A docs term of 5+ letters that begins `t`, `t` at most 4 letters longer (a typo at the end,
  // another ending).
  auto begun = [&](const std::string& t) {
    for (std::size_t n = 5; n < t.size(); ++n)
      if (t.size() - n <= 4 && known(t.substr(0, n))) return true;
    return false;
  };
  const std::string english = english_with(text, glosses);
  for (auto& t : topic_terms_of(english.empty() ? text : std::string_view(english)))
    if (!known(t) && !begun(t) && expansions({t}, known).empty() && bm25.completion(t).empty())
      out.push_back(std::move(t));
  return out;
}

// KnowledgeBase::unlisted_codes of `text` (as given), given its unknown terms.
std::vector<std::string> unlisted_codes_in(const Bm25Index& bm25, std::string_view text,
                                           const std::vector<std::string>& unknown) {
  auto codes = unknown_codes(text, unknown);
  std::erase_if(codes, [&](const std::string& c) { return !bm25.has_code_family(c); });
  return codes;
}

// KnowledgeBase::docs_words of `text` (truncated), given its `glosses` (glosses_of).
Glosses docs_words_in(const Bm25Index& bm25, std::string_view text, Glosses glosses) {
  auto out = std::move(glosses);
  for (const auto& w : split_words(text)) {
    if (is_stopword(w)) continue;
    const auto t = stem(w);
    if (std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first == t; })) continue;
    if (auto c = bm25.completion(t); !c.empty()) out.emplace_back(t, std::move(c));
  }
  return out;
}

std::string_view clipped_query(std::string_view text) {
  return text.substr(0, std::min(text.size(), kMaxQueryBytes));
}

}  // namespace

std::vector<std::string> KnowledgeBase::unknown_terms(std::string_view text) const {
  auto idx = current();
  if (!idx || idx->chunks.empty()) return {};
  text = clipped_query(text);
  return unknown_terms_in(idx->bm25, text, glosses_of(text, idx->bm25));
}

std::vector<std::string> KnowledgeBase::unlisted_codes(std::string_view text) const {
  auto idx = current();
  if (!idx || idx->chunks.empty()) return {};
  const auto clipped = clipped_query(text);
  return unlisted_codes_in(idx->bm25, text,
                           unknown_terms_in(idx->bm25, clipped, glosses_of(clipped, idx->bm25)));
}

std::vector<std::pair<std::string, std::string>> KnowledgeBase::docs_words(
    std::string_view text) const {
  auto idx = current();
  if (!idx || idx->chunks.empty()) return {};
  text = clipped_query(text);
  return docs_words_in(idx->bm25, text, glosses_of(text, idx->bm25));
}

KnowledgeBase::QueryWords KnowledgeBase::query_words(std::string_view text) const {
  QueryWords q;
  auto idx = current();
  if (!idx || idx->chunks.empty()) return q;
  const auto clipped = clipped_query(text);
  auto glosses = glosses_of(clipped, idx->bm25);
  q.unknown_terms = unknown_terms_in(idx->bm25, clipped, glosses);
  q.unlisted_codes = unlisted_codes_in(idx->bm25, text, q.unknown_terms);
  q.docs_words = docs_words_in(idx->bm25, clipped, std::move(glosses));
  return q;
}

bool KnowledgeBase::uses_hnsw() const {
  auto idx = current();
  return idx && idx->vectors.has_hnsw();
}

std::shared_ptr<const KnowledgeBase::External> KnowledgeBase::external() const {
  std::lock_guard lock(mu_);
  return external_;
}

void KnowledgeBase::set_vector_search(VectorSearchFn fn, std::size_t dims) {
  std::shared_ptr<const External> e;
  if (fn && dims > 0) e = std::make_shared<const External>(External{std::move(fn), dims});
  std::lock_guard lock(mu_);
  external_.swap(e);
}

bool KnowledgeBase::uses_external_vector_search() const {
  return external() != nullptr;
}

std::vector<std::pair<std::string, std::vector<float>>> KnowledgeBase::export_embeddings(
    std::size_t dims) const {
  std::vector<std::pair<std::string, std::vector<float>>> out;
  auto idx = current();
  if (!idx || dims == 0) return out;
  out.reserve(idx->chunks.size());
  for (std::uint32_t i = 0; i < idx->chunks.size(); ++i)
    out.emplace_back(idx->chunks[i].id, idx->model ? idx->dense.folded(i, idx->dense_dims)
                                                   : idx->vectors.folded(i, dims));
  return out;
}

std::vector<SearchHit> KnowledgeBase::search(std::string_view query, int k,
                                             std::string_view category, SearchInfo* info) const {
  std::vector<SearchHit> hits;
  auto idx = current();
  if (!idx || idx->chunks.empty() || k <= 0) return hits;
  try {
    if (query.size() > kMaxQueryBytes) query = query.substr(0, kMaxQueryBytes);
    // A question in Spanish, French, German or Portuguese is searched in English words.
    const std::string english = english_gloss(query, idx->bm25);
    if (!english.empty()) query = english;
    const std::size_t want = std::min<std::size_t>(static_cast<std::size_t>(k), idx->chunks.size());
    const std::size_t n_candidates = std::max(kMinCandidates, 4 * want);

    const std::vector<std::uint32_t>* subset = nullptr;
    std::string cat;
    if (!category.empty()) {
      cat = lower_trimmed(category);
      auto it = idx->by_category.find(cat);
      if (it == idx->by_category.end()) return hits;
      subset = &it->second;
    }
    auto in_category = [&](std::uint32_t d) {
      return cat.empty() || idx->chunks[d].category == cat;
    };

    const auto terms = query_terms(query, idx->bm25);
    const std::size_t n_terms = distinct_count(terms);
    auto more = expansions(terms, [&](const std::string& t) { return idx->bm25.has_term(t); });
    // A table key's header only for a short question ("make someone a manager"): in a longer
    // message a role or code word is mostly the customer's setting ("our managers keep ...").
    for (const auto& t : terms)
      if (auto it = idx->key_heads.find(t); it != idx->key_heads.end() && n_terms <= kKeyHeadTerms)
        for (const auto& h : it->second)
          if (std::find(terms.begin(), terms.end(), h) == terms.end() &&
              std::find(more.begin(), more.end(), h) == more.end())
            more.push_back(h);
    const auto bm = idx->bm25.score(terms, more, kExpandedWeight);
    const double scale = length_factor(bm.terms);
    const std::vector<float> qv = idx->embedder.embed_dense(query);
    // The model's query vector (dense mode); on failure the search ranks without it.
    std::vector<float> qd;
    if (idx->model) {
      try {
        auto v = idx->model->embed({std::string(query)}, true);
        if (v.size() != 1 || v[0].size() != idx->dense_dims)
          throw std::runtime_error("query vector of another dimension");
        qd = std::move(v[0]);
      } catch (const std::exception& e) {
        if (info) info->fallback = std::string("query not embedded: ") + e.what();
        ops::warn("kb query not embedded; BM25 and hash ranking only", {}, {{"error", e.what()}});
      }
      if (info) info->dense = !qd.empty();
    }

    // Candidate set: exact cosine for every chunk in scope, or HNSW + BM25 top lists.
    std::vector<float> bm25_of(idx->chunks.size(), 0.0f);
    std::vector<std::pair<std::uint32_t, float>> top_bm;
    for (const auto& [d, s] : bm.scores) {
      if (!in_category(d)) continue;
      bm25_of[d] = s;
      top_bm.emplace_back(d, s);
    }
    // Candidate set: exact cosine for every chunk in scope, or the vector index's top list (the
    // external one when set, else HNSW) plus the BM25 top list.
    std::vector<std::uint32_t> candidates;
    const bool small_category = subset && subset->size() <= kExactCategoryLimit;
    const std::size_t ann_k = cat.empty() ? n_candidates : 4 * n_candidates;
    std::optional<std::vector<std::uint32_t>> ann;
    thread_local std::vector<float> cos_all;  // every chunk's cosine, when the scan ran
    cos_all.clear();
    // The external index holds the model's vectors in dense mode, else the folded hash vectors.
    auto ask_external =
        [&](const std::vector<float>& q) -> std::optional<std::vector<std::uint32_t>> {
      auto ext = external();
      if (!ext) return std::nullopt;
      std::optional<std::vector<std::pair<std::string, float>>> found;
      try {
        found = ext->fn(q, static_cast<int>(ann_k));
      } catch (const std::exception& e) {
        ops::warn("kb external vector search failed; in-process index used", {},
                  {{"error", e.what()}});
      }
      if (!found) return std::nullopt;
      std::vector<std::uint32_t> out;
      for (const auto& [id, cos] : *found) {
        auto it = idx->by_id.find(id);
        if (it != idx->by_id.end()) out.push_back(it->second);
      }
      return out;
    };
    std::vector<std::uint32_t> dense_top;
    if (!qd.empty()) {
      std::optional<std::vector<std::uint32_t>> found;
      if (!small_category) found = ask_external(qd);
      if (found) {
        for (auto d : *found)
          if (in_category(d)) dense_top.push_back(d);
      } else {
        const auto top = subset ? idx->dense.search_exact(qd, n_candidates, subset)
                                : idx->dense.search_hnsw(qd, ann_k);
        for (const auto& [d, cos] : top)
          if (in_category(d)) dense_top.push_back(d);
      }
    }
    if (!small_category) {
      if (auto ext = external(); ext && !idx->model)
        ann = ask_external(VectorIndex::fold_query(qv, ext->dims));
      if (!ann && idx->vectors.has_hnsw() && idx->chunks.size() <= options_.scan_max_chunks) {
        // Exact cosines of every chunk from the posting lists, then the top ann_k: exact, and
        // faster than the graph's beam at these sizes (bench/kb_search.cpp). Buffers are reused
        // per thread (no allocation per query once warm).
        idx->vectors.cosines(qv, cos_all);
        thread_local std::vector<std::uint32_t> order;
        order.clear();
        for (std::uint32_t d = 0; d < cos_all.size(); ++d)
          if (cos_all[d] > 0 && in_category(d)) order.push_back(d);
        const std::size_t top = std::min(ann_k, order.size());
        auto better = [&](std::uint32_t a, std::uint32_t b) {
          return cos_all[a] != cos_all[b] ? cos_all[a] > cos_all[b] : a < b;
        };
        std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top),
                         order.end(), better);
        ann.emplace(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top));
      } else if (!ann && idx->vectors.has_hnsw()) {
        ann.emplace();
        for (const auto& [d, cos] : idx->vectors.search_hnsw(qv, ann_k)) ann->push_back(d);
      }
    }
    if (!ann) {
      if (subset) {
        candidates = *subset;
      } else {
        candidates.resize(idx->chunks.size());
        for (std::uint32_t d = 0; d < candidates.size(); ++d) candidates[d] = d;
      }
    } else {
      for (auto d : *ann) {
        if (in_category(d)) candidates.push_back(d);
      }
      const std::size_t nb = std::min(n_candidates, top_bm.size());
      std::partial_sort(top_bm.begin(), top_bm.begin() + static_cast<std::ptrdiff_t>(nb),
                        top_bm.end(),
                        [](const auto& a, const auto& b) { return a.second > b.second; });
      for (std::size_t i = 0; i < nb; ++i) candidates.push_back(top_bm[i].first);
    }
    candidates.insert(candidates.end(), dense_top.begin(), dense_top.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

    struct Scored {
      std::uint32_t doc;
      double score, bm25, cosine, dense = 0, rrf = 0;
    };
    std::vector<Scored> scored;
    scored.reserve(candidates.size());
    for (auto d : candidates) {
      const double b = bm25_of[d];
      const double cos = std::max(0.0f, cos_all.empty() ? idx->vectors.cosine(qv, d) : cos_all[d]);
      const double lexical = bm.ideal > 0 ? std::min(1.0, scale * b / bm.ideal) : 0.0;
      const double semantic = std::min(1.0, scale * cos / kFullCosine);
      const double s = std::clamp(kLexicalWeight * lexical + kSemanticWeight * semantic, 0.0, 1.0);
      const double dn = qd.empty() ? 0.0 : std::max(0.0f, idx->dense.cosine(qd, d));
      if (s > 0 || dn > 0) scored.push_back({d, s, b, cos, dn, 0.0});
    }
    if (!qd.empty()) {  // reciprocal-rank fusion of the BM25 and dense rankings
      std::vector<Scored*> order;
      for (auto& x : scored) order.push_back(&x);
      std::sort(order.begin(), order.end(), [](auto* a, auto* b) {
        return a->bm25 != b->bm25 ? a->bm25 > b->bm25 : a->doc < b->doc;
      });
      for (std::size_t r = 0; r < order.size() && order[r]->bm25 > 0; ++r)
        order[r]->rrf += 1.0 / (kRrfK + static_cast<double>(r + 1));
      std::sort(order.begin(), order.end(), [](auto* a, auto* b) {
        return a->dense != b->dense ? a->dense > b->dense : a->doc < b->doc;
      });
      for (std::size_t r = 0; r < order.size() && order[r]->dense > 0; ++r)
        order[r]->rrf += 1.0 / (kRrfK + static_cast<double>(r + 1));
    }
    const std::size_t n = std::min(want, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(n), scored.end(),
                      [](const Scored& a, const Scored& b) {
                        if (a.rrf != b.rrf) return a.rrf > b.rrf;
                        if (a.score != b.score) return a.score > b.score;
                        if (a.bm25 != b.bm25) return a.bm25 > b.bm25;
                        return a.doc < b.doc;
                      });
    for (std::size_t i = 0; i < n; ++i) {
      const auto& c = idx->chunks[scored[i].doc];
      hits.push_back({c.id, c.title, c.content, c.category, c.source, scored[i].score,
                      scored[i].bm25, scored[i].cosine, scored[i].dense, idx->topics});
    }
    put_on_topic_hit_first(query, hits);
    put_asked_faq_first(query, hits);
  } catch (const std::exception& e) {
    ops::warn("kb search failed", {}, {{"error", e.what()}});
    hits.clear();
  }
  return hits;
}

}  // namespace fte::kb
