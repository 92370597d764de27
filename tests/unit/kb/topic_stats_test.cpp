// The confident answer's topic check (kb::on_distinct_topic) weighs which heading word a question
// shares with a section (kb/topic_stats.h): a word that names several sections of the loaded
// knowledge base ("sprint" in a chapter of sprint sections) does not put a section on topic when
// the question also names a rarer heading word ("velocity") that the section lacks; it does when
// the section's text holds that rarer word. Without statistics the lenient rules hold. Each hit
// carries the statistics of the knowledge base that produced it: two knowledge bases in one
// process holding the same section title are never judged with each other's.
#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "kb/confidence.h"
#include "kb/knowledge_base.h"
#include "kb/topic_stats.h"

namespace fte::kb {
namespace {

constexpr const char* kDocs = R"(# Handbook

## Sprints

### Creating a Sprint
Click New Sprint, pick the start date and the length in weeks.

### Sprint Rules
Only one sprint runs at a time. Unfinished stories move to the next sprint.

### Sprint Review
At the end, compare the committed and the finished stories; the review page also shows velocity.

### Sprint Velocity
The velocity chart shows finished story points per sprint, for the last six sprints.

## Cards

### Labels
Open a card and pick Labels to tag it with a colour.

## Automations

### Actions
- Add label: when a card moves, add a label to it
- Notify: send a message

## Boards

### Board Basics
Board settings: background colour, visibility, favourites.

### Creating a Board
Click New Board and name it.

## FAQ

### How do I change my password?
Open Profile, then Password.

## Troubleshooting

### Slow Pages
Clear the browser cache, or try the mobile app for a while.

## Billing

### Plans
Starter is free; Growth adds reports.
)";

const std::string kQuestion = "Does the sprint velocity chart count unfinished stories?";
const std::string kCreating = "Sprints > Creating a Sprint";
const std::string kCreatingText = "Click New Sprint, pick the start date and the length in weeks.";

std::unique_ptr<KnowledgeBase> loaded(std::string_view docs = kDocs) {
  auto kb = std::make_unique<KnowledgeBase>();
  kb->load(chunk_markdown(docs, "handbook.md"));
  return kb;
}

// The heading statistics a loaded knowledge base hands on with its hits.
std::shared_ptr<const TopicStats> stats_of(const KnowledgeBase& kb) {
  const auto hits = kb.search("sprint", 1);
  return hits.empty() ? nullptr : hits[0].topics;
}

// The hit of `kb` titled `title` for `query` (nullopt when the search does not return it).
std::optional<SearchHit> hit_titled(const KnowledgeBase& kb, std::string_view query,
                                    std::string_view title) {
  for (auto& h : kb.search(query, 20))
    if (h.title == title) return h;
  return std::nullopt;
}

TEST(TopicStats, CountsEachLeafHeadingOnce) {
  const auto s = build_topic_stats({"Sprints > Creating a Sprint", "Sprints > Sprint Rules",
                                    "Sprints > Sprint Rules", "Billing > Plans"});
  EXPECT_EQ(s->headings, 3u);
  EXPECT_EQ(s->df(leaf_topic_terms("X > Sprint")[0]), 2u);
  EXPECT_EQ(s->df("velocity"), 0u);
}

TEST(TopicStats, ACommonHeadingWordIsNotTheTopicWhenTheQuestionNamesARarerOne) {
  // Without statistics one shared heading word is enough.
  EXPECT_TRUE(on_distinct_topic(kQuestion, kCreating, kCreatingText, nullptr));
  auto kb = loaded();
  const auto stats = stats_of(*kb);
  ASSERT_NE(stats, nullptr);
  const auto* s = stats.get();
  EXPECT_FALSE(on_distinct_topic(kQuestion, kCreating, kCreatingText, s));
  EXPECT_FALSE(on_distinct_topic(kQuestion, "Sprints > Sprint Rules",
                                 "Only one sprint runs at a time; a new one starts on Monday.", s));
  EXPECT_TRUE(on_distinct_topic(kQuestion, "Sprints > Sprint Velocity",
                                "The velocity chart shows finished story points per sprint.", s));
  // The rarer word met in the section's text: the shared heading word counts again.
  EXPECT_TRUE(on_distinct_topic(kQuestion, "Sprints > Sprint Review",
                                "At the end, compare the committed and the finished stories; the "
                                "review page also shows velocity.",
                                s));
  // A question naming no rarer heading word: the common one is its topic.
  EXPECT_TRUE(on_distinct_topic("How long can a sprint be?", kCreating, kCreatingText, s));
  // Never a confident answer from the section that shares only the common word.
  const auto c = assess_answer(kQuestion, kCreating, kCreatingText, 0.9, 0.3,
                               on_distinct_topic(kQuestion, kCreating, kCreatingText, s));
  EXPECT_FALSE(c.on_topic);
  EXPECT_EQ(c.level, AnswerConfidence::Level::closest);
  EXPECT_EQ(assess_answer(kQuestion, kCreating, kCreatingText, 0.9, 0.3, true).level,
            AnswerConfidence::Level::answer);
  // Below the confident level it may still be quoted, hedged: the engine's stand-in and
  // knowledge-gap rules keep the lenient check.
  EXPECT_TRUE(on_topic(kQuestion, kCreating, kCreatingText));
}

// A question naming nothing any heading of the KB holds ("mobile app" where no section is about
// one) is not on the topic of a section that merely mentions its words in passing.
TEST(TopicStats, WordsNoHeadingNamesAreNotATopicByCountAlone) {
  const std::string q = "do you have a mobile app?";
  const std::string title = "Troubleshooting > Slow Pages";
  const std::string text = "Clear the browser cache, or try the mobile app for a while.";
  EXPECT_TRUE(on_distinct_topic(q, title, text, nullptr));  // most of its terms are there
  auto kb = loaded();
  const auto stats = stats_of(*kb);
  EXPECT_FALSE(on_distinct_topic(q, title, text, stats.get()));
  EXPECT_TRUE(on_topic(q, title, text));
  // A question whose rarest heading word heads several sections: its lines still count.
  EXPECT_TRUE(on_distinct_topic("what sprint length suits a small squad?", "Billing > Plans",
                                "Any squad may pick its own sprint length.", stats.get()));
}

// When one section's heading is dedicated to the question's rarest heading word ("Labels"),
// another section naming it in a line ("Add label" among automation actions) is not the topic.
TEST(TopicStats, ALineElsewhereIsNotTheTopicWhenASectionIsDedicatedToIt) {
  const std::string q = "how do I add a label to a card?";
  const std::string actions = "- Add label: when a card moves, add a label to it\n- Notify: send a message";
  EXPECT_TRUE(on_distinct_topic(q, "Automations > Actions", actions, nullptr));  // the line
  auto kb = loaded();
  const auto stats = stats_of(*kb);
  EXPECT_FALSE(on_distinct_topic(q, "Automations > Actions", actions, stats.get()));
  EXPECT_TRUE(on_topic(q, "Automations > Actions", actions));
  EXPECT_TRUE(on_distinct_topic(q, "Cards > Labels", "Open a card and pick Labels to tag it.",
                                stats.get()));
}

// A FAQ heading is the customer's phrasing, not a topic's name: its words ("change") do not make a
// question's heading word rare, nor a FAQ the section dedicated to it.
TEST(TopicStats, FaqQuestionHeadingsAreNotCounted) {
  auto kb = loaded();
  const auto stats = stats_of(*kb);
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->df(leaf_topic_terms("X > Change")[0]), 0u);
  EXPECT_TRUE(on_distinct_topic("can I change the background colour of my board?",
                                "Boards > Board Basics",
                                "Board settings: background colour, visibility, favourites.",
                                stats.get()));
}

// Two knowledge bases in one process (two companies, or a reload kept aside) hold the same section
// title but different headings: each hit is judged with the statistics of the knowledge base that
// produced it, whichever was loaded last. In the other one no heading names velocity, so "sprint"
// is the question's rarest heading word and "Creating a Sprint" is on its topic there.
TEST(TopicStats, EachHitIsJudgedWithItsOwnKnowledgeBasesStatistics) {
  constexpr const char* kOtherDocs = R"(# Other handbook

## Sprints

### Creating a Sprint
Click New Sprint, pick the start date and the length in weeks.

### Sprint Rules
Only one sprint runs at a time.

## Billing

### Plans
Starter is free.
)";
  auto with_velocity = loaded();
  auto without_velocity = loaded(kOtherDocs);  // loaded last
  const auto mine = hit_titled(*with_velocity, kQuestion, kCreating);
  const auto theirs = hit_titled(*without_velocity, kQuestion, kCreating);
  ASSERT_TRUE(mine && theirs);
  ASSERT_NE(mine->topics, theirs->topics);
  const std::string velocity = leaf_topic_terms("X > Velocity")[0];
  EXPECT_EQ(mine->topics->df(velocity), 1u);
  EXPECT_EQ(theirs->topics->df(velocity), 0u);
  EXPECT_FALSE(on_distinct_topic(kQuestion, mine->title, mine->content, mine->topics.get()));
  EXPECT_TRUE(on_distinct_topic(kQuestion, theirs->title, theirs->content, theirs->topics.get()));
  // A reload replaces the statistics its new hits carry; a hit kept from before keeps its own.
  with_velocity->load(chunk_markdown(kOtherDocs, "handbook.md"));
  const auto reloaded = hit_titled(*with_velocity, kQuestion, kCreating);
  ASSERT_TRUE(reloaded);
  EXPECT_TRUE(on_distinct_topic(kQuestion, reloaded->title, reloaded->content,
                                reloaded->topics.get()));
  EXPECT_FALSE(on_distinct_topic(kQuestion, mine->title, mine->content, mine->topics.get()));
}

// A near-tie at the top of a search is decided by the topic: an off-topic first hit gives way to
// an on-topic one scored within kTopicFirstWindow of it; not to one scored further below, and an
// on-topic first hit stays.
TEST(TopicStats, AnOnTopicHitTakesFirstPlaceFromANearlyTiedOffTopicOne) {
  auto kb = loaded();
  const auto stats = stats_of(*kb);
  auto hit = [&](std::string title, std::string content, double score) {
    SearchHit h;
    h.title = std::move(title);
    h.content = std::move(content);
    h.score = score;
    h.topics = stats;
    return h;
  };
  const auto slow = hit("Troubleshooting > Slow Pages",
                        "Clear the browser cache; unfinished stories and charts load later.", 0.50);
  const auto rules = hit("Sprints > Sprint Rules", "Only one sprint runs at a time.", 0.49);
  const auto velocity = hit("Sprints > Sprint Velocity",
                            "The velocity chart shows finished story points per sprint.", 0.47);
  std::vector<SearchHit> hits{slow, rules, velocity};
  put_on_topic_hit_first(kQuestion, hits);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].title, velocity.title);
  EXPECT_EQ(hits[1].title, slow.title);  // the others keep their order
  EXPECT_EQ(hits[2].title, rules.title);
  EXPECT_DOUBLE_EQ(hits[0].score, 0.47);  // scores unchanged

  auto far = velocity;
  far.score = 0.50 - kTopicFirstWindow - 0.01;
  hits = {slow, rules, far};
  put_on_topic_hit_first(kQuestion, hits);
  EXPECT_EQ(hits[0].title, slow.title);

  hits = {velocity, slow};
  hits[0].score = 0.45;
  put_on_topic_hit_first(kQuestion, hits);
  EXPECT_EQ(hits[0].title, velocity.title);
}

// search() applies it: after any search, either the first hit is on topic or no hit within the
// window is.
TEST(TopicStats, SearchNeverLeavesAnOffTopicFirstHitBeforeANearlyTiedOnTopicOne) {
  auto kb = loaded();
  for (const std::string& q : {kQuestion, std::string("how do I add a label to a card?"),
                              std::string("do you have a mobile app?"),
                              std::string("the pages are slow and the sprint chart is blank"),
                              std::string("can I change the background colour of my board?")}) {
    const auto hits = kb->search(q, 5);
    ASSERT_FALSE(hits.empty()) << q;
    if (on_distinct_topic(q, hits[0].title, hits[0].content, hits[0].topics.get())) continue;
    for (std::size_t i = 1; i < hits.size(); ++i) {
      if (hits[i].score < hits[0].score - kTopicFirstWindow) continue;
      EXPECT_FALSE(on_distinct_topic(q, hits[i].title, hits[i].content, hits[i].topics.get()))
          << q << ": " << hits[i].title;
    }
  }
}

// The search tool checks one question against each of its hits with a TopicQuestion (the
// question's terms worked out once): every verdict is the one on_distinct_topic gives the
// question's text, whatever the order of the sections and whether a check needs the question's
// codes (the number rule) before or after one that does not.
TEST(TopicStats, OneQuestionCheckedAgainstManySectionsGetsEachSectionsOwnVerdict) {
  constexpr const char* kCodes = R"(# Codes

## Errors

### Sync Errors
| Code | Meaning |
|---|---|
| E7 | The token expired |
| ERR-42 | The board is archived |

### Roles
| Role | Can |
|---|---|
| Manager | Invite people and archive boards |
| Viewer | Read boards |
)";
  auto kb = loaded(std::string(kDocs) + "\n" + kCodes);
  const auto stats = stats_of(*kb);
  ASSERT_NE(stats, nullptr);
  const std::vector<std::string> questions = {
      kQuestion,
      "How long can a sprint be?",
      "What does error ERR-42 mean when I open a board?",
      "I get E7 on sync, and the velocity chart is empty",
      "How do I make someone a manager?",
      "do you have a mobile app?",
      "the the and of",  // no topic term at all
      "",
  };
  std::vector<SearchHit> sections;
  for (const auto& q : questions)
    for (auto& h : kb->search(q.empty() ? "sprint board" : q, 20)) sections.push_back(h);
  ASSERT_GT(sections.size(), 10u);
  std::size_t on = 0, off = 0;
  for (const auto& q : questions) {
    for (const TopicStats* s : {static_cast<const TopicStats*>(nullptr), stats.get()}) {
      const TopicQuestion forward(q), backward(q);
      for (std::size_t i = 0; i < sections.size(); ++i) {
        const auto& a = sections[i];
        const auto& b = sections[sections.size() - 1 - i];
        const bool want_a = on_distinct_topic(q, a.title, a.content, s);
        EXPECT_EQ(on_distinct_topic(forward, a.title, a.content, s), want_a) << q << " / " << a.title;
        EXPECT_EQ(on_distinct_topic(backward, b.title, b.content, s),
                  on_distinct_topic(q, b.title, b.content, s))
            << q << " / " << b.title;
        (want_a ? on : off) += 1;
      }
    }
  }
  // Both verdicts occur, the number rule among them.
  EXPECT_GT(on, 0u);
  EXPECT_GT(off, 0u);
  EXPECT_EQ(topic_match("What does error ERR-42 mean when I open a board?", "Errors > Sync Errors",
                        "| ERR-42 | The board is archived |"),
            TopicMatch::number);
  const TopicQuestion err("What does error ERR-42 mean when I open a board?");
  EXPECT_FALSE(err.terms().empty());
  EXPECT_TRUE(on_distinct_topic(err, "Errors > Sync Errors", "| ERR-42 | The board is archived |",
                                nullptr));
  EXPECT_TRUE(TopicQuestion("the the and of").terms().empty());
}

}  // namespace
}  // namespace fte::kb
