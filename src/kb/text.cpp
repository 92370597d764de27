#include "kb/text.h"

#include <algorithm>
#include <iterator>

namespace fte::kb {
namespace {

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool is_apostrophe_at(std::string_view t, std::size_t i, std::size_t* len) {
  if (t[i] == '\'') {
    *len = 1;
    return true;
  }
  if (t.compare(i, 3, "\xE2\x80\x99") == 0) {  // U+2019 right single quotation mark
    *len = 3;
    return true;
  }
  return false;
}

// Length of a non-ASCII punctuation or space sequence at t[i] (0 if none): U+00A0, U+00AB, U+00BB,
// General Punctuation (U+2000..U+206F: dashes, quotes, bullets, ellipsis) and CJK punctuation
// (U+3000..U+303F). Other non-ASCII bytes are word characters.
std::size_t unicode_separator_at(std::string_view t, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
  if (i + 1 < t.size() && b(i) == 0xC2 &&
      (b(i + 1) == 0xA0 || b(i + 1) == 0xAB || b(i + 1) == 0xBB)) {
    return 2;
  }
  if (i + 2 < t.size() && ((b(i) == 0xE2 && (b(i + 1) == 0x80 || b(i + 1) == 0x81)) ||
                           (b(i) == 0xE3 && b(i + 1) == 0x80))) {
    return 3;
  }
  return 0;
}

bool is_word_at(std::string_view t, std::size_t i) {
  const auto c = static_cast<unsigned char>(t[i]);
  return is_word_byte(c) && (c < 0x80 || unicode_separator_at(t, i) == 0);
}

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
  std::string cur;
  for (std::size_t i = 0; i < t.size();) {
    const auto c = static_cast<unsigned char>(t[i]);
    std::size_t alen = 0;
    const std::size_t sep = c >= 0x80 ? unicode_separator_at(t, i) : 0;
    if (is_word_byte(c) && sep == 0) {
      cur.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      ++i;
    } else if (!cur.empty() && is_apostrophe_at(t, i, &alen) && i + alen < t.size() &&
               is_word_byte(static_cast<unsigned char>(t[i + alen]))) {
      i += alen;  // "what's" -> "whats"
    } else {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      i += sep > 0 ? sep : 1;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string stem(std::string_view w) {
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
  std::size_t i = 0;
  while (i < t.size()) {
    if (!is_word_at(t, i)) {
      i += std::max<std::size_t>(1, unicode_separator_at(t, i));
      continue;
    }
    std::string joined;
    int parts = 0;
    while (true) {
      std::size_t j = i;
      while (j < t.size() && is_word_at(t, j)) ++j;
      joined.append(t.substr(i, j - i));
      ++parts;
      i = j;
      if (i + 1 < t.size() && t[i] == '-' && is_word_at(t, i + 1)) {
        ++i;
        continue;
      }
      break;
    }
    if (parts >= 2 && parts <= 3 && joined.size() <= 24) {
      for (char& c : joined) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      out.push_back(std::move(joined));
    }
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
