// Problem reports vs questions, troubleshooting headings and lines, and whether a heading is on a
// report's topic (kb/problem_report.h). Made-up wordings about a smart thermostat.
#include "kb/problem_report.h"

#include <gtest/gtest.h>

namespace fte::kb {
namespace {

TEST(ProblemReport, SaysSomethingIsBroken) {
  EXPECT_TRUE(reports_problem("The thermostat app crashes when I open the schedule"));
  EXPECT_TRUE(reports_problem("heating schedule stopped since the update"));
  EXPECT_TRUE(reports_problem("The dial is not responding and the display is blank"));
  EXPECT_TRUE(reports_problem("My schedule runs every hour instead of once a day"));
  EXPECT_TRUE(reports_problem("Pairing keeps failing with code E42"));
  EXPECT_TRUE(reports_problem("The away mode doesn't work"));
  EXPECT_TRUE(reports_problem("Readings are wrong and the history is missing"));  // two weak cues
}

TEST(ProblemReport, AQuestionIsNotAReport) {
  EXPECT_FALSE(reports_problem("How do I create a heating schedule?"));
  EXPECT_FALSE(reports_problem("Can I control two homes from one account?"));
  EXPECT_FALSE(reports_problem("I can't find where to set the away temperature"));  // one weak cue
  EXPECT_FALSE(reports_problem(""));
}

TEST(ProblemReport, TroubleshootingHeadings) {
  EXPECT_TRUE(troubleshooting_heading("Schedules > Troubleshooting Schedules"));
  EXPECT_TRUE(troubleshooting_heading("Support > Known Issues & Fixes"));
  EXPECT_TRUE(troubleshooting_heading("Common Error Codes"));
  EXPECT_TRUE(troubleshooting_heading("Wi-Fi > Display Not Updating"));
  EXPECT_TRUE(troubleshooting_heading("App > Known Limitations"));
  EXPECT_FALSE(troubleshooting_heading("Schedules > Creating a Schedule"));
  EXPECT_FALSE(troubleshooting_heading("Billing > Plans"));
}

TEST(ProblemReport, TroubleshootingLines) {
  EXPECT_TRUE(troubleshooting_line("- Schedule running twice? Check for a duplicate schedule"));
  EXPECT_TRUE(troubleshooting_line("Known issue: the first sync may repeat readings"));
  EXPECT_TRUE(troubleshooting_line("If the display stays blank, hold the dial for 10 seconds"));
  EXPECT_FALSE(troubleshooting_line("- Schedules repeat daily or weekly"));
  EXPECT_FALSE(troubleshooting_line("If you have two homes, add the second one in Settings"));
}

TEST(ProblemReport, HeadingOnTopicNeedsMoreThanProblemWords) {
  const char* report = "My heating schedule keeps failing with an error";
  EXPECT_TRUE(heading_on_topic("Schedules > Troubleshooting Schedules", report));
  // Shares only "error": a table of error codes about something else is not on the topic.
  EXPECT_FALSE(heading_on_topic("Cloud API > Common API Errors", report));
  EXPECT_FALSE(heading_on_topic("Wi-Fi > Connection Problems", report));
}

}  // namespace
}  // namespace fte::kb
