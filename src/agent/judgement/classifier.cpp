#include "agent/judgement/classifier.h"

#include <array>
#include <utility>
#include <vector>

#include "agent/judgement/text.h"

namespace fte::agent {

namespace {

struct Cue {
  std::string_view phrase;  // one or more words, lower-case
  double weight;
};

struct CategoryCues {
  std::string_view category;
  std::vector<Cue> cues;
};

const std::array<CategoryCues, 4>& cues() {
  static const std::array<CategoryCues, 4> k = {{
      {"bug_report",
       {{"bug", 3},
        {"crash", 3},
        {"crashes", 3},
        {"crashed", 3},
        {"crashing", 3},
        {"broken", 2},
        {"not working", 2},
        {"doesn't work", 2},
        {"does not work", 2},
        {"stopped working", 3},
        {"error", 1.5},
        {"errors", 1.5},
        {"fails", 1.5},
        {"failing", 1.5},
        {"failed", 1},
        {"glitch", 2.5},
        {"freezes", 2.5},
        {"blank screen", 2.5},
        {"unexpected", 1},
        {"wrong", 1},
        {"disappeared", 1.5},
        {"missing", 1},
        {"not saving", 2.5},
        {"not syncing", 2.5},
        {"500", 1}}},
      {"billing", {{"billing", 3},   {"invoice", 3},   {"invoices", 3},      {"payment", 2.5},
                   {"charged", 2.5}, {"charge", 2},    {"subscription", 2},  {"plan", 1},
                   {"seats", 1.5},   {"seat", 1.5},    {"credit card", 2.5}, {"card", 1},
                   {"receipt", 2.5}, {"upgrade", 1.5}, {"downgrade", 2},     {"refund", 3},
                   {"price", 2},     {"pricing", 2},   {"cost", 1},          {"renewal", 2},
                   {"vat", 2},       {"tax", 1.5},     {"cancel my", 2}}},
      {"technical", {{"how do i", 1.5},   {"how to", 1.5},   {"how can i", 1.5}, {"set up", 1.5},
                     {"setup", 1.5},      {"configure", 2},  {"install", 2},     {"integration", 2},
                     {"integrate", 2},    {"api", 2},        {"webhook", 2},     {"sso", 2},
                     {"saml", 2},         {"password", 1.5}, {"login", 1.5},     {"log in", 1.5},
                     {"two-factor", 1.5}, {"2fa", 1.5},      {"export", 1.5},    {"import", 1.5},
                     {"sync", 1.5},       {"settings", 1},   {"enable", 1},      {"connect", 1.5},
                     {"permissions", 1.5}}},
      {"feedback",
       {{"feedback", 3},
        {"suggestion", 3},
        {"suggest", 2.5},
        {"feature request", 3},
        {"would be nice", 3},
        {"would love", 2.5},
        {"wish", 2},
        {"idea", 2},
        {"improve", 1.5},
        {"love the", 2},
        {"great product", 2.5},
        {"please add", 2.5}}},
  }};
  return k;
}

}  // namespace

bool valid_category(std::string_view c) {
  return c == "general" || c == "technical" || c == "billing" || c == "bug_report" ||
         c == "feedback";
}

bool valid_priority(std::string_view p) {
  return p == "low" || p == "medium" || p == "high";
}

std::string classify_category(std::string_view input) {
  const auto ws = text::words(input);
  std::string_view best = "general";
  double best_score = 0;
  for (const auto& cat : cues()) {
    double score = 0;
    for (const auto& cue : cat.cues) {
      for (std::size_t from = 0;;) {
        auto pos = text::find_phrase(ws, cue.phrase, from);
        if (pos == std::string::npos) break;
        score += cue.weight;
        from = pos + 1;
      }
    }
    if (score > best_score) {
      best_score = score;
      best = cat.category;
    }
  }
  return std::string(best);
}

std::string derive_priority(std::string_view input, std::string_view category, double sentiment,
                            bool legal) {
  const auto ws = text::words(input);
  if (legal || sentiment < 0.3) return "high";
  for (std::string_view p :
       {"urgent", "urgently", "asap", "outage", "emergency", "critical", "down for everyone",
        "production is down", "data loss", "lost all", "security breach", "hacked"})
    if (text::has_phrase(ws, p)) return "high";
  if (category == "feedback") return "low";
  return "medium";
}

}  // namespace fte::agent
