#include "agent/engines/pointing_back.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "agent/engines/yes_no.h"
#include "agent/judgement/text.h"

namespace fte::agent {

namespace {

bool in(const std::vector<std::string>& ws, std::string_view w) {
  return std::find(ws.begin(), ws.end(), w) != ws.end();
}

bool negation(std::string_view w) {
  return denies(w);
}

// "Is this possible?", "Can it do that?", "Is that supported?", "Is there a way?", "Is this level
// of permission available?": a yes/no question whose object is a pronoun — "this/that/it"
// followed by a capability word, "do this/that/it", "this/that level/kind/sort/type of", or a bare
// "is there a way?". Not "Is it possible to export?" nor "Does it support SAML?": those name
// their own thing.
bool points_back(std::string_view sentence) {
  static const std::unordered_set<std::string_view> kAux = {
      "can", "could", "is", "are", "does", "do", "will", "would", "should", "may"};
  static const std::unordered_set<std::string_view> kCapable = {"possible", "doable", "feasible",
                                                                "supported", "available"};
  static const std::unordered_set<std::string_view> kKind = {"level", "kind", "sort", "type"};
  const std::string t = text::trim(sentence);
  if (t.empty() || t.back() != '?') return false;
  const auto ws = text::words(t);
  if (ws.empty() || ws.size() > 10 || !kAux.count(ws.front())) return false;
  if (ws.size() <= 5 && text::has_phrase(ws, "is there a way") && ws.back() == "way") return true;
  auto pronoun = [](const std::string& w) { return w == "this" || w == "that" || w == "it"; };
  for (std::size_t i = 0; i + 1 < ws.size(); ++i) {
    if (!pronoun(ws[i])) continue;
    const std::string& next = ws[i + 1];
    const bool own_object = i + 2 < ws.size() && (ws[i + 2] == "to" || ws[i + 2] == "for");
    if (kCapable.count(next) && !own_object) return true;
    if (i > 0 && ws[i - 1] == "do") return true;
    if (ws[i] != "it" && kKind.count(next) && i + 2 < ws.size() && ws[i + 2] == "of") return true;
  }
  return pronoun(ws.back()) && ws.size() >= 2 && ws[ws.size() - 2] == "do";
}

// Words that name no part of what is wanted: wanting, trying, generic verbs, quantifiers.
bool filler(const std::string& stem) {
  static const std::unordered_set<std::string> k = [] {
    std::unordered_set<std::string> s;
    for (const char* w :
         {"want",  "like",     "need",   "wish", "try",       "hope", "able", "way",  "all",
          "every", "possible", "would",  "do",   "have",      "see",  "use",  "make", "get",
          "set",   "add",      "create", "find", "currently", "also", "just"})
      s.insert(text::stem(w));
    return s;
  }();
  return k.count(stem) > 0;
}

// The message without the customer's own quoted names ('Client Name', "Review").
std::string without_quoted_names(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool opens = (c == '\'' || c == '"') && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '(') &&
                       i + 1 < s.size() && s[i + 1] != ' ';
    if (opens) {
      const std::size_t close = s.find(c, i + 1);
      if (close != std::string_view::npos && close - i <= 40 &&
          s.substr(i, close - i).find('\n') == std::string_view::npos) {
        out += ' ';
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

}  // namespace

bool opens_or_ends_a_question(std::string_view sentence) {
  static const std::unordered_set<std::string_view> kAsk = {
      "how", "what", "where", "when",  "why",    "which", "who", "can", "could", "is",  "are",
      "do",  "does", "will",  "would", "should", "may",   "any", "did", "has",   "have"};
  const std::string t = text::trim(sentence);
  if (!t.empty() && t.back() == '?') return true;
  const auto ws = text::words(sentence);
  return !ws.empty() && kAsk.count(ws.front()) > 0;
}

std::string described_want(std::string_view message) {
  const auto ss = text::sentences(message);
  for (std::size_t i = 0; i < ss.size(); ++i) {
    if (!points_back(ss[i])) continue;
    // The non-asking sentences right before the question (greetings of three words or fewer
    // aside): what "this" refers to.
    std::vector<std::string> want;
    for (std::size_t j = i; j-- > 0;) {
      if (opens_or_ends_a_question(ss[j])) break;
      if (text::words(ss[j]).size() <= 3) continue;
      want.insert(want.begin(), ss[j]);
    }
    std::string out;
    for (const auto& w : want) out += w + "\n";
    return out;
  }
  return {};
}

std::string pointing_back_verdict(const YesNoInput& yn, std::string_view want) {
  const auto want_words = text::words(want);
  // A want that is itself a limit ("only view-only access", "but not comment").
  bool restriction = false;
  for (const auto& w : want_words)
    restriction = restriction || negation(w) || w == "only" || w == "without" || w == "except";
  std::vector<std::string> keys;
  for (const auto& s : text::content_stems(without_quoted_names(want)))
    if (!filler(s)) keys.push_back(s);
  // Manner adverbs ("automatically", "fully") say how, not what.
  std::erase_if(keys, [&](const std::string& s) {
    for (const auto& w : want_words)
      if (w.size() > 4 && w.ends_with("ly") && text::stem(w) == s) return true;
    return false;
  });
  if (keys.empty()) return {};
  const std::string narrow_text = std::string(yn.leaf) + "\n" + std::string(yn.lead);
  const auto narrow = text::content_stems(narrow_text);
  const auto all = text::content_stems(narrow_text + "\n" + std::string(yn.quoted));
  std::size_t in_narrow = 0, in_all = 0;
  for (const auto& k : keys) {
    in_narrow += in(narrow, k) ? 1 : 0;
    in_all += in(all, k) ? 1 : 0;
  }
  const bool covered = in_all == keys.size() && 2 * in_narrow >= keys.size();
  const std::string silent =
      "Our documentation does not say this is possible. Here is what it does say:";
  if (2 * in_all < keys.size() || (restriction && !covered)) return silent;
  if (!covered) return {};
  const auto lead_words = text::words(yn.lead);
  bool negated = false, conditional = false, plans = false;
  for (const auto& w : lead_words) {
    negated = negated || negation(w);
    conditional = conditional || w == "if" || w == "unless" || w == "when" || w == "except" ||
                  w == "requires" || w == "required";
    plans = plans || w == "plan" || w == "plans";
  }
  if (restriction) return {};  // a limit the lead's words cover is not confirmed by them
  if (negated) return "No.";
  if (conditional) return {};
  const bool limited =
      in(lead_words, "only") || in(lead_words, "available") || in(lead_words, "included");
  if (limited && (plans || yn.lead.find('+') != std::string_view::npos))
    return "Yes, depending on your plan.";
  if (limited || yn.lead.find('+') != std::string_view::npos) return {};
  return "Yes.";
}

}  // namespace fte::agent
