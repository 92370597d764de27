// Text normalisation shared by the BM25 index and the offline embedder: words cut and folded by
// the product's one normaliser (text/normalize.h: NFKC, case folding, accents removed, Unicode
// punctuation as separators), a light English stemmer and a small stopword list. Nothing here
// knows about any one company's documentation. Pure functions; thread-safe; never throw for any
// input bytes (invalid UTF-8 separates words).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fte::kb {

// text::key() of every word (case-folded, accents removed), apostrophes inside words removed
// ("what’s" -> "whats"), hyphenated words split into their parts.
std::vector<std::string> split_words(std::string_view text);

// Light suffix stripping so that "invites", "invited", "inviting" and "invite" meet:
// plural -s/-es/-ies, -ing, -ed/-ied, a doubled final consonant, -ly, -ation/-ate, and a final -e.
// ASCII words longer than three letters only; the result need not be an English word.
std::string stem(std::string_view lower_word);

bool is_stopword(std::string_view lower_word);

// Hyphenated words joined ("Wi-Fi" -> "wifi", "e-mail" -> "email"; two or three parts), lower-case.
std::vector<std::string> hyphen_compounds(std::string_view text);

// split_words -> drop stopwords -> stem, then the stemmed hyphen_compounds: the terms both indexes
// work on.
std::vector<std::string> index_terms(std::string_view text);

// The first cell of a markdown table row ("| E7 | Sensor fault |" -> " E7 "), or nullopt for a
// line that is not one. A |---| separator row gives its dashes (table_separator_cell).
std::optional<std::string_view> table_first_cell(std::string_view line);
bool table_separator_cell(std::string_view cell);

// The first cell of every row of the markdown tables in `markdown` (header rows included, the
// |---| separator rows not), one per line: what each row is about ("E7", "Manager", "Pro plan").
std::string table_row_keys(std::string_view markdown);

// `text` with each word whose stem (stem(key)) is the first of a pair replaced by the pair's
// second (KnowledgeBase::docs_words: "set the temp" -> "set the temperatur"); everything else,
// punctuation included, as it was. A word with an apostrophe is matched without it ("l'équipe" as
// "lequipe", as split_words reads it), a hyphenated word part by part ("zwei-faktor").
std::string with_docs_words(std::string_view text,
                            const std::vector<std::pair<std::string, std::string>>& words);

// 64-bit FNV-1a, seeded; stable across runs and platforms (feature hashing, chunk ids).
std::uint64_t hash64(std::string_view s, std::uint64_t seed = 0);

}  // namespace fte::kb
