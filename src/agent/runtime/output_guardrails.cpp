#include "agent/runtime/output_guardrails.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "agent/judgement/text.h"

namespace fte::agent {

namespace {

using Set = std::unordered_set<std::string_view>;

bool digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool number_token(std::string_view w) {
  bool any = false;
  for (char c : w) {
    if (digit(c)) {
      any = true;
    } else if (c != ',' && c != '.') {
      return false;
    }
  }
  return any;
}

// Currency symbols as UTF-8 byte strings.
constexpr std::string_view kSymbols[] = {"$", "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5",
                                         "\xE2\x82\xB9"};

std::string symbol_amount(std::string_view s) {
  for (auto sym : kSymbols) {
    for (auto pos = s.find(sym); pos != std::string_view::npos; pos = s.find(sym, pos + 1)) {
      std::size_t after = pos + sym.size();
      while (after < s.size() && s[after] == ' ') ++after;
      bool digit_after = after < s.size() && digit(s[after]);
      std::size_t before = pos;
      while (before > 0 && s[before - 1] == ' ') --before;
      bool digit_before = before > 0 && digit(s[before - 1]);
      if (digit_after || digit_before) {
        std::size_t b = digit_before ? before - 1 : pos;
        std::size_t e = digit_after ? after : pos + sym.size();
        while (b > 0 && (digit(s[b - 1]) || s[b - 1] == ',' || s[b - 1] == '.')) --b;
        while (e < s.size() && (digit(s[e]) || s[e] == ',' || s[e] == '.')) ++e;
        return std::string(s.substr(b, e - b));
      }
    }
  }
  return {};
}

const Set& currency_codes() {
  static const Set k = {"usd", "eur", "gbp", "cad", "aud", "inr", "jpy", "chf", "nzd", "sgd",
                        "sek", "nok", "dkk", "brl", "mxn", "zar", "cny", "hkd", "pln"};
  return k;
}

const Set& currency_words() {
  static const Set k = {"dollar", "dollars", "euro",   "euros", "pound", "pounds",
                        "bucks",  "cents",   "rupees", "yen",   "francs"};
  return k;
}

bool contains_term(const std::vector<std::string>& ws, std::string_view term) {
  return text::has_phrase(ws, term);
}

// A constant term list, each term cut into words once (check_reply looks for every term in every
// sentence of every candidate reply: the agent's hottest loop).
struct Term {
  std::string_view text;
  std::vector<std::string> words;
};
using Terms = std::vector<Term>;

Terms make_terms(std::initializer_list<std::string_view> list) {
  Terms out;
  for (auto t : list) out.push_back({t, text::words(t)});
  return out;
}

bool contains(const std::vector<std::string>& ws, const Term& t) {
  const auto& ph = t.words;
  if (ph.empty() || ws.size() < ph.size()) return false;
  for (std::size_t i = 0; i + ph.size() <= ws.size(); ++i) {
    if (ws[i] != ph[0]) continue;
    bool ok = true;
    for (std::size_t k = 1; k < ph.size() && ok; ++k) ok = ws[i + k] == ph[k];
    if (ok) return true;
  }
  return false;
}

// The detectors on a sentence already cut into words (`ws`) and lower-cased (`low`).
std::string currency_amount_in(std::string_view s, const std::vector<std::string>& ws,
                               const std::string& low);
std::string price_talk_in(const std::vector<std::string>& ws, const std::string& low);
std::string refund_promise_in(const std::vector<std::string>& ws);

}  // namespace

std::string find_currency_amount(std::string_view s) {
  return currency_amount_in(s, text::words(s), text::lower(s));
}

std::string find_price_talk(std::string_view s) {
  return price_talk_in(text::words(s), text::lower(s));
}

std::string find_refund_promise(std::string_view s) {
  return refund_promise_in(text::words(s));
}

namespace {

std::string currency_amount_in(std::string_view s, const std::vector<std::string>& ws,
                               const std::string& low) {
  if (auto a = symbol_amount(s); !a.empty()) return a;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    const auto& w = ws[i];
    bool num = number_token(w);
    // "USD 10", "10 USD", "10 dollars"
    if (num && i + 1 < ws.size() &&
        (currency_codes().count(ws[i + 1]) || currency_words().count(ws[i + 1])))
      return w + " " + ws[i + 1];
    if (num && i > 0 && currency_codes().count(ws[i - 1])) return ws[i - 1] + " " + w;
    // "10usd", "usd10"
    if (w.size() > 3 && digit(w.front()) && currency_codes().count(w.substr(w.size() - 3)))
      return w;
    if (w.size() > 3 && digit(w.back()) && currency_codes().count(w.substr(0, 3))) return w;
  }
  // "12/month", "12 / user"
  for (std::string_view unit : {"/month", "/mo", "/user", "/seat", "/year", "/yr"}) {
    for (auto pos = low.find(unit); pos != std::string::npos; pos = low.find(unit, pos + 1)) {
      std::size_t b = pos;
      while (b > 0 && low[b - 1] == ' ') --b;
      std::size_t end = pos + unit.size();
      bool whole = end >= low.size() || !std::isalpha(static_cast<unsigned char>(low[end]));
      if (b > 0 && digit(low[b - 1]) && whole) return std::string(s.substr(b - 1, end - b + 1));
    }
  }
  return {};
}

std::string price_talk_in(const std::vector<std::string>& ws, const std::string& low) {
  static const Set kWords = {"price",     "prices",     "pricing", "priced", "discount",
                             "discounts", "discounted", "coupon",  "promo"};
  static const Terms kPhrases = make_terms(
      {"months free", "month free", "percent off", "free months", "a quote for", "quote for"});
  for (const auto& w : ws)
    if (kWords.count(w)) return w;
  for (const auto& p : kPhrases)
    if (contains(ws, p)) return std::string(p.text);
  if (auto pos = low.find("% off"); pos != std::string::npos) return "% off";
  return {};
}

std::string refund_promise_in(const std::vector<std::string>& ws) {
  static const Set kWords = {"refund",     "refunds",    "refunded",   "refunding",
                             "refundable", "reimburse",  "reimbursed", "reimbursement",
                             "chargeback", "chargebacks"};
  static const Terms kPhrases =
      make_terms({"money back", "credit your account", "credit to your account",
                  "credited to your account", "reverse the charge", "cancel the charge"});
  for (const auto& w : ws) {
    if (kWords.count(w)) return w;
    if (w.find("refund") != std::string::npos) return w;  // "non-refundable"
  }
  for (const auto& p : kPhrases)
    if (contains(ws, p)) return std::string(p.text);
  return {};
}

// The outcomes remembered while a ReplyCheckMemo lives (rule "" for none), and its hits.
struct SentenceVerdicts {
  std::unordered_map<std::string, std::pair<std::string, std::string>> by_sentence;
  std::size_t hits = 0;
};
thread_local SentenceVerdicts* t_verdicts = nullptr;

}  // namespace

ReplyCheckMemo::ReplyCheckMemo() : owner_(t_verdicts == nullptr) {
  if (owner_) t_verdicts = new SentenceVerdicts;
}

ReplyCheckMemo::~ReplyCheckMemo() {
  if (!owner_) return;
  delete t_verdicts;
  t_verdicts = nullptr;
}

std::size_t ReplyCheckMemo::hits() const {
  return t_verdicts ? t_verdicts->hits : 0;
}

std::vector<Violation> check_reply(std::string_view message, const ReplyCheckOptions& opts) {
  bool read_public_text = false;
  return check_reply(message, opts, read_public_text);
}

std::vector<Violation> check_reply(std::string_view message, const ReplyCheckOptions& opts,
                                   bool& read_public_text) {
  // Terms that are internal unless the public docs use them; and terms that never are allowed.
  static const Terms kInternal = make_terms({"database",
                                                          "databases",
                                                          "sql",
                                                          "postgres",
                                                          "postgresql",
                                                          "sqlite",
                                                          "kafka",
                                                          "queue",
                                                          "queues",
                                                          "message queue",
                                                          "backend",
                                                          "back-end",
                                                          "microservice",
                                                          "microservices",
                                                          "stack trace",
                                                          "internal tool",
                                                          "internal tools",
                                                          "internal process",
                                                          "internal system",
                                                          "knowledge base",
                                                          "ticketing system",
                                                          "crm",
                                                          "language model",
                                                          "llm",
                                                          "openai",
                                                          "gpt",
                                                          "chatgpt",
                                                          "guardrail",
                                                          "guardrails"});
  static const Terms kNeverAllowed = make_terms({"prompt",
                                                              "prompts",
                                                              "system prompt",
                                                              "my instructions",
                                                              "create_ticket",
                                                              "get_customer_history",
                                                              "search_knowledge_base",
                                                              "send_response",
                                                              "escalate_to_human",
                                                              "tool call",
                                                              "tool calls",
                                                              "function call"});
  static const Terms kComparative = make_terms(
      {"competitor",   "competitors",  "competing product", "better than", "worse than",
       "cheaper than", "unlike other", "switch from",       "compared to", "compared with"});

  // The first words of those terms (but the '_' ones, looked for in the raw text): a sentence
  // without any of them contains none of the terms, and most sentences have none.
  static const Set kFirstWords = [] {
    Set out;
    for (const Terms* list : {&kInternal, &kNeverAllowed, &kComparative})
      for (const auto& t : *list)
        if (!t.words.empty()) out.insert(t.words.front());
    return out;
  }();

  // The documentation's words are needed only when a sentence uses an internal or comparative
  // term (rare): cut them then, once per call.
  std::optional<std::vector<std::string>> public_words;
  auto public_ws = [&]() -> const std::vector<std::string>& {
    if (!public_words) public_words = text::words(opts.public_text);
    return *public_words;
  };
  auto is_public = [&](const Term& term) { return contains(public_ws(), term); };

  std::vector<Violation> out;
  // One sentence: adds its violation (if any) to `out`; returns whether the outcome may depend
  // on `opts` (a term word in it), otherwise it depends on the sentence alone.
  auto check_sentence = [&](const std::string& sentence) -> bool {
    const auto ws = text::words(sentence);
    const auto low = text::lower(sentence);
    const bool has_term_word = std::any_of(ws.begin(), ws.end(), [](const std::string& w) {
      return kFirstWords.count(w) > 0;
    });
    auto add = [&](const char* rule, std::string ev) {
      out.push_back({rule, sentence, std::move(ev)});
    };
    if (auto ev = currency_amount_in(sentence, ws, low); !ev.empty()) {
      add("price", ev);
      return has_term_word;
    }
    if (auto ev = price_talk_in(ws, low); !ev.empty()) {
      add("price", ev);
      return has_term_word;
    }
    if (auto ev = refund_promise_in(ws); !ev.empty()) {
      add("refund_promise", ev);
      return has_term_word;
    }
    for (const auto& term : kNeverAllowed) {
      // tool names contain '_', which text::words splits on: look at the raw text too
      bool hit = term.text.find('_') != std::string_view::npos
                     ? low.find(term.text) != std::string::npos
                     : has_term_word && contains(ws, term);
      if (hit) {
        add("internal_detail", std::string(term.text));
        return has_term_word;
      }
    }
    for (const auto& term : kInternal) {
      if (has_term_word && contains(ws, term) && !is_public(term)) {
        add("internal_detail", std::string(term.text));
        return has_term_word;
      }
    }
    for (const auto& name : opts.competitor_names) {
      auto n = text::lower(name);
      if (!n.empty() && contains_term(ws, n) && !contains_term(public_ws(), n)) {
        add("competitor", n);
        return true;
      }
    }
    for (const auto& term : kComparative) {
      if (has_term_word && contains(ws, term) && !is_public(term)) {
        add("competitor", std::string(term.text));
        break;
      }
    }
    return has_term_word;
  };
  // With a ReplyCheckMemo: a sentence whose outcome depends on its text alone is checked once.
  const bool memo = t_verdicts != nullptr && opts.competitor_names.empty();
  for (const auto& sentence : text::sentences(message)) {
    if (memo) {
      if (auto it = t_verdicts->by_sentence.find(sentence); it != t_verdicts->by_sentence.end()) {
        ++t_verdicts->hits;
        if (!it->second.first.empty())
          out.push_back({it->second.first, sentence, it->second.second});
        continue;
      }
    }
    const std::size_t before = out.size();
    const bool depends_on_opts = check_sentence(sentence);
    if (memo && !depends_on_opts)
      t_verdicts->by_sentence.emplace(
          sentence, out.size() > before ? std::make_pair(out.back().rule, out.back().evidence)
                                        : std::pair<std::string, std::string>{});
  }
  read_public_text = public_words.has_value();
  return out;
}

}  // namespace fte::agent
