#include "agent/engines/compared_items.h"

#include <algorithm>

#include "agent/judgement/text.h"

namespace fte::agent {

namespace {

// The label of a list item or table row ("- Member – Access ..." → "Member"), "" when the line
// is not an item or has no short label.
std::string item_label(const std::string& line) {
  const std::string t = text::trim(line);
  if (t.size() < 3 || !(t[0] == '-' || t[0] == '*' || t[0] == '+') || t[1] != ' ') return {};
  std::size_t end = std::string::npos;
  for (std::string_view sep : {": ", " – ", " — ", " - "}) end = std::min(end, t.find(sep, 2));
  if (end == std::string::npos || end > 40) return {};
  return text::trim(std::string_view(t).substr(2, end - 2));
}

bool holds_all(const std::vector<std::string>& have, const std::vector<std::string>& need) {
  return !need.empty() && std::all_of(need.begin(), need.end(), [&](const std::string& w) {
    return std::find(have.begin(), have.end(), w) != have.end();
  });
}

}  // namespace

std::vector<std::size_t> compared_items(std::string_view question,
                                        const std::vector<std::string>& lines) {
  const auto ws = text::words(question);
  bool compares = false;
  for (std::string_view w : {"difference", "differences", "differ", "vs", "versus", "compare",
                             "compared", "comparison"})
    compares = compares || std::find(ws.begin(), ws.end(), w) != ws.end();
  const auto q = text::content_stems(question);
  std::vector<std::size_t> named;
  std::vector<std::vector<std::string>> labels;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto stems = text::kb_content_stems(item_label(lines[i]));
    if (!holds_all(q, stems)) continue;
    // The same label twice (a row repeated in two tables) names one thing.
    if (std::find(labels.begin(), labels.end(), stems) != labels.end()) continue;
    named.push_back(i);
    labels.push_back(stems);
  }
  if (named.size() < 2) return {};
  if (!compares) {
    // "viewer or member": two named labels joined by "or" in the question.
    for (std::size_t i = 1; i + 1 < ws.size() && !compares; ++i) {
      if (ws[i] != "or") continue;
      const auto before = text::content_stems(ws[i - 1]);
      const auto after = text::content_stems(ws[i + 1]);
      bool b = false, a = false;
      for (const auto& l : labels) {
        b = b || (!before.empty() && holds_all(l, before));
        a = a || (!after.empty() && holds_all(l, after));
      }
      compares = a && b;
    }
  }
  return compares ? named : std::vector<std::size_t>{};
}

}  // namespace fte::agent
