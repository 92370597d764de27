#include "kb/embedder.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "kb/text.h"

namespace fte::kb {
namespace {

constexpr float kUnigramWeight = 1.0f;
constexpr float kBigramWeight = 0.8f;
constexpr float kCharGramWeight = 0.25f;
constexpr std::size_t kMaxGramWord = 40;  // longer "words" (hashes, base64) add no char grams

enum Seed : std::uint64_t { unigram = 11, bigram = 12, tri = 13, quad = 14 };

}  // namespace

HashEmbedder::HashEmbedder(std::size_t dims) : dims_(std::max<std::size_t>(dims, 16)) {}

void HashEmbedder::features(std::string_view text, std::vector<Feature>& out) {
  out.clear();
  std::string prev;
  for (auto& w : split_words(text)) {
    if (is_stopword(w)) continue;
    std::string s = stem(w);
    out.push_back({hash64(s, unigram), kUnigramWeight});
    if (!prev.empty()) out.push_back({hash64(prev + ' ' + s, bigram), kBigramWeight});
    if (w.size() <= kMaxGramWord) {
      const std::string marked = "<" + w + ">";
      for (std::size_t n : {std::size_t{3}, std::size_t{4}}) {
        for (std::size_t i = 0; i + n <= marked.size(); ++i) {
          out.push_back({hash64(std::string_view(marked).substr(i, n), n == 3 ? tri : quad),
                         kCharGramWeight});
        }
      }
    }
    prev = std::move(s);
  }
  for (auto& w : hyphen_compounds(text)) out.push_back({hash64(stem(w), unigram), kUnigramWeight});
}

void HashEmbedder::fit(const std::vector<std::string_view>& documents) {
  df_.clear();
  n_docs_ = documents.size();
  std::vector<Feature> f;
  std::vector<std::uint64_t> hashes;
  for (auto doc : documents) {
    features(doc, f);
    hashes.clear();
    for (const auto& x : f) hashes.push_back(x.hash);
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    for (auto h : hashes) ++df_[h];
  }
}

float HashEmbedder::idf(std::uint64_t hash) const {
  auto it = df_.find(hash);
  const double df = it == df_.end() ? 0.0 : it->second;
  return static_cast<float>(std::log((n_docs_ + 1.0) / (df + 1.0)) + 1.0);
}

SparseVector HashEmbedder::embed(std::string_view text) const {
  std::vector<Feature> f;
  features(text, f);
  std::sort(f.begin(), f.end(), [](const Feature& a, const Feature& b) { return a.hash < b.hash; });
  std::vector<std::pair<std::uint32_t, float>> cells;
  for (std::size_t i = 0; i < f.size();) {
    std::size_t j = i;
    while (j < f.size() && f[j].hash == f[i].hash) ++j;
    const float tf = 1.0f + std::log(static_cast<float>(j - i));
    const float w = tf * idf(f[i].hash) * f[i].weight;
    const float sign = (f[i].hash >> 63) ? -1.0f : 1.0f;
    cells.emplace_back(static_cast<std::uint32_t>(f[i].hash % dims_), sign * w);
    i = j;
  }
  std::sort(cells.begin(), cells.end());
  SparseVector v;
  double norm = 0;
  for (std::size_t i = 0; i < cells.size();) {
    float sum = 0;
    std::size_t j = i;
    for (; j < cells.size() && cells[j].first == cells[i].first; ++j) sum += cells[j].second;
    if (sum != 0.0f) {
      v.index.push_back(cells[i].first);
      v.value.push_back(sum);
      norm += static_cast<double>(sum) * sum;
    }
    i = j;
  }
  if (norm > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (float& x : v.value) x *= inv;
  }
  return v;
}

void HashEmbedder::to_dense(const SparseVector& v, std::vector<float>& out) {
  std::fill(out.begin(), out.end(), 0.0f);
  for (std::size_t i = 0; i < v.index.size(); ++i) {
    if (v.index[i] < out.size()) out[v.index[i]] = v.value[i];
  }
}

std::vector<float> HashEmbedder::embed_dense(std::string_view text) const {
  std::vector<float> out(dims_);  // zeros already: to_dense without its fill
  const SparseVector v = embed(text);
  for (std::size_t i = 0; i < v.index.size(); ++i)
    if (v.index[i] < out.size()) out[v.index[i]] = v.value[i];
  return out;
}

}  // namespace fte::kb
