#include "kb/text.h"

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "text/normalize.h"

namespace fte::kb {
namespace {

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool has_vowel(std::string_view s) {
  return std::any_of(s.begin(), s.end(), is_vowel);
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// After removing -ing/-ed: "sett" -> "set", "logg" -> "log" (but "add", "install" stay).
void undouble(std::string& s) {
  const std::size_t n = s.size();
  if (n >= 4 && s[n - 1] == s[n - 2] && !is_vowel(s[n - 1]) && s[n - 1] != 'l' && s[n - 1] != 's' &&
      s[n - 1] != 'z') {
    s.pop_back();
  }
}

// Sorted (checked at compile time) for binary search: English function words, question words and
// the filler a customer writes around the actual question ("hi", "thanks", "wondering").
constexpr std::string_view kStopwords[] = {
    "a",         "about",   "above",     "actually", "after",  "again",   "against",    "all",
    "almost",    "also",    "am",        "an",       "and",    "any",     "anymore",    "anyone",
    "anything",  "are",     "as",        "at",       "be",     "because", "been",       "before",
    "being",     "below",   "between",   "both",     "but",    "by",      "can",        "cannot",
    "cant",      "could",   "couldnt",   "dear",     "did",    "didnt",   "do",         "does",
    "doesnt",    "doing",   "done",      "dont",     "each",   "either",  "else",       "even",
    "ever",      "every",   "for",       "from",     "get",    "gets",    "getting",    "got",
    "greetings", "had",     "has",       "hasnt",    "have",   "havent",  "having",     "he",
    "hello",     "help",    "here",      "hers",     "hey",    "hi",      "him",        "his",
    "how",       "however", "i",         "id",       "ill",    "im",      "in",         "into",
    "is",        "isnt",    "it",        "its",      "itself", "ive",     "just",       "kind",
    "know",      "let",     "like",      "me",       "might",  "mine",    "more",       "most",
    "much",      "must",    "my",        "myself",   "need",   "needs",   "no",         "nor",
    "not",       "now",     "of",        "off",      "ok",     "okay",    "on",         "once",
    "one",       "only",    "or",        "other",    "our",    "ours",    "out",        "over",
    "please",    "really",  "regards",   "same",     "see",    "seems",   "she",        "should",
    "so",        "some",    "something", "still",    "such",   "sure",    "than",       "thank",
    "thanks",    "that",    "thats",     "the",      "their",  "them",    "themselves", "then",
    "there",     "these",   "they",      "thing",    "things", "this",    "those",      "though",
    "through",   "to",      "too",       "trying",   "under",  "until",   "up",         "us",
    "very",      "via",     "want",      "wanted",   "wants",  "was",     "wasnt",      "way",
    "we",        "well",    "were",      "werent",   "what",   "whats",   "when",       "where",
    "whether",   "which",   "while",     "who",      "why",    "will",    "with",       "without",
    "wondering", "wont",    "would",     "wouldnt",  "yes",    "yet",     "you",        "your",
    "youre",     "yours",   "yourself",
};
static_assert(std::is_sorted(std::begin(kStopwords), std::end(kStopwords)));

}  // namespace

std::vector<std::string> split_words(std::string_view t) {
  std::vector<std::string> out;
  for (const auto& sp : text::word_spans(t)) {
    std::string w = text::key(t.substr(sp.begin, sp.end - sp.begin));
    if (sp.has_apostrophe) std::erase(w, '\'');  // "what's" -> "whats"
    if (!sp.has_hyphen) {
      if (!w.empty()) out.push_back(std::move(w));
      continue;
    }
    for (auto part : text::parts(w, "-")) out.emplace_back(part);
  }
  return out;
}

// Irregular past forms of verbs common in support text, read as their base form ("Receipts are
// kept for 10 years" answers "how long do you keep my receipts"). Words that are also common
// nouns or adjectives in product text ("left", "found", "saw", "set", "lost") are left out.
std::string_view irregular_base(std::string_view w) {
  static constexpr std::pair<std::string_view, std::string_view> kForms[] = {
      {"bought", "buy"},    {"brought", "bring"}, {"built", "build"},      {"chose", "choose"},
      {"chosen", "choose"}, {"forgot", "forget"}, {"forgotten", "forget"}, {"froze", "freeze"},
      {"frozen", "freeze"}, {"gave", "give"},     {"given", "give"},       {"kept", "keep"},
      {"paid", "pay"},      {"sold", "sell"},     {"spent", "spend"},      {"taken", "take"},
      {"took", "take"},     {"told", "tell"},     {"went", "go"},          {"wrote", "write"},
      {"written", "write"}};
  static const std::unordered_map<std::string_view, std::string_view> kTable(std::begin(kForms),
                                                                             std::end(kForms));
  if (w.size() < 4 || w.size() > 9) return {};
  const auto it = kTable.find(w);
  return it == kTable.end() ? std::string_view() : it->second;
}

std::string stem(std::string_view w) {
  if (const auto base = irregular_base(w); !base.empty()) w = base;
  std::string s(w);
  if (s.size() <= 3) return s;
  for (char c : s) {
    if (c < 'a' || c > 'z') return s;  // digits, non-ASCII: leave alone
  }
  if (ends_with(s, "ies") && s.size() > 4) {
    s.resize(s.size() - 3);
    s += 'y';
  } else if (ends_with(s, "sses")) {
    s.resize(s.size() - 2);
  } else if (ends_with(s, "s") && !ends_with(s, "ss") && !ends_with(s, "us") &&
             !ends_with(s, "is")) {
    s.pop_back();
  }
  if (ends_with(s, "ing") && s.size() >= 6 &&
      has_vowel(std::string_view(s).substr(0, s.size() - 3))) {
    s.resize(s.size() - 3);
    undouble(s);
  } else if (ends_with(s, "ied") && s.size() > 4) {
    s.resize(s.size() - 3);
    s += 'y';
  } else if (ends_with(s, "ed") && s.size() >= 5 &&
             has_vowel(std::string_view(s).substr(0, s.size() - 2))) {
    s.resize(s.size() - 2);
    undouble(s);
  }
  if (ends_with(s, "ly") && s.size() >= 6) {
    s.resize(s.size() - 2);  // monthly -> month, weekly -> week
  } else if (ends_with(s, "ation") && s.size() >= 9) {
    s.resize(s.size() - 5);  // installation -> install, integration -> integr
  } else if (ends_with(s, "ate") && s.size() >= 7) {
    s.resize(s.size() - 3);  // integrate -> integr, authenticate -> authentic
  }
  if (s.size() > 3 && s.back() == 'e' && s[s.size() - 2] != 'e') s.pop_back();
  return s;
}

bool is_stopword(std::string_view w) {
  return std::binary_search(std::begin(kStopwords), std::end(kStopwords), w);
}

std::vector<std::string> hyphen_compounds(std::string_view t) {
  std::vector<std::string> out;
  for (const auto& sp : text::word_spans(t)) {
    if (!sp.has_hyphen) continue;
    std::string w = text::key(t.substr(sp.begin, sp.end - sp.begin));
    if (sp.has_apostrophe) std::erase(w, '\'');
    const auto parts = 1 + std::count(w.begin(), w.end(), '-');
    std::erase(w, '-');
    if (parts >= 2 && parts <= 3 && w.size() <= 24) out.push_back(std::move(w));
  }
  return out;
}

std::vector<std::string> index_terms(std::string_view text) {
  std::vector<std::string> out;
  for (auto& w : split_words(text)) {
    if (is_stopword(w)) continue;
    out.push_back(stem(w));
  }
  for (auto& w : hyphen_compounds(text)) out.push_back(stem(w));
  return out;
}

std::string with_docs_words(std::string_view t,
                            const std::vector<std::pair<std::string, std::string>>& words) {
  if (words.empty()) return std::string(t);
  std::string out;
  std::size_t at = 0;
  auto replace = [&](std::size_t begin, std::size_t end) {
    std::string k = text::key(t.substr(begin, end - begin));
    std::erase(k, '\'');  // "l'équipe" as split_words reads it: "lequipe"
    const auto s = stem(k);
    for (const auto& [from, to] : words) {
      if (s != from) continue;
      out.append(t.substr(at, begin - at));
      out.append(to);
      at = end;
      break;
    }
  };
  for (const auto& sp : text::word_spans(t)) {
    if (!sp.has_hyphen) {
      replace(sp.begin, sp.end);
      continue;
    }
    // Each part of a hyphenated word ("Zwei-Faktor"): split at the ASCII hyphen.
    std::size_t b = sp.begin;
    for (std::size_t i = sp.begin; i <= sp.end; ++i)
      if (i == sp.end || t[i] == '-') {
        if (i > b) replace(b, i);
        b = i + 1;
      }
  }
  out.append(t.substr(at));
  return out;
}

std::optional<std::string_view> table_first_cell(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  if (line.empty() || line.front() != '|') return std::nullopt;
  line.remove_prefix(1);
  const auto bar = line.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  return line.substr(0, bar);
}

bool table_separator_cell(std::string_view cell) {
  return cell.find_first_not_of(" -:") == std::string_view::npos;
}

std::string table_row_keys(std::string_view md) {
  std::string out;
  std::size_t start = 0;
  while (start < md.size()) {
    std::size_t nl = md.find('\n', start);
    if (nl == std::string_view::npos) nl = md.size();
    const auto cell = table_first_cell(md.substr(start, nl - start));
    start = nl + 1;
    if (!cell || table_separator_cell(*cell)) continue;
    out.append(*cell);
    out.push_back('\n');
  }
  return out;
}

std::uint64_t hash64(std::string_view s, std::uint64_t seed) {
  std::uint64_t h = 14695981039346656037ull ^ (seed * 0x9E3779B97F4A7C15ull);
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  // splitmix64 finaliser: FNV alone leaves the low bits (the hashed bucket) poorly mixed.
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 31;
  return h;
}

}  // namespace fte::kb
