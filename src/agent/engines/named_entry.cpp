#include "agent/engines/named_entry.h"

#include <algorithm>
#include <unordered_set>

#include "agent/judgement/text.h"

namespace fte::agent {
namespace {

bool has(const std::vector<std::string>& ws, const std::string& w) {
  return std::find(ws.begin(), ws.end(), w) != ws.end();
}

bool yes_no_sentence(const std::vector<std::string>& ws) {
  static const std::unordered_set<std::string_view> kAux = {
      "can", "could", "is", "are", "does", "do", "will", "would", "should", "may", "has", "have"};
  return !ws.empty() &&
         (kAux.count(ws.front()) > 0 || text::has_phrase(ws, "is there") ||
          text::has_phrase(ws, "are there") || text::has_phrase(ws, "is it possible"));
}

bool denies(const std::vector<std::string>& ws) {
  for (const auto& w : ws)
    if (w == "not" || w == "no" || w == "cannot" || w == "can't" || w == "isn't" || w == "aren't" ||
        w == "doesn't" || w == "don't" || w == "won't" || w == "never" || w == "without" ||
        w == "unavailable" || w == "unsupported")
      return true;
  return false;
}

// Verbs of asking that name nothing ("can I use X", "do you support X", "is X available").
bool generic(const std::string& stem) {
  static const std::unordered_set<std::string> k = [] {
    std::unordered_set<std::string> s;
    for (const char* w : {"see", "find", "do", "have", "possible", "available", "support", "offer",
                          "include", "access", "use", "work", "way", "option", "feature"})
      s.insert(text::stem(w));
    return s;
  }();
  return k.count(stem) > 0;
}

// The entries of a section: list items ("- ...") and table rows ("Cell: cell — cell", the header
// and separator rows aside), without markup.
std::vector<std::string> entries(std::string_view content) {
  std::vector<std::string> out;
  bool in_table = false;
  std::size_t start = 0;
  while (start <= content.size()) {
    auto end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string t = text::trim(content.substr(start, end - start));
    start = end + 1;
    for (std::size_t p; (p = t.find("**")) != std::string::npos;) t.erase(p, 2);
    if (t.rfind("|", 0) == 0) {
      std::vector<std::string> cells;
      std::size_t b = 1;
      for (std::size_t e; (e = t.find('|', b)) != std::string::npos; b = e + 1)
        cells.push_back(text::trim(std::string_view(t).substr(b, e - b)));
      const bool separator = std::all_of(cells.begin(), cells.end(), [](const std::string& c) {
        return c.find_first_not_of("-: ") == std::string::npos;
      });
      if (separator || cells.size() < 2) continue;
      if (!in_table) {  // the first row names the columns
        in_table = true;
        continue;
      }
      std::string row = cells[0] + ":";
      for (std::size_t i = 1; i < cells.size(); ++i) row += (i == 1 ? " " : " — ") + cells[i];
      out.push_back(row);
      continue;
    }
    in_table = false;
    if (t.rfind("- ", 0) == 0 || t.rfind("* ", 0) == 0) out.push_back(text::trim(t.substr(2)));
    if (end == content.size()) break;
  }
  return out;
}

}  // namespace

NamedEntry named_entry(std::string_view question, std::string_view title, std::string_view content,
                       const std::vector<std::pair<std::string, std::string>>& others) {
  std::string yes_no;
  bool how = false;
  for (const auto& s : text::sentences(question)) {
    const auto ws = text::words(s);
    if (yes_no.empty() && yes_no_sentence(ws) && text::trim(s).ends_with("?")) {
      if (denies(ws)) return {};
      yes_no = s;
      continue;
    }
    how = how || has(ws, "how") || text::has_phrase(ws, "if so");
  }
  if (yes_no.empty() || !how) return {};
  const auto quoted = text::kb_content_stems(std::string(title) + "\n" + std::string(content));
  std::vector<std::string> missing;
  for (const auto& w : text::content_stems(yes_no))
    if (!generic(w) && !has(quoted, w) && !has(missing, w)) missing.push_back(w);
  if (missing.empty() || missing.size() > 2) return {};
  // A word two or more of the other sections hold names no one thing (the product's own name,
  // "app", "account"): it is not what an entry can confirm.
  std::vector<std::vector<std::string>> other_stems;
  for (const auto& [other_title, other_content] : others)
    other_stems.push_back(text::kb_content_stems(other_title + "\n" + other_content));
  std::erase_if(missing, [&](const std::string& w) {
    return std::count_if(other_stems.begin(), other_stems.end(),
                         [&](const auto& ss) { return has(ss, w); }) >= 2;
  });
  if (missing.empty()) return {};
  for (std::size_t i = 0; i < others.size(); ++i) {
    const auto& [other_title, other_content] = others[i];
    const auto& section = other_stems[i];
    std::vector<std::string> named;
    for (const auto& w : missing)
      if (has(section, w)) named.push_back(w);
    if (named.empty()) continue;
    for (const auto& e : entries(other_content)) {
      const auto es = text::kb_content_stems(e);
      if (!std::all_of(named.begin(), named.end(),
                       [&](const std::string& w) { return has(es, w); }))
        continue;
      if (denies(text::words(e))) continue;
      std::string leaf = other_title;
      if (const auto p = leaf.rfind(" > "); p != std::string::npos) leaf = leaf.substr(p + 3);
      std::string sentence = text::trim(leaf) + " — " + e;
      if (!sentence.ends_with(".")) sentence += '.';
      return {i, sentence};
    }
  }
  return {};
}

}  // namespace fte::agent
