// The product's one Unicode text normaliser and word tokenizer (the knowledge base, the input
// guardrails, sentiment and the intent classifier all cut words here), built on utf8proc
// (Debian libutf8proc-dev; docs/DECISIONS.md says why not ICU).
//
//   fold(s)   NFKC + Unicode case folding, default-ignorable code points (zero-width space, soft
//             hyphen) dropped, and punctuation unified: every apostrophe-like mark (’ ‘ ‛ ʼ ′ ＇)
//             becomes ', every double quote (“ ” „ « » ″) ", the Unicode hyphens (U+2010/2011)
//             -, and the dashes (– — ― ‒ −) a space. NFKC turns … into ..., NBSP and the other
//             Unicode spaces into a space and full-width letters into ASCII ("Ｒｅｆｕｎｄ" →
//             "refund").
//   key(s)    fold(s) without accents and other combining marks ("Remboursé" → "rembourse",
//             "Straße" → "strasse"): the accent-insensitive matching form.
//
// Words: maximal runs of letters, marks and digits (any script), joined across one inner
// apostrophe or hyphen between two word characters ("don’t" → "don't", "two-factor"). Every other
// code point separates words, so "refund…", "lawyer—soon", "«avocat»" and "price/seat" split.
// Bytes that are not valid UTF-8 separate words too. Sentence starts follow . ! ? … 。 ！ ？ and
// line breaks.
//
// ASCII input takes a fast path (no utf8proc call, no allocation beyond the result).
// Thread-safe: pure functions. Never throw except std::bad_alloc.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fte::text {

bool is_ascii(std::string_view s);

std::string fold(std::string_view s);
std::string key(std::string_view s);

// A word's byte range in the input it was cut from.
struct Span {
  std::size_t begin = 0, end = 0;
  bool sentence_start = false;  // first word of the text or after a sentence end / line break
  bool has_apostrophe = false;  // an inner apostrophe joins it ("don't")
  bool has_hyphen = false;      // an inner hyphen joins it ("wi-fi")
};
std::vector<Span> word_spans(std::string_view s);

// fold() of every word, in order.
std::vector<std::string> words(std::string_view s);
// key() of every word, in order: what rules and the intent model match on.
std::vector<std::string> keys(std::string_view s);
// The non-empty pieces of one word cut at any of `separators` ("wi-fi" at "-" → wi, fi); views
// into `word`.
std::vector<std::string_view> parts(std::string_view word, std::string_view separators);
// keys(s) joined by single spaces (the intent model's input line).
std::string key_line(std::string_view s);

}  // namespace fte::text
