#include "app/eval.h"

#include <stdlib.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "agent/runtime/agent.h"
#include "agent/runtime/config.h"
#include "agent/judgement/input_guardrails.h"
#include "app/intent_eval.h"
#include "app/pipeline.h"
#include "app/runtime.h"
#include "text/normalize.h"
#include "channels/channel.h"
#include "core/envelope.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/json_util.h"
#include "kb/knowledge_base.h"
#include "ops/log.h"
#include "ops/metrics.h"
#include "store/store.h"

namespace fte::app {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80);
}

std::string first_of(const json::object& o, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (auto v = jsonu::str(o, k); !v.empty()) return v;
  return {};
}

std::optional<Channel> eval_channel(std::string_view s) {
  std::string c = lower(s);
  c.erase(
      std::remove_if(c.begin(), c.end(), [](char x) { return x == '_' || x == '-' || x == ' '; }),
      c.end());
  if (c == "email" || c == "gmail" || c == "mail") return Channel::email;
  if (c == "whatsapp" || c == "wa") return Channel::whatsapp;
  if (c == "webform" || c == "web" || c == "form" || c == "supportform") return Channel::webform;
  return std::nullopt;
}

std::string expected_of(std::string_view action) {
  std::string a = lower(action);
  if (a.find("or_escalate") != std::string::npos || a.find("or escalate") != std::string::npos)
    return "either";  // resolve_or_escalate, ai_resolve_or_escalate
  if (a == "true") return "escalate";  // expected_escalate: true
  if (a == "false") return "resolve";
  if (a.rfind("escalat", 0) == 0 || a == "human") return "escalate";  // escalate, escalate_<team>
  if (a.rfind("resolve", 0) == 0 || a.rfind("ai_resolve", 0) == 0) return "resolve";
  if (a == "answer" || a == "respond" || a == "reply") return "resolve";
  return "either";  // empty, unknown
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c));
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Words that start a capitalised phrase without naming anything.
bool common_word(std::string_view w) {
  static const std::set<std::string> k = {
      "a",        "an",      "and",       "also",        "as",      "ask",   "at",      "be",
      "but",      "by",      "can",       "check",       "confirm", "do",    "don't",   "each",
      "for",      "from",    "have",      "how",         "i",       "if",    "in",      "is",
      "it",       "mention", "no",        "not",         "note",    "of",    "on",      "or",
      "our",      "please",  "see",       "so",          "suggest", "that",  "the",     "their",
      "then",     "there",   "they",      "this",        "to",      "try",   "use",     "we",
      "what",     "when",    "where",     "which",       "with",    "yes",   "you",     "your",
      "offer",    "advise",  "explain",   "inform",      "guide",   "send",  "thank",   "ensure",
      "escalate", "route",   "recommend", "acknowledge", "direct",  "tell",  "provide", "within",
      "after",    "before",  "per",       "up",          "over",    "under", "about",   "more",
      "less",     "than",    "least",     "most",        "via"};
  return k.count(lower(w)) > 0;
}

void add_fact(std::vector<std::string>& out, std::set<std::string>& seen, std::string f) {
  while (!f.empty() && std::string_view(".,;:!?)('\"").find(f.back()) != std::string_view::npos)
    f.pop_back();
  while (!f.empty() && std::string_view(".,;:!?)('\"").find(f.front()) != std::string_view::npos)
    f.erase(f.begin());
  f = trim(f);
  if (f.size() < 2) return;
  if (seen.insert(lower(f)).second) out.push_back(f);
}

// Words of `s` with their offsets.
struct Word {
  std::string text;
  std::size_t begin, end;
};
std::vector<Word> words_of(std::string_view s) {
  std::vector<Word> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back({std::string(s.substr(b, i - b)), b, i});
  }
  return out;
}

std::string strip_url(std::string s) {
  s = lower(s);
  for (const char* p : {"https://", "http://"})
    if (s.rfind(p, 0) == 0) s = s.substr(std::string_view(p).size());
  if (s.rfind("www.", 0) == 0) s = s.substr(4);
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

bool contains_word(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return false;
  for (std::size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) {
    bool left = p == 0 || !alnum(hay[p - 1]) || !alnum(needle.front());
    std::size_t e = p + needle.size();
    bool right = e >= hay.size() || !alnum(hay[e]) || !alnum(needle.back());
    if (left && right) return true;
  }
  return false;
}

std::string collapse_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

// ------------------------------------------------------------------ tickets

std::string eval_split_of(std::string_view ticket_id) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a 64
  for (unsigned char c : ticket_id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return (h & 1u) ? "test" : "dev";
}

std::string eval_ticket_name(std::string_view given_id, bool numeric, int position) {
  if (!given_id.empty()) return numeric ? "#" + std::string(given_id) : std::string(given_id);
  return "#" + std::to_string(position);
}

std::vector<std::string> load_coverage_ids(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::invalid_argument, "--coverage: cannot read " + path);
  std::vector<std::string> ids;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab != std::string::npos && tab > 0) ids.push_back(line.substr(0, tab));
  }
  return ids;
}

bool in_eval_split(std::string_view ticket_id, std::string_view split) {
  return split == "all" || eval_split_of(ticket_id) == split;
}

std::vector<EvalTicket> load_eval_tickets(const std::string& path, std::string_view split) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::invalid_argument, "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  json::error_code ec;
  auto v = json::parse(ss.str(), ec);
  if (ec) throw Error(ErrorKind::invalid_argument, path + ": not JSON (" + ec.message() + ")");
  const json::array* arr = v.if_array();
  if (!arr && v.is_object())
    if (auto* t = v.get_object().if_contains("tickets"); t && t->is_array()) arr = &t->get_array();
  if (!arr) throw Error(ErrorKind::invalid_argument, path + ": expected an array of tickets");
  std::vector<EvalTicket> out;
  int n = 0;
  for (const auto& x : *arr) {
    ++n;
    if (!x.is_object()) continue;
    const auto& o = x.get_object();
    EvalTicket t;
    const auto* num = o.if_contains("id");
    const bool numeric = num && num->is_int64();
    t.id = eval_ticket_name(numeric ? std::to_string(num->get_int64()) : first_of(o, {"id", "ticket_id"}),
                            numeric, n);
    auto ch = eval_channel(first_of(o, {"channel", "source_channel", "source"}));
    if (!ch)
      throw Error(ErrorKind::invalid_argument,
                  path + ": ticket " + t.id + " has no known channel (email|whatsapp|web_form)");
    t.channel = *ch;
    t.customer_name = first_of(o, {"customer_name", "name"});
    t.email = first_of(o, {"customer_email", "email"});
    t.phone = first_of(o, {"customer_phone", "phone"});
    if (auto* c = o.if_contains("customer"); c && c->is_object()) {  // {"name", "email", ...}
      if (t.customer_name.empty()) t.customer_name = first_of(c->get_object(), {"name"});
      if (t.email.empty()) t.email = first_of(c->get_object(), {"email"});
      if (t.phone.empty()) t.phone = first_of(c->get_object(), {"phone"});
    }
    if (const auto cid = first_of(o, {"customer_id"}); !cid.empty()) {
      // Only a customer id: a stable made-up address/number so the channel's intake accepts it.
      std::string digits;
      for (char ch : cid)
        if (std::isdigit(static_cast<unsigned char>(ch))) digits.push_back(ch);
      if (t.email.empty()) t.email = lower(cid) + "@customers.example";
      if (t.phone.empty() && t.channel == Channel::whatsapp)
        t.phone = "+1555" + std::string(7 - std::min<std::size_t>(7, digits.size()), '0') +
                  digits.substr(0, 7);
    }
    t.subject = first_of(o, {"subject", "title"});
    t.body = first_of(o, {"content", "message", "body", "text"});
    t.category = lower(jsonu::str(o, "category"));
    t.priority = lower(jsonu::str(o, "priority"));
    const std::string action = first_of(o, {"expected_action", "expected"});
    if (auto* e = o.if_contains("expected_escalate"); e && e->is_bool())
      t.expected = e->get_bool() ? "escalate" : "resolve";
    else
      t.expected = expected_of(action);
    // The label's reason: a reason field, the team it goes to, or escalate_<team>.
    t.expected_reason = first_of(o, {"escalation_reason", "escalate_to"});
    if (t.expected_reason.empty() && lower(action).rfind("escalate_", 0) == 0)
      t.expected_reason = lower(action).substr(9);
    if (auto* f = o.if_contains("expected_facts"); f && f->is_array()) {
      for (const auto& s : f->get_array())
        if (s.is_string() && !s.get_string().empty()) t.facts.emplace_back(s.get_string());
    } else {
      t.facts = expected_facts(first_of(o, {"resolution", "expected_answer", "expected_reply"}));
    }
    if (in_eval_split(t.id, split)) out.push_back(std::move(t));
  }
  return out;
}

// ------------------------------------------------------------------ facts

std::vector<std::string> expected_facts(std::string_view resolution) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::string text(resolution);

  // Currency amounts never count: a reply must not quote them.
  static const std::regex money(R"([$€£]\s?\d[\d,.]*(?:/[A-Za-z]+)*)");
  text = std::regex_replace(text, money, " ");

  static const std::regex email(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)");
  for (std::sregex_iterator it(text.begin(), text.end(), email), end; it != end; ++it)
    add_fact(out, seen, it->str());
  text = std::regex_replace(text, email, " ");

  static const std::regex url(R"((?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[^\s,;)]*)?)");
  for (std::sregex_iterator it(text.begin(), text.end(), url), end; it != end; ++it) {
    std::string u = it->str();
    // "e.g" or "i.e" and file names like "report.pdf" are not addresses; a domain has a dot
    // followed by a 2+ letter label and at least 4 characters before it.
    if (u.find('.') < 3) continue;
    add_fact(out, seen, u);
  }
  text = std::regex_replace(text, url, " ");

  // Quoted terms.
  static const std::regex quoted(R"(['"“‘]([^'"”’]{2,40})['"”’])");
  for (std::sregex_iterator it(text.begin(), text.end(), quoted), end; it != end; ++it)
    add_fact(out, seen, (*it)[1].str());

  // Menu paths: the items around each '>' ("Settings > Security > Two-Factor Authentication").
  // An item starts with a capital or digit; a lower-case item ("find user") is a placeholder.
  auto ws = words_of(text);
  auto starts_item = [](const std::string& w) {
    return !w.empty() && (std::isupper(static_cast<unsigned char>(w[0])) ||
                          std::isdigit(static_cast<unsigned char>(w[0])));
  };
  auto ends_clause = [](const std::string& w) {
    return std::string_view(".,;:)!?").find(w.back()) != std::string_view::npos;
  };
  auto wordlike = [](const std::string& w) {
    return w.front() == '&' || std::any_of(w.begin(), w.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c));
           });
  };
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (ws[i].text != ">") continue;
    std::vector<std::string> left;  // backwards: capitalised words, not instructions
    for (std::size_t j = i; j-- > 0 && left.size() < 4;) {
      const auto& w = ws[j].text;
      if (w == ">" || !starts_item(w) || common_word(w) || (!left.empty() && ends_clause(w))) break;
      left.insert(left.begin(), w);
    }
    std::string item;
    for (const auto& w : left) item += (item.empty() ? "" : " ") + w;
    add_fact(out, seen, item);
    item.clear();
    if (i + 1 < ws.size() && starts_item(ws[i + 1].text)) {
      // forwards: up to four words, to the end of the clause or a connecting word
      for (std::size_t j = i + 1, k = 0; j < ws.size() && k < 4; ++j, ++k) {
        const auto& w = ws[j].text;
        if (w == ">" || !wordlike(w) || (k > 0 && common_word(w))) break;
        item += (item.empty() ? "" : " ") + w;
        if (ends_clause(w)) break;
      }
      add_fact(out, seen, item);
    }
  }

  // Numbers with their unit ("10-failed-login" → "10 failed", "1-hour" → "1 hour", "72 hours");
  // bare numbers of three digits or more. "2FA" or "NF-123" are names, not quantities.
  static const std::regex number(
      R"((^|[^A-Za-z0-9.\-])(\d+(?:\.\d+)?)(?:(?:\s*-\s*|\s+)([A-Za-z]{2,}))?(?![A-Za-z0-9]))");
  for (std::sregex_iterator it(text.begin(), text.end(), number), end; it != end; ++it) {
    std::string n = (*it)[2].str(), unit = (*it)[3].str();
    if (!unit.empty() && !common_word(unit))
      add_fact(out, seen, n + " " + lower(unit));
    else if (n.size() >= 3)
      add_fact(out, seen, n);
  }

  // Names: CamelCase, acronyms and identifiers anywhere; runs of capitalised words inside a
  // sentence ("Delivery History"). Shouted words ("NOW") are emphasis, not names.
  static const std::set<std::string> emphasis = {
      "NOW",    "NOT",      "DO",        "DON'T", "NEVER", "ALWAYS", "ASAP",
      "URGENT", "CRITICAL", "IMPORTANT", "NOTE",  "ONLY",  "ALL",    "NO"};
  bool sentence_start = true;
  std::string run;
  auto flush = [&] {
    if (!run.empty()) {
      bool covered = false;  // already part of a path item or another fact
      for (const auto& f : out) covered = covered || contains_word(lower(f), lower(run));
      if (!covered) add_fact(out, seen, run);
    }
    run.clear();
  };
  for (const auto& w : ws) {
    std::string core = w.text;
    while (!core.empty() && std::string_view("([{'\"").find(core.front()) != std::string_view::npos)
      core.erase(core.begin());
    std::string bare = core;
    while (!bare.empty() && !alnum(bare.back())) bare.pop_back();
    const bool ends_sentence =
        !core.empty() && std::string_view(".:;!?").find(core.back()) != std::string_view::npos;
    const bool leading = core != w.text;  // "(Business" starts a new run
    const bool breaks_run = core.empty() || !alnum(core.back());
    int upper = 0, lowerc = 0, digit = 0;
    for (char c : bare) {
      if (std::isupper(static_cast<unsigned char>(c))) ++upper;
      if (std::islower(static_cast<unsigned char>(c))) ++lowerc;
      if (std::isdigit(static_cast<unsigned char>(c))) ++digit;
    }
    const bool special =
        bare.size() >= 2 && !common_word(bare) && !emphasis.count(bare) &&
        ((upper >= 2 && lowerc > 0) || (upper >= 2 && lowerc == 0) || (upper >= 1 && digit > 0));
    const bool capital = bare.size() >= 3 && std::isupper(static_cast<unsigned char>(bare[0])) &&
                         upper == 1 && digit == 0 && !common_word(bare) && !sentence_start;
    if (special || capital) {
      if (leading) flush();
      run += (run.empty() ? "" : " ") + bare;
      if (breaks_run) flush();
    } else {
      flush();
    }
    sentence_start = ends_sentence;
  }
  flush();
  return out;
}

bool reply_has_fact(std::string_view reply, std::string_view fact) {
  const std::string r = collapse_space(lower(reply));
  const std::string f = collapse_space(lower(fact));
  if (f.empty()) return false;
  // A number with its unit: "30 min" matches "30 minutes", "30-minute", "30min".
  static const std::regex num_unit(R"(^(\d+(?:\.\d+)?) ([a-z]+)$)");
  std::smatch m;
  if (std::regex_match(f, m, num_unit)) {
    const std::string n = m[1].str();
    const std::string unit = m[2].str().substr(0, std::min<std::size_t>(3, m[2].str().size()));
    for (std::size_t p = r.find(n); p != std::string::npos; p = r.find(n, p + 1)) {
      if (p > 0 && (std::isdigit(static_cast<unsigned char>(r[p - 1])) || r[p - 1] == '.'))
        continue;
      std::size_t e = p + n.size();
      if (e < r.size() && std::isdigit(static_cast<unsigned char>(r[e]))) continue;
      while (e < r.size() && (r[e] == ' ' || r[e] == '-')) ++e;
      if (r.compare(e, unit.size(), unit) == 0) return true;
    }
    return false;
  }
  if (f.find('.') != std::string::npos && f.find(' ') == std::string::npos)  // a URL or domain
    return r.find(strip_url(f)) != std::string::npos;
  return contains_word(r, f);
}

std::vector<std::string> format_problems(Channel ch, const std::vector<std::string>& parts,
                                         const std::string& ticket_id,
                                         const std::string& company_name) {
  std::vector<std::string> p;
  if (parts.empty()) return {"no reply"};
  std::string all;
  for (const auto& x : parts) all += (all.empty() ? "" : "\n") + x;
  static const std::regex greeting(R"(^\s*(dear|hello|hi|hey|good (morning|afternoon|evening))\b)",
                                   std::regex::icase);
  const bool greeted = std::regex_search(parts.front(), greeting);
  switch (ch) {
    case Channel::email: {
      if (parts.size() != 1) p.push_back("email in several parts");
      if (word_count(all) > 500) p.push_back("over 500 words");
      if (!greeted) p.push_back("no greeting");
      if (ticket_id.empty() || all.find(ticket_id) == std::string::npos)
        p.push_back("no ticket reference");
      // The signature: the last lines carry a sign-off or the company's name.
      std::vector<std::string> lines;
      std::istringstream in(all);
      for (std::string l; std::getline(in, l);)
        if (!trim(l).empty()) lines.push_back(lower(trim(l)));
      std::string tail;
      for (std::size_t i = lines.size() > 3 ? lines.size() - 3 : 0; i < lines.size(); ++i)
        tail += lines[i] + "\n";
      static const std::regex signoff(
          R"(\b(regards|sincerely|best|thanks|thank you|cheers|support|team)\b)");
      if (!std::regex_search(tail, signoff) &&
          (company_name.empty() || tail.find(lower(company_name)) == std::string::npos))
        p.push_back("no signature");
      break;
    }
    case Channel::webform:
      if (word_count(all) > 300) p.push_back("over 300 words");
      if (!greeted) p.push_back("no greeting");
      if (ticket_id.empty() || all.find(ticket_id) == std::string::npos)
        p.push_back("no ticket reference");
      break;
    case Channel::whatsapp:
      for (std::size_t i = 0; i < parts.size(); ++i) {
        std::size_t n = code_points(parts[i]);
        if (n == 0) p.push_back("empty part");
        if (n > 1600)
          p.push_back("part " + std::to_string(i + 1) + " over 1600 characters");
        else if (n > 300)
          p.push_back("part " + std::to_string(i + 1) + " over 300 characters");
      }
      break;
  }
  return p;
}

// ------------------------------------------------------------------ report numbers

double EvalChannel::precision() const {
  return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp);
}
double EvalChannel::adjusted_precision() const {
  return tp + fp == 0 ? 1.0 : static_cast<double>(tp + policy) / (tp + fp);
}
double EvalChannel::recall() const {
  return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / (tp + fn);
}

bool constitution_mandates(const EvalResult& r) {
  if (!r.escalated) return false;
  if (r.reason == "pricing_inquiry" || r.reason == "refund_request" || r.reason == "legal_threat")
    return true;
  for (const auto* field : {&r.ticket.subject, &r.ticket.body})
    for (const auto& w : text::keys(*field))
      if (w == "lawyer" || w == "lawyers" || w == "attorney" || w == "attorneys") return true;
  return false;
}

namespace {

void tally(EvalChannel& c, const EvalResult& r) {
  ++c.tickets;
  const auto& exp = r.ticket.expected;
  if (exp == "escalate") ++c.expected_escalate;
  if (exp == "resolve") ++c.expected_resolve;
  if (exp == "either") ++c.either;
  if (exp == "escalate" && r.escalated) ++c.tp;
  if (exp == "escalate" && !r.escalated) ++c.fn;
  if (exp == "resolve" && r.escalated) {
    ++c.fp;
    if (constitution_mandates(r)) ++c.policy;
  }
  if (exp == "resolve" && !r.escalated) ++c.tn;
  ++c.replies;
  if (r.format_ok) ++c.format_ok;
  if (!r.escalated && !r.ticket.facts.empty()) {
    ++c.answered_with_facts;
    double share = static_cast<double>(r.facts_found.size()) / r.ticket.facts.size();
    c.facts_share_sum += share;
    if (share >= 0.5) ++c.carrying_facts;
  }
}

std::string pct(double x) {
  char b[16];
  std::snprintf(b, sizeof b, "%.0f%%", x * 100);
  return b;
}
std::string ratio(int a, int b) {
  return std::to_string(a) + "/" + std::to_string(b) +
         (b ? " (" + pct(static_cast<double>(a) / b) + ")" : "");
}

// Waits for the intake's commit.
IngestResult ingest(StoreIntake& intake, InboundMessage msg) {
  std::promise<IngestOutcome> p;
  auto f = p.get_future();
  intake.accept(std::move(msg), [&p](IngestOutcome o) { p.set_value(std::move(o)); });
  auto o = f.get();
  if (o.error) std::rethrow_exception(o.error);
  return o.result;
}

}  // namespace

// ------------------------------------------------------------------ run

EvalReport run_eval(const Config& base, const EvalOptions& o) {
  EvalReport rep;
  rep.engine = o.engine;
  rep.tickets_path = o.tickets_path;
  rep.split = o.split;
  rep.kb_path = o.kb_path;
  auto tickets = load_eval_tickets(o.tickets_path, o.split);
  if (!o.coverage_path.empty()) {
    const auto ids = load_coverage_ids(o.coverage_path);
    const std::set<std::string> covered(ids.begin(), ids.end());
    for (auto& t : tickets) {  // the file names a numeric id 37 as "37", the report as "#37"
      const std::string raw = !t.id.empty() && t.id[0] == '#' ? t.id.substr(1) : t.id;
      t.docs_cover = covered.count(t.id) || covered.count(raw) ? 1 : 0;
    }
  }

  Config c = base;
  c.agent_engine = o.engine;
  if (!o.company_name.empty()) c.company_name = o.company_name;
  if (o.engine == "openai" && c.openai_api_key.empty())
    throw ConfigError("fte eval --engine openai needs OPENAI_API_KEY");

  std::string tmpl = (fs::temp_directory_path() / "fte-eval-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw Error(ErrorKind::internal, "cannot create a temporary folder");
  const fs::path dir = tmpl;
  struct Cleanup {
    fs::path d;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(d, ec);
    }
  } cleanup{dir};

  StoreOptions so;
  so.url = "sqlite://" + (dir / "eval.db").string();
  auto store = open_sqlite_store(so);
  // The company's escalation policy (never KB text), for this evaluation.
  if (!o.rules_path.empty()) {
    agent::CompanyRules::set_shared(
        std::make_shared<const agent::CompanyRules>(agent::CompanyRules::load(o.rules_path)));
    rep.rules_path = o.rules_path;
  } else {
    rep.rules_path = agent::CompanyRules::install(o.kb_path);
  }
  {
    auto chunks = kb::load_path(o.kb_path);
    std::erase_if(chunks, [](const KnowledgeChunk& ch) { return agent::is_policy_file(ch.source); });
    std::map<std::string, std::vector<KnowledgeChunk>> by_source;
    for (auto& ch : chunks) by_source[ch.source].push_back(std::move(ch));
    for (const auto& [src, v] : by_source) store->replace_knowledge(src, v);
  }
  kb::KnowledgeBase kb;
  kb.load(store->load_knowledge());
  rep.kb_chunks = kb.size();

  ops::Metrics metrics;
  agent::SupportAgent support(*store, kb, agent_config(c), metrics);
  StoreIntake intake(*store, metrics);
  AgentWorker worker(*store, support, metrics);

  int n = 0;
  for (const auto& t : tickets) {
    ++n;
    InboundMessage m;
    m.channel = t.channel;
    m.channel_message_id = "eval-" + std::to_string(n) + "-" + t.id;
    m.ticket_id = new_uuid();
    m.customer_name = t.customer_name;
    m.email = lower(t.email);
    m.phone = t.phone;
    // Every customer needs an identity on its channel; labelled data sometimes leaves it out.
    if (t.channel == Channel::whatsapp && m.phone.empty()) {
      char b[24];
      std::snprintf(b, sizeof b, "+1555%07d", n);
      m.phone = b;
    }
    if (t.channel != Channel::whatsapp && m.email.empty())
      m.email = "eval-" + std::to_string(n) + "@example.invalid";
    m.subject = t.subject;
    m.category = t.category;
    m.priority = t.priority;
    m.body = t.body;
    if (t.channel == Channel::email) m.rfc822_message_id = "<eval-" + std::to_string(n) + "@eval>";

    const auto before = store->last_event_seq();
    auto ids = ingest(intake, m);
    if (ids.duplicate) continue;
    EvalResult r;
    r.ticket = t;
    // A fact equal to the company's name says nothing (every signature carries it).
    std::erase_if(r.ticket.facts, [&](const std::string& f) {
      return !c.company_name.empty() && lower(f) == lower(c.company_name);
    });
    // The intake's event, exactly as the agent worker receives it from the bus.
    std::optional<Envelope> incoming;
    for (const auto& e : store->read_events({std::string(topics::tickets_incoming)}, before, 100))
      if (e.envelope.payload.find(m.channel_message_id) != std::string::npos) incoming = e.envelope;
    if (!incoming) throw Error(ErrorKind::internal, "the intake wrote no event for " + t.id);
    const auto after_intake = store->last_event_seq();
    worker.handle(*incoming);

    // What the customer receives: the outbound event's parts.
    const std::string out_topic = topics::channel_topic(to_string(t.channel), "outbound");
    for (const auto& e : store->read_events({out_topic}, after_intake, 100)) {
      auto reply = channels::outbound_from_json(e.envelope.payload);
      if (reply.ticket_id == ids.ticket_id) r.parts = reply.parts;
    }
    if (auto view = store->ticket_view(ids.ticket_id)) {
      r.escalated = !view->ticket.escalation_reason.empty() || view->ticket.status == "escalated";
      r.reason = view->ticket.escalation_reason;
    }
    auto runs = store->agent_runs(ids.ticket_id);
    if (!runs.empty()) {
      r.engine = runs.back().engine;
      r.latency_ms = runs.back().latency_ms;
      json::error_code ec;
      const auto trace = json::parse(runs.back().trace_json, ec);
      if (!ec && trace.is_object())
        if (const auto* src = trace.get_object().if_contains("sources"); src && src->is_array())
          for (const auto& c : src->get_array())
            if (const auto* title = c.is_object() ? c.get_object().if_contains("title") : nullptr;
                title && title->is_string())
              r.cited.emplace_back(title->get_string());
    }
    r.format_problems = format_problems(t.channel, r.parts, ids.ticket_id, c.company_name);
    r.format_ok = r.format_problems.empty();
    std::string all;
    for (const auto& p : r.parts) all += p + "\n";
    for (const auto& f : r.ticket.facts)
      (reply_has_fact(all, f) ? r.facts_found : r.facts_missing).push_back(f);
    rep.results.push_back(std::move(r));
  }

  for (const char* name : {"email", "whatsapp", "webform", "all"}) {
    EvalChannel ch;
    ch.channel = name;
    for (const auto& r : rep.results)
      if (ch.channel == "all" || to_string(r.ticket.channel) == ch.channel) tally(ch, r);
    rep.channels.push_back(ch);
  }
  return rep;
}

// ------------------------------------------------------------------ output

std::string eval_text(const EvalReport& r) {
  std::ostringstream o;
  o << "fte eval: " << r.results.size() << " tickets (split " << r.split << ") from "
    << r.tickets_path << ", engine "
    << r.engine << ", knowledge base " << r.kb_path << " (" << r.kb_chunks << " sections)"
    << (r.rules_path.empty() ? std::string() : ", escalation rules " + r.rules_path) << "\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-9s %7s %9s %9s %10s %8s %10s %12s %14s %10s\n", "channel",
                "tickets", "exp.esc", "escalated", "precision", "recall", "adj.prec.", "format ok",
                "facts>=50%", "facts avg");
  o << line;
  for (const auto& c : r.channels) {
    int escalated = c.tp + c.fp;
    for (const auto& x : r.results)
      if ((c.channel == "all" || to_string(x.ticket.channel) == c.channel) &&
          x.ticket.expected == "either" && x.escalated)
        ++escalated;
    std::snprintf(
        line, sizeof line, "%-9s %7d %9d %9d %10s %8s %10s %12s %14s %10s\n", c.channel.c_str(),
        c.tickets, c.expected_escalate, escalated, pct(c.precision()).c_str(),
        pct(c.recall()).c_str(), pct(c.adjusted_precision()).c_str(),
        (std::to_string(c.format_ok) + "/" + std::to_string(c.replies)).c_str(),
        (std::to_string(c.carrying_facts) + "/" + std::to_string(c.answered_with_facts)).c_str(),
        c.answered_with_facts ? pct(c.facts_share_sum / c.answered_with_facts).c_str() : "-");
    o << line;
  }
  const auto& all = r.channels.back();
  o << "\nescalation: positive = escalated; expected from the label (resolve_or_escalate and "
       "unlabelled tickets are not counted: "
    << all.either << " here).\n"
    << "adj.prec. counts as correct the escalations the constitution mandates whatever the label "
       "says (pricing_inquiry, refund_request, legal_threat, or a lawyer/attorney named): "
    << all.policy << " here.\n"
    << "answered "
    << ratio(
           all.tn +
               [&] {
                 int k = 0;
                 for (const auto& x : r.results) k += x.ticket.expected == "either" && !x.escalated;
                 return k;
               }(),
           all.tickets)
    << " tickets; facts: share of the expected resolution's key facts found in the reply.\n";

  o << "\nmissed escalations (labelled escalate, answered):\n";
  for (const auto& x : r.results)
    if (x.ticket.expected == "escalate" && !x.escalated)
      o << "  " << x.ticket.id << " [" << to_string(x.ticket.channel)
        << "] label: " << x.ticket.expected_reason << "\n";
  o << "escalated although labelled resolve:\n";
  for (const auto& x : r.results)
    if (x.ticket.expected == "resolve" && x.escalated)
      o << "  " << x.ticket.id << " [" << to_string(x.ticket.channel) << "] " << x.reason
        << (constitution_mandates(x) ? " (mandated by the constitution)" : "") << "\n";
  o << "format problems:\n";
  for (const auto& x : r.results)
    if (!x.format_ok) {
      o << "  " << x.ticket.id << " [" << to_string(x.ticket.channel) << "]";
      for (const auto& p : x.format_problems) o << " " << p << ";";
      o << "\n";
    }
  o << "answers carrying under half of the expected facts:\n";
  for (const auto& x : r.results)
    if (!x.escalated && !x.ticket.facts.empty() &&
        x.facts_found.size() * 2 < x.ticket.facts.size()) {
      o << "  " << x.ticket.id << " [" << to_string(x.ticket.channel) << "] "
        << x.facts_found.size() << "/" << x.ticket.facts.size() << " missing:";
      for (const auto& f : x.facts_missing) o << " \"" << f << "\"";
      o << "\n";
    }
  o << judgement_text(r);
  return o.str();
}

std::string eval_json(const EvalReport& r) {
  json::array channels;
  for (const auto& c : r.channels)
    channels.push_back(
        json::object{{"channel", c.channel},
                     {"tickets", c.tickets},
                     {"expected_escalate", c.expected_escalate},
                     {"expected_resolve", c.expected_resolve},
                     {"either", c.either},
                     {"true_positive", c.tp},
                     {"false_positive", c.fp},
                     {"false_negative", c.fn},
                     {"true_negative", c.tn},
                     {"policy_escalations", c.policy},
                     {"precision", c.precision()},
                     {"adjusted_precision", c.adjusted_precision()},
                     {"recall", c.recall()},
                     {"replies", c.replies},
                     {"format_ok", c.format_ok},
                     {"answered_with_facts", c.answered_with_facts},
                     {"carrying_facts", c.carrying_facts},
                     {"facts_share_avg",
                      c.answered_with_facts ? c.facts_share_sum / c.answered_with_facts : 0.0}});
  json::array tickets;
  for (const auto& x : r.results) {
    json::array problems, found, missing, parts;
    for (const auto& p : x.format_problems) problems.push_back(json::value(p));
    for (const auto& f : x.facts_found) found.push_back(json::value(f));
    for (const auto& f : x.facts_missing) missing.push_back(json::value(f));
    for (const auto& p : x.parts) parts.push_back(json::value(p));
    // The judgement's evidence (layer: reason, matched words or model probability), for diagnosis.
    json::array judged;
    const auto ic = agent::check_input(x.ticket.channel, x.ticket.subject, x.ticket.body);
    for (const auto& t : ic.trips) judged.push_back(json::value(t.guardrail + ": " + t.evidence));
    json::object row{{"id", x.ticket.id},
                                   {"channel", to_string(x.ticket.channel)},
                                   {"expected", x.ticket.expected},
                                   {"escalated", x.escalated},
                                   {"reason", x.reason},
                                   {"judged_by", std::move(judged)},
                                   {"engine", x.engine},
                                   {"latency_ms", x.latency_ms},
                                   {"format_ok", x.format_ok},
                                   {"format_problems", std::move(problems)},
                                   {"facts_found", std::move(found)},
                                   {"facts_missing", std::move(missing)},
                                   {"reply_parts", std::move(parts)}};
    if (x.ticket.docs_cover >= 0) row["docs_cover"] = x.ticket.docs_cover == 1;  // --coverage
    if (!x.cited.empty()) row["cited"] = json::value_from(x.cited);
    tickets.push_back(std::move(row));
  }
  return json::serialize(json::object{{"engine", r.engine},
                                      {"tickets_file", r.tickets_path},
                                      {"split", r.split},
                                      {"escalation_rules", r.rules_path},
                                      {"knowledge_base", r.kb_path},
                                      {"kb_sections", r.kb_chunks},
                                      {"channels", std::move(channels)},
                                      {"tickets", std::move(tickets)}});
}

int run_eval_cli(const Config& c, const EvalOptions& o, bool as_json) {
  ops::set_log_level(ops::Level::error);  // one "agent run" line per ticket is noise here
  auto report = run_eval(c, o);
  std::cout << (as_json ? eval_json(report) + "\n" : eval_text(report));
  return 0;
}

}  // namespace fte::app
