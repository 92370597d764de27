#include "kb/bm25.h"

#include <algorithm>
#include <cmath>

#include "kb/text.h"

namespace fte::kb {

void Bm25Index::build(const std::vector<Document>& docs) {
  postings_.clear();
  doc_len_.assign(docs.size(), 0.0f);
  double total = 0;
  std::unordered_map<std::string, float> tf;
  for (std::size_t d = 0; d < docs.size(); ++d) {
    tf.clear();
    const auto title = index_terms(docs[d].title);
    const auto body = index_terms(docs[d].content);
    for (const auto& t : title) tf[t] += kTitleBoost;
    for (const auto& t : body) tf[t] += 1.0f;
    // A key of one term names its row ("E7", "Manager"); a phrase ("Card moved") describes it.
    std::size_t at = 0;
    while (at < docs[d].keys.size()) {
      auto nl = docs[d].keys.find('\n', at);
      if (nl == std::string_view::npos) nl = docs[d].keys.size();
      const auto key = index_terms(docs[d].keys.substr(at, nl - at));
      if (key.size() == 1) tf[key[0]] += kTitleBoost;
      at = nl + 1;
    }
    doc_len_[d] = static_cast<float>(title.size() * kTitleBoost + body.size());
    total += doc_len_[d];
    for (const auto& [term, f] : tf) postings_[term].push_back({static_cast<std::uint32_t>(d), f});
  }
  sorted_terms_.clear();
  sorted_terms_.reserve(postings_.size());
  for (const auto& [term, p] : postings_) sorted_terms_.push_back(term);
  std::sort(sorted_terms_.begin(), sorted_terms_.end());
  avg_len_ = docs.empty() ? 1.0 : std::max(1.0, total / static_cast<double>(docs.size()));
}

std::string Bm25Index::completion(const std::string& clipped) const {
  if (clipped.size() < kMinClipped || has_term(clipped)) return {};
  for (char c : clipped)
    if (c < 'a' || c > 'z') return {};
  std::string best;
  std::size_t best_df = 0;
  // A compound whose last part the docs use ("overnight": "night"): the longest such part of
  // kMinClipped + 1 letters or more, after at least three letters.
  for (std::size_t at = 3; at + kMinClipped + 1 <= clipped.size(); ++at)
    if (const auto tail = clipped.substr(at); has_term(tail)) return tail;
  for (auto it = std::lower_bound(sorted_terms_.begin(), sorted_terms_.end(), clipped);
       it != sorted_terms_.end() && it->compare(0, clipped.size(), clipped) == 0; ++it) {
    if (it->size() < clipped.size() + 2) continue;
    const std::size_t df = postings_.at(*it).size();
    if (df > best_df || (df == best_df && it->size() < best.size())) {
      best = *it;
      best_df = df;
    }
  }
  return best;
}

bool Bm25Index::has_code_family(const std::string& code) const {
  std::size_t letters = 0;
  while (letters < code.size() && code[letters] >= 'a' && code[letters] <= 'z') ++letters;
  if (letters == 0 || letters == code.size()) return false;
  const std::string prefix = code.substr(0, letters);
  for (auto it = std::lower_bound(sorted_terms_.begin(), sorted_terms_.end(), prefix);
       it != sorted_terms_.end() && it->compare(0, letters, prefix) == 0; ++it)
    if (it->size() > letters &&
        it->find_first_not_of("0123456789", letters) == std::string::npos)
      return true;
  return false;
}

double Bm25Index::idf(std::size_t df) const {
  const double n = static_cast<double>(doc_len_.size());
  return std::log(1.0 + (n - static_cast<double>(df) + 0.5) / (static_cast<double>(df) + 0.5));
}

Bm25Index::Result Bm25Index::score(const std::vector<std::string>& query_terms,
                                   const std::vector<std::string>& expanded,
                                   double expanded_weight) const {
  Result r;
  std::vector<std::string> terms = query_terms;
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  if (terms.size() > kMaxQueryTerms) terms.resize(kMaxQueryTerms);
  r.terms = terms.size();
  if (terms.empty() || doc_len_.empty()) return r;

  constexpr double tau = kTitleBoost + 1.0;  // the "ideal" chunk's term frequency
  const double ideal_tf = tau * (kK1 + 1) / (tau + kK1);
  std::vector<float> acc;
  std::vector<std::uint32_t> touched;
  const std::size_t n_query = terms.size();
  for (const auto& e : expanded)
    if (terms.size() < 2 * kMaxQueryTerms && expanded_weight > 0) terms.push_back(e);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const auto& t = terms[i];
    auto it = postings_.find(t);
    const std::size_t df = it == postings_.end() ? 0 : it->second.size();
    double w = idf(df);
    if (i < n_query) {
      r.ideal += w * ideal_tf;
    } else {
      w *= expanded_weight;
    }
    if (df == 0) continue;
    if (acc.empty()) acc.assign(doc_len_.size(), 0.0f);
    for (const auto& p : it->second) {
      const double norm = kK1 * (1 - kB + kB * doc_len_[p.doc] / avg_len_);
      if (acc[p.doc] == 0.0f) touched.push_back(p.doc);
      acc[p.doc] += static_cast<float>(w * p.tf * (kK1 + 1) / (p.tf + norm));
    }
  }
  r.scores.reserve(touched.size());
  for (auto d : touched) r.scores.emplace_back(d, acc[d]);
  return r;
}

}  // namespace fte::kb
