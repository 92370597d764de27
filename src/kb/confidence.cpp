#include "kb/confidence.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/text_memo.h"
#include "kb/problem_report.h"
#include "kb/synonyms.h"
#include "kb/text.h"
#include "kb/topic_stats.h"

namespace fte::kb {

namespace {

// Fitted weights (logistic regression, L2 0.01, on 119 dev-half tickets of the four shared sets +
// the 10 sample tickets, 48 positives; see docs/EVAL.md); features in [0, 1]. AUC on that set:
// model 0.80, top alone 0.78, coverage 0.76, margin 0.75, heading 0.67.
constexpr double kBias = -2.21;
constexpr double kTop = 1.31;
constexpr double kMargin = 0.92;
constexpr double kCoverage = 1.61;
constexpr double kHeading = 0.87;

// index_terms() of a title or a whole section, as a set.
thread_local TextMemo<std::unordered_set<std::string>> t_kb_term_sets(4096);

const std::unordered_set<std::string>& kb_term_set(std::string_view kb_text) {
  return t_kb_term_sets.get(kb_text, [](std::string_view t) {
    auto terms = index_terms(t);
    return std::unordered_set<std::string>(terms.begin(), terms.end());
  });
}

}  // namespace

AnswerConfidence assess_answer(std::string_view question, std::string_view title,
                               std::string_view content, double top, double second,
                               bool on_topic) {
  AnswerConfidence c;
  c.top = std::clamp(top, 0.0, 1.0);
  c.margin = std::clamp(top - second, 0.0, 1.0);
  std::vector<std::string> q = index_terms(question);
  std::sort(q.begin(), q.end());
  q.erase(std::unique(q.begin(), q.end()), q.end());
  t_kb_term_sets.trim();  // the only place the memo is cleared: the references below stay valid
  const auto& head = kb_term_set(title);
  const auto& body = kb_term_set(content);
  std::size_t covered = 0, in_head = 0;
  for (const auto& w : q) {
    covered += head.count(w) || body.count(w) ? 1 : 0;  // in the section: heading or text
    in_head += head.count(w);
  }
  c.coverage = q.empty() ? 0 : static_cast<double>(covered) / static_cast<double>(q.size());
  c.heading = static_cast<double>(std::min<std::size_t>(in_head, 2)) / 2.0;
  const double z = kBias + kTop * c.top + kMargin * c.margin + kCoverage * c.coverage +
                   kHeading * c.heading;
  c.p = 1.0 / (1.0 + std::exp(-z));
  c.level = c.p >= kAnswerAt    ? AnswerConfidence::Level::answer
            : c.p >= kClosestAt ? AnswerConfidence::Level::closest
                                : AnswerConfidence::Level::none;
  // A confident answer must be about what is asked: a high score from narrative words alone
  // ("my team", "since the update") is offered as the closest section at most.
  c.on_topic = on_topic;
  if (c.level == AnswerConfidence::Level::answer && !c.on_topic)
    c.level = AnswerConfidence::Level::closest;
  return c;
}

namespace {

// Words that name no topic: conversation ("hi", "thanks", "question", "someone", "possible")
// and generic heading words ("available", "common", "overview", "getting started"). Generic
// English of support, no product's vocabulary.
bool topicless(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "hi",        "hello",    "hey",      "thanks",    "thank",      "please",    "pls",
      "help",      "question", "questions", "quick",    "someone",    "something", "anyone",
      "anything",  "everyone", "everything", "thing",   "things",     "way",       "able",
      "possible",  "need",     "needs",    "want",      "wants",      "like",      "would",
      "could",     "know",     "let",      "still",     "already",    "tried",     "try",
      "available", "common",   "general",  "overview",  "basics",     "basic",     "getting",
      "started",   "introduction", "faq",  "frequently", "asked",     "selected",  "other",
      "more",      "new",      "using",    "use",       "work",       "works",     "working",
      "urgent",    "urgently", "asap",     "today",     "yesterday",  "tomorrow",  "since",
      "regards",  "best",      "cheers",     "dear",      "team",
      "support",   "guys"};
  return kWords.count(w) > 0;
}

// A token that reads as a code or a number: a digit and three characters or more ("404",
// "0x1f"), or a letter and a digit ("E7"). Hyphenated codes count joined ("ERR-42" as "err42").
bool code_like(const std::string& w) {
  if (w.find_first_of("0123456789") == std::string::npos) return false;
  return w.size() >= 3 ||
         (w.size() == 2 && std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
}

std::vector<std::string> code_tokens(std::string_view text) {
  std::vector<std::string> out;
  for (auto& w : split_words(text))
    if (code_like(w)) out.push_back(std::move(w));
  for (auto& w : hyphen_compounds(text))
    if (code_like(w)) out.push_back(std::move(w));
  return out;
}

// Whether a code or number of the question (`asked`: its code_tokens) is in the section.
bool quotes_code_of(const std::vector<std::string>& asked, std::string_view content) {
  if (asked.empty()) return false;
  const auto there = code_tokens(content);
  for (const auto& w : asked)
    if (std::find(there.begin(), there.end(), w) != there.end()) return true;
  return false;
}

std::vector<std::string> topic_terms(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& w : split_words(text)) {
    if (is_stopword(w) || problem_word(w) || topicless(w)) continue;
    auto s = stem(w);
    if (s.size() < 2 || std::find(out.begin(), out.end(), s) != out.end()) continue;
    out.push_back(std::move(s));
  }
  return out;
}

// topic_terms() of the knowledge base's own text (section content, its lines, titles).
thread_local TextMemo<std::vector<std::string>> t_kb_terms(16384);

const std::vector<std::string>& kb_topic_terms(std::string_view kb_text) {
  return t_kb_terms.get(kb_text, [](std::string_view t) { return topic_terms(t); });
}

// The table-row keys of a section that are one topic term each ("Manager", "E7"; not "Card
// moved": a phrase describes its row rather than naming it).
thread_local TextMemo<std::vector<std::string>> t_kb_row_keys(4096);

const std::vector<std::string>& kb_row_key_terms(std::string_view content) {
  static const std::vector<std::string> kNone;
  if (content.find('|') == std::string_view::npos) return kNone;  // no table
  return t_kb_row_keys.get(content, [](std::string_view c) {
    std::vector<std::string> out;
    const std::string keys = table_row_keys(c);
    std::size_t at = 0;
    while (at < keys.size()) {
      auto nl = keys.find('\n', at);
      if (nl == std::string::npos) nl = keys.size();
      auto t = topic_terms(std::string_view(keys).substr(at, nl - at));
      if (t.size() == 1 && index_terms(std::string_view(keys).substr(at, nl - at)).size() == 1)
        out.push_back(std::move(t[0]));
      at = nl + 1;
    }
    return out;
  });
}

// Heading words that say what a section does, not what it is about ("Creating a Project",
// "Workspace Setup", "Mobile App > Features", "Export Formats"): alone they do not put a question
// on the section's topic ("setup" is shared by every setup section; "first" by "Creating Your
// First Board" and "my first invoice"). Generic English of documentation, no product's
// vocabulary; compared as stems ("settings" is not one: its stem "set" names real topics).
bool generic_heading_stem(const std::string& s) {
  static const std::unordered_set<std::string> kStems = [] {
    std::unordered_set<std::string> out;
    for (const auto& w : split_words("setup create creating first features feature format "
                                     "formats managing manage using guide about"))
      out.insert(stem(w));
    return out;
  }();
  return kStems.count(s) > 0;
}

// How many topic terms `terms` holds, a term counting when it or a word of its thesaurus group
// (kb/synonyms.h: "people" for "members") is there.
std::size_t shared(const std::vector<std::string>& topic, const std::vector<std::string>& terms) {
  std::size_t n = 0;
  auto has = [&](const std::string& t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
  };
  for (const auto& t : topic) {
    bool found = has(t);
    if (!found)
      for (const auto& alt : expansions({t}, [](const std::string&) { return true; }))
        found = found || has(alt);
    n += found ? 1 : 0;
  }
  return n;
}

// A heading that reads as a sentence, a FAQ question ("How do I change my email address?", "I
// can't see a board that was shared with me."): it ends in '?' or '.'. A title does not, even when
// long or opening with "How" ("Known Mobile Limitations (as of v2.3)", "How Automations Work").
bool sentence_heading(std::string_view leaf) {
  while (!leaf.empty() && leaf.back() == ' ') leaf.remove_suffix(1);
  return !leaf.empty() && (leaf.back() == '?' || leaf.back() == '.');
}

std::string_view leaf_of(std::string_view title) {
  const auto at = title.rfind(" > ");
  return at == std::string_view::npos ? title : title.substr(at + 3);
}

// What the knowledge base's heading statistics (kb/topic_stats.h) say about a question and a
// section. The question's distinctive heading terms are those as rare among the KB's leaf headings
// as its rarest one ("velocity", one heading, in "sprint velocity on the growth plan"; "sprint"
// names three).
struct HeadingEvidence {
  bool headed = true;     // some leaf heading of the KB holds a topic term of the question
  bool elsewhere = false;  // one other section's leaf heading is dedicated to a distinctive term
};

// Drops from `leaf_terms` the terms more common among the headings than the question's rarest
// ("Creating a Sprint" for the velocity question), unless the section's text holds a distinctive
// term (the question's own subject meets it there).
HeadingEvidence weigh_heading_terms(const std::vector<std::string>& topic, std::string_view content,
                                    const TopicStats& stats, std::vector<std::string>& leaf_terms) {
  HeadingEvidence e;
  std::uint32_t rarest = 0;
  for (const auto& t : topic)
    if (const auto n = stats.df(t); n > 0 && (rarest == 0 || n < rarest)) rarest = n;
  if (rarest == 0) {  // the question names nothing any heading holds
    e.headed = false;
    return e;
  }
  std::vector<std::string> distinctive;
  for (const auto& t : topic)
    if (stats.df(t) == rarest) distinctive.push_back(t);
  e.elsewhere = rarest == 1 && shared(distinctive, leaf_terms) == 0;
  if (shared(distinctive, kb_topic_terms(content)) == 0)
    std::erase_if(leaf_terms, [&](const std::string& t) { return stats.df(t) > rarest; });
  return e;
}

}  // namespace

std::vector<std::string> topic_terms_of(std::string_view text) {
  return topic_terms(text);
}

bool faq_heading(std::string_view title) {
  return sentence_heading(leaf_of(title));
}

bool asks_faq_question(std::string_view question, std::string_view title) {
  if (!faq_heading(title)) return false;
  const auto leaf = topic_terms(leaf_of(title));
  if (leaf.empty()) return false;
  const auto asked = topic_terms(question);
  for (const auto& t : leaf)
    if (shared(asked, {t}) == 0) return false;
  return true;
}

std::vector<std::string> leaf_topic_terms(std::string_view title) {
  auto terms = topic_terms(leaf_of(title));
  std::erase_if(terms, [](const std::string& t) { return generic_heading_stem(t); });
  return terms;
}

namespace {
TopicMatch match_topic(const TopicQuestion& question, std::string_view title,
                       std::string_view content, const TopicStats* stats);
}  // namespace

TopicQuestion::TopicQuestion(std::string_view question)
    : text_(question), terms_(topic_terms(question)) {}

const std::vector<std::string>& TopicQuestion::codes() const {
  if (!have_codes_) {
    codes_ = code_tokens(text_);
    have_codes_ = true;
  }
  return codes_;
}

bool on_topic(std::string_view question, std::string_view title, std::string_view content) {
  return topic_match(question, title, content) != TopicMatch::none;
}

bool on_distinct_topic(std::string_view question, std::string_view title,
                       std::string_view content, const TopicStats* stats) {
  return distinct_topic_match(question, title, content, stats) != TopicMatch::none;
}

bool on_distinct_topic(const TopicQuestion& question, std::string_view title,
                       std::string_view content, const TopicStats* stats) {
  return match_topic(question, title, content, stats) != TopicMatch::none;
}

TopicMatch topic_match(std::string_view question, std::string_view title,
                       std::string_view content) {
  return match_topic(TopicQuestion(question), title, content, nullptr);
}

TopicMatch distinct_topic_match(std::string_view question, std::string_view title,
                                std::string_view content, const TopicStats* stats) {
  return match_topic(TopicQuestion(question), title, content, stats);
}

namespace {

// leaf_topic_terms() of a knowledge-base section's title, remembered on this thread like
// kb_topic_terms (titles are the same for every ticket; bounded, cleared at match_topic's entry).
thread_local TextMemo<std::vector<std::string>> t_kb_leaf_terms(4096);

const std::vector<std::string>& kb_leaf_topic_terms(std::string_view kb_title) {
  return t_kb_leaf_terms.get(kb_title, [](std::string_view t) { return leaf_topic_terms(t); });
}

TopicMatch match_topic(const TopicQuestion& question, std::string_view title,
                       std::string_view content, const TopicStats* stats) {
  const auto& topic = question.terms();
  if (topic.empty()) return TopicMatch::none;
  t_kb_terms.trim();  // the only place the memo is cleared: references below stay valid
  t_kb_row_keys.trim();
  t_kb_leaf_terms.trim();
  const std::string_view leaf = leaf_of(title);
  auto leaf_terms = kb_leaf_topic_terms(title);  // a copy: weigh_heading_terms may cut it
  const HeadingEvidence ev =
      stats ? weigh_heading_terms(topic, content, *stats, leaf_terms) : HeadingEvidence{};
  if (shared(topic, leaf_terms) >= (sentence_heading(leaf) ? 2u : 1u))
    return TopicMatch::heading;
  // An error code or number the customer quotes, found in the section.
  if (quotes_code_of(question.codes(), content)) return TopicMatch::number;
  // A table row the question names by its first cell ("make someone a manager": the roles
  // table's "Manager" row).
  if (shared(topic, kb_row_key_terms(content)) > 0) return TopicMatch::row;
  // A section other than the one the KB dedicates to what is asked: its lines do not make it so.
  if (ev.elsewhere) return TopicMatch::none;
  std::vector<std::string> all;
  std::size_t start = 0;
  while (start <= content.size()) {
    auto nl = content.find('\n', start);
    const auto line = content.substr(start, nl == std::string_view::npos ? content.npos : nl - start);
    const auto& terms = kb_topic_terms(line);
    if (const auto n = shared(topic, terms); n >= 3 && 3 * n >= topic.size())
      return TopicMatch::line;
    all.insert(all.end(), terms.begin(), terms.end());
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  const auto& head = kb_topic_terms(title);
  all.insert(all.end(), head.begin(), head.end());
  return ev.headed && topic.size() >= 2 && 4 * shared(topic, all) >= 3 * topic.size() ? TopicMatch::most_terms
                                                                         : TopicMatch::none;
}

}  // namespace

namespace {

// Whether `stand_in` is on the question's topic by more than the best hit's own heading path: a
// stand-in on topic only by a leaf-heading word that the best hit's path also holds (its chapter:
// "Workflow Automations > Automation Templates" for the best "Workflow Automations > Available
// Triggers") says nothing the best does not, and the best scores higher.
bool adds_topic(std::string_view question, const TopicCandidate& stand_in,
                const TopicCandidate& best) {
  const auto m = topic_match(question, stand_in.title, stand_in.content);
  if (m == TopicMatch::none) return false;
  if (m != TopicMatch::heading) return true;
  const auto topic = topic_terms(question);
  const auto best_path = topic_terms(best.title);
  for (const auto& t : leaf_topic_terms(stand_in.title))
    if (shared(topic, {t}) > 0 && shared({t}, best_path) == 0) return true;
  return false;
}

}  // namespace

std::size_t topical_choice(std::string_view question, const std::vector<TopicCandidate>& hits,
                           bool best_confident, bool related_only) {
  if (hits.empty() || best_confident || on_topic(question, hits[0].title, hits[0].content))
    return 0;
  for (std::size_t i = 1; i < hits.size(); ++i)
    if (hits[i].score >= hits[0].score - kStandInWindow &&
        (related_only ? on_topic(question, hits[i].title, hits[i].content)
                      : adds_topic(question, hits[i], hits[0])))
      return i;
  return 0;
}

}  // namespace fte::kb
