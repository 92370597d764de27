#include "app/knowledge_gaps_routes.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "app/admin_routes.h"
#include "kb/text.h"
#include "ops/log.h"
#include "store/store.h"

namespace fte::app {
namespace {

namespace json = boost::json;

constexpr double kJoin = 0.25;         // overlap coefficient to join a group
constexpr std::size_t kGroupTerms = 8;  // a group is compared by its most frequent terms
constexpr std::size_t kExamples = 3;
constexpr std::size_t kQuestionChars = 240;
constexpr int kMaxQuestions = 5000;

std::string clip(std::string s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "...";
}

struct Group {
  std::map<std::string, int> terms;
  std::vector<const GapQuestion*> members;
  std::vector<std::string> top() const {
    std::vector<std::pair<std::string, int>> v(terms.begin(), terms.end());
    std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size() && i < kGroupTerms; ++i) out.push_back(v[i].first);
    return out;
  }
};

}  // namespace

std::vector<GapGroup> group_knowledge_gaps(const std::vector<GapQuestion>& questions) {
  std::vector<Group> groups;
  for (const auto& q : questions) {
    auto list = kb::index_terms(q.question);
    std::set<std::string> terms(list.begin(), list.end());
    if (terms.empty()) terms.insert("(no words)");
    int best = -1;
    double best_sim = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto top = groups[g].top();
      std::size_t shared = 0;
      for (const auto& t : top) shared += terms.count(t);
      const double sim = static_cast<double>(shared) /
                         static_cast<double>(std::max<std::size_t>(1, std::min(terms.size(), top.size())));
      const std::size_t need = std::min<std::size_t>(2, terms.size());  // two shared words
      if (shared >= need && sim >= kJoin && sim > best_sim) {
        best_sim = sim;
        best = static_cast<int>(g);
      }
    }
    if (best < 0) {
      groups.emplace_back();
      best = static_cast<int>(groups.size() - 1);
    }
    for (const auto& t : terms) ++groups[static_cast<std::size_t>(best)].terms[t];
    groups[static_cast<std::size_t>(best)].members.push_back(&q);
  }
  std::vector<GapGroup> out;
  for (const auto& g : groups) {
    GapGroup o;
    o.count = static_cast<int>(g.members.size());
    o.terms = g.top();
    for (std::size_t i = 0; i < o.terms.size() && i < 3; ++i)
      o.topic += (i ? " " : "") + o.terms[i];
    auto members = g.members;
    std::stable_sort(members.begin(), members.end(), [](auto* a, auto* b) {
      return a->created_at_ms > b->created_at_ms;
    });
    for (std::size_t i = 0; i < members.size() && i < kExamples; ++i) o.examples.push_back(*members[i]);
    out.push_back(std::move(o));
  }
  std::stable_sort(out.begin(), out.end(), [](const GapGroup& a, const GapGroup& b) {
    return a.count > b.count;
  });
  return out;
}

void register_knowledge_gaps_routes(http::Router& r, Store& store, const std::string& admin_token) {
  r.add(
      "GET", "/console/api/knowledge-gaps",
      [&store, admin_token](http::Request& req, http::Respond respond) {
        if (!authorized(req, admin_token)) {
          auto resp =
              http::Response::error(401, "unauthorized", "a valid admin bearer token is required");
          resp.headers.emplace_back("WWW-Authenticate", "Bearer");
          respond(std::move(resp));
          return;
        }
        int limit = 50;
        if (auto l = req.query_param("limit")) {
          try {
            limit = std::stoi(*l);
          } catch (...) {
            limit = 0;
          }
          if (limit < 1 || limit > 200) {
            respond(http::Response::error(422, "invalid_argument",
                                          "limit must be an integer from 1 to 200", "limit"));
            return;
          }
        }
        std::vector<GapQuestion> questions;
        for (const auto& e : store.open_escalations(kMaxQuestions)) {
          if (e.reason != "knowledge_gap") continue;
          auto v = store.ticket_view(e.ticket_id);
          if (!v) continue;
          std::string text = v->ticket.subject;
          for (const auto& m : v->messages)
            if (m.direction == "inbound") {
              text += (text.empty() ? "" : ". ") + m.content;
              break;
            }
          questions.push_back({e.ticket_id, std::string(to_string(e.channel)),
                               clip(ops::redact(text), kQuestionChars), e.created_at_ms});
        }
        const auto groups = group_knowledge_gaps(questions);
        json::array gaps;
        for (std::size_t i = 0; i < groups.size() && i < static_cast<std::size_t>(limit); ++i) {
          const auto& g = groups[i];
          json::array ex, terms;
          for (const auto& t : g.terms) terms.emplace_back(t);
          for (const auto& q : g.examples)
            ex.push_back(json::object{{"ticket_id", q.ticket_id},
                                      {"channel", q.channel},
                                      {"question", q.question},
                                      {"created_at_ms", q.created_at_ms}});
          gaps.push_back(json::object{{"topic", g.topic},
                                      {"count", g.count},
                                      {"terms", std::move(terms)},
                                      {"examples", std::move(ex)}});
        }
        auto resp = http::Response::json(
            200, json::serialize(json::object{{"total", questions.size()}, {"gaps", std::move(gaps)}}));
        resp.headers.emplace_back("Cache-Control", "no-store");
        respond(std::move(resp));
      },
      "/console/api/knowledge-gaps");
}

}  // namespace fte::app
