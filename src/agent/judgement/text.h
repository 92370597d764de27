// Plain-text helpers shared by the guardrails, the channel formatter and the local engine: word
// tokens (cut and case-folded by the product's normaliser, text/normalize.h: NFKC, Unicode
// punctuation as separators, "don’t" → "don't"), sentence splitting, word counts and a light
// stemmer. lower() is ASCII-only and keeps byte offsets.
// Thread-safe: pure functions. Never throw except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace fte::agent::text {

std::string lower(std::string_view s);
std::string trim(std::string_view s);
bool is_word_byte(unsigned char c);  // letters, digits, apostrophe-free word bytes, UTF-8 bytes

// A word as it appeared (`raw`) and case-folded (`low`), with its byte offset in the input.
struct Token {
  std::string raw;
  std::string low;
  std::size_t offset = 0;
  bool sentence_start = false;  // first word of a sentence (after . ! ? or a line break)
};

// Words: runs of letters/digits of any script (plus inner apostrophes and hyphens: "can't",
// "two-factor"); `low` is ::fte::text::fold(raw).
std::vector<Token> tokens(std::string_view s);
// Only the case-folded words, with "n't" contractions kept ("don't").
std::vector<std::string> words(std::string_view s);

// Sentences and list items: split after . ! ? followed by a space (not inside "e.g." or a number
// like "1.5" or a URL like "app.example.io/x"), and at every line break. Trimmed, empty ones
// dropped.
std::vector<std::string> sentences(std::string_view s);

std::size_t word_count(std::string_view s);  // whitespace-separated words

// A crude stem for overlap scoring: lower-case, then strip common English suffixes
// ("authentication" and "authenticator" both → "authent"; "invites" → "invit").
std::string stem(std::string_view word);
bool is_stopword(std::string_view low_word);
// Content words of a question, stemmed, stop words and question words removed, in order, unique;
// a hyphenated word also gives its joined form and its parts ("wi-fi": "wi-fi", "wifi", "wi",
// "fi").
std::vector<std::string> content_stems(std::string_view s);
// content_stems(s) and stem(w) of every word w of s, added to a set: for long texts (a reply's
// sources) where order does not matter and content_stems()'s first-of-each search would be
// quadratic. Not memoised.
void add_word_stems(std::string_view s, std::unordered_set<std::string>& out);

// While a StemMemo lives on this thread, content_stems() remembers its results by text (one
// agent run computes the stems of the same message, KB lines and reply sentences many times over:
// select, lead item, already-tried, grounding). Results are identical with or without it; the memo
// is dropped when the scope ends, so nothing is kept across runs. Scopes nest (the outermost owns
// the memo). Not shared between threads.
class StemMemo {
 public:
  StemMemo();
  ~StemMemo();
  StemMemo(const StemMemo&) = delete;
  StemMemo& operator=(const StemMemo&) = delete;

 private:
  bool owner_;
};

// Whether `phrase` (space-separated words, lower-case) occurs as consecutive words of `ws`.
bool has_phrase(const std::vector<std::string>& ws, std::string_view phrase);
// Index of the first occurrence of `phrase` at or after `from`, or npos.
std::size_t find_phrase(const std::vector<std::string>& ws, std::string_view phrase,
                        std::size_t from = 0);

// The intent model's input line (intent_model.h: what training and prediction both read): the
// key() of the first `max_words` words, joined by single spaces, where the kNegationScope words
// after a negation ("not", "never", "no", "didn't", "wasnt", "nunca", "pas", "nicht", ...) within
// its clause (up to punctuation between two words, a line break or "but") are written "not_WORD":
// "that was me" and "it wasn't me", "we were charged" and "we weren't charged" then differ in
// their words, not only in one n-gram. Never throws except std::bad_alloc.
inline constexpr int kNegationScope = 3;
std::string model_input(std::string_view message, std::size_t max_words = 200);

}  // namespace fte::agent::text
