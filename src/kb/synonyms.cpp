#include "kb/synonyms.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "kb/text.h"

namespace fte::kb {
namespace {

// Each group: words a customer and a documentation writer use for the same thing in software
// support. Kept small and unambiguous across products (no word that means something else in
// common product vocabulary, e.g. "rate" as in rate limit, "issue" as in a tracker's item).
constexpr std::string_view kGroups[] = {
    "user users member members people person teammate teammates colleague colleagues employee "
    "employees seat seats coworker coworkers husband wife spouse roommate flatmate",
    "currency currencies dollar dollars euro euros pound pounds franc francs yen usd eur gbp",
    "create make",
    "offline internet signal connectivity",
    "accountant accountants bookkeeper bookkeepers",
    "add invite",
    "remove delete erase",
    "revoke remove",
    "price prices pricing cost costs fee fees charge charges",
    "export download",
    "import upload",
    "login signin logon",
    "logout signout",
    "signup register registration",
    "cancel cancellation terminate unsubscribe",
    "invoice invoices receipt receipts bill",
    "subscription plan",
    "restore recover undelete",
    "assign assignee assignees",
    "notification notifications alert alerts",
    "slow performance lag laggy sluggish",
    "iphone ipad ios",
    "2fa mfa twofactor",
    "organisation organization",
    "colour color",
    "sync synchronise synchronize synchronization synchronisation",
};

using Table = std::unordered_map<std::string, std::vector<std::string>>;

const Table& table() {
  static const Table t = [] {
    Table out;
    for (auto g : kGroups) {
      std::vector<std::string> stems;
      for (const auto& w : split_words(g)) {
        auto s = stem(w);
        if (std::find(stems.begin(), stems.end(), s) == stems.end()) stems.push_back(std::move(s));
      }
      for (const auto& s : stems)
        for (const auto& o : stems)
          if (o != s && std::find(out[s].begin(), out[s].end(), o) == out[s].end())
            out[s].push_back(o);
    }
    return out;
  }();
  return t;
}

}  // namespace

std::vector<std::string> expansions(const std::vector<std::string>& terms,
                                    const std::function<bool(const std::string&)>& has_term) {
  std::vector<std::string> out;
  const auto& t = table();
  for (const auto& term : terms) {
    auto it = t.find(term);
    if (it == t.end()) continue;
    for (const auto& o : it->second) {
      if (std::find(terms.begin(), terms.end(), o) != terms.end()) continue;
      if (std::find(out.begin(), out.end(), o) != out.end()) continue;
      if (has_term(o)) out.push_back(o);
    }
  }
  return out;
}

}  // namespace fte::kb
