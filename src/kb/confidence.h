// Answer confidence: how likely the best search hit is the section that answers a question, from
// features that can be justified without a model of the product:
//   top       the hit's fused score (KnowledgeBase::search, absolute in [0, 1]);
//   margin    top minus the second hit's score (a clear winner vs. a tie among sections);
//   coverage  the share of the question's index terms (stop words dropped, stemmed) that the
//             section (heading path + text) holds — a section that answers names what is asked;
//   heading   how many question terms the heading path holds, capped at 2, over 2.
// p = logistic(w · features + b), with weights fitted by logistic regression on the dev halves of
// the labelled retrieval sets (data/eval/retrieval, `fte eval --split dev`) plus the sample
// company's tickets (data/samples on data/kb): a first hit from a labelled section is a positive,
// a first hit from another section, or any hit for a ticket the docs do not cover, a negative.
// Never fitted on the test halves. Levels: answer (p >= kAnswerAt), closest (p >= kClosestAt: the
// section may be offered as the closest documentation, saying so), none (escalate knowledge_gap).
// Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fte::kb {

struct TopicStats;

struct AnswerConfidence {
  double top = 0, margin = 0, coverage = 0, heading = 0;
  double p = 0;  // estimated probability that the hit answers the question
  bool on_topic = false;  // kb::on_distinct_topic below; level answer requires it
  enum class Level { answer, closest, none } level = Level::none;
};

// On the dev halves: at 0.5, 2 of 9 wrong first hits stay at "answer" (both near-misses of the
// labels). Below 0.2 fall 1 of 48 right first hits (escalated) and 16 of 71 negatives; 0.25 would
// escalate 3 of 48 right ones, against the aim of answering >= 90% of covered questions.
inline constexpr double kAnswerAt = 0.5;
inline constexpr double kClosestAt = 0.2;

// `second` is the next hit's score (0 when there is none). `on_topic` is the verdict of
// kb::on_distinct_topic with the statistics of the knowledge base the hit came from (the search
// tool hands it on as the hit's `on_topic`; with a SearchHit: on_distinct_topic(question,
// hit.title, hit.content, hit.topics.get())); level answer requires it.
AnswerConfidence assess_answer(std::string_view question, std::string_view title,
                               std::string_view content, double top, double second,
                               bool on_topic);

// Whether a section is about what the question asks, so that a reply from it is more than a
// confident quote from a wrong section (a scored hit can share only narrative words: "can I assign
// a task to multiple people?" meets an automation's trigger list through "assign" and "task").
// Topic terms: the question's stemmed words without stop words, problem words (kb::problem_word:
// "error", "not", "issue") and words that name no topic ("hi", "someone", "available"); a term
// also counts when a word of its thesaurus group (kb/synonyms.h) is there. The section is on topic when any of:
//   - its leaf heading shares a topic term (two when the leaf is itself a sentence ending in '?'
//     or '.', a FAQ question: "How do I change my email address?" shares "email" with any email question; the
//     parents are left out: "Billing & Plans > Payment Methods" is not about "free plan"; heading
//     words that say what a section does — setup, creating, first, features, formats, managing,
//     using, guide, about — do not count: "Workspace Setup" is not about setting up SAML);
//   - a token of the question holding a digit (an error code "429", "E7", "ERR-42", a limit
//     "890,000"; a lone digit or two digits are not codes) is in it;
//   - a topic term of the question is the first cell of one of its table rows ("make someone a
//     manager": the roles table's "Manager" row; kb::table_row_keys);
//   - one of its lines holds three topic terms and a third of them (the line that names the
//     thing asked about; a long email shares three words with many lines);
//   - it holds at least 3/4 of the topic terms (two or more).
// Used by the local engine below the confident level (agent/engines/local_engine.cpp): an on-topic
// close hit replaces an off-topic best one; an off-topic "closest section" escalates knowledge_gap
// with an honest acknowledgement instead of being quoted.
bool on_topic(std::string_view question, std::string_view title, std::string_view content);

// The topic terms of a text as on_topic reads them: stemmed words without stop words, problem
// words and words that name no topic, each once, in order.
std::vector<std::string> topic_terms_of(std::string_view text);

// Whether a heading path's leaf reads as a sentence, a FAQ question ("How do I change my email
// address?"): it ends in '?' or '.'.
bool faq_heading(std::string_view title);

// Whether a FAQ unit's own question (a sentence leaf heading, faq_heading) is the one `question`
// asks: its leaf holds a topic term, and every topic term of it (generic heading words
// included: "create" matters here) is in the question, as written or through the thesaurus
// ("how to make a new invoice" asks "How do I create an invoice?", not "How do I set up recurring
// invoices?"). Among close hits, such a unit goes first (KnowledgeBase::search within
// kTopicFirstWindow, the local engine's close window).
bool asks_faq_question(std::string_view question, std::string_view title);

// The topic terms of a heading path's leaf heading, without the generic heading words above.
std::vector<std::string> leaf_topic_terms(std::string_view title);

// Which of the rules above makes the section on topic (the first that holds, in that order).
enum class TopicMatch { none, heading, number, line, most_terms, row };
TopicMatch topic_match(std::string_view question, std::string_view title, std::string_view content);

// The stricter check a confident answer needs (AnswerConfidence::on_topic, assess_answer): as
// on_topic, but weighed with `stats`, the statistics of the knowledge base the section belongs to
// (kb/topic_stats.h: how many of its leaf headings hold each term; SearchHit::topics). The
// question's distinctive heading terms are those as rare among the leaf headings as its rarest
// one. Then:
//   - a shared leaf-heading word counts only when it is that rare, or when the section's text
//     holds a distinctive term ("Creating a Sprint" shares "sprint" with "sprint velocity chart",
//     but three headings name sprints and one names velocity);
//   - when exactly one section's leaf heading holds a distinctive term and this is another one,
//     only the heading and number rules count (a "Labels" section exists: the automation action
//     "add label" is not the topic of "how do I add labels to cards?");
//   - when no leaf heading holds any term of the question, a share of its terms is not enough
//     ("do you have a mobile app?" against a line suggesting the mobile app).
// Without statistics (`stats` null) it is on_topic. Below the confident level the
// engine's stand-in and knowledge-gap rules keep on_topic: making those stricter cost routine
// answers on held-out tickets (docs/EVAL.md, round 6).
bool on_distinct_topic(std::string_view question, std::string_view title,
                       std::string_view content, const TopicStats* stats);

// The question's side of on_distinct_topic, worked out once for checking one question against
// several sections (the search tool checks each of its hits): its topic terms, and its codes
// (kb::on_topic's number rule) when a check first needs them. on_distinct_topic(TopicQuestion(q),
// ...) is on_distinct_topic(q, ...). Not shared between threads; the text it is built from must
// outlive it.
class TopicQuestion {
 public:
  explicit TopicQuestion(std::string_view question);
  const std::vector<std::string>& terms() const { return terms_; }
  const std::vector<std::string>& codes() const;  // computed on first use

 private:
  std::string_view text_;
  std::vector<std::string> terms_;
  mutable std::vector<std::string> codes_;
  mutable bool have_codes_ = false;
};
bool on_distinct_topic(const TopicQuestion& question, std::string_view title,
                       std::string_view content, const TopicStats* stats);
TopicMatch distinct_topic_match(std::string_view question, std::string_view title,
                                std::string_view content, const TopicStats* stats);

// A search hit as the topic guard reads it.
struct TopicCandidate {
  std::string_view title, content;
  double score = 0;
};

// Hits this close to the best one's score may stand in for it (the local engine's close window).
inline constexpr double kStandInWindow = 0.1;

// Which hit a reply should come from, of `hits` sorted best first: the best, unless it is below
// the confident level (`best_confident` false) and off topic (on_topic), when the first other hit
// within kStandInWindow of its score that is on topic stands in. A stand-in for a relevant best
// hit must be on topic by more than the best's own heading path: on topic only by a leaf-heading
// word the best hit's path also holds ("Workflow Automations > Automation Templates" for "Workflow
// Automations > Available Triggers", a checklist-completed rule) it says nothing the better-scored
// hit does not, and the best stays. When only related sections were found (`related_only`: the
// alternative to a stand-in is no answer) any on-topic one stands in. The local engine chooses
// with it (agent/engines/local_engine.cpp); `fte eval --retrieval` reports the recall of this
// choice beside the search's. Returns 0 for an empty list.
std::size_t topical_choice(std::string_view question, const std::vector<TopicCandidate>& hits,
                           bool best_confident, bool related_only = false);

}  // namespace fte::kb
