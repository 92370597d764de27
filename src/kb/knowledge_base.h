// KnowledgeBase: the product documentation, searchable in memory (DESIGN §8: a search touches no
// disk). Markdown is cut into chunks by heading (chunk_markdown); each chunk is embedded offline
// (HashEmbedder: feature hashing of words, bigrams and character 3/4-grams with TF-IDF weights
// fitted on the loaded chunks) and indexed twice: cosine over the vectors and BM25 over the words
// (Bm25Index: k1 1.2, b 0.75, title words x3, stopwords dropped, light stemming).
//
// Search: candidates are every chunk (exact cosine) when the corpus has fewer than
// KnowledgeBaseOptions::hnsw_min_chunks chunks, else the union of the HNSW top-C (hnswlib, inner
// product on L2-normalised vectors, see vector_index.h) and the BM25 top-C, C = max(64, 4k); every
// candidate gets its exact cosine and BM25. The fused score is absolute, not relative to the
// other hits, so one threshold works for every query:
//   lexical  = min(1, L * bm25 / ideal)  ideal = BM25 of an average-length chunk holding every
//                                        query term once in its title and once in its text;
//                                        words the docs never use count too, so a query in
//                                        foreign vocabulary scores ~0
//   semantic = min(1, L * cosine / 0.5)  (a short question rarely exceeds cosine 0.5 with a
//   section) L        = max(1, sqrt(terms / 4))   long messages carry narrative no section matches
//   score    = 0.6 * lexical + 0.4 * semantic, in [0, 1]
// "log in" also searches "login" when the docs use it, and "Wi-Fi" is indexed as "wifi" too. A
// word the docs never use that begins one they do (4+ letters, the docs' at least 2 more) is
// searched as the docs' word: "temp" as "temperature", "config" as "configuration" (docs_words()).
// A table row's first cell is indexed like a heading word (Bm25Index): "E7" finds its row.
// A question in Spanish, French, German or Portuguese is searched in English words
// (kb::foreign_glosses, kb/foreign_words.h: "¿cómo restablezco mi contraseña?" as "how reset my
// password"); unknown_terms() and docs_words() read it the same way.
// Query expansion (synonyms.h): the documentation's words for the customer's ("add people" also
// searches "invite" and "member" when the docs use them) add 0.8 x their BM25 to a chunk's score
// without counting in `ideal`, so they can raise a section but never lower one.
// relevance_threshold() is 0.30, set on the sample SaaS doc and two made-up docs (unit tests):
// product questions score 0.33-1.0, off-topic requests and small talk below 0.2. Known limit: a
// long off-topic message that happens to share several words with one section (a trip "planning"
// message vs "Sprint Planning") can reach ~0.3; the agent's other rules must catch those.
//
// External vector search (pgvector): set_vector_search() hands the vector half of search to
// another index — in `fte`, PostgreSQL with pgvector through Store::knowledge_vector_search. The
// knowledge base still computes every embedding (the TF-IDF weights are its own):
// export_embeddings(dims) gives each loaded chunk's embedding folded to `dims` buckets (as the
// in-process graph holds them; pgvector's HNSW index takes at most 2,000 dimensions) for that
// index to store, and a search sends the query's embedding folded the same way and asks for the
// nearest C chunk ids. Those take the place of the HNSW candidates, for every corpus size (a
// category of at most 20,000 chunks is still scanned exactly in process); BM25 stays in process,
// and every candidate is rescored with its exact cosine and BM25 as above, so scores do not depend
// on where the candidates came from, and ids the index returns that this knowledge base does not
// hold are ignored. When the function returns nullopt or throws (database unreachable, vectors not
// stored yet), that search falls back to the in-process index (HNSW or exact, as without it).
//
// Dense embeddings (FTE_EMBEDDER=openai): set_embedder() gives the knowledge base a model
// (text_embedder.h). load() then also embeds every chunk (title twice + text, as the hash
// embedder sees it) through the model, batched, taking unchanged texts from the EmbeddingCache by
// content key (an unchanged KB re-imports with no model call) and storing the new ones there. The
// model's first vector fixes the dimension; the vectors go in a second VectorIndex (exact below
// hnsw_min_chunks, HNSW at the native dimension above). A search embeds the query (a short
// deadline) and ranks by reciprocal-rank fusion, rrf(d) = 1/(60 + rank_bm25) + 1/(60 + rank_dense)
// (k = 60 as in Cormack et al. 2009; a chunk absent from a list gets no term from it), over the
// union of the BM25 top list, the dense top list and the hash candidates. SearchHit::score stays
// the absolute lexical + hash-semantic score above, so relevance_threshold() means the same with
// any model (dense cosines are not comparable across models). When the query cannot be embedded
// the search ranks as without a model and SearchInfo::fallback says why (the agent's trace
// records it); when the chunks cannot be embedded at load the whole index works without a model
// (logged). With an external vector search set, in dense mode it receives the dense query and
// export_embeddings() returns the dense vectors at the model's dimension (the pgvector column is
// sized to match).
//
// Embeddings are always recomputed by load(): the TF-IDF weights depend on the whole corpus, so a
// stored KnowledgeChunk::embedding would be stale; the field is ignored and left empty.
//
// Thread-safe: search() may run from many threads; load() builds the new index aside and swaps it
// in atomically (searches in flight finish on the index they started with).
// Failure: load_path() throws fte::Error(invalid_argument) for unreadable input; load() throws only
// std::bad_alloc / std::runtime_error from the graph (the previous index stays in place);
// search() never throws (an empty result means "nothing relevant"; an internal failure is logged
// and also returns nothing); queries longer than 8 KiB are truncated.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"
#include "kb/text_embedder.h"
#include "kb/topic_stats.h"

namespace fte::kb {

struct SearchHit {
  std::string chunk_id;
  std::string title;     // heading path, "Security & SSO > Password Reset"
  std::string content;   // the section's markdown
  std::string category;  // top-level heading, lower-case
  std::string source;
  double score = 0;   // fused relevance in [0, 1]; compare with relevance_threshold()
  double bm25 = 0;    // raw BM25 score
  double cosine = 0;  // cosine similarity of the embeddings
  double dense = 0;   // cosine of the model embeddings (0 without a model)
  // The heading statistics of the index that produced the hit, for the topic check
  // (kb::on_distinct_topic): a hit is judged with its own knowledge base's statistics.
  std::shared_ptr<const TopicStats> topics;
};

// How a search ran (for the agent's trace).
struct SearchInfo {
  bool dense = false;    // the model's embeddings took part in the ranking (RRF)
  std::string fallback;  // why they did not although a model is set ("" when they did)
};

// Cuts markdown into chunks: one per heading of level 2 or deeper (level 1 too when a document has
// several `#` headings), titled with its heading path; text before the first heading and tables of
// contents are dropped; long sections are split at paragraphs. Rules in chunker.cpp.
std::vector<KnowledgeChunk> chunk_markdown(std::string_view markdown, std::string_view source);

// Reads a markdown file, or every *.md file of a folder (sorted by name), and chunks them.
// Throws fte::Error(invalid_argument) when the path is missing or unreadable.
std::vector<KnowledgeChunk> load_path(const std::string& path);

// Tuning knobs; the defaults suit any documentation set. Building the HNSW graph is the slow part
// of load() (bench/kb_search.cpp on 2 busy cores: ~17 s for 20k chunks, minutes for 100k); below
// hnsw_min_chunks exact search is used instead and load() takes milliseconds.
struct KnowledgeBaseOptions {
  std::size_t dims = 4096;  // embedding buckets (feature hashing)
  std::size_t hnsw_min_chunks =
      2000;                 // corpora this large use HNSW; smaller: exact (0 = always HNSW)
  std::size_t hnsw_m = 16;  // graph degree
  std::size_t hnsw_ef_construction = 40;  // build beam
  std::size_t hnsw_ef_search = 256;       // query beam: candidates rescored with the full vectors
  std::size_t hnsw_graph_dims = 1024;     // the graph holds embeddings folded to this many dims
  // Up to this many chunks, in-process vector candidates come from an exact scan of the hashed
  // vectors' posting lists (VectorIndex::cosines) instead of the graph: at 10k chunks ~0.5 ms
  // against ~4 ms for the graph's beam (docs/BENCHMARKS.md). Above it, the graph.
  std::size_t scan_max_chunks = 100000;
};

// How close to the first hit's score an on-topic hit must be to take its place (search()). On the
// dev halves (docs/EVAL.md, round 7) 0.03-0.05 moved the first hit of six tickets, five of them to
// a labelled section; 0.08 and above also moved right first hits away.
inline constexpr double kTopicFirstWindow = 0.05;

// What search() does to its hits, best first: when the first is off the query's topic
// (kb::on_distinct_topic with the hit's own statistics), the first hit scored within
// kTopicFirstWindow of it that is on topic takes first place (the others keep their order). A
// near-tie is decided by the topic, not by narrative words ("Workspace Setup" at 0.33 for a
// question about removing a former employee, "Adding/Removing Seats" at 0.30).
void put_on_topic_hit_first(std::string_view query, std::vector<SearchHit>& hits);

// Then, when the first hit is not a FAQ unit whose own question is the one asked
// (kb::asks_faq_question) and one within kTopicFirstWindow of its score is, that one goes first.
void put_asked_faq_first(std::string_view query, std::vector<SearchHit>& hits);

class KnowledgeBase {
 public:
  KnowledgeBase();
  explicit KnowledgeBase(KnowledgeBaseOptions options);
  ~KnowledgeBase();
  KnowledgeBase(const KnowledgeBase&) = delete;
  KnowledgeBase& operator=(const KnowledgeBase&) = delete;

  // Replaces the whole index with these chunks (embeddings computed here; see above).
  void load(std::vector<KnowledgeChunk> chunks);
  // Up to k hits, best first, optionally only from one category (empty = all). Best: by fused
  // score (by RRF with a model), except that a first hit off the query's topic
  // (kb::on_distinct_topic) gives way to the best one within kTopicFirstWindow of its score that
  // is on it; the scores are not changed, so the first hit's may then be below the second's.
  std::vector<SearchHit> search(std::string_view query, int k, std::string_view category = {},
                                SearchInfo* info = nullptr) const;
  // A model for dense embeddings (nullptr: hash only) and where its vectors are cached; takes
  // effect at the next load().
  void set_embedder(std::shared_ptr<Embedder> embedder, std::shared_ptr<EmbeddingCache> cache);
  // The model vectors' dimension in the loaded index (0: hash only).
  std::size_t dense_dims() const;
  std::size_t size() const;
  // A hit at or above this fused score counts as relevant (agent: two searches without one
  // escalate).
  double relevance_threshold() const;
  // The topic terms of `text` (kb::topic_terms_of) that no section of the loaded index uses,
  // neither as written nor as a word of their thesaurus group (kb/synonyms.h): what the
  // documentation never names ("gantt", "import" in docs without either). A term that a term of
  // the docs of at least five letters begins, with at most four more letters, is known: a typo or
  // another ending of a word the docs use ("confirmaton" where they say "confirm").
  std::vector<std::string> unknown_terms(std::string_view text) const;
  // The clipped words of `text` that no section uses but that begin a term the docs use, each
  // with that term (stemmed: kb::stem of the customer's word, the docs' term; Bm25Index::
  // completion): ("temp", "temperatur"), ("config", "configur"). search() reads them as the docs'
  // terms; with_docs_words() puts them into a text for the checks that read words (kb::on_topic).
  // A text in one of the four languages of kb::foreign_glosses also gets its glosses, first:
  // ("contrasena", "password"), ("mi", "my"), ("la", "") — with_docs_words() then gives it in
  // English words.
  std::vector<std::pair<std::string, std::string>> docs_words(std::string_view text) const;
  // The codes `text` quotes that no section lists although sections list codes of their family
  // (kb::unknown_codes, Bm25Index::has_code_family): "E9" where an error table lists E1, E4 and
  // E7. A code of a family the docs never use ("Q3", "G2", "v2") is not one: the docs may simply
  // not speak of it.
  std::vector<std::string> unlisted_codes(std::string_view text) const;
  // docs_words(), unknown_terms() and unlisted_codes() of one text from one loaded index, worked
  // out together: the text's foreign glosses and unknown terms once instead of once per call (the
  // search tool reports all three for each query). Each equals the separate call's.
  struct QueryWords {
    std::vector<std::pair<std::string, std::string>> docs_words;
    std::vector<std::string> unknown_terms;
    std::vector<std::string> unlisted_codes;
  };
  QueryWords query_words(std::string_view text) const;
  // Whether the loaded index answers through the HNSW graph (else exact cosine).
  bool uses_hnsw() const;

  // The vector half of search served elsewhere (see "External vector search" above): given the
  // query's embedding folded to `dims` floats (L2-normalised) and a count k, up to k
  // (chunk id, cosine) pairs, best first; std::nullopt when it cannot answer (the in-process index
  // serves that search). Called from many threads at once. An empty function turns it off.
  using VectorSearchFn = std::function<std::optional<std::vector<std::pair<std::string, float>>>(
      const std::vector<float>& query, int k)>;
  void set_vector_search(VectorSearchFn fn, std::size_t dims);
  bool uses_external_vector_search() const;
  // Each loaded chunk's id and embedding folded to `dims` buckets, L2-normalised, in load order:
  // what the external index must hold for the loaded chunks.
  std::vector<std::pair<std::string, std::vector<float>>> export_embeddings(std::size_t dims) const;

 private:
  struct Index;
  struct External {
    VectorSearchFn fn;
    std::size_t dims;
  };
  std::shared_ptr<const Index> current() const;
  std::shared_ptr<const External> external() const;

  KnowledgeBaseOptions options_;
  std::shared_ptr<Embedder> embedder_;      // guarded by mu_ (the pointer only)
  std::shared_ptr<EmbeddingCache> cache_;   // guarded by mu_ (the pointer only)
  mutable std::mutex mu_;                     // guards index_ (the pointer only)
  std::shared_ptr<const Index> index_;        // immutable once published
  std::shared_ptr<const External> external_;  // guarded by mu_ (the pointer only)
};

}  // namespace fte::kb
