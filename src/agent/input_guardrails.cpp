#include "agent/input_guardrails.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "agent/sentiment.h"
#include "agent/text.h"

namespace fte::agent {

namespace {

using Set = std::unordered_set<std::string_view>;
using Words = std::vector<std::string>;

bool in(const Set& s, std::string_view w) {
  return s.count(w) > 0;
}

// Every word and, for hyphenated words, each part ("non-refundable" → "non", "refundable").
Words words_and_parts(const Words& ws) {
  Words out;
  for (const auto& w : ws) {
    out.push_back(w);
    if (w.find('-') == std::string::npos) continue;
    std::size_t b = 0;
    while (b <= w.size()) {
      auto e = std::min(w.find('-', b), w.size());
      if (e > b) out.push_back(w.substr(b, e - b));
      b = e + 1;
    }
  }
  return out;
}

std::optional<std::string> first_word(const Words& ws, const Set& set) {
  for (const auto& w : words_and_parts(ws))
    if (in(set, w)) return w;
  return std::nullopt;
}

std::optional<std::string> first_phrase(const Words& ws,
                                        std::initializer_list<std::string_view> ps) {
  for (auto p : ps)
    if (text::has_phrase(ws, p)) return std::string(p);
  return std::nullopt;
}

std::string_view at(const Words& ws, std::size_t i) {
  return i < ws.size() ? std::string_view(ws[i]) : std::string_view();
}

// "Sue" the person rather than the verb: "I'm Sue", "Thanks, Sue", "Sue from accounting",
// "I spoke with Sue yesterday". A lower-case "sue" after a modal ("we will sue") is the verb.
bool sue_is_a_name(const std::vector<text::Token>& ts, std::size_t i) {
  static const Set kIntro = {"i'm",   "im",        "am",     "is",    "it's",  "its", "thanks",
                             "thank", "regards",   "cheers", "hi",    "hello", "hey", "dear",
                             "from",  "named",     "name",   "best",  "mrs",   "ms",  "miss",
                             "with",  "colleague", "ask",    "asked", "told",  "cc",  "and"};
  static const Set kVerbContextBefore = {
      "will", "i'll",  "we'll", "gonna", "to", "going", "can", "could", "should", "would", "might",
      "may",  "shall", "must",  "i",     "we", "they",  "and", "or",    "then",   "not"};
  static const Set kVerbContextAfter = {"you",      "your",  "you're", "u",      "them",
                                        "the",      "this",  "that",   "for",    "over",
                                        "everyone", "y'all", "yall",   "company"};
  std::string_view prev = i > 0 ? std::string_view(ts[i - 1].low) : std::string_view();
  std::string_view next = i + 1 < ts.size() ? std::string_view(ts[i + 1].low) : std::string_view();
  const auto& raw = ts[i].raw;
  bool capitalised = std::isupper(static_cast<unsigned char>(raw[0])) && raw != "SUE";
  if (in(kVerbContextAfter, next)) return false;
  if (in(kIntro, prev) && !(prev == "and" && !capitalised)) return true;
  if (next == "from" || next == "here") return true;
  if (capitalised && !in(kVerbContextBefore, prev)) return true;
  return false;
}

}  // namespace

std::optional<std::string> legal_threat(std::string_view input) {
  static const Set kWords = {"lawyer",     "lawyers", "attorney", "attorneys",  "legal",
                             "legally",    "lawsuit", "lawsuits", "litigation", "litigate",
                             "litigating", "sued",    "suing",    "solicitor",  "solicitors",
                             "court",      "courts",  "barrister"};
  const auto ws = text::words(input);
  if (auto w = first_word(ws, kWords)) return w;
  if (auto p = first_phrase(ws, {"class action", "cease and desist", "small claims"})) return p;
  const auto ts = text::tokens(input);
  for (std::size_t i = 0; i < ts.size(); ++i)
    if (ts[i].low == "sue" && !sue_is_a_name(ts, i)) return std::string("sue");
  return std::nullopt;
}

std::optional<std::string> refund_request(std::string_view input) {
  static const Set kWords = {"refund",     "refunds",    "refunded",   "refunding",
                             "refundable", "reimburse",  "reimbursed", "reimbursement",
                             "chargeback", "chargebacks"};
  const auto ws = text::words(input);
  if (auto w = first_word(ws, kWords)) return w;
  return first_phrase(
      ws, {"money back", "back my money", "return my money", "charge back", "my money returned"});
}

std::optional<std::string> pricing_inquiry(std::string_view input) {
  static const Set kWords = {"price",     "prices",     "pricing",   "priced",    "discount",
                             "discounts", "discounted", "coupon",    "coupons",   "promo",
                             "cheaper",   "cheapest",   "expensive", "quotation", "quotations"};
  static const Set kPlanWords = {
      "plan",    "plans",     "subscription", "subscriptions", "license", "licenses",
      "licence", "licences",  "seat",         "seats",         "tier",    "tiers",
      "upgrade", "upgrading", "membership",   "monthly",       "annual",  "yearly",
      "renewal", "user",      "users",        "enterprise",    "edition", "package"};
  static const Set kAskVerbs = {"does", "do", "will", "would", "is", "are", "did"};
  const auto ws = text::words(input);
  if (auto w = first_word(ws, kWords)) return w;
  if (auto p = first_phrase(
          ws, {"how much does", "how much do", "how much is", "how much are", "how much would",
               "how much will", "how much for", "how much money", "how much to",
               "what do you charge", "get a quote", "request a quote", "need a quote",
               "want a quote", "send me a quote", "send a quote", "a quote for", "quote for"}))
    return p;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (ws[i] != "cost" && ws[i] != "costs") continue;
    // "how much ... cost", "what does/will ... cost"
    for (std::size_t k = i >= 6 ? i - 6 : 0; k + 1 < i; ++k) {
      if ((ws[k] == "how" && ws[k + 1] == "much") || (ws[k] == "what" && in(kAskVerbs, ws[k + 1])))
        return std::string("cost");
    }
    // "plan cost", "cost of the Business plan", "cost per seat"
    if (i > 0 && in(kPlanWords, ws[i - 1])) return std::string("cost");
    if (at(ws, i + 1) == "of" || at(ws, i + 1) == "for") {
      for (std::size_t k = i + 2; k < ws.size() && k <= i + 5; ++k)
        if (in(kPlanWords, ws[k])) return std::string("cost");
    }
    if (at(ws, i + 1) == "per") return std::string("cost");
  }
  return std::nullopt;
}

std::optional<std::string> human_requested(std::string_view input) {
  static const Set kTalkVerbs = {"talk", "speak", "chat", "connect", "transfer"};
  static const Set kFiller = {"to",   "with",   "me",       "a",      "an",   "the",
                              "some", "your",   "real",     "actual", "live", "one",
                              "of",   "please", "directly", "right",  "now",  "human"};
  static const Set kTargets = {"person",         "human", "humans",  "someone",
                               "somebody",       "agent", "manager", "supervisor",
                               "representative", "rep",   "operator"};
  static const Set kStrictTargets = {"human",      "humans",   "representative",
                                     "supervisor", "operator", "person"};
  static const Set kWantVerbs = {"want", "need", "request", "require", "prefer"};
  const auto ws = text::words(input);
  if (auto p = first_phrase(
          ws, {"real person", "real human", "actual person", "actual human", "live person",
               "live agent", "human agent", "human being", "human support", "human please",
               "customer service rep", "put me through"}))
    return p;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    const auto& w = ws[i];
    if (in(kTalkVerbs, w) || in(kWantVerbs, w)) {
      // "talk/speak to ...", "connect/transfer me to ...": any person; other verbs: a human.
      bool loose = w == "talk" || w == "speak" ||
                   ((w == "connect" || w == "transfer") && at(ws, i + 1) == "me");
      const Set& targets = loose ? kTargets : kStrictTargets;
      for (std::size_t k = i + 1; k < ws.size() && k <= i + 5; ++k) {
        if (in(targets, ws[k])) {
          // "need a person" is too loose ("I need a person on my team to..."): only with talk.
          if (in(kWantVerbs, w) && ws[k] == "person") break;
          return w + " to " + ws[k];
        }
        if (!in(kFiller, ws[k])) break;
      }
    }
    if (w == "representative") {
      bool describes_self = (i >= 1 && ws[i - 1] == "as") || (i >= 2 && ws[i - 2] == "as") ||
                            (i >= 2 && (ws[i - 2] == "am" || ws[i - 2] == "i'm"));
      if (!describes_self) return w;
    }
    if (w == "escalate") {
      static const Set kObject = {"this",   "it",  "my",  "me",          "to",  "the",
                                  "please", "our", "now", "immediately", "asap"};
      bool last = i + 1 == ws.size();
      bool polite = i > 0 && ws[i - 1] == "please";
      if (last || polite || in(kObject, at(ws, i + 1))) return w;
    }
  }
  return std::nullopt;
}

std::optional<std::string> security_incident(std::string_view input) {
  static const Set kWords = {"hacked", "hacker", "hackers", "compromised", "breached"};
  const auto ws = text::words(input);
  if (auto w = first_word(ws, kWords)) return w;
  return first_phrase(ws, {"unauthorized access",      "unauthorised access",
                           "unauthorized login",       "unauthorised login",
                           "unauthorized logins",      "suspicious login",
                           "suspicious logins",        "suspicious activity",
                           "suspicious access",        "data breach",
                           "security breach",          "account takeover",
                           "someone logged into",      "someone else logged",
                           "api key was leaked",       "api key leaked",
                           "leaked api key",           "exposed api key",
                           "api key was exposed",      "logins we don't recognize",
                           "login we don't recognize", "we don't recognize"});
}

std::optional<std::string> data_loss(std::string_view input) {
  static const Set kWords = {"disappeared", "disappearing", "vanished", "vanishing", "vanish"};
  const auto ws = text::words(input);
  if (auto p = first_phrase(ws, {"data loss", "lost data", "lost all", "lost our data",
                                 "lost my data", "lost all our", "data is gone", "data was deleted",
                                 "data has been deleted", "data got deleted", "lost everything"}))
    return p;
  return first_word(ws, kWords);
}

std::optional<std::string> account_or_compliance_request(std::string_view input) {
  static const Set kWords = {"hipaa", "baa", "pentest", "pentests"};
  const auto ws = text::words(input);
  if (auto w = first_word(ws, kWords)) return w;
  return first_phrase(ws, {"transfer ownership",
                           "transfer the ownership",
                           "transfer workspace ownership",
                           "transfer account ownership",
                           "transfer my ownership",
                           "ownership transfer",
                           "change the owner",
                           "change ownership",
                           "business associate agreement",
                           "data processing agreement",
                           "penetration test",
                           "penetration testing results",
                           "security audit",
                           "audit report",
                           "audit reports",
                           "soc 2 report",
                           "soc2 report",
                           "soc 2 type",
                           "compliance report",
                           "security questionnaire"});
}

std::optional<std::string> whatsapp_keyword(std::string_view body) {
  static const Set kKeywords = {"human", "agent", "representative"};
  Words rest;
  for (auto& w : text::words(body))
    if (w != "please" && w != "pls" && w != "plz" && w != "a" && w != "an") rest.push_back(w);
  if (rest.size() == 1 && in(kKeywords, rest[0])) return rest[0];
  return std::nullopt;
}

InputCheck check_input(Channel channel, std::string_view subject, std::string_view body) {
  InputCheck r;
  std::string all(subject);
  if (!all.empty()) all += "\n";
  all += body;
  auto trip = [&](const char* guardrail, const char* reason, const char* urgency,
                  const std::optional<std::string>& ev) {
    if (ev) r.trips.push_back({guardrail, reason, urgency, *ev});
  };
  const auto sentiment = analyse_sentiment(all);
  r.sentiment = sentiment.score;
  trip("legal", "legal_threat", "critical", legal_threat(all));
  auto profane = find_profanity(all);
  trip("profanity", "negative_sentiment", "high",
       profane.empty() ? std::nullopt : std::optional<std::string>(profane));
  if (sentiment.score < kNegativeSentimentThreshold) {
    std::string ev = "sentiment " + std::to_string(sentiment.score).substr(0, 4);
    if (!sentiment.negative.empty()) ev += " (" + sentiment.negative.front() + ")";
    trip("sentiment", "negative_sentiment", "high", ev);
  }
  trip("security", "security_incident", "critical", security_incident(all));
  trip("data_loss", "data_loss", "high", data_loss(all));
  trip("account_compliance", "account_or_compliance_request", "normal",
       account_or_compliance_request(all));
  trip("refund", "refund_request", "normal", refund_request(all));
  trip("pricing", "pricing_inquiry", "normal", pricing_inquiry(all));
  trip("human_request", "human_requested", "normal", human_requested(all));
  if (channel == Channel::whatsapp)
    trip("whatsapp_keyword", "human_requested", "normal", whatsapp_keyword(body));
  return r;
}

}  // namespace fte::agent
