// CompanyRules::parse (company_rules.h): a company's escalation policy in markdown, read into
// categories; heading words → reason codes; teams and labels compared.
#include "agent/judgement/company_rules.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "agent/judgement/text.h"
#include "core/error.h"
#include "text/normalize.h"

namespace fte::agent {

namespace {

std::string trim_markup(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '*' && c != '_' && c != '#') out.push_back(c);
  out = text::trim(out);
  // "1. Billing", "3) Legal", "Step 2: ..." keep their words; only leading numbering goes.
  std::size_t i = 0;
  while (i < out.size() && std::isdigit(static_cast<unsigned char>(out[i]))) ++i;
  if (i == 0 || i >= out.size() || (out[i] != '.' && out[i] != ')')) return out;
  return text::trim(out.substr(i + 1));
}

// ASCII-folded words of a heading, hyphenated words split ("Non-Escalation" → non, escalation).
std::vector<std::string> heading_words(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& w : ::fte::text::keys(s))
    for (auto part : ::fte::text::parts(w, "-'/")) out.emplace_back(part);
  return out;
}

bool has_prefix(const std::vector<std::string>& ws, std::initializer_list<std::string_view> ps) {
  for (const auto& w : ws)
    for (auto p : ps)
      if (w.rfind(p, 0) == 0) return true;
  return false;
}

bool has_word(const std::vector<std::string>& ws, std::initializer_list<std::string_view> ps) {
  for (const auto& w : ws)
    for (auto p : ps)
      if (w == p) return true;
  return false;
}

// routine: situations not to escalate; process: how to escalate (steps, templates, SLAs, channel
// etiquette, metrics) — neither names a category.
enum class Mode { inherit, immediate, conditional, routine, process };

Mode heading_mode(std::string_view heading) {
  const auto ws = heading_words(heading);
  // "NEVER Escalate", "Non-Escalation", "Do not escalate" (not "do not answer — escalate").
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (ws[i].rfind("escalat", 0) != 0) continue;
    for (std::size_t k = i >= 2 ? i - 2 : 0; k < i; ++k)
      if (ws[k] == "never" || ws[k] == "not" || ws[k] == "non" || ws[k] == "anti" ||
          ws[k] == "no" || ws[k] == "don")
        return Mode::routine;
  }
  if (has_prefix(ws, {"step", "process", "template", "message", "notif", "metric", "behavio",
                      "framework", "overview", "matrix", "channel", "acknowledg", "reminder",
                      "guideline"}) ||
      has_word(ws, {"levels", "times", "what", "how"}))
    return Mode::process;
  if (has_word(ws, {"conditional", "soft", "after", "judgment", "judgement", "optional"}))
    return Mode::conditional;
  for (std::size_t i = 0; i + 1 < ws.size(); ++i)
    if (ws[i] == "tier" && (ws[i + 1] == "2" || ws[i + 1] == "3")) return Mode::conditional;
  if (has_word(ws, {"immediate", "immediately", "hard", "mandatory", "always"}))
    return Mode::immediate;
  for (std::size_t i = 0; i + 1 < ws.size(); ++i)
    if (ws[i] == "tier" && ws[i + 1] == "1") return Mode::immediate;
  return Mode::inherit;
}

// Quoted phrases of a line: "…", “…”, `…`; emails, paths and code-looking ones skipped.
std::vector<std::string> quoted(std::string_view line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  auto close_of = [&](std::size_t at, std::string& open) -> bool {
    if (line[at] == '"' || line[at] == '`') {
      open = std::string(1, line[at]);
      return true;
    }
    if (line.substr(at, 3) == "\xE2\x80\x9C") {  // “
      open = "\xE2\x80\x9D";                      // ”
      return true;
    }
    return false;
  };
  while (i < line.size()) {
    std::string close;
    if (!close_of(i, close)) {
      ++i;
      continue;
    }
    const std::size_t start = i + (close.size() == 3 ? 3 : 1);
    const auto end = line.find(close, start);
    if (end == std::string_view::npos) break;
    std::string q(line.substr(start, end - start));
    i = end + close.size();
    if (q.find_first_of("@/()[]{}=<>_") != std::string::npos) continue;
    const auto ws = ::fte::text::keys(q);
    if (ws.empty() || ws.size() > 8) continue;
    out.push_back(::fte::text::key_line(q));
  }
  return out;
}

// Text before the first quote character.
std::string_view lead_of(std::string_view line) {
  auto p = line.find_first_of("\"`");
  auto c = line.find("\xE2\x80\x9C");
  if (c < p) p = c;
  return line.substr(0, p == std::string_view::npos ? line.size() : p);
}

bool declares_keywords(std::string_view line) {
  const auto ws = heading_words(lead_of(line));
  return has_prefix(ws, {"keyword", "trigger", "phrase", "mention"}) ||
         has_word(ws, {"says", "say", "words", "writes", "uses"});
}

// "Queue: `billing-team`", else the first `name` or mailbox local part after "route to".
std::string team_of(std::string_view line) {
  std::string low = text::lower(line);
  std::size_t at = low.find("queue:");
  std::string_view rest = line.substr(at == std::string::npos ? low.find("route to") : at);
  std::string name;
  for (std::size_t i = rest.find(':'); i != std::string_view::npos && i < rest.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(rest[i]);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '@') {
      name.push_back(static_cast<char>(std::tolower(c)));
    } else if (!name.empty()) {
      break;
    }
  }
  if (auto a = name.find('@'); a != std::string::npos) name.resize(a);
  while (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

// "escalate to sales@example.com" in a bullet: the mailbox's local part.
std::string mailbox_team(std::string_view line) {
  const auto at = line.find('@');
  if (at == std::string_view::npos || at == 0) return {};
  std::size_t b = at;
  while (b > 0 && (std::isalnum(static_cast<unsigned char>(line[b - 1])) || line[b - 1] == '-' ||
                   line[b - 1] == '_' || line[b - 1] == '.'))
    --b;
  return text::lower(line.substr(b, at - b));
}

std::vector<std::string> cells_of(std::string_view line) {
  std::vector<std::string> out;
  std::size_t b = line.find('|');
  while (b != std::string_view::npos) {
    auto e = line.find('|', b + 1);
    if (e == std::string_view::npos) break;
    out.push_back(text::trim(line.substr(b + 1, e - b - 1)));
    b = e;
  }
  return out;
}

bool is_bullet(std::string_view t, std::string_view& item) {
  if (t.size() > 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
    item = t.substr(2);
    return true;
  }
  std::size_t i = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i > 0 && i + 1 < t.size() && (t[i] == '.' || t[i] == ')') && t[i + 1] == ' ') {
    item = t.substr(i + 2);
    return true;
  }
  return false;
}

}  // namespace

std::string reason_for_heading(std::string_view heading) {
  const auto ws = heading_words(heading);
  auto has = [&](std::initializer_list<std::string_view> ps) { return has_prefix(ws, ps); };
  if (has({"legal", "lawyer", "attorney", "litigat", "lawsuit", "contract", "court", "subpoena"}))
    return "legal_threat";
  if (has({"outage", "sla", "downtime", "uptime", "unavailab"})) return "outage";
  if (has({"secur", "breach", "hack", "compromis", "unauthori", "phish", "fraud"}))
    return "security_incident";
  if (has({"gdpr", "ccpa", "privacy", "erasure", "deletion"})) return "privacy_request";
  if (has({"refund", "chargeback", "reimburs"})) return "refund_request";
  if (has({"billing", "financ", "invoice", "charge", "payment", "money"})) return "billing_dispute";
  if (has({"pricing", "price", "discount", "quote", "negotiat", "sales", "commercial"}))
    return "pricing_inquiry";
  if (has({"angry", "abus", "distress", "sentiment", "frustrat", "hostile", "profan", "upset"}))
    return "negative_sentiment";
  if (has_word(ws, {"human", "humans", "person", "representative", "manager"}))
    return "human_requested";
  if (has({"churn", "cancel"})) return "churn_risk";
  if (has({"integrity", "corrupt"}) || (has({"data"}) && has({"loss", "lost"})))
    return "data_loss";
  if (has({"repeat"})) return "repeat_contact";
  if (has({"compliance", "audit", "ownership"})) return "account_or_compliance_request";
  return "other";
}

bool is_policy_file(std::string_view source_name) {
  const auto slash = source_name.find_last_of('/');
  const auto base = slash == std::string_view::npos ? source_name : source_name.substr(slash + 1);
  return text::lower(base) == kPolicyFileName;
}

bool team_matches(std::string_view team, std::string_view label) {
  if (team.empty() || label.empty()) return false;
  const auto tw = heading_words(team);
  std::vector<std::string> lw;
  for (auto& w : heading_words(label))
    for (auto& part : heading_words(std::string(w.begin(), w.end())))
      lw.push_back(part);
  // keys() keeps "enterprise_csm" whole: split underscores too.
  auto split_us = [](const std::vector<std::string>& in) {
    std::vector<std::string> out;
    for (const auto& w : in)
      for (auto part : ::fte::text::parts(w, "_")) out.emplace_back(part);
    return out;
  };
  static const std::vector<std::string_view> kGeneric = {"team", "support", "queue", "escalate",
                                                         "the",  "to",      "desk"};
  for (const auto& t : split_us(tw)) {
    if (std::find(kGeneric.begin(), kGeneric.end(), t) != kGeneric.end()) continue;
    for (const auto& l : split_us(lw))
      if (t == l) return true;
  }
  return false;
}

CompanyRules CompanyRules::parse(std::string_view md, std::string source) {
  CompanyRules out;
  out.source_ = std::move(source);
  std::vector<std::pair<int, Mode>> modes;  // heading level → mode, for inheritance
  Mode mode = Mode::immediate;
  int rule = -1;  // index of the current category in out.rules_
  bool in_code = false, trigger_table = false, table_header_seen = false;
  int description_col = -1;
  std::istringstream in{std::string(md)};
  std::string raw;
  while (std::getline(in, raw)) {
    const std::string line = text::trim(raw);
    if (line.rfind("```", 0) == 0) {
      in_code = !in_code;
      continue;
    }
    if (in_code || line.empty()) {
      if (line.empty()) table_header_seen = false;
      continue;
    }
    if (line[0] == '#') {
      int level = 0;
      while (level < static_cast<int>(line.size()) && line[level] == '#') ++level;
      const std::string name = trim_markup(line.substr(level));
      while (!modes.empty() && modes.back().first >= level) modes.pop_back();
      Mode own = heading_mode(name);
      Mode parent = modes.empty() ? Mode::immediate : modes.back().second;
      mode = own == Mode::inherit ? parent : own;
      modes.emplace_back(level, mode);
      table_header_seen = false;
      rule = -1;
      if (mode != Mode::routine && mode != Mode::process) {
        CompanyRule r;
        r.name = name;
        r.reason = reason_for_heading(name);
        r.immediate = mode != Mode::conditional;
        out.rules_.push_back(std::move(r));
        rule = static_cast<int>(out.rules_.size()) - 1;
      }
      continue;
    }
    if (line[0] == '|') {
      auto cells = cells_of(line);
      if (cells.empty()) continue;
      if (!table_header_seen) {
        table_header_seen = true;
        trigger_table = text::lower(cells[0]).find("trigger") != std::string::npos;
        description_col = -1;
        for (std::size_t i = 1; i < cells.size(); ++i)
          if (text::lower(cells[i]).find("descri") != std::string::npos)
            description_col = static_cast<int>(i);
        continue;
      }
      if (!trigger_table || cells[0].find_first_not_of("-: ") == std::string::npos) continue;
      CompanyRule r;
      r.name = trim_markup(cells[0]);
      r.reason = reason_for_heading(r.name);
      r.immediate = mode != Mode::conditional;
      if (description_col > 0 && description_col < static_cast<int>(cells.size()))
        r.examples.push_back(cells[description_col]);
      if (mode != Mode::routine && mode != Mode::process) out.rules_.push_back(std::move(r));
      continue;
    }
    table_header_seen = false;
    if (line[0] == '>') continue;  // quoted reply templates
    std::string_view item;
    const bool bullet = is_bullet(line, item);
    const std::string low = text::lower(line);
    if (rule >= 0 && (low.find("route to") != std::string::npos ||
                      low.find("queue:") != std::string::npos)) {
      if (auto t = team_of(line); !t.empty() && out.rules_[rule].team.empty())
        out.rules_[rule].team = t;
      continue;
    }
    if (!bullet) continue;
    const std::string body = trim_markup(item);
    if (mode == Mode::routine) {
      out.routine_.push_back(body);
      continue;
    }
    if (rule < 0) continue;
    auto& r = out.rules_[rule];
    if (declares_keywords(item)) {
      const bool whatsapp = text::lower(lead_of(item)).find("whatsapp") != std::string::npos;
      auto keys = quoted(item);
      for (auto& k : keys) (whatsapp ? r.whatsapp_keywords : r.keywords).push_back(k);
      if (!keys.empty()) continue;
    }
    const std::string bl = text::lower(body);
    if (bl.rfind("indicator", 0) == 0 || bl.rfind("note:", 0) == 0 || bl.rfind("action:", 0) == 0)
      continue;
    if (bl.find("escalate to") != std::string::npos && bl.find('@') != std::string::npos) {
      // "NEVER process refunds — always escalate to billing@…": the bullet names its own route.
      const auto reason = reason_for_heading(body);
      const auto team = mailbox_team(body);
      if (!team.empty()) {
        CompanyRule routed;
        routed.name = body;
        routed.reason = reason == "other" ? r.reason : reason;
        routed.team = team;
        routed.immediate = r.immediate;
        out.rules_.push_back(std::move(routed));
      }
      continue;
    }
    r.examples.push_back(body);
  }
  // Headings that only group others ("Immediate escalation", the title) name no category.
  std::erase_if(out.rules_, [](const CompanyRule& r) {
    return r.examples.empty() && r.keywords.empty() && r.whatsapp_keywords.empty() &&
           r.team.empty();
  });
  out.index_examples();
  return out;
}

CompanyRules CompanyRules::load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorKind::invalid_argument, "escalation rules: cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return parse(s.str(), path);
}

}  // namespace fte::agent
