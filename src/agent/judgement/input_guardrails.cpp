#include "agent/judgement/input_guardrails.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <unordered_set>

#include "agent/judgement/sentiment.h"
#include "agent/judgement/intent_model.h"
#include "agent/judgement/paraphrase_rules.h"
#include "agent/judgement/phrase_guard.h"
#include "agent/judgement/staff_requests.h"
#include "agent/judgement/structural_signals.h"
#include "agent/judgement/text.h"
#include "text/normalize.h"

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
    for (auto part : ::fte::text::parts(w, "-")) out.emplace_back(part);
  }
  return out;
}

std::optional<std::string> first_word(const Words& ws, const Set& set) {
  for (const auto& w : words_and_parts(ws))
    if (in(set, w)) return w;
  return std::nullopt;
}

// The first word of `set` (or part of a hyphenated word) at a position `meant` accepts.
template <class Pred>
std::optional<std::string> first_meant_word(const Words& ws, const Set& set, Pred meant) {
  for (std::size_t i = 0; i < ws.size(); ++i)
    for (const auto& w : words_and_parts({ws[i]}))
      if (in(set, w) && meant(i)) return w;
  return std::nullopt;
}

std::optional<std::string> first_phrase(const Words& ws,
                                        std::initializer_list<std::string_view> ps) {
  for (auto p : ps)
    if (text::has_phrase(ws, p)) return std::string(p);
  return std::nullopt;
}

// Round 15: the message without its courtesy sentences (text::courtesy_sentence(): "Please let
// me know if you need any further details.", "Thanks again for your time."), all of it when
// nothing else is left. The money and paperwork rules read this: a pleasantry's "please",
// "need" or "your" is not an ask of the company nor the vendor's money, yet it vetoed their
// guards ("How do I show prices in my report? Thank you for your help so far." tripped).
// Trigger words are never courtesy words, so no trigger is lost.
// Also without a sentence that states the customer's standing ("I'm on the Pro plan.", "We've
// been customers for two years.", "We have been using the product since May."): a short
// statement opening with I'm / we're / we've been ..., no question, no negation, ask or
// complaint word, and none of the four rules tripping on it alone — context, whose "plan" or
// "been" vetoed a guard of the request next to it.
bool standing_sentence(std::string_view sentence) {
  static const Set kOpen = {"i'm", "im", "we're", "were", "i've", "we've", "i", "we"};
  static const Set kStandVerb = {"am", "are", "have", "been", "on", "using", "a", "an", "the",
                                 "in", "based", "customers", "with"};
  static const Set kNot = {"not",   "no",     "never", "why",     "how",    "what",  "where",
                           "when",  "can",    "could", "please",  "want",   "need",  "like",
                           "would", "still",  "but",   "charged", "billed", "twice", "waiting",
                           "wrong", "again",  "asked", "told",    "promised",
                           "owe",   "cancel", "leave", "leaving", "lawyer", "problem", "issue"};
  if (sentence.find('?') != std::string_view::npos) return false;
  const auto ws = ::fte::text::keys(sentence);
  if (ws.size() < 2 || ws.size() > 12 || !in(kOpen, ws[0]) || !in(kStandVerb, ws[1])) return false;
  for (const auto& w : ws)
    if (in(kNot, w) || w.ends_with("n't")) return false;
  return !refund_request(sentence) && !pricing_inquiry(sentence) &&
         !account_or_compliance_request(sentence) && !billing_request(sentence);
}

std::string without_courtesy(std::string_view all) {
  return text::without_sentences(all, [](std::string_view s) {
    return text::courtesy_sentence(s) || standing_sentence(s);
  });
}

// Round 16: a sentence that reports what the customer read, saw or heard elsewhere ("my team
// lead read in your newsletter that prices are going up", "I read in a forum that somebody's
// account was hacked", "I saw on LinkedIn someone complaining your app was down"): a reading or
// hearing verb and a source that is not the customer's own account (a newsletter, forum, the
// news, a post), no question. Second-hand: the alarm words in it are not the customer's price
// question, incident, threat, outage or cancellation; the rules for those read the message
// without such sentences (the model still reads all of it). Long desk messages give context this
// way before they ask ("… anyway, my actual question: …").
// Where a customer reads or hears about things that are not their own account.
const Set& source_words() {
  static const Set k = {"newsletter", "newsletters", "forum",    "forums",   "news",
                        "article",    "articles",    "blog",     "linkedin", "twitter",
                        "reddit",     "post",        "posts",    "podcast",  "webinar",
                        "review",     "reviews",     "press",    "newspaper", "tweet",
                        "thread",     "community",   "noticias", "articulo", "foro",
                        "presse",     "nachrichten", "artikel",  "noticia",  "artigo"};
  return k;
}

bool secondhand_sentence(std::string_view sentence) {
  static const Set kHeard = {"read",   "saw",       "seen",     "noticed",    "heard",
                             "mentioned", "mentions", "announced", "announcement", "says",
                             "said",   "wrote",     "complaining", "posted",  "reported",
                             "reading", "leido",    "vi",       "lu",         "vu",
                             "gelesen", "gesehen",  "li"};
  if (sentence.find('?') != std::string_view::npos) return false;
  const auto ws = ::fte::text::keys(sentence);
  bool heard = false, source = false;
  for (const auto& w : ws) {
    heard = heard || in(kHeard, w);
    source = source || in(source_words(), w);
  }
  return heard && source;
}

// Round 16: a disclaimer — the alarming event is someone else's ("we were hacked on Instagram
// (not your app!)", "a customer of ours keeps threatening to sue us (not your fault!)", "that
// was our hosting company, not you", "Nothing to do with you, but …") — or a word named as a
// word ('the term "data breach" appears in our template', 'the word "hacked" in a ticket
// title'). The rules for threats, incidents, outages and leaving read the message without such a
// sentence, and without the sentence before one that opens with the disclaimer. A bare "not
// your fault" is not a disclaimer: "I know it's not your fault, but the app is down" blames the
// product all the same.
bool disclaims(std::string_view sentence, bool* opens) {
  std::string low = ::fte::text::key(sentence);
  for (auto& c : low)
    if (c == '\'' || c == '"') c = ' ';
  static const std::string_view kDisclaimers[] = {
      "not your app",        "(not your fault",          "not your fault!)",
      "nothing to do with you", "not about you",         "not at you",
      "not you!",            "not you.",                 ", not you",
      "not your system",     "not your service",         "not your platform",
      "not your product",    "not related to you",       "nada que ver con ustedes",
      // round 17
      "(not your problem",   "not your problem lol",     "not your problem!)",
      "not your problem, ",
      "no es culpa de ustedes", "pas de votre faute",    "rien a voir avec vous",
      "nichts mit ihnen zu tun", "nicht ihre schuld",    "nao e culpa de voces",
      "nada a ver com voces",
      // round 19: "(not yours)", "(not you, a trip I booked …)"
      "(not yours", "(not you,", "(not you)",
      // round 21: the same typed on a phone ("im suing my landlord lol not u")
      "lol not u", "(not u)", "(not u,", ", not u.", ", not u!", "not u lol", "nothing to do w u",
      "nothing to do with u"};
  static const std::string_view kNamed[] = {"the word ", "the words ", "the term ",
                                             "the terms ", "the phrase ", "keyword "};
  for (auto d : kDisclaimers) {
    const auto at = low.find(d);
    if (at == std::string::npos) continue;
    if (opens) *opens = ::fte::text::keys(low.substr(0, at)).size() <= 1;
    return true;
  }
  // A word named as a word: "the word / the term" with a quotation in the sentence.
  const bool quoted = sentence.find('"') != std::string_view::npos ||
                      sentence.find("\u201c") != std::string_view::npos ||
                      sentence.find("\u00ab") != std::string_view::npos;
  if (quoted)
    for (auto n : kNamed)
      if (low.find(n) != std::string::npos) return true;
  return false;
}

// Cheap first (check_input reads every message): a source word, a disclaimer or a named word
// anywhere in the message's words.
bool may_hold_secondhand(const std::vector<std::string>& ws) {
  static const Set kNamed = {"word", "words", "term", "terms", "phrase", "keyword"};
  for (const auto& w : ws)
    if (in(source_words(), w) || in(kNamed, w)) return true;
  for (auto p : {"not your", "not you", "not yours", "not about you", "not at you",
                 "nothing to do with", "not related to", "nada que ver", "no es culpa",
                 "pas de votre", "rien a voir", "nichts mit", "nicht ihre", "nao e culpa",
                 "nada a ver", "not u", "nothing to do w"})  // round 21: typed on a phone
    if (text::has_phrase(ws, p)) return true;
  return false;
}

std::string without_secondhand(std::string_view all) {
  const auto ss = text::sentences(all);
  std::vector<bool> drop(ss.size(), false);
  bool any = false;
  for (std::size_t i = 0; i < ss.size(); ++i) {
    bool opens = false;
    if (secondhand_sentence(ss[i])) drop[i] = true;
    if (disclaims(ss[i], &opens)) {
      drop[i] = true;
      if (opens && i > 0) drop[i - 1] = true;
    }
    any = any || drop[i];
  }
  if (!any) return std::string(all);
  std::string kept;
  for (std::size_t i = 0; i < ss.size(); ++i) {
    if (drop[i]) continue;
    if (!kept.empty()) kept.push_back('\n');
    kept += ss[i];
  }
  return kept.empty() ? std::string(all) : kept;
}

// Round 17: a quoted label of a screen, not the customer's words: a quotation of at most six
// words followed by a thing of the product ('a "talk to a human" button', 'the "dispute"
// status', 'a "data breach drill" task') or introduced by what shows or says it ('the portal
// shows "speak to an agent"'). The phrase rules read the message without it.
std::string without_quoted_labels(std::string_view all) {
  static const Set kThing = {"button",  "buttons", "link",   "option",  "status", "label",
                             "tab",     "menu",    "field",  "banner",  "task",   "column",
                             "step",    "filter",  "tag",    "badge",   "toggle", "setting",
                             "screen",  "page",    "widget", "template", "folder", "boton",
                             "bouton",  "botao",   "knopf"};
  static const Set kShows = {"shows", "show", "says", "say", "reads", "labelled", "labeled",
                             "called", "named", "titled", "muestra", "dice", "affiche",
                             "zeigt", "mostra", "diz"};
  static const std::string_view kOpen[] = {"\"", "\u201c", "\u00ab", "\u201e"};
  static const std::string_view kClose[] = {"\"", "\u201d", "\u00bb", "\u201c"};
  std::string out(all);
  for (std::size_t from = 0; from < out.size();) {
    std::size_t open = std::string::npos, olen = 0;
    for (auto o : kOpen)
      if (const auto at = out.find(o, from); at < open) open = at, olen = o.size();
    if (open == std::string::npos) break;
    std::size_t close = std::string::npos, clen = 0;
    for (auto c : kClose)
      if (const auto at = out.find(c, open + olen); at < close) close = at, clen = c.size();
    if (close == std::string::npos) break;
    const auto inner = ::fte::text::keys(std::string_view(out).substr(open + olen, close - open - olen));
    std::size_t lead = open >= 40 ? open - 40 : 0;  // the words just before, whole letters
    while (lead < open && (static_cast<unsigned char>(out[lead]) & 0xC0) == 0x80) ++lead;
    const auto before = ::fte::text::keys(std::string_view(out).substr(lead, open - lead));
    const auto after = ::fte::text::keys(std::string_view(out).substr(close + clen, 40));
    const bool label = !inner.empty() && inner.size() <= 6 &&
                       ((!after.empty() && in(kThing, after.front())) ||
                        (!before.empty() && in(kShows, before.back())));
    if (label) {
      out.replace(open, close + clen - open, " ");
      from = open + 1;
    } else {
      from = close + clen;
    }
  }
  return out;
}

// check_input runs a dozen detectors on the same text: cut it into key words once per thread,
// with a word index for their ~40 phrase lists (text::WordIndex).
const Words& keys_of(std::string_view input) {
  thread_local std::string last;
  thread_local Words cached;
  thread_local std::optional<text::WordIndex> index;
  thread_local bool valid = false;
  if (!valid || input != last) {
    index.reset();  // before the words it points into change
    cached = ::fte::text::keys(input);
    index.emplace(cached);
    last.assign(input);
    valid = true;
  }
  return cached;
}

// Leaving for a cheaper option: "cheaper for us to build our own", "found something cheaper",
// "cheaper elsewhere", "a cheaper alternative/competitor" ("is there a cheaper plan?" is not).
bool cheaper_elsewhere(const Words& ws) {
  for (auto p : {"cheaper for us to", "cheaper to build", "build our own", "building our own",
                 "cheaper elsewhere", "found a cheaper", "found something cheaper",
                 "cheaper alternative", "cheaper alternatives", "cheaper competitor",
                 "cheaper competitors", "cheaper vendor", "cheaper provider"})
    if (text::has_phrase(ws, p)) return true;
  return false;
}

std::string_view at(const Words& ws, std::size_t i) {
  return i < ws.size() ? std::string_view(ws[i]) : std::string_view();
}

// Round 21: the customer is the one sued, by someone of their own ("my client is threatening to
// sue me lol, can i export our chat as pdf"): "sue me / us" with nothing of the vendor.
bool customer_sued(const std::vector<std::string>& ws, const std::vector<text::Token>& ts,
                   std::size_t i) {
  if (i + 1 >= ts.size() || (ts[i + 1].low != "me" && ts[i + 1].low != "us")) return false;
  static const Set kYours = {"you", "your", "u", "ur", "yours", "you're", "your's"};
  for (const auto& w : ws)
    if (kYours.count(w)) return false;
  return true;
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

bool model_trips(const IntentPrediction& p, double threshold) {
  if (p.label == "none" || p.probability < threshold) return false;
  // One-vs-all sigmoids do not sum to one: "none" past its own boundary as the runner-up means
  // the model reads the message as routine as well — ambiguous, so the model stays silent.
  return !(p.second == "none" && p.second_probability >= kIntentNoneVeto);
}

namespace {

// A reason's place in kRoutingPrecedence (past the end for one not listed: tone, other).
std::size_t routing_rank(std::string_view reason) {
  std::size_t i = 0;
  for (auto k : kRoutingPrecedence) {
    if (reason == k) return i;
    ++i;
  }
  return i;
}

}  // namespace

bool model_reroutes(const GuardrailTrip& rule_trip, std::string_view model_reason) {
  static const Set kGivesWay = {"pricing", "outage", "data_loss", "sentiment", "profanity"};
  if (!in(kGivesWay, rule_trip.guardrail)) return false;
  return routing_rank(model_reason) < routing_rank(rule_trip.reason);
}

bool model_routes_below_threshold(const GuardrailTrip& rule_trip, const IntentPrediction& p) {
  static const Set kWeakEvidence = {"pricing", "data_loss", "sentiment", "profanity"};
  if (!in(kWeakEvidence, rule_trip.guardrail) || p.label == "none" || p.probability < kIntentRouteFloor)
    return false;
  const auto reason = intent_reason(p.label);
  return !reason.empty() && model_reroutes(rule_trip, reason);
}

std::optional<std::string> legal_threat(std::string_view input) {
  // Bare "legal" and "court" are not here: "our legal team needs SSO", "court filings as
  // attachments" are routine (the intent model weighs such words in context).
  static const Set kWords = {"lawyer",     "lawyers",   "attorney",   "attorneys", "lawsuit",
                             "lawsuits",   "litigation", "litigate",  "litigating", "sued",
                             "suing",      "solicitor", "solicitors", "barrister", "abogado",
                             "abogados",   "avocat",    "avocats",    "anwalt",    "anwaltin",
                             "rechtsanwalt", "advogado", "advogados", "verklagen"};
  const auto& ws = keys_of(input);
  // "Our lawyer needs a copy of your DPA" is paperwork, not a threat; "we sell to lawyers" names
  // one's clientele (phrase_guard.h).
  if (auto w = first_meant_word(ws, kWords, [&](std::size_t i) {
        return !paperwork_request(ws, i) && !legal_clientele(ws, i) &&
               !legal_work(ws, i);  // round 19: "we track every lawsuit as a project"
      }))
    return w;
  // "Our counsel wants to read the privacy policy" is paperwork too.
  for (auto c : {"our counsel", "legal counsel"})
    if (const auto pos = text::find_phrase(ws, c, 0);
        pos != std::string::npos && paperwork_request(ws, pos))
      return std::nullopt;
  if (auto p = first_phrase(
          ws, {"class action", "cease and desist", "small claims", "legal action",
               "legal proceedings", "legal steps", "legal matter", "legal counsel", "our counsel",
               "in court", "to court", "breach of contract", "acciones legales",
               "accion legal", "poursuites judiciaires", "rechtliche schritte",
               "acao judicial", "processo contra",
               // Said without "lawyer" or "court" (issue 14, round 5).
               "legal remedy", "legal remedies", "hold you liable", "held liable",
               "in front of a judge", "before a judge", "seek damages", "seeking damages",
               "claim for damages", "claim for the damages", "through the courts",
               "to the courts", "saisir la justice", "en justice", "vor gericht",
               "a los tribunales", "aux tribunaux", "na justica",
               // Round 16: the steps of a claim said in its own words
               "letter before action", "issue proceedings", "issuing proceedings",
               "start proceedings", "take action against", "will take action if",
               "will take action unless", "reserving all rights", "reserve all rights",
               "le tribunal", "au tribunal", "el tribunal", "klage einreichen",
               "entrar na justica"}))
    // Round 21: the phrase naming a thing of the product ("the breach of contract template in our
    // library") is the customer's own paperwork.
    if (const auto at = text::find_phrase(ws, *p, 0);
        !names_a_thing(ws, at + static_cast<std::size_t>(std::ranges::count(*p, ' '))))
      return p;
  // "We have instructed a law firm", not "we're a law firm" (one's own business).
  // Round 19: with a word between ("I run a small law firm", "we're a tiny law firm").
  static const Set kOwnFirm = {"run", "runs", "own", "our", "my", "at", "we're", "i'm",
                               "founded", "started"};
  if (const auto pos = text::find_phrase(ws, "law firm", 0); pos != std::string::npos &&
      !text::has_phrase(ws, "we're a law firm") && !text::has_phrase(ws, "we are a law firm") &&
      !text::has_phrase(ws, "our law firm") && !text::has_phrase(ws, "run a law firm") &&
      !text::has_phrase(ws, "at a law firm") && !text::has_phrase(ws, "i'm a law firm") &&
      !(pos >= 3 && in(kOwnFirm, ws[pos - 3]) && (ws[pos - 2] == "a" || ws[pos - 2] == "an")) &&
      !legal_clientele(ws, pos) && !paperwork_request(ws, pos))
    return std::string("law firm");
  // A complaint lodged with (or a report to) a regulator.
  static const Set kRegulators = {"regulator", "regulators", "ico", "ftc", "cnil", "aepd",
                                  "ombudsman", "procon", "bbb", "ombudsperson",
                                  // round 16
                                  "consumo", "verbraucherzentrale"};
  static const Set kComplain = {"complaint", "complaints", "report", "reporting", "reported",
                                "lodged", "lodge", "filed", "file", "filing", "escalating",
                                // round 16: es / fr / de / pt, and a case opened
                                "reclamacion", "saisirai", "saisir", "saisi", "beschwerde",
                                "reclamacao", "registrei", "case", "denuncia"};
  bool regulator = false, complain = false;
  for (const auto& w : ws) {
    regulator = regulator || in(kRegulators, w);
    complain = complain || in(kComplain, w);
  }
  if (regulator && complain) return std::string("regulator complaint");
  if (auto p = first_phrase(ws, {"data protection authority", "consumer protection agency",
                                 "trading standards", "attorney general",
                                 "consumer protection office", "consumer protection authority"}))
    if (complain) return p;
  const auto ts = text::tokens(input);
  for (std::size_t i = 0; i < ts.size(); ++i)
    if (ts[i].low == "sue" && !sue_is_a_name(ts, i) && !customer_sued(ws, ts, i))
      return std::string("sue");
  return std::nullopt;
}

std::optional<std::string> refund_request(std::string_view input) {
  static const Set kWords = {"refund",     "refunds",    "refunded",   "refunding",
                             "refundable", "reimburse",  "reimbursed", "reimbursement",
                             "chargeback", "chargebacks", "reembolso", "reembolsar",
                             "remboursement", "rembourser", "rembourse", "remboursez",
                             "ruckerstattung", "erstattung", "ruckzahlung"};
  const auto& ws = keys_of(input);
  // A refund the customer gives their own client is a how-to about their business.
  if (auto w = first_meant_word(ws, kWords, [&](std::size_t i) {
        return !clients_refund(ws, i) && !names_a_thing(ws, i) &&  // "the refund policy"
               !someone_elses_refund(ws, i) &&  // "if a reader gets a refund, do I …?"
               !own_commerce(ws, i) &&  // "refunds per month for our shop"
               !names_a_thing_before(ws, i) &&  // "la política de reembolso"
               !expense_claim(ws, i) &&  // "a receipt so my employer can reimburse me"
               !price_in_product(ws, i) &&  // "can I filter the report to show only refunds?"
               !money_received(ws, i) &&  // "I already got the refund, how do I ...?"
               !disavowed_ask(ws, i) &&  // round 19: "we don't want a refund or anything"
               !asked_in_general(ws, i) &&  // "are refunds prorated? just curious"
               !resolved_thanks(ws);  // "got the refund this morning, all sorted, thanks"
      }))
    return w;
  // Round 17: a third party's money ("send her money back", "möchte ihr Geld zurück": the
  // customer's own client) is a how-to about their business.
  static const Set kTheirs = {"her", "his", "their", "them", "him", "ihr", "ihre", "sein",
                              "seine", "leur"};
  for (auto p : {"money back", "back my money", "return my money", "charge back",
                 "my money returned", "dinero de vuelta", "devuelvan mi dinero",
                 "dinheiro de volta", "geld zuruck"})
    for (std::size_t from = 0;;) {
      const auto pos = text::find_phrase(ws, p, from);
      if (pos == std::string::npos) break;
      if (pos == 0 || !in(kTheirs, ws[pos - 1])) return std::string(p);
      from = pos + 1;
    }
  return std::nullopt;
}

namespace {

// Round 19: "Price" as a surname ("my name is Harriet Price", "Thanks, Harriet Price", "Mr
// Daniel Price"): capitalised, after a capitalised first name that follows "is", a title or a
// sign-off word, or the message's last word. Blanked for the pricing rule.
std::string without_surname_price(std::string_view input) {
  static const Set kBefore = {"is", "mr", "mrs", "ms", "dr", "thanks", "regards", "cheers",
                              "best", "from", "signed", "sincerely"};
  static const Set kNotName = {"business", "pro", "team", "enterprise", "list", "total", "unit",
                               "base", "new", "the", "full", "retail", "net", "gross", "your",
                               "our", "starter", "premium", "basic", "plus", "annual", "monthly"};
  if (input.find("Price") == std::string_view::npos) return std::string(input);
  const auto ts = text::tokens(input);
  std::string out;
  for (std::size_t i = 1; i < ts.size(); ++i) {
    if (ts[i].raw != "Price") continue;
    const auto& first = ts[i - 1];
    if (first.raw.empty() || !std::isupper(static_cast<unsigned char>(first.raw[0])) ||
        in(kNotName, first.low))
      continue;
    const bool placed = (i >= 2 && in(kBefore, ts[i - 2].low)) || i + 1 == ts.size() ||
                        first.low == "mr" || first.low == "ms" || first.low == "mrs";
    if (!placed) continue;
    if (out.empty()) out.assign(input);
    for (std::size_t c = 0; c < ts[i].raw.size(); ++c) out[ts[i].offset + c] = ' ';
  }
  return out.empty() ? std::string(input) : out;
}

}  // namespace

std::optional<std::string> pricing_inquiry(std::string_view input) {
  // Bare "pricing" and "promo" are not here: "the pricing page", "the promo banner".
  static const Set kWords = {"price",    "prices",     "priced",    "discount",  "discounts",
                             "discounted", "coupon",   "coupons",   "cheaper",   "cheapest",
                             "quotation", "quotations", "precio",   "precios",   "descuento",
                             "cotizacion", "prix",     "remise",    "devis",     "preis",
                             "preise",    "rabatt",    "preco",     "precos",    "desconto",
                             "orcamento"};
  static const Set kPlanWords = {
      "plan",    "plans",     "subscription", "subscriptions", "license", "licenses",
      "licence", "licences",  "seat",         "seats",         "tier",    "tiers",
      "upgrade", "upgrading", "membership",   "monthly",       "annual",  "yearly",
      "renewal", "user",      "users",        "enterprise",    "edition", "package"};
  static const Set kAskVerbs = {"does", "do", "will", "would", "is", "are", "did"};
  const auto& ws = keys_of(input);
  // "Cheaper" weighed against leaving ("cheaper for us to build our own", "found something
  // cheaper elsewhere") is a churn signal, not a price question (churn_risk below).
  const bool leaving = cheaper_elsewhere(ws);
  if (auto w = first_meant_word(ws, kWords, [&](std::size_t i) {
        return (!leaving || (ws[i] != "cheaper" && ws[i] != "cheapest")) &&
               !names_a_thing(ws, i) &&  // "the discount field", "a price column"
               !names_a_thing_before(ws, i) && !price_tax_question(ws, i) &&
               !own_commerce(ws, i) &&  // "a discount on the invoice I send to my client"
               !knows_the_price(ws, i) &&  // "I know where to see the price"
               !price_in_product(ws, i) &&  // "sort by the price column of my report"
               !own_price_edit(ws, i) &&  // round 17: "how do I bulk edit my product prices"
               !own_prices_again(ws, i) &&  // round 19: "… schedule the new prices"
               !price_accepted(ws, i) &&  // round 19: "we're happy with the price"
               !disavowed_ask(ws, i) &&  // round 19: "not asking for a discount"
               !resolved_thanks(ws);  // "thanks for the discount, it shows on the invoice now"
      }))
    return w;
  if (auto p = first_phrase(ws, {"quel est le tarif", "quels sont les tarifs", "quel tarif",
                                 "cual es la tarifa", "que tarifa", "qual e a tarifa",
                                 "qual o valor", "cuanto cuesta", "cuanto cuestan",
                                 "combien coute", "combien ca coute", "was kostet",
                                 "quanto custa"}))
    return p;
  if (auto p = first_phrase(
          ws, {"how much does", "how much do", "how much is", "how much are", "how much would",
               "how much will", "how much for", "how much money", "how much to",
               "what do you charge", "get a quote", "request a quote", "need a quote",
               "want a quote", "send me a quote", "send a quote", "a quote for", "quote for",
               "cuanto cuesta", "combien coute", "was kostet", "quanto custa",
               "pricing for", "pricing on", "pricing of"})) {
    // Round 12: "how much storage / space / history", "how much is the file size limit": a
    // quantity, not money; a quote the customer sends to or gets from ITS clients, or a quote
    // template, is their business (phrase_guard.h).
    const bool how_much = p->starts_with("how much");
    const auto quote = text::find_phrase(ws, "quote", 0);
    // Round 15: a quote as a thing of the customer's workspace too ("how do I add a quote for
    // each deal in the pipeline board?", price_in_product()).
    if (!(how_much && quantity_not_money(ws)) &&
        !(!how_much && quote != std::string::npos &&
          (own_commerce(ws, quote) || names_a_thing(ws, quote) ||
           price_in_product(ws, quote))))
      return p;
  }
  // "pricing" as the topic: "enterprise pricing", "volume pricing", "discuss pricing",
  // "talk about team pricing" - but not a page of the site ("the pricing page").
  static const Set kPricingKinds = {"custom", "volume", "bulk", "special", "nonprofit",
                                    "education", "team", "business", "corporate", "group",
                                    // round 16
                                    "reseller", "partner", "startup", "charity", "academic",
                                    "school", "student", "agency"};
  static const Set kTalkVerbs = {"discuss", "discussing", "talk", "talking", "negotiate",
                                 "negotiating", "speak", "chat", "conversation"};
  static const Set kSiteThings = {"page", "pages", "table", "tab", "section", "banner", "link",
                                  "url", "site", "website", "screen", "calculator"};
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (ws[i] != "pricing" || in(kSiteThings, at(ws, i + 1))) continue;
    // Round 16: "your pricing" is the customer's topic, "your pricing page" a page of the site
    // ("I was on your pricing page and noticed …"): this loop skips the site things.
    if (i > 0 && ws[i - 1] == "your") return std::string("your pricing");
    if (i > 0 && (in(kPlanWords, ws[i - 1]) || in(kPricingKinds, ws[i - 1])))
      return ws[i - 1] + " pricing";
    for (std::size_t k = i >= 4 ? i - 4 : 0; k < i; ++k)
      if (in(kTalkVerbs, ws[k])) return ws[k] + " pricing";
  }
  // Negotiating terms: "negotiate a custom contract", "negotiation on the rate".
  static const Set kTerms = {"contract", "contracts", "price", "prices", "pricing", "deal",
                             "terms", "discount", "rate", "rates", "offer", "quote"};
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (ws[i] != "negotiate" && ws[i] != "negotiating" && ws[i] != "negotiation") continue;
    for (std::size_t k = i + 1; k < ws.size() && k <= i + 5; ++k)
      if (in(kTerms, ws[k])) return ws[i] + " " + ws[k];
  }
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
  // Round 16: what the customer would pay, asked without a price word ("what would it come to
  // per month", "what it would cost us", "how much extra is that a month", "a reduced rate for
  // the first year", "cuánto nos costaría", "quanto fica").
  if (auto p = first_phrase(
          ws, {"would it come to", "will it come to", "would that come to", "would cost us",
               "will cost us", "would it cost", "will it cost", "would that cost", "cost us per",
               "how much extra", "how much more would", "how much more will", "reduced rate",
               "special rate", "discounted rate", "startup credits", "multi-store deal",
               "any deal", "best you can do", "our yearly fee", "our annual fee",
               "the yearly fee", "the annual fee", "figure we should budget",
               "what the renewal will be", "what would the total be", "what would the total",
               "cuanto nos costaria", "cuanto costaria", "cuanto nos cuesta", "quanto fica",
               "quanto custaria", "quanto nos custa", "combien nous couterait",
               "combien couterait", "was wurde uns", "was wurde das", "was kostet uns"}))
    return p;
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
  const auto& ws = keys_of(input);
  if (auto p = first_phrase(
          ws, {"need a real person", "want a real person", "real person please", "real human",
               "is there a real person",
               "actual person", "actual human", "live person",
               "live agent", "human agent", "human being", "human support", "human please",
               "customer service rep", "put me through", "not a bot", "not a robot",
               "support live", "call me back", "give me a call", "reach out by phone",
               "someone call me", "someone to call me", "no quiero un bot",
               "no quiero hablar con un bot", "parler a un robot", "keinen bot",
               "nicht mit einem bot", "falar com robo", "nao quero um bot", "hablar con una persona",
               "hablar con un humano", "parler a un humain", "vraie personne",
               "mit einem menschen", "falar com uma pessoa", "atendente humano",
               "mit einem mitarbeiter", "mit einer mitarbeiterin", "echten menschen",
               "parler a quelqu'un", "parler a une personne", "persona de verdad",
               "persona real", "pessoa de verdade", "pessoa real"}))
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
  return contact_person_asked(ws);  // round 16, paraphrase_rules.h
}

std::optional<std::string> security_incident(std::string_view input) {
  static const Set kWords = {"hacked", "hacker", "hackers", "compromised", "breached"};
  const auto& ws = keys_of(input);
  // "Tasks show as breached when late": a deadline the customer configures (phrase_guard.h).
  if (auto w = first_meant_word(ws, kWords, [&](std::size_t i) {
        // Round 17: "I hacked together a script" built something.
        if (ws[i] == "hacked" && at(ws, i + 1) == "together") return false;
        return ws[i] != "breached" || !deadline_breach(ws, i);
      }))
    return w;
  if (auto p = first_phrase(ws, {"unauthorized access",      "unauthorised access",
                           "unauthorized login",       "unauthorised login",
                           "unauthorized logins",      "suspicious login",
                           "suspicious logins",        "suspicious activity",
                           "suspicious access",        "data breach",
                           "security breach",          "account takeover",
                           "someone logged into",      "someone else logged",
                           "api key was leaked",       "api key leaked",
                           "leaked api key",           "exposed api key",
                           "api key was exposed",      "logins we don't recognize",
                           "login we don't recognize", "login we don't recognise",
                           "logins we don't recognise", "device i don't recognize",
                           "device i don't recognise", "wasn't me", "account was taken over",
                           "cuenta hackeada", "compte pirate", "konto gehackt",
                           "conta invadida", "conta foi hackeada"})) {
    // Round 19: a breach named as a thing of the customer's own preparation ("we had a data
    // breach drill in the office today", "our security breach playbook").
    static const Set kDrill = {"drill",    "drills",   "exercise", "exercises", "simulation",
                               "tabletop", "playbook", "training", "course",    "insurance",
                               "procedure", "plan",    "template", "policy"};
    const auto at_p = text::find_phrase(ws, *p, 0);
    const bool drill = (*p == "data breach" || *p == "security breach") &&
                       at_p != std::string::npos && in(kDrill, at(ws, at_p + 2));
    if (!drill) return *p;
  }
  // Someone else in the account, said without the words above: an unknown device or place, a
  // change nobody made, access without permission, a secret published.
  if (auto p = first_phrase(
          ws, {"someone accessed",        "someone else accessed",   "somebody accessed",
               "someone changed my password", "someone changed our",  "someone is using my account",
               "login from an unknown",   "logins from an unknown",  "sign-in from an unknown",
               "unknown device",          "unknown devices",         "unfamiliar device",
               "unfamiliar location",     "unknown location",        "without our permission",
               "without my permission",
               "without permission",      "without authorization",   "without authorisation",
               "didn't authorize",        "didn't authorise",        "did not authorize",
               "token was leaked",        "tokens were leaked",      "key was exposed",
               "keys were leaked",        "credentials were leaked", "leaked credentials",
               "leaked token",            "in a public repo",        "in a public repository",
               "phishing",                "sin permiso",             "sin autorizacion",
               "sans autorisation",       "sans permission",         "ohne erlaubnis",
               "ohne genehmigung",        "sem autorizacao",         "sem permissao"})) {
    // "How do I see logins without permission to the admin page?" asks how, not what happened;
    // "I didn't authorise this charge" is a billing dispute.
    static const Set kMoney = {"charge", "charges", "charged", "payment", "payments", "invoice",
                               "debit", "debited", "billed", "billing"};
    bool money = false;
    if (p->starts_with("didn't") || p->starts_with("did not") || p->starts_with("without"))
      for (const auto& w : ws) money = money || in(kMoney, w);
    // Round 13: "after a phishing scare at a partner company, can an owner make 2FA
    // mandatory?": phishing as the reason for a product question, nothing of ours taken.
    static const Set kVictim = {"clicked", "click", "entered", "typed", "gave", "fell", "opened",
                                "stolen", "compromised", "someone", "login", "logged",
                                "password", "credentials", "account", "hacked"};
    bool phishing_question = false;
    if (*p == "phishing" && product_question(ws)) {
      phishing_question = true;
      const auto at = text::find_phrase(ws, "phishing", 0);
      for (std::size_t k = at >= 4 ? at - 4 : 0; k < ws.size() && k <= at + 6; ++k)
        phishing_question = phishing_question && !in(kVictim, ws[k]);
    }
    // Round 21: a phishing test or training the customer runs for their own staff ("phishing
    // test for our staff next week, will your emails get flagged?"), nobody caught by it.
    static const Set kOwnDrill = {"test",     "tests",    "simulation", "simulations", "training",
                                  "drill",    "drills",   "exercise",   "course",      "awareness"};
    if (*p == "phishing") {
      const auto at_p = text::find_phrase(ws, "phishing", 0);
      bool own_drill = in(kOwnDrill, at(ws, at_p + 1));
      for (std::size_t k = 0; own_drill && k < ws.size(); ++k)
        own_drill = !in(kVictim, ws[k]);
      phishing_question = phishing_question || own_drill;
    }
    if (!money && !phishing_question && !text::has_phrase(ws, "how do i") &&
        !text::has_phrase(ws, "how can i"))
      return *p;
  }
  // Another customer's data, messages nobody wrote, strangers inside, suspicious sign-ins in
  // other languages.
  if (auto p = first_phrase(
          ws, {"belong to a different customer", "belong to another customer",
               "another customer's data", "another company's data", "other customers' data",
               "exposes customer data", "exposing customer data", "data was exposed",
               "data is exposed", "never wrote", "i never sent", "strangers joined",
               "stranger joined", "connexions suspectes", "connexion suspecte",
               "accesos sospechosos", "acceso sospechoso", "inicio de sesion sospechoso",
               "verdachtige anmeldungen", "verdachtige anmeldung", "acessos suspeitos",
               "acesso suspeito", "login suspeito",
               // round 16
               "data leak", "fuite de donnees", "fuga de datos", "vazamento de dados",
               "datenleck", "datenpanne"}))
    return *p;
  // Round 16 (paraphrase_rules.h): another company's data seen, said as a fact — a question
  // ("can managers see other users' timesheets?") asks what is allowed.
  if (others_data_seen(ws)) {  // cheap on the whole message first
    std::string told;
    for (const auto& s : text::sentences(input))
      if (s.find('?') == std::string::npos) told += s + "\n";
    if (auto p = others_data_seen(::fte::text::keys(told))) return p;
  }
  const bool how = text::has_phrase(ws, "how do i") || text::has_phrase(ws, "how can i") ||
                   text::has_phrase(ws, "how do we") || text::has_phrase(ws, "how to");
  // A secret out in the open: a key, token or password with leaked/exposed/posted/committed,
  // "in the open" or a public repo/gist/paste.
  static const Set kSecret = {"key",    "keys",     "token",       "tokens",  "secret",
                              "secrets", "password", "passwords", "credentials"};
  static const Set kOut = {"leaked", "exposed", "posted", "committed", "pasted", "published",
                           "stolen", "pastebin"};
  bool secret = false, out = false;
  for (const auto& w : ws) {
    secret = secret || in(kSecret, w);
    out = out || in(kOut, w);
  }
  out = out || text::has_phrase(ws, "in the open") || text::has_phrase(ws, "public repo") ||
        text::has_phrase(ws, "public gist") || text::has_phrase(ws, "paste site") ||
        text::has_phrase(ws, "public paste");
  if (secret && out) return std::string("secret exposed");
  if (auto p = unexplained_activity(ws)) return p;  // paraphrase_rules.h
  if (!how && first_phrase(ws, {"fake login page", "fake copy of your login",
                                "fake version of your login", "copy of your login page"}))
    return std::string("phished");
  // Someone who left still inside: "a former contractor still has admin rights and logged in".
  static const Set kFormer = {"former", "ex-employee", "ex-contractor", "ex-colleague"};
  if (!how && (text::has_phrase(ws, "who left") ||
               std::any_of(ws.begin(), ws.end(), [](const std::string& w) {
                 return in(kFormer, w);
               }))) {
    if (first_phrase(ws, {"still has", "still have", "still gets", "still get", "still can",
                          "logged in", "signed in", "logged into", "accessed", "downloaded"}))
      return std::string("former member still inside");
  }
  return std::nullopt;
}

std::optional<std::string> data_loss(std::string_view input) {
  static const Set kWords = {"disappeared", "disappearing", "vanished", "vanishing", "vanish"};
  const auto& ws = keys_of(input);
  if (auto p = first_phrase(ws, {"data loss", "lost data", "lost all", "lost our data",
                                 "lost my data", "lost all our", "data is gone", "data was deleted",
                                 "data has been deleted", "data got deleted", "lost everything"}))
    return p;
  // "The discount disappeared from the renewal" is about money (billing_dispute), not data.
  static const Set kMoney = {"discount", "discounts", "credit", "credits", "coupon", "charge",
                             "charged", "price", "payment", "refund", "invoice", "promo"};
  for (const auto& w : ws)
    if (in(kMoney, w)) return std::nullopt;
  return first_word(ws, kWords);
}

std::optional<std::string> account_or_compliance_request(std::string_view input) {
  static const Set kWords = {"hipaa", "baa", "pentest", "pentests"};
  const auto& ws = keys_of(input);
  // Round 15: "are you HIPAA compliant?" asks a property of the product (as "are you GDPR
  // compliant?" does for the privacy rule), not for paperwork.
  if (auto w = first_meant_word(ws, kWords, [&](std::size_t i) {
        return !capability_question(ws, i);
      }))
    return w;
  // Round 15: the paperwork phrases are not meant when the phrase names a thing of the product
  // ("the audit report export", "the security audit log") or the customer fetches the document
  // themselves ("where can we download your data processing agreement to sign it?",
  // "how do I export the audit report of who edited tasks?").
  static const Set kPaperwork = {"business associate agreement", "data processing agreement",
                                 "penetration test", "penetration testing results",
                                 "security audit", "audit report", "audit reports",
                                 "soc 2 report", "soc2 report", "soc 2 type",
                                 "compliance report", "security questionnaire"};
  const bool fetched = self_served(ws);
  if (auto p = first_phrase(ws, {"transfer ownership",
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
                           "security questionnaire"})) {
    if (!in(kPaperwork, *p)) return p;
    if (fetched) return std::nullopt;
    const auto from = text::find_phrase(ws, *p, 0);
    // Round 19: the customer fills one in for their own client ("I'm filling in a security
    // questionnaire for one of our own clients, which regions are your servers in?"): a fact
    // asked for their own paperwork, not paperwork asked of the vendor.
    static const Set kFill = {"filling", "fill", "completing", "complete", "answering"};
    static const Set kTheirClient = {"client", "clients", "customer", "customers"};
    bool fills = false, for_client = false;
    for (std::size_t k = from >= 4 ? from - 4 : 0; k < from; ++k)
      fills = fills || (in(kFill, ws[k]) && k > 0 && ws[k - 1] != "you" && ws[k - 1] != "u");
    for (std::size_t k = from + 1; k < ws.size() && k <= from + 9; ++k)
      for_client = for_client || (in(kTheirClient, ws[k]) && ws[k - 1] != "your");
    if (fills && for_client) return std::nullopt;
    const auto last = from + static_cast<std::size_t>(std::count(p->begin(), p->end(), ' '));
    // A thing of the product right after the phrase or where it sits in the product ("the
    // compliance report in the admin panel").
    static const Set kTool = {"export", "exports", "log", "logs", "panel", "screen", "feature",
                              "tab", "view"};
    static const Set kWhere = {"in", "under", "on"};
    static const Set kPlace = {"panel", "settings", "admin", "dashboard", "app", "tab", "menu",
                               "console", "workspace", "account"};
    bool in_product = names_a_thing(ws, last) || in(kTool, at(ws, last + 1));
    for (std::size_t k = last + 1; k < ws.size() && k <= last + 2 && !in_product; ++k)
      if (in(kWhere, ws[k]))
        for (std::size_t j = k + 1; j < ws.size() && j <= k + 3; ++j)
          in_product = in_product || in(kPlace, ws[j]);
    if (!in_product) return p;
  }
  return std::nullopt;
}

std::optional<std::string> whatsapp_keyword(std::string_view body) {
  static const Set kKeywords = {"human", "agent", "representative"};
  if (auto m = bare_message(body); in(kKeywords, m)) return m;
  return std::nullopt;
}

std::optional<std::string> privacy_request(std::string_view input) {
  static const Set kWords = {"gdpr", "ccpa", "rgpd", "dsgvo", "lgpd", "dsar"};
  const auto& ws = keys_of(input);
  // "Are you GDPR compliant?", "our GDPR page": a question about the product, not a request.
  if (auto w = first_meant_word(ws, kWords, [&](std::size_t i) {
        return !innocent_use(ws, i, 1) && !capability_question(ws, i) &&
               !regulation_as_duty(ws, i);  // round 17: "under GDPR we have to list …"
      }))
    return w;
  if (auto p = first_phrase(ws, {"right to be forgotten", "data subject", "subject access request",
                           "delete all my personal data", "delete my personal data",
                           "erase my personal data", "all the data you hold about me",
                           "data you have on me", "do not sell my personal information",
                           "datos personales", "donnees personnelles",
                           "personenbezogenen daten", "dados pessoais"}))
    return p;
  if (auto p = data_rights_asked(ws)) return p;  // round 16
  return erasure_about_me(ws);  // paraphrase_rules.h
}

std::optional<std::string> billing_dispute(std::string_view input) {
  const auto& ws = keys_of(input);
  // A charge or payment the customer says they never authorised.
  static const Set kCharge = {"charge", "charges", "charged", "payment", "debit", "debited",
                              "billed", "transaction"};
  if (auto p = first_phrase(ws, {"didn't authorize", "didn't authorise", "did not authorize",
                                 "did not authorise", "never authorized", "never authorised",
                                 "never approved", "didn't approve"}))
    for (const auto& w : ws)
      if (in(kCharge, w)) return *p + " " + w;
  // Said of a charge that happened, not asked about one that might ("will we be charged twice
  // if we upgrade?": a billing question).
  for (std::string_view p : {"charged twice", "double charged", "double charge", "charged me twice",
                           "billed twice", "overcharged", "over charged", "dispute the charge",
                           "dispute this charge", "dispute it with my bank", "wrong amount",
                           "unauthorized charge", "unauthorised charge", "discount was not applied", "discount wasn't applied",
                           "discount disappeared", "charged full price", "charged the full price",
                           "charge i don't recognise", "charge i don't recognize",
                           "charge on my statement", "payment i don't recognise",
                           "payment i don't recognize", "cobraron de mas", "cobrado a mais",
                           "zu viel berechnet", "facture a tort", "cobraron dos veces",
                           "debite deux fois", "doppelt abgebucht", "cobrado duas vezes",
                           "reverse the charge", "reverse this charge", "reverse the payment",
                           "reverse that payment", "charged by mistake", "charged in error",
                           "billed by mistake", "billed in error", "charge was a mistake"})
    if (const auto pos = text::find_phrase(ws, p, 0);
        pos != std::string::npos && (p.starts_with("dispute") || !hypothetical(ws, pos)))
      return std::string(p);
  // A promised discount missing from the bill: "it was not applied to the charge".
  if (first_phrase(ws, {"discount", "discounts", "coupon", "promo", "promotion"}) &&
      first_phrase(ws, {"not applied", "wasn't applied", "isn't applied", "never applied",
                        "not reflected", "wasn't reflected", "not honoured", "not honored"}))
    return std::string("discount not applied");
  return unwanted_charge(ws);  // paraphrase_rules.h
}

std::optional<std::string> outage_report(std::string_view input) {
  const auto& ws = keys_of(input);
  if (rate_limit_error(ws)) return std::nullopt;  // "429s, everything is down": a usage limit
  // A bare "outage" asked about ("is there an outage?") or naming a thing ("outage
  // notifications") is left to the intent model.
  for (std::size_t i = 0; i < ws.size(); ++i)
    if ((ws[i] == "outage" || ws[i] == "outages") && !innocent_use(ws, i, 1) &&
        !capability_question(ws, i) && !outage_question_about_one_thing(ws) &&
        !others_outage(ws, i) && !past_outage_over(ws, i))
      return std::string("outage");
  if (auto p = first_phrase(ws, {"down for everyone", "down for all", "everything is down",
                           "service is down", "site is down", "app is down", "is down again",
                           "production is down", "sla breach", "breached the sla",
                           "nobody can log in", "none of our users can"}))
    return p;
  // Round 21: the uptime SLA asked about as due diligence ("hows the uptime sla on the pro plan?
  // just comparing") is not a breach; one missed, owed or credited is.
  if (const auto pos = text::find_phrase(ws, "uptime sla", 0);
      pos != std::string::npos && !sla_asked_about(ws, pos))
    return std::string("uptime sla");
  if (others_fine(ws)) return std::nullopt;  // round 21: "one user …, everyone else fine"
  return widespread_failure(ws);  // paraphrase_rules.h
}

std::optional<std::string> churn_risk(std::string_view input) {
  const auto& ws = keys_of(input);
  if (cheaper_elsewhere(ws)) return std::string("cheaper elsewhere");
  // Leaving, said outright, in any of the usual ways; not "if we cancel, what happens to our
  // data?" (a condition) nor "cancel the scheduled export" (a thing of the product).
  static const std::initializer_list<std::string_view> kPhrases = {
      "switch to a competitor", "switching to a competitor", "moving to a competitor",
      "leaving for a competitor", "switch providers", "switching providers",
      "won't be renewing", "will not renew", "not going to renew", "won't renew",
      "not be renewing", "don't plan to renew", "find a replacement", "evaluating alternatives",
      "looking for alternatives", "looking at alternatives", "considering alternatives",
      "exploring alternatives", "explore alternatives", "lose us as a customer",
      "take our business elsewhere", "taking our business elsewhere", "pull the plug",
      "pulling the plug", "cancel for good", "cancelling for good", "canceling for good",
      "about to cancel", "going to cancel", "thinking of cancelling", "thinking of canceling",
      "thinking about cancelling", "thinking about canceling", "considering cancelling",
      "considering canceling", "or i'm canceling", "or i'm cancelling", "or we cancel",
      "or we're cancelling", "or we're canceling", "terminate our contract",
      "terminate the contract", "end our contract", "leave at the end of the",
      "leaving at the end of the", "replace you with", "replacing you with",
      "not worth what we pay", "no longer worth", "cambiar de proveedor",
      "buscar alternativas", "buscando alternativas", "changer de fournisseur",
      "partir chez un concurrent", "anbieter wechseln", "zu einem anderen anbieter",
      "trocar de fornecedor", "mudar de fornecedor",
      // Moving away, said without "cancel" or "competitor" (not "move a task to another
      // project", "switch to another app": no bare "move/switch to another").
      "moving away from you", "move away from you", "moving off your", "move off your",
      "migrating away from", "migrate away from", "go elsewhere", "going elsewhere",
      "business somewhere else", "users somewhere else", "team somewhere else",
      "go somewhere else", "going somewhere else", "shopping around", "jump ship", "on our way out",
      "we're not renewing", "we are not renewing", "won't be continuing with you",
      "will not be continuing with you", "done paying for", "phasing you out", "phase you out", "last straw",
      "looking at other options", "considering other options", "exploring other options",
      "evaluating other options", "weighing other options", "looking at other tools",
      "evaluating other tools", "trialling a replacement", "trialing a replacement",
      "no vamos a renovar", "no renovaremos", "cambiarnos a otra herramienta", "ne renouvellerons pas",
      "ne pas renouveler", "changer d'outil", "passer a un autre outil", "nicht verlangern",
      "zu einem anderen tool", "werden kundigen", "nao vamos renovar", "mudar para outra ferramenta", "trocar de ferramenta",
      "vamos embora", "nos vamos con", "passer a la concurrence", "chez un concurrent",
      "a la competencia", "zur konkurrenz", "para a concorrencia", "para um concorrente",
      // Said without "cancel" or "renew" outright (issue 14, round 5).
      "justify renewing", "justify the renewal", "justify paying for", "reason we should stay",
      "reason to stay with you", "list of things to drop", "list of things to cut",
      "first thing to cut", "back to spreadsheets", "last month we pay", "let the subscription lapse",
      "let our subscription lapse", "walking away from", "walk away from you", "stop paying for",
      "allons resilier", "nous partons", "vamos a cancelar", "vamos cancelar", "wir wechseln",
      // Leaving said by its cause (round 18): the business closes, the budget is gone, other
      // tools are on trial — not "closing the office for the holidays", "connect other tools".
      "closing the business", "closing our business", "closing down the business",
      "closing down our business", "closing the company", "closing our company",
      "shutting down the business", "shutting down our business", "shutting down the company",
      "shutting down our company", "going out of business", "winding down the business",
      "winding down the company", "our budget was cut", "our budget got cut",
      "our budget has been cut", "lost our budget", "lost the budget for",
      "cerramos el negocio", "cerramos la empresa", "vamos a cerrar el negocio",
      "vamos a cerrar la empresa", "fermons la boutique", "fermons l'entreprise",
      "fermons la societe", "fermer l'entreprise", "schliessen das geschaft",
      "schliessen die firma", "schliessen unser geschaft", "schliessen unsere firma",
      "fechar a empresa", "fechar o negocio", "fechando a empresa",
      "regarde d'autres outils", "regardons d'autres outils", "teste d'autres outils",
      "testons d'autres outils", "evalue d'autres outils", "evaluons d'autres outils",
      "evaluando otras herramientas", "probando otras herramientas", "mirando otras herramientas",
      "testen andere tools", "schauen uns andere tools", "avaliando outras ferramentas",
      "testando outras ferramentas", "dejar de pagar esto", "arreter de payer pour",
      "parar de pagar por",
      // Round 22: a decision about the vendor said as a plan (signed elsewhere, on trial,
      // replaced, the last month paid), not as "cancel".
      "signed with another", "signed with a different", "trialling a different",
      "trialing a different", "trialling another", "trialing another", "replace your software",
      "replace your platform", "replace your tool", "drop the tool entirely",
      "stop using your platform", "stop using your software", "stop using your service",
      "stop using your app", "gone from your platform", "fits my needs better",
      "migrating away once", "we use something else", "go back to excel", "no quiero renovar",
      "dejar de usar su", "dejar de usar vuestro",
      "no continuar con su", "nos cambiaremos de", "cambiar a otro programa",
      "dejamos la app", "ultimo mes que pagamos", "ne pas reconduire", "ne renouvellera pas",
      "nous quitterons votre", "dernier mois avec vous", "demo avec un concurrent",
      "je vais me desabonner", "komplett zu wechseln", "letzte monat den wir",
      "vou trocar de plataforma",
      "vamos trocar de sistema", "mudar pra outro app", "mudar para outro app",
      "avaliar outros fornecedores", "deixar de usar a vossa", "deixar de usar o sistema",
      "deixar de usar a plataforma", "ultimo mes que a gente paga"};
  for (auto p : kPhrases)
    for (std::size_t from = 0;;) {
      const auto pos = text::find_phrase(ws, p, from);
      if (pos == std::string::npos) break;
      bool condition = false;
      for (std::size_t k = pos >= 3 ? pos - 3 : 0; k < pos; ++k)
        condition = condition || ws[k] == "if" || ws[k] == "whether" || ws[k] == "when";
      // Round 19: Portuguese negates right before the verb ("não vamos cancelar").
      const bool negated_pt = pos >= 1 && (ws[pos - 1] == "nao" || ws[pos - 1] == "nunca");
      if (!condition && !negated_pt && !innocent_use(ws, pos, 2)) return std::string(p);
      from = pos + 1;
    }
  return leaving_said(ws);  // round 16, paraphrase_rules.h
}

namespace {

// Urgency of a reason code (it sets the queue's order; docs/DECISIONS.md).
const char* urgency_of(std::string_view reason) {
  if (reason == "legal_threat" || reason == "security_incident") return "critical";
  if (reason == "privacy_request" || reason == "data_loss" || reason == "outage" ||
      reason == "churn_risk" || reason == "negative_sentiment" || reason == "repeat_contact")
    return "high";
  return "normal";
}

}  // namespace

std::string intent_reason(std::string_view intent_class) {
  if (intent_class == "pricing") return "pricing_inquiry";
  if (intent_class == "billing_dispute") return "billing_dispute";
  if (intent_class == "legal_threat") return "legal_threat";
  if (intent_class == "human_requested") return "human_requested";
  if (intent_class == "security_incident") return "security_incident";
  if (intent_class == "privacy_request") return "privacy_request";
  if (intent_class == "outage") return "outage";
  if (intent_class == "churn_risk") return "churn_risk";
  return {};
}

bool known_reason(std::string_view r) {
  static const Set k = {"legal_threat",       "negative_sentiment",
                        "human_requested",    "pricing_inquiry",
                        "refund_request",     "billing_dispute",
                        "security_incident",  "privacy_request",
                        "data_loss",          "outage",
                        "churn_risk",         "account_or_compliance_request",
                        "repeat_contact",     "feature_commitment",
                        "knowledge_gap",      "knowledge_base_unavailable",
                        "output_guardrail",   "no_response",
                        "engine_unavailable", "agent_error"};
  return k.count(r) > 0;
}

std::string canonical_reason(std::string_view free_text) {
  if (known_reason(free_text)) return std::string(free_text);
  std::string t(free_text);
  for (auto& c : t) c = (c == '_' || c == '-') ? ' ' : c;
  const auto ws = ::fte::text::keys(t);
  auto has = [&](std::initializer_list<std::string_view> keys) {
    for (const auto& w : ws)
      for (auto k : keys)
        if (w.rfind(k, 0) == 0) return true;
    return false;
  };
  if (has({"legal", "lawyer", "attorney", "lawsuit", "litigat"})) return "legal_threat";
  if (has({"secur", "hack", "breach", "compromis", "phish"})) return "security_incident";
  if (has({"privacy", "gdpr", "ccpa", "erasure", "personal"})) return "privacy_request";
  if (has({"refund", "reimburs", "chargeback"})) return "refund_request";
  if (has({"billing", "invoice", "charge", "overcharg", "payment"})) return "billing_dispute";
  if (has({"pric", "discount", "quote", "sales", "cost"})) return "pricing_inquiry";
  if (has({"human", "person", "agent", "representative", "manager"})) return "human_requested";
  if (has({"outage", "downtime", "sla", "incident"})) return "outage";
  if (has({"churn", "cancel", "competitor"})) return "churn_risk";
  if (has({"roadmap", "commitment", "promise"})) return "feature_commitment";
  if (has({"angry", "sentiment", "frustrat", "upset", "abus", "profan"}))
    return "negative_sentiment";
  if (has({"data", "loss", "lost", "deleted"})) return "data_loss";
  if (has({"knowledge", "docs", "documentation", "unknown", "unsure", "answer"}))
    return "knowledge_gap";
  return "other";
}

std::string reason_urgency(std::string_view reason) {
  return urgency_of(reason);
}

InputCheck check_input(Channel channel, std::string_view subject, std::string_view body,
                       const IntentModel* model) {
  return check_input(channel, subject, body, model, nullptr);
}

InputCheck check_input(Channel channel, std::string_view subject, std::string_view body,
                       const IntentModel* model, const CompanyRules* rules) {
  InputCheck r;
  // A WhatsApp message has no subject of its own: the channel repeats the body's first line or
  // makes one up ("WhatsApp message from +1..."), words the customer never wrote.
  std::string all(channel == Channel::whatsapp ? std::string_view() : subject);
  if (!all.empty()) all += "\n";
  all += body;
  auto trip = [&](const char* guardrail, const char* reason, const std::optional<std::string>& ev) {
    if (ev) r.trips.push_back({guardrail, reason, urgency_of(reason), *ev});
  };
  const auto sentiment = analyse_sentiment(all);
  r.sentiment = sentiment.score;
  // 1. The phrase rules (the floor), most specific routing first.
  // Round 17: they read the message without a quoted screen label (without_quoted_labels).
  const bool quotes = all.find('"') != std::string::npos ||
                      all.find("\u201c") != std::string::npos ||
                      all.find("\u00ab") != std::string::npos ||
                      all.find("\u201e") != std::string::npos;
  const std::string told = quotes ? without_quoted_labels(all) : all;
  const bool secondhand_cue = may_hold_secondhand(keys_of(told));
  const std::string firsthand = secondhand_cue ? without_secondhand(told) : told;
  trip("legal", "legal_threat", legal_threat(firsthand));
  trip("security", "security_incident", security_incident(firsthand));
  // Requests only staff can fulfil (staff_requests.h); residency before privacy: moving data to
  // a region under a regulation is a migration for the account team, not a rights request.
  trip("data_residency", "account_or_compliance_request", data_residency_request(keys_of(told)));
  trip("account_recovery", "account_or_compliance_request", account_recovery(keys_of(told)));
  trip("privacy", "privacy_request", privacy_request(told));
  trip("data_loss", "data_loss", data_loss(told));
  const auto request = without_courtesy(told);
  trip("account_compliance", "account_or_compliance_request",
       account_or_compliance_request(request));
  trip("refund", "refund_request", refund_request(request));
  trip("billing_dispute", "billing_dispute", billing_dispute(told));
  trip("billing_request", "billing_dispute", billing_request(keys_of(request)));
  trip("pricing", "pricing_inquiry",
       pricing_inquiry(without_surname_price(secondhand_cue ? without_secondhand(request)
                                                            : request)));
  trip("human_request", "human_requested", human_requested(told));
  if (channel == Channel::whatsapp)
    trip("whatsapp_keyword", "human_requested", whatsapp_keyword(body));
  trip("outage", "outage", outage_report(firsthand));
  trip("widespread_lockout", "outage", widespread_lockout(keys_of(told)));
  trip("churn", "churn_risk", churn_risk(firsthand));
  trip("compliance_requirement", "account_or_compliance_request",
       compliance_requirement(keys_of(told)));
  trip("feature_commitment", "feature_commitment", feature_commitment(keys_of(told)));
  // Round 13: structural signals (structural_signals.h), after every phrase rule so that they
  // never change a reason those give: an account event disowned, a disputed charge.
  trip("disowned_event", "security_incident", disowned_account_event(keys_of(told)));
  trip("disputed_charge", "billing_dispute", disputed_charge(keys_of(told)));
  // 1b. The company's own keyword triggers (after the built-in rules: never instead of them).
  if (rules)
    if (auto k = rules->keyword_trigger(channel, all, body))
      r.trips.push_back({"company_rule", k->rule->reason, urgency_of(k->rule->reason), k->evidence});
  // 2. Tone (rules too): profanity and negative sentiment escalate on their own, and raise the
  // urgency of a phrase rule's reason to at least "high".
  const std::size_t before_tone = r.trips.size();
  auto profane = find_profanity(all);
  trip("profanity", "negative_sentiment",
       profane.empty() ? std::nullopt : std::optional<std::string>(profane));
  if (sentiment.score < kNegativeSentimentThreshold) {
    std::string ev = "sentiment " + std::to_string(sentiment.score).substr(0, 4);
    if (!sentiment.negative.empty()) ev += " (" + sentiment.negative.front() + ")";
    trip("sentiment", "negative_sentiment", ev);
  }
  if (r.trips.size() > before_tone && before_tone > 0 && r.trips.front().urgency == "normal")
    r.trips.front().urgency = "high";
  // 3. The trained intent model: after every rule, so it never overrides one.
  // A message of one or two words gives the model no context to read ("agent", "pricing?"):
  // only the rules judge it (WhatsApp's whole-message keywords are rules).
  if (model && keys_of(all).size() >= kIntentMinWords) {
    r.intent = model->predict(all);
    // The model reads words, not causes: rate-limit errors are not an outage nor a security
    // incident, "is there an outage?" about one thing is not an outage, a lockout by one's own
    // attempts or a change the customer says they made is not a security incident (phrase_guard.h).
    const bool explained = resolved_thanks(keys_of(all)) || (r.intent.label == "outage" &&
                            (rate_limit_error(keys_of(all)) ||
                             outage_question_about_one_thing(keys_of(all)) ||
                             no_failure_said(keys_of(all)) ||
                             others_fine(keys_of(all)))) ||  // round 21
                           (r.intent.label == "churn_risk" && no_relationship_said(keys_of(all))) ||
                           (r.intent.label == "privacy_request" && data_as_input(keys_of(all))) ||
                           (r.intent.label == "billing_dispute" &&
                            own_cause_named(keys_of(all))) ||
                           (r.intent.label == "security_incident" &&
                            (own_lockout(keys_of(all)) || own_doing(keys_of(all)) ||
                             rate_limit_error(keys_of(all))));
    bool trips = model_trips(r.intent, model->threshold(r.intent.label, kIntentThreshold));
    // Round 17: the `none` runner-up of a foreign message is no second opinion — the corpus's
    // routine lines are mostly English, so `none` leans on the shared words (names, numbers,
    // "app") there; a confident class of a message that reads as es/fr/de/pt is kept.
    // Round 18: in any language a class at kNoneVetoLifted or more is no ambiguity either
    // ("you billed us for 12 seats but we only have 8, how do I fix the invoice?": billing
    // 1.00 with none 1.00 — the how-to half is what `none` reads).
    if (!trips && r.intent.label != "none" && r.intent.second == "none" &&
        (r.intent.probability >= kNoneVetoLifted ||
         (r.intent.probability >= kForeignNoneVetoLifted && message_reads_foreign(all))))
      trips = true;
    // Under its threshold the model does not decide THAT a case escalates, but when a weak-evidence
    // rule already escalates it, the model's leading class may still say what it is about.
    const bool routes = !trips && !r.trips.empty() && model_routes_below_threshold(
                                                          r.trips.front(), r.intent);
    if (!explained && (trips || routes)) {
      const auto reason = intent_reason(r.intent.label);
      char ev[64];
      std::snprintf(ev, sizeof ev, "model %s %.2f", r.intent.label.c_str(), r.intent.probability);
      if (!reason.empty()) {
        r.trips.push_back({"intent_model", reason, urgency_of(reason), ev});
        // A one-word rule's reason gives way to a more specific confident model class (the
        // case escalates either way; model_reroutes in the header says when).
        if (r.trips.size() > 1 && model_reroutes(r.trips.front(), reason))
          std::rotate(r.trips.begin(), r.trips.end() - 1, r.trips.end());
      }
    }
  }
  // 4. The company policy's examples (similarity): the weakest layer, last.
  if (rules) {
    auto e = rules->nearest_example(all);
    if (e)
      r.trips.push_back({"company_example", e->rule->reason, urgency_of(e->rule->reason),
                         e->evidence});
  }
  // An ownership transfer is not one of the constitution's escalations and companies differ
  // (one escalates it, another documents the steps): the built-in rule stands only when the
  // company's policy names ownership ("transfer workspace ownership"; "email/owner" does not).
  if (!rules || !rules->mentions("ownership"))
    std::erase_if(r.trips, [](const GuardrailTrip& t) {
      return t.guardrail == "account_compliance" && t.evidence.find("owner") != std::string::npos;
    });
  if (rules)
    for (auto& t : r.trips) t.team = rules->team_for(t.reason);
  return r;
}

InputCheck check_input(Channel channel, std::string_view subject, std::string_view body) {
  const auto rules = CompanyRules::shared();
  return check_input(channel, subject, body, IntentModel::shared(), rules.get());
}

}  // namespace fte::agent
