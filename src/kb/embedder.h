// HashEmbedder: the offline text embedder of the knowledge base. No model, no network: features are
// hashed ("feature hashing", signed) into `dims` buckets and weighted by TF-IDF.
//
// Features of a text (after split_words, stopwords dropped, light stemming):
//   - word unigrams                      weight 1.0
//   - word bigrams (adjacent kept words) weight 0.8
//   - character 3- and 4-grams of each word with boundary marks ("<pa", "pas", ..., "rd>"),
//     weight 0.25 per gram family, so typos and word variants still meet.
// Each feature weighs (1 + ln tf) * idf * family weight, idf = ln((N + 1) / (df + 1)) + 1 with df
// counted over the chunks given to fit() (by 64-bit feature hash, so buckets sharing a slot keep
// their own idf). A feature never seen in the corpus gets the largest idf: words the documentation
// never uses pull a query away from every chunk. Vectors are L2-normalised (cosine = dot product);
// an empty text gives the zero vector.
//
// Built once by fit(); afterwards const and safe to use from many threads. Never throws on text.
#pragma once
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fte::kb {

// A sparse, L2-normalised vector: bucket indices ascending, no duplicates.
struct SparseVector {
  std::vector<std::uint32_t> index;
  std::vector<float> value;
};

class HashEmbedder {
 public:
  explicit HashEmbedder(std::size_t dims = 4096);

  // Learns document frequencies from the corpus (replaces earlier ones).
  void fit(const std::vector<std::string_view>& documents);

  SparseVector embed(std::string_view text) const;
  std::vector<float> embed_dense(std::string_view text) const;
  static void to_dense(const SparseVector& v, std::vector<float>& out);  // out has dims() floats

  std::size_t dims() const { return dims_; }
  std::size_t documents() const { return n_docs_; }

 private:
  struct Feature {
    std::uint64_t hash;
    float weight;  // family weight
  };
  static void features(std::string_view text, std::vector<Feature>& out);
  float idf(std::uint64_t hash) const;

  std::size_t dims_;
  std::size_t n_docs_ = 0;
  std::unordered_map<std::uint64_t, std::uint32_t> df_;
};

}  // namespace fte::kb
