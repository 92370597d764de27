// Plain-text helpers shared by the guardrails, the channel formatter and the local engine: word
// tokens (cut and case-folded by the product's normaliser, text/normalize.h: NFKC, Unicode
// punctuation as separators, "don’t" → "don't"), sentence splitting, word counts and a light
// stemmer. lower() is ASCII-only and keeps byte offsets.
// Thread-safe: pure functions. Never throw except std::bad_alloc.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
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

// content_stems() of knowledge-base text (a section's content or title, its lines and their
// sentences), remembered on this thread across runs: the knowledge base's text is the same for
// every ticket. Bounded (8,192 texts, then cleared). Only for text derived from the knowledge base
// alone: a customer's words are not kept past their run (StemMemo).
std::vector<std::string> kb_content_stems(std::string_view kb_text);

// Whether at least `n` of the distinct content_stems() of `s` are in `among`: content_stems(s)
// counted against `among`, stemming `s` only until the n-th is found. Not memoised (StemMemo).
bool content_stems_among(std::string_view s, const std::vector<std::string>& among,
                         std::size_t n);

// Whether `phrase` (space-separated words, lower-case) occurs as consecutive words of `ws`.
bool has_phrase(const std::vector<std::string>& ws, std::string_view phrase);
// Index of the first occurrence of `phrase` at or after `from`, or npos. On a list a WordIndex
// covers, answered from the index (same answer, without scanning every word).
std::size_t find_phrase(const std::vector<std::string>& ws, std::string_view phrase,
                        std::size_t from = 0);

// A word → positions index of one word list: while it lives, find_phrase() and has_phrase() on
// that very vector (same object, size and buffer) look up the phrase's first word instead of
// comparing it with every word (check_input looks for ~40 lists of phrases in one message's
// words). The answers are those of the scan. The vector must outlive the index and not change
// while it lives. Up to 4 live at once per thread (more are simply not used). Not shared between
// threads.
class WordIndex {
 public:
  explicit WordIndex(const std::vector<std::string>& ws);
  ~WordIndex();
  WordIndex(const WordIndex&) = delete;
  WordIndex& operator=(const WordIndex&) = delete;

  bool covers(const std::vector<std::string>& ws) const;
  // The first position at or after `from` where the words of `phrase` (non-empty) follow in order.
  std::size_t find(const std::vector<std::string>& phrase, std::size_t from) const;
  // The same, given std::hash<std::string_view> of phrase[0].
  std::size_t find(const std::vector<std::string>& phrase, std::size_t first_hash,
                   std::size_t from) const;

 private:
  const std::vector<std::string>* ws_;
  const std::string* data_;
  std::size_t size_;
  // Open addressing over the distinct words: slot → 1 + the word's first position (0: empty).
  std::vector<std::uint32_t> slots_;
  std::vector<std::size_t> hashes_;  // position → the hash of its word
  std::vector<std::size_t> next_;    // position → the same word's next position, or npos
  bool registered_ = false;
};

// Whether a sentence is only courtesy: every word a greeting, a closing, a pleasantry ("I hope
// this message finds you well.", "Apologies for the long email.", "Please let me know if you
// need any further details.", "Thanks again for your time.") or the function words those are
// made of, in five languages; or a closing with one name after it ("Kind regards, Maria"). Any
// other word — a product word, a verb of the request, a negation, "can", "why" — makes it
// content. Round 14: such sentences carry no intent, but a bag-of-words model averages them in
// with the request; trained and read without them, the intent model escalates fewer routine
// messages it never saw (docs/EVAL.md, round 14).
bool courtesy_sentence(std::string_view sentence);

// The message without the sentences `drop` picks (sentences(), joined by line breaks so that each
// still starts a sentence); the message itself when none is dropped or nothing else would be left.
// model_input() drops courtesy sentences; the money rules also the customer's standing
// (input_guardrails.cpp).
std::string without_sentences(std::string_view message, bool (*drop)(std::string_view sentence));

// The intent model's input line (intent_model.h: what training and prediction both read): the
// message without its courtesy sentences (courtesy_sentence(); all of it when nothing else is
// left), then the key() of its first `max_words` words, joined by single spaces, where the
// kNegationScope words after a negation ("not", "never", "no", "didn't", "wasnt", "nunca", "pas",
// "nicht", ...) within its clause (up to punctuation between two words, a line break or "but") are
// written "not_WORD": "that was me" and "it wasn't me", "we were charged" and "we weren't charged"
// then differ in their words, not only in one n-gram. Never throws except std::bad_alloc.
inline constexpr int kNegationScope = 3;
std::string model_input(std::string_view message, std::size_t max_words = 200);

}  // namespace fte::agent::text
