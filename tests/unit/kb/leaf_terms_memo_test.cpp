// match_topic remembers each section title's leaf heading terms on the thread (round 11 of issue
// 18): the weighing that cuts common heading words for one question works on a copy, so the next
// question about the same section still sees every term of its title.
#include <gtest/gtest.h>

#include "kb/confidence.h"
#include "kb/topic_stats.h"

namespace fte::kb {
namespace {

TEST(LeafTermsMemo, ACutForOneQuestionDoesNotReachTheNext) {
  const auto stats = build_topic_stats({"Sprints > Creating a Sprint", "Sprints > Sprint Rules",
                                        "Sprints > Sprint Review", "Sprints > Sprint Velocity",
                                        "Billing > Plans"});
  const std::string title = "Sprints > Creating a Sprint";
  const std::string text = "Click New Sprint, pick the start date and the length in weeks.";
  const std::string sprint_question = "How long can a sprint be?";
  ASSERT_TRUE(on_distinct_topic(sprint_question, title, text, stats.get()));
  // "velocity" is rarer among the headings than "sprint": "sprint" is cut from this title's terms.
  EXPECT_FALSE(on_distinct_topic("Does the sprint velocity chart count unfinished stories?", title,
                                 text, stats.get()));
  // The same title again (its terms now come from the memo): "sprint" is still there.
  EXPECT_TRUE(on_distinct_topic(sprint_question, title, text, stats.get()));
  EXPECT_EQ(distinct_topic_match(sprint_question, title, text, stats.get()), TopicMatch::heading);
}

}  // namespace
}  // namespace fte::kb
