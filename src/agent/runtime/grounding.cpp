#include "agent/runtime/grounding.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "agent/judgement/text.h"
#include "core/text_memo.h"

namespace fte::agent {
namespace {

// Words of conversation, not of facts (stemmed on first use). Generic support vocabulary only.
const std::unordered_set<std::string>& conversation() {
  static const std::unordered_set<std::string> stems = [] {
    std::unordered_set<std::string> s;
    for (const char* w :
         {"thank", "thanks", "sorry", "apologise", "apologize", "apologies", "help", "helps",
          "happy", "glad", "question", "questions", "reply", "respond", "contact", "team",
          "teammate", "member", "support", "documentation", "docs", "doc", "section", "sections",
          "cover", "covers", "exact", "exactly", "closest", "topic", "describe", "let", "know",
          "hope", "please", "ticket", "reference", "understand", "frustrating", "frustration",
          "appreciate", "patience", "issue", "problem", "look", "looking", "follow", "following",
          "steps", "step", "assist", "welcome", "anything", "else", "further", "need", "needs",
          "reaching", "reach", "getting", "back", "us", "our", "say", "says", "said", "tried",
          "already", "mention", "mentioned", "unclear", "simply", "just", "here", "what", "how",
          "answer", "person", "human", "someone", "colleague", "review", "soon", "today", "quick",
          "great", "sure", "right", "away", "also", "see", "below", "above", "first", "next",
          "again", "still", "keep", "trouble", "touch", "details", "information", "message",
          "writing", "write", "experience", "good", "news", "note", "like", "would", "could",
          "can", "will", "might", "try", "check", "make", "know", "want", "able"})
      s.insert(text::stem(w));
    return s;
  }();
  return stems;
}

bool has_digit(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Numbers and URLs of a sentence, lower-case ("30", "1.5", "app.example.io/x").
std::vector<std::string> exact_tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && (cur.back() == '.' || cur.back() == ',' || cur.back() == ')' ||
                            cur.back() == ':' || cur.back() == ';'))
      cur.pop_back();
    const bool url = cur.find("://") != std::string::npos || cur.rfind("www.", 0) == 0;
    if (url || (has_digit(cur) && cur.size() <= 24)) {
      if (url) {
        out.push_back(cur);
      } else {  // the digits alone: "30-day" and "30 days" meet
        std::string num;
        for (char c : cur)
          if ((c >= '0' && c <= '9') || (c == '.' && !num.empty())) num += c;
        while (!num.empty() && num.back() == '.') num.pop_back();
        if (!num.empty()) out.push_back(num);
      }
    }
    cur.clear();
  };
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == '"' || c == '*' ||
        c == '`')
      flush();
    else
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  flush();
  return out;
}

// Every run of digits (with inner dots) in the text, for checking numbers; a thousands separator
// is skipped ("5,000" -> "5000", as exact_tokens reads it).
std::unordered_set<std::string> numbers_in(std::string_view s) {
  std::unordered_set<std::string> out;
  std::string num;
  auto digit = [&](std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  for (std::size_t i = 0; i <= s.size(); ++i) {
    const char c = i < s.size() ? s[i] : ' ';
    if (c == ',' && !num.empty() && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4))
      continue;
    if ((c >= '0' && c <= '9') ||
        (c == '.' && !num.empty() && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9')) {
      num += c;
    } else if (!num.empty()) {
      out.insert(num);
      num.clear();
    }
  }
  return out;
}

// add_word_stems() of the cited sections' text, remembered on this thread across runs (the same
// sections are cited for many tickets). Only knowledge-base text goes in; bounded (256 texts,
// each a set of a few hundred stems: a few MB per thread at most), and cleared only at the start
// of check_grounding, so references stay valid through one check.
thread_local TextMemo<std::unordered_set<std::string>> t_kb_support(256);

}  // namespace

std::size_t fact_stems(std::string_view text) {
  const auto& talk = conversation();
  std::size_t n = 0;
  for (const auto& s : text::content_stems(text)) n += !talk.count(s) && s.size() > 1 ? 1 : 0;
  return n;
}

GroundingResult check_grounding(std::string_view reply, std::string_view sources,
                                std::string_view customer) {
  GroundingResult r;
  std::string support_text(sources);
  support_text += "\n";
  support_text += customer;
  const std::string support_low = text::lower(support_text);
  // The stems of sources + "\n" + customer: those of each side (a line break ends every word).
  t_kb_support.trim();
  const auto& cited = t_kb_support.get(sources, [](std::string_view kb_text) {
    std::unordered_set<std::string> out;
    text::add_word_stems(kb_text, out);
    return out;
  });
  std::unordered_set<std::string> said;
  text::add_word_stems(customer, said);
  auto supported = [&](const std::string& s) { return cited.count(s) > 0 || said.count(s) > 0; };
  const auto numbers = numbers_in(support_text);
  const auto& talk = conversation();

  for (auto sentence : text::sentences(reply)) {
    // A list enumerator ("1. ", "2) ") is layout, not a number the docs must hold.
    std::size_t d = 0;
    while (d < sentence.size() && sentence[d] >= '0' && sentence[d] <= '9') ++d;
    if (d > 0 && d + 1 < sentence.size() && (sentence[d] == '.' || sentence[d] == ')') &&
        sentence[d + 1] == ' ')
      sentence = sentence.substr(d + 2);
    std::vector<std::string> stems;
    for (auto& s : text::content_stems(sentence))
      if (!talk.count(s) && s.size() > 1) stems.push_back(s);
    const auto exact = exact_tokens(sentence);
    if (stems.size() < kMinFactualStems && exact.empty()) continue;
    ++r.factual;
    std::size_t found = 0;
    for (const auto& s : stems) found += supported(s) ? 1 : 0;
    bool ok = stems.empty() ||
              static_cast<double>(found) >= kMinSupport * static_cast<double>(stems.size());
    for (const auto& t : exact) {
      const bool url = t.find("://") != std::string::npos || t.rfind("www.", 0) == 0;
      if (url ? support_low.find(t) == std::string::npos : !numbers.count(t)) ok = false;
    }
    if (!ok) r.unsupported.push_back(sentence);
  }
  return r;
}

}  // namespace fte::agent
