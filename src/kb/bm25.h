// Bm25Index: Okapi BM25 (k1 = 1.2, b = 0.75) over the index_terms() of each chunk's title and
// content. Title words count kTitleBoost times (term frequency and length alike), so a chunk whose
// heading names the topic beats one that mentions it in passing. A table row's first cell (its
// key: an error code "E7", a role "Manager", a plan "Pro"; Document::keys) names that row the way
// a heading names a section: its terms get kTitleBoost more (term frequency only; they are
// already counted in the text's length).
//
// idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)) (never negative). A query term absent from the
// corpus has df = 0: it scores nothing but still counts in ideal(), so a query made of words the
// documentation never uses normalises to ~0.
//
// Built once; afterwards const and safe to use from many threads. Never throws on query text.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fte::kb {

class Bm25Index {
 public:
  static constexpr double kK1 = 1.2;
  static constexpr double kB = 0.75;
  static constexpr int kTitleBoost = 3;
  static constexpr std::size_t kMaxQueryTerms = 64;

  struct Document {
    std::string_view title;
    std::string_view content;
    std::string_view keys;  // kb::table_row_keys(content): one key per line
  };
  void build(const std::vector<Document>& docs);

  struct Result {
    std::vector<std::pair<std::uint32_t, float>> scores;  // every document with a query term
    double ideal = 0;  // score of an average-length document holding each query term once in its
                       // title and once in its text: the scale for normalisation
    std::size_t terms = 0;  // distinct query terms scored
  };
  // `expanded` terms (query expansion, kb/synonyms.h) add `expanded_weight` x their BM25 to a
  // document's score but do not count in ideal or terms: they can only help a section that uses
  // the documentation's word for what the customer asked.
  Result score(const std::vector<std::string>& query_terms,
               const std::vector<std::string>& expanded = {}, double expanded_weight = 0) const;

  std::size_t size() const { return doc_len_.size(); }
  bool has_term(const std::string& term) const { return postings_.count(term) > 0; }
  // The documentation's term for a word it does not use: a compound's last part of at least
  // kMinClipped + 1 letters after three or more ("overnight" -> "night"; the longest), else the
  // term `clipped` begins: a clipped word ("temp", "config", "notif") read as the documentation's
  // ("temperatur", "configur", "notific"), at least two letters longer; of several, the one most
  // documents hold (then the shortest, then the first alphabetically). `clipped` must be at least
  // kMinClipped letters (a-z only) and not a term of the index. "" when there is none.
  static constexpr std::size_t kMinClipped = 4;
  // Whether the index holds a code of the same family as `code`: its letters, then only digits
  // ("e9": the docs list "e1" or "e7").
  bool has_code_family(const std::string& code) const;
  std::string completion(const std::string& clipped) const;

 private:
  struct Posting {
    std::uint32_t doc;
    float tf;
  };
  double idf(std::size_t df) const;

  std::unordered_map<std::string, std::vector<Posting>> postings_;
  std::vector<std::string> sorted_terms_;  // the keys of postings_, sorted (completion())
  std::vector<float> doc_len_;
  double avg_len_ = 1;
};

}  // namespace fte::kb
