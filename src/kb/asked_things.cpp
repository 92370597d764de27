#include "kb/asked_things.h"

#include <algorithm>
#include <unordered_set>

#include "kb/confidence.h"
#include "kb/synonyms.h"
#include "kb/text.h"

namespace fte::kb {

namespace {

// One sentence of a text: its words (split_words) and whether it asks (ends in '?' or opens with a
// question word).
struct Sentence {
  std::vector<std::string> words;
  bool asks = false;
};

std::vector<Sentence> sentences_of(std::string_view text) {
  static const std::unordered_set<std::string_view> kQuestionWords = {
      "how",  "can",   "could", "does",  "do",    "is",   "are",   "will", "would",
      "where", "what", "why",   "when",  "which", "any",  "has",   "have", "should"};
  std::vector<Sentence> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool end = i == text.size() || text[i] == '\n' ||
                     ((text[i] == '.' || text[i] == '?' || text[i] == '!') &&
                      (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'));
    if (!end) continue;
    const auto piece = text.substr(start, i - start + (i < text.size() && text[i] != '\n' ? 1 : 0));
    start = i + 1;
    Sentence s;
    s.words = split_words(piece);
    if (s.words.empty()) continue;
    std::size_t last = piece.find_last_not_of(" \t\r");
    s.asks = (last != std::string_view::npos && piece[last] == '?') ||
             kQuestionWords.count(s.words.front()) > 0;
    out.push_back(std::move(s));
  }
  return out;
}

// Where a question names the thing it asks about (asked_terms): after a verb of having or
// offering in a question ("is there a ...", "do you have a ...", "does it support ...") and after
// a word of working together ("work with ...", "integrate with ...", "export to ...", "import
// from ..."). Anywhere else a noun is mostly the customer's setting ("I clocked in on a train",
// "can I give a house sitter access", "a client wants to pay a deposit first").
bool existence_frame(const std::vector<std::string>& ws, std::size_t i, bool question) {
  static const std::unordered_set<std::string_view> kHave = {
      "have", "has", "offer", "offers", "support", "supports", "provide", "provides", "accept",
      "accepts"};
  if (ws[i] == "there") return i > 0 && (ws[i - 1] == "is" || ws[i - 1] == "are" ||
                                         ws[i - 1] == "isnt" || ws[i - 1] == "arent");
  return question && kHave.count(ws[i]) > 0;
}

bool together_frame(const std::vector<std::string>& ws, std::size_t i) {
  static const std::unordered_set<std::string_view> kWith = {
      "work",  "works",  "integrate", "integrates", "integration", "integrations", "compatible",
      "connect", "connects", "sync", "syncs", "pair", "link", "links", "pay"};
  static const std::unordered_set<std::string_view> kTo = {"export", "connect", "sync", "link",
                                                           "integrate", "migrate"};
  static const std::unordered_set<std::string_view> kFrom = {"import", "migrate", "switch"};
  if (i == 0) return false;
  if (ws[i] == "with") return kWith.count(ws[i - 1]) > 0;
  if (ws[i] == "to") return kTo.count(ws[i - 1]) > 0;
  if (ws[i] == "from") return kFrom.count(ws[i - 1]) > 0;
  return false;
}

bool article(std::string_view w) {
  return w == "a" || w == "an" || w == "any" || w == "some" || w == "another" || w == "the";
}

// Words of asking itself, and adjectives that name no thing: in a noun slot they are not what the
// question asks about ("is there a way to ...", "any guidance", "a sample payload"). Generic
// English of support requests, no product's vocabulary.
bool asking_word(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "feature", "features", "option",   "options",  "setting",  "settings",     "way",
      "ways",    "guide",    "guidance", "sample",   "example",  "reference",    "documentation",
      "doc",     "docs",     "step",     "steps",    "instruction", "instructions", "builder",
      "editor",  "tool",     "tools",    "certain",  "specific", "particular",   "known",
      "different", "similar", "normal",  "good",     "whole",    "entire",       "full",
      "main",    "current",  "old",      "same",     "bit",      "lot",          "couple",
      "simple",  "easy",     "quick",    "quicker",  "better",   "faster",       "paid",
      "free",    "limit",    "problem",  "fix",      "solution", "workaround",   "plan"};
  return kWords.count(w) > 0;
}

// Whether `terms` holds one of `words` or a word of its thesaurus group (kb/synonyms.h).
bool names_any(const std::vector<std::string>& terms, const std::vector<std::string>& words) {
  auto has = [&](const std::string& t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
  };
  for (const auto& w : words)
    if (has(w) || !expansions({w}, has).empty()) return true;
  return false;
}

bool has_suffix(std::string_view w, std::string_view suffix) {
  return w.size() > suffix.size() + 2 && w.substr(w.size() - suffix.size()) == suffix;
}

}  // namespace

std::vector<AskedThing> asked_things(std::string_view text) {
  auto sentences = sentences_of(text);
  const bool any_asks =
      std::any_of(sentences.begin(), sentences.end(), [](const Sentence& s) { return s.asks; });
  if (!any_asks && sentences.size() > 2) sentences.resize(2);
  std::vector<AskedThing> out;
  for (const auto& s : sentences) {
    if (any_asks && !s.asks) continue;
    const auto& ws = s.words;
    for (std::size_t i = 0; i < ws.size(); ++i) {
      if (!existence_frame(ws, i, s.asks) && !together_frame(ws, i)) continue;
      std::size_t j = i + 1;
      while (j < ws.size() && article(ws[j])) ++j;
      AskedThing thing;
      for (std::size_t k = 0; j < ws.size() && k < 2; ++j, ++k) {
        const auto& w = ws[j];
        if (is_stopword(w) || article(w)) break;
        auto st = stem(w);
        if (st.size() < 2) continue;
        thing.words.push_back(st);
        if (topic_terms_of(w).empty() || asking_word(w)) continue;  // names no topic
        if (w.find_first_of("0123456789") != std::string::npos) continue;
        if (has_suffix(w, "ly") || has_suffix(w, "ing") || has_suffix(w, "ed")) continue;
        thing.terms.push_back(std::move(st));
      }
      if (!thing.terms.empty()) out.push_back(std::move(thing));
    }
  }
  return out;
}

std::vector<std::string> asked_terms(std::string_view text) {
  std::vector<std::string> out;
  for (auto& thing : asked_things(text))
    for (auto& t : thing.terms)
      if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  return out;
}

std::vector<std::string> docs_silent_terms(std::string_view question,
                                           const std::vector<std::string>& unknown,
                                           std::string_view title) {
  std::vector<std::string> out;
  const auto heading = topic_terms_of(title);
  for (const auto& thing : asked_things(question)) {
    std::vector<std::string> silent;
    for (const auto& t : thing.terms)
      if (std::find(unknown.begin(), unknown.end(), t) != unknown.end()) silent.push_back(t);
    if (silent.empty()) continue;
    // The section's heading names the thing asked about ("vacation mode" and "Away Mode"): the
    // unknown word may be the customer's modifier for what the section describes.
    if (!title.empty() && names_any(heading, thing.words)) continue;
    for (auto& t : silent)
      if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> capability_unknown_terms(std::string_view question,
                                                  const std::vector<std::string>& unknown,
                                                  std::string_view title) {
  std::vector<std::string> out;
  const auto heading = topic_terms_of(title);
  for (const auto& s : sentences_of(question)) {
    if (!s.asks) continue;
    const auto& ws = s.words;
    bool capability = false;
    for (std::size_t i = 0; i < ws.size() && !capability; ++i)
      capability = ((ws[i] == "can" || ws[i] == "could") && i + 1 < ws.size() && ws[i + 1] != "not") ||
                   existence_frame(ws, i, true);
    if (!capability) continue;
    static const std::unordered_set<std::string_view> kSlot = {
        "by", "with", "via", "as", "in", "into", "through", "using", "from", "instead",
        "of", "a", "an", "the", "for", "on"};
    for (std::size_t i = 1; i < ws.size(); ++i) {
      const auto& w = ws[i];
      if (is_stopword(w) || kSlot.count(ws[i - 1]) == 0) continue;
      auto st = stem(w);
      if (std::find(unknown.begin(), unknown.end(), st) == unknown.end() ||
          std::find(out.begin(), out.end(), st) != out.end())
        continue;
      // The section's heading names the word or the next one ("a vacation mode" and "Away
      // Mode"): the unknown word may be the customer's modifier for what the section describes.
      std::vector<std::string> slot{st};
      if (i + 1 < ws.size() && !is_stopword(ws[i + 1])) slot.push_back(stem(ws[i + 1]));
      if (!title.empty() && names_any(heading, slot)) continue;
      out.push_back(std::move(st));
    }
  }
  return out;
}

std::vector<std::string> unknown_codes(std::string_view question,
                                       const std::vector<std::string>& unknown) {
  std::vector<std::string> out;
  for (const auto& w : split_words(question)) {
    if (w.size() > 6 || w.front() < 'a' || w.front() > 'z' ||
        w.find_first_of("0123456789") == std::string::npos)
      continue;
    if (std::find(unknown.begin(), unknown.end(), w) != unknown.end() &&
        std::find(out.begin(), out.end(), w) == out.end())
      out.push_back(w);
  }
  return out;
}

}  // namespace fte::kb
