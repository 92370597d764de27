#include "agent/phrase_guard.h"

#include <unordered_set>

#include "agent/text.h"

namespace fte::agent {

namespace {

using Set = std::unordered_set<std::string_view>;

const Set& negations() {
  static const Set k = {"no",      "not",    "don't",  "dont",   "never",   "without",
                        "isn't",   "aren't", "doesn't", "didn't", "wasn't", "won't",
                        "nothing", "neither", "nor",     "hardly"};
  return k;
}

// Things of a product a trigger word can name: "the legal team", "the pricing page".
const Set& product_nouns() {
  static const Set k = {"page",     "pages",    "team",      "teams",    "department",
                        "section",  "tab",      "settings",  "setting",  "docs",
                        "doc",      "documentation", "link", "links",    "banner",
                        "field",    "fields",   "feature",   "features", "template",
                        "templates", "column",  "columns",   "label",    "labels",
                        "tag",      "tags",     "filter",    "filters",  "view",
                        "module",   "widget",   "report",    "reports",  "dashboard",
                        "folder",   "board",    "boards",    "project",  "projects",
                        "card",     "cards",    "channel",   "form",     "forms",
                        "menu",     "option",   "options",   "button",   "email",
                        "emails",   "contact",  "address",   "filings",  "documents"};
  return k;
}

}  // namespace

bool innocent_use(const std::vector<std::string>& ws, std::size_t pos, std::size_t len) {
  for (std::size_t k = pos >= 3 ? pos - 3 : 0; k < pos; ++k)
    if (negations().count(ws[k])) return true;
  if (len == 1 && pos + 1 < ws.size() && product_nouns().count(ws[pos + 1])) return true;
  return false;
}

std::size_t find_meant_phrase(const std::vector<std::string>& ws, std::string_view phrase) {
  std::size_t len = 1;
  for (char c : phrase) len += c == ' ';
  for (std::size_t from = 0;;) {
    const auto pos = text::find_phrase(ws, phrase, from);
    if (pos == std::string::npos) return pos;
    if (!innocent_use(ws, pos, len)) return pos;
    from = pos + 1;
  }
}

}  // namespace fte::agent
