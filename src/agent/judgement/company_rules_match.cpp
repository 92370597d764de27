// CompanyRules (company_rules.h): what a parsed policy does with a message — keyword triggers,
// the similarity layer over its examples, teams — and the process-wide policy.
#include "agent/judgement/company_rules.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <unordered_set>

#include "agent/judgement/input_guardrails.h"
#include "agent/judgement/phrase_guard.h"
#include "agent/judgement/text.h"
#include "text/normalize.h"

namespace fte::agent {

namespace {

namespace fs = std::filesystem;

std::atomic<std::shared_ptr<const CompanyRules>>& shared_slot() {
  static std::atomic<std::shared_ptr<const CompanyRules>> slot;
  return slot;
}

// The built-in rules' word-level guards, for the same words in a company's one-word triggers:
// "sue" the person ("Thanks, Sue"), an API's "401 Unauthorized", a refund given to one's own
// client, lawyers as one's clientele, a deadline "breached" (phrase_guard.h).
bool one_word_innocent(const std::vector<std::string>& ws, std::size_t pos, std::string_view all) {
  const std::string_view w = ws[pos];
  if (w == "sue") return !legal_threat(all).has_value();
  if (w.starts_with("unauthori") || w == "forbidden") return http_error_word(ws, pos);
  if (w.starts_with("refund") || w.starts_with("reembols") || w.starts_with("rembours"))
    return clients_refund(ws, pos);
  if (w == "breached" || w == "breach") return deadline_breach(ws, pos);
  return legal_clientele(ws, pos);
}

}  // namespace

void CompanyRules::index_examples() {
  // The rules' key words once, not on every mentions() call (it was per message).
  rule_keys_.clear();
  for (const auto& r : rules_) {
    for (const auto& t : r.examples)
      for (auto& w : ::fte::text::keys(t)) rule_keys_.push_back(std::move(w));
    for (auto& w : ::fte::text::keys(r.name)) rule_keys_.push_back(std::move(w));
  }
  std::sort(rule_keys_.begin(), rule_keys_.end());
  rule_keys_.erase(std::unique(rule_keys_.begin(), rule_keys_.end()), rule_keys_.end());
  auto add = [&](int rule, const std::string& text) {
    Example e;
    e.rule = rule;
    e.stems = text::content_stems(text);
    e.text = text;
    if (!e.stems.empty()) examples_.push_back(std::move(e));
  };
  for (std::size_t i = 0; i < rules_.size(); ++i)
    for (const auto& x : rules_[i].examples) add(static_cast<int>(i), x);
  for (const auto& x : routine_) add(-1, x);
  std::unordered_map<std::string, int> df;
  for (const auto& e : examples_)
    for (const auto& s : e.stems) ++df[s];
  const double n = static_cast<double>(examples_.size());
  for (const auto& [s, d] : df) idf_[s] = std::log(1.0 + n / d);
  for (auto& e : examples_)
    for (const auto& s : e.stems) e.weight += idf_[s];
}

std::optional<CompanyTrip> CompanyRules::nearest_example(std::string_view input,
                                                         double threshold) const {
  if (examples_.empty()) return std::nullopt;
  const auto stems = text::content_stems(input);
  const std::unordered_set<std::string> have(stems.begin(), stems.end());
  double best = 0, best_routine = 0;
  const Example* hit = nullptr;
  for (const auto& e : examples_) {
    if (e.rule >= 0 && rules_[e.rule].reason == "process") continue;
    double covered = 0;
    std::size_t shared = 0;
    for (const auto& s : e.stems)
      if (have.count(s)) {
        covered += idf_.at(s);
        ++shared;
      }
    if (shared < kCompanyExampleMinWords || e.weight <= 0) continue;
    const double score = covered / e.weight;
    if (e.rule < 0) {
      best_routine = std::max(best_routine, score);
    } else if (score > best) {
      best = score;
      hit = &e;
    }
  }
  if (!hit || best < threshold || best_routine >= best) return std::nullopt;
  char ev[32];
  std::snprintf(ev, sizeof ev, "example %.2f: ", best);
  return CompanyTrip{&rules_[hit->rule], ev + hit->text.substr(0, 80), best};
}

std::size_t CompanyRules::keyword_count() const {
  std::size_t n = 0;
  for (const auto& r : rules_) n += r.keywords.size() + r.whatsapp_keywords.size();
  return n;
}

std::string CompanyRules::describe() const {
  std::ostringstream o;
  for (const auto& r : rules_) {
    if (r.reason == "other" && r.examples.empty() && r.keywords.empty() && r.team.empty()) continue;
    o << r.reason << (r.immediate ? "" : " (conditional)") << " <- \"" << r.name << "\"";
    if (!r.team.empty()) o << " route to " << r.team;
    o << ": " << r.examples.size() << " examples";
    for (const auto& k : r.keywords) o << " | " << k;
    for (const auto& k : r.whatsapp_keywords) o << " | whatsapp:" << k;
    o << "\n";
  }
  o << "routine examples: " << routine_.size() << "\n";
  return o.str();
}

std::optional<CompanyTrip> CompanyRules::keyword_trigger(Channel channel, std::string_view all,
                                                         std::string_view body) const {
  const auto ws = ::fte::text::keys(all);
  const std::string whole = channel == Channel::whatsapp ? bare_message(body) : std::string();
  for (const auto& r : rules_) {
    if (r.reason == "other") continue;
    for (const auto& k : r.keywords) {
      // The built-in rules' guards: negation, a product thing ("the legal team"), and for a
      // one-word trigger a property asked about ("GDPR compliant?") or, for legal words,
      // paperwork asked for ("our lawyer needs the DPA").
      const bool one_word = k.find(' ') == std::string::npos;
      for (std::size_t from = 0;;) {
        const auto pos = text::find_phrase(ws, k, from);
        if (pos == std::string::npos) break;
        from = pos + 1;
        std::size_t len = 1;
        for (char c : k) len += c == ' ';
        if (innocent_use(ws, pos, len)) continue;
        if (one_word && capability_question(ws, pos)) continue;
        if (r.reason == "legal_threat" && paperwork_request(ws, pos)) continue;
        if (one_word && one_word_innocent(ws, pos, all)) continue;
        return CompanyTrip{&r, k};
      }
    }
    if (!whole.empty())
      for (const auto& k : r.whatsapp_keywords)
        if (whole == k) return CompanyTrip{&r, k};
  }
  return std::nullopt;
}

bool CompanyRules::mentions(std::string_view prefix) const {
  for (const auto& w : rule_keys_)
    if (w.rfind(prefix, 0) == 0) return true;
  return false;
}

bool CompanyRules::has_reason(std::string_view reason) const {
  for (const auto& r : rules_)
    if (r.reason == reason) return true;
  return false;
}

std::string CompanyRules::team_for(std::string_view reason) const {
  for (const auto& r : rules_)
    if (r.reason == reason && !r.team.empty()) return r.team;
  auto sibling_of = [&](std::string_view x) -> std::vector<std::string_view> {
    if (x == "refund_request" || x == "billing_dispute") return {"refund_request", "billing_dispute"};
    if (x == "human_requested" || x == "negative_sentiment" || x == "repeat_contact")
      return {"human_requested", "negative_sentiment", "repeat_contact"};
    return {};
  };
  for (auto s : sibling_of(reason))
    for (const auto& r : rules_)
      if (r.reason == s && !r.team.empty()) return r.team;
  return {};
}

std::shared_ptr<const CompanyRules> CompanyRules::shared() {
  return shared_slot().load();
}

void CompanyRules::set_shared(std::shared_ptr<const CompanyRules> rules) {
  shared_slot().store(std::move(rules));
}

std::string CompanyRules::locate(const std::string& kb_path) {
  if (const char* e = std::getenv("FTE_ESCALATION_RULES"); e && *e) return e;
  std::error_code ec;
  if (!kb_path.empty() && fs::is_directory(kb_path, ec)) {
    const auto p = fs::path(kb_path) / std::string(kPolicyFileName);
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return {};
}

std::string CompanyRules::install(const std::string& kb_path) {
  const auto path = locate(kb_path);
  set_shared(path.empty() ? nullptr : std::make_shared<const CompanyRules>(load(path)));
  return path;
}

}  // namespace fte::agent
