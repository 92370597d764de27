#include "agent/engines/yes_no.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "agent/engines/pointing_back.h"
#include "agent/judgement/text.h"

namespace fte::agent {

// In a lead only a verb's negation counts: "no credit card required" or "without a seat" does not
// deny what is asked ("can I start a trial?").
bool denies(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "not",   "cannot", "can't",       "isn't",       "aren't", "doesn't",
      "don't", "won't",  "unavailable", "unsupported", "never"};
  return k.count(w) > 0;
}

namespace {

bool has_word(const std::vector<std::string>& ws, std::string_view w) {
  return std::find(ws.begin(), ws.end(), w) != ws.end();
}

bool negation(std::string_view w) {
  return denies(w);
}

bool question_negation(std::string_view w) {
  return negation(w) || w == "no" || w == "without";
}

// Verbs a customer asks with that say nothing of what is asked about ("is there a way to see
// burndown?", "do you support SSO?": the lead names burndown, SSO).
bool generic_verb(std::string_view stem) {
  static const std::unordered_set<std::string> k = [] {
    std::unordered_set<std::string> s;
    for (const char* w : {"see", "find", "do", "have", "possible", "available", "support", "offer",
                          "include", "access"})
      s.insert(text::stem(w));
    return s;
  }();
  return k.count(std::string(stem)) > 0;
}

// Words before "plan"/"tier" that do not name a plan (a billing period, a trial, a kind of plan).
bool not_a_plan_name(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "my",      "our",      "your",         "the",     "a",       "an",
      "this",    "that",     "which",        "what",    "current", "paid",
      "same",    "new",      "higher",       "lower",   "any",     "every",
      "all",     "each",     "other",        "one",     "bigger",  "cheaper",
      "premium", "upgraded", "annual",       "monthly", "yearly",  "billing",
      "payment", "pricing",  "subscription", "trial",   "project", "migration",
      "backup",  "action",   "data",         "storage"};
  return k.count(w) > 0 || w.empty();
}

// The asking sentences (ending in '?'), or the message when it is one sentence; "" otherwise.
std::string asking_text(std::string_view question) {
  std::string asking;
  const auto ss = text::sentences(question);
  for (const auto& s : ss) {
    const std::string t = text::trim(s);
    if (!t.empty() && t.back() == '?') asking += t + "\n";
  }
  if (asking.empty() && ss.size() == 1) asking = ss.front();
  return asking;
}

// Whether the asking text is a yes/no question: a sentence opening with an auxiliary verb, or
// "is there / are there / is it possible".
bool yes_no_question(std::string_view asking) {
  static const std::unordered_set<std::string_view> kAux = {
      "can", "could", "is", "are", "does", "do", "will", "would", "should", "may", "has", "have"};
  for (const auto& s : text::sentences(asking)) {
    const auto ws = text::words(s);
    if (ws.empty()) continue;
    if (kAux.count(ws.front()) || text::has_phrase(ws, "is there") ||
        text::has_phrase(ws, "are there") || text::has_phrase(ws, "is it possible"))
      return true;
  }
  return false;
}

// Whether the asking text asks for a way to do something ("how do I", "how can we", "how to").
bool how_to_question(std::string_view asking) {
  for (const auto& s : text::sentences(asking)) {
    const auto ws = text::words(s);
    for (std::string_view p : {"how do i", "how can i", "how do we", "how can we", "how to"})
      if (text::has_phrase(ws, p)) return true;
  }
  return false;
}

// The plan the customer names ("on the Harbor plan", "harbor tier"), as written; "" when none.
std::string named_plan(std::string_view asking) {
  const auto toks = text::tokens(asking);
  for (std::size_t i = 1; i < toks.size(); ++i) {
    if (toks[i].low != "plan" && toks[i].low != "tier") continue;
    if (not_a_plan_name(toks[i - 1].low) || text::is_stopword(toks[i - 1].low)) continue;
    return std::string(asking.substr(toks[i - 1].offset, toks[i - 1].low.size()));
  }
  return {};
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// A lead that says on which plans a thing is: it names plans ("Summit and Peak plans", a
// "Summit+" order) and restricts ("available", "only", "included", "requires").
bool restricts_to_plans(const std::vector<std::string>& lead_words, std::string_view lead) {
  const bool names_plans = has_word(lead_words, "plan") || has_word(lead_words, "plans") ||
                           lead.find('+') != std::string_view::npos;
  const bool restricts = has_word(lead_words, "available") || has_word(lead_words, "only") ||
                         has_word(lead_words, "included") || has_word(lead_words, "requires");
  return names_plans && restricts;
}

// "Is this a bug or a paid feature?" from a customer the product asked to upgrade: one
// alternative is a fault (bug, glitch, error), the other a feature of a plan (feature, plan, paid,
// premium, upgrade); the message says the product asks for an upgrade; the lead limits a thing
// the message names (a word beyond asking, plans and faults) to some plans, none of them the plan
// the customer says they are on, and denies nothing. Then it is not a bug: the thing is not on
// the customer's plan. (A customer on a listed plan may well have found a bug: no verdict.)
bool bug_or_plan_feature(const YesNoInput& in, const std::vector<std::string>& asking_words) {
  static const std::unordered_set<std::string_view> kFault = {"bug",    "glitch", "error",
                                                              "broken", "defect", "issue"};
  static const std::unordered_set<std::string_view> kPlanned = {
      "feature", "plan", "paid", "premium", "upgrade", "limitation", "restriction", "tier"};
  const auto or_at = std::find(asking_words.begin(), asking_words.end(), "or");
  if (or_at == asking_words.end()) return false;
  auto side_has = [](auto from, auto to, const auto& set) {
    return std::any_of(from, to, [&](const std::string& w) { return set.count(w) > 0; });
  };
  const bool fault_first = side_has(asking_words.begin(), or_at, kFault);
  const bool fault_second = side_has(or_at + 1, asking_words.end(), kFault);
  const bool planned_first = side_has(asking_words.begin(), or_at, kPlanned);
  const bool planned_second = side_has(or_at + 1, asking_words.end(), kPlanned);
  if (!((fault_first && planned_second) || (planned_first && fault_second))) return false;
  const auto message = text::words(in.question);
  bool upgrade_prompt = false;
  for (const auto& w : message) upgrade_prompt = upgrade_prompt || w.rfind("upgrad", 0) == 0;
  if (!upgrade_prompt) return false;
  const auto lead_words = text::words(in.lead);
  for (const auto& w : lead_words)
    if (negation(w)) return false;
  if (!restricts_to_plans(lead_words, in.lead)) return false;
  const std::string plan = text::lower(named_plan(in.question));
  if (!plan.empty() && has_word(lead_words, plan)) return false;
  // The lead is about something the customer names (not only about plans or faults).
  const auto lead_stems = text::content_stems(in.lead);
  for (const auto& w : text::content_stems(in.question)) {
    if (generic_verb(w) || (!plan.empty() && w == text::stem(plan))) continue;
    bool asking_word = false;
    for (const auto& set : {kFault, kPlanned})
      for (auto x : set) asking_word = asking_word || w == text::stem(x);
    if (asking_word || w == text::stem("only") || w == text::stem("available")) continue;
    if (std::find(lead_stems.begin(), lead_stems.end(), w) != lead_stems.end()) return true;
  }
  return false;
}

// A question whether the product can do or has something, asked by the customer for themselves
// ("is there a way to …", "is it possible to …", "can I/we …", "do you have/support/offer …",
// "does it support …"), not a request to the staff ("can you check …").
bool capability_question(std::string_view asking) {
  for (const auto& s : text::sentences(asking)) {
    const auto ws = text::words(s);
    if (ws.size() < 2) continue;
    if (text::has_phrase(ws, "is there") || text::has_phrase(ws, "are there") ||
        text::has_phrase(ws, "is it possible"))
      return true;
    const std::string_view a = ws[0], b = ws[1];
    if ((a == "can" || a == "could") && (b == "i" || b == "we" || b == "they" || b == "my"))
      return true;
    if ((a == "do" || a == "does") && ws.size() >= 3)
      for (std::string_view v : {"have", "support", "offer", "allow", "integrate", "work"})
        if (ws[2] == v || (ws.size() >= 4 && ws[3] == v)) return true;
  }
  return false;
}

}  // namespace

bool capability_unanswered(const YesNoInput& in) {
  if (!described_want(in.question).empty()) return false;  // pointing_back_verdict's case
  const std::string asking = asking_text(in.question);
  if (asking.empty() || !capability_question(asking)) return false;
  const auto asking_words = text::words(asking);
  if (has_word(asking_words, "or")) return false;
  for (const auto& w : asking_words)
    if (question_negation(w)) return false;
  for (const auto& w : text::words(in.lead))
    if (negation(w)) return false;
  const std::string plan_low = text::lower(named_plan(asking));
  const auto all = text::content_stems(std::string(in.leaf) + "\n" + std::string(in.lead) + "\n" +
                                       std::string(in.quoted));
  std::size_t asked_n = 0, found = 0;
  // "ones" points back ("remove the inactive ones"), it names nothing ("one view" does).
  std::string named;
  for (const auto& w : asking_words)
    if (w != "ones") named += w + " ";
  for (const auto& w : text::content_stems(named)) {
    if (generic_verb(w) || w == text::stem("way") || w == text::stem("plan") ||
        w == text::stem("tier") || (!plan_low.empty() && w == text::stem(plan_low)))
      continue;
    ++asked_n;
    found += std::find(all.begin(), all.end(), w) != all.end() ? 1 : 0;
  }
  return asked_n >= 2 && 2 * found < asked_n && yes_no_verdict(in).empty();
}

std::string yes_no_verdict(const YesNoInput& in) {
  // "I want X. Is this possible?": the question's "this" is the described want
  // (pointing_back.h).
  if (const std::string want = described_want(in.question); !want.empty())
    return pointing_back_verdict(in, want);
  const std::string asking = asking_text(in.question);
  if (asking.empty()) return {};
  // "Is this a bug or a paid feature?" after an upgrade prompt, answered by a lead that limits
  // the thing to some plans: not a bug (bug_or_plan_feature).
  if (bug_or_plan_feature(in, text::words(asking))) return "This is not a bug.";
  const bool how_to = !yes_no_question(asking) && how_to_question(asking);
  if (!how_to && !yes_no_question(asking)) return {};
  const auto asking_words = text::words(asking);
  // Either/or and negated questions have no yes/no answer a lead can give.
  if (has_word(asking_words, "or")) return {};
  for (const auto& w : asking_words)
    if (question_negation(w)) return {};
  const auto lead_words = text::words(in.lead);
  bool lead_negated = false, conditional = false;
  for (const auto& w : lead_words) {
    lead_negated = lead_negated || negation(w);
    conditional = conditional || w == "if" || w == "unless" || w == "when" || w == "except";
  }
  const std::string plan = named_plan(asking);
  const std::string plan_low = text::lower(plan);
  // The asked words (the plan's name and generic verbs aside) that the heading and the lead —
  // or, for `wide`, anything quoted — must hold.
  const auto asked_stems = text::content_stems(asking);
  std::size_t named = 0;  // asked words that name something ("can you help?" names nothing)
  for (const auto& w : asked_stems)
    named += generic_verb(w) || w == text::stem("plan") || w == text::stem("tier") ? 0 : 1;
  if (named == 0) return {};
  // A lead that names a setting ("Project settings: colour, visibility") answers "can I
  // change / set / customise it?": the verb needs no word of its own there.
  bool setting = false;
  for (const auto& w : lead_words)
    setting = setting || w == "settings" || w == "setting" || w == "customizable" ||
              w == "customisable" || w == "configurable" || w == "editable";
  auto exempt = [&](const std::string& w) {
    if (generic_verb(w)) return true;
    if (!setting) return false;
    for (const char* v : {"change", "set", "edit", "customize", "customise", "adjust"})
      if (w == text::stem(v)) return true;
    return false;
  };
  // `wide`: every asked word is quoted somewhere and at least half of them are in the heading or
  // the lead (the lead is about the asked thing, not a neighbour of it in the same section).
  auto covered = [&](bool wide) {
    const std::string narrow_text = std::string(in.leaf) + "\n" + std::string(in.lead);
    const auto narrow = text::content_stems(narrow_text);
    const auto all = text::content_stems(narrow_text + "\n" + std::string(in.quoted));
    std::size_t asked_n = 0, in_narrow = 0;
    for (const auto& w : asked_stems) {
      if (exempt(w) || (!plan_low.empty() && w == text::stem(plan_low))) continue;
      if (w == text::stem("plan") || w == text::stem("tier")) continue;
      ++asked_n;
      const bool n = std::find(narrow.begin(), narrow.end(), w) != narrow.end();
      in_narrow += n ? 1 : 0;
      if (!n && (!wide || std::find(all.begin(), all.end(), w) == all.end())) return false;
    }
    return 2 * in_narrow >= asked_n;
  };
  if (conditional) return {};
  // "How do I create reminders on mobile?" — "Reminders can be viewed but not created on
  // mobile": the way asked for does not exist.
  if (how_to)
    return lead_negated && covered(false) ? "Unfortunately, that is not possible." : std::string();
  if (!plan.empty()) {
    // Only a lead that says on which plans the thing is: "Available on Summit and Peak
    // plans", "Summit+ only".
    if (!restricts_to_plans(lead_words, in.lead) || !covered(true)) return {};
    if (has_word(lead_words, plan_low) || text::has_phrase(lead_words, "all plans"))
      return lead_negated ? std::string() : "Yes.";
    if (in.lead.find('+') != std::string_view::npos || lead_negated) return {};
    std::string no = "No, not on the ";
    no.append(capitalised(plan));
    no.append(" plan.");
    return no;
  }
  if (lead_negated) return covered(false) ? "No." : std::string();
  // A plain yes: nothing in the lead restricts it, beyond words the customer used themselves.
  for (const auto& w : lead_words)
    for (std::string_view x :
         {"only", "available", "requires", "required", "plan", "plans", "upgrade"})
      if (w == x && !has_word(asking_words, x)) return {};
  if (in.lead.find('+') != std::string_view::npos) return {};
  return covered(false) ? "Yes." : std::string();
}

}  // namespace fte::agent
