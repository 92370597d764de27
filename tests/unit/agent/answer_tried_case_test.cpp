// compose_answer, round 14 of issue 15: what the customer says they did is compared with the fix
// of a case line, not with the case's label ("Chimes not sounding: Settings > Chimes, re-enable"
// after "checked settings, still enabled"): the label names the symptom they report, and a redo
// ("re-enable") is what they did once. Synthetic docs of an invented product, not any company's.
#include <gtest/gtest.h>

#include "agent/engines/answer.h"

namespace fte::agent {
namespace {

constexpr const char* kKnownIssues =
    "- Chimes not sounding: Settings > Chimes in app, re-enable\n"
    "- Frozen screen on start: Clear app cache (tablet) or reinstall";

AnswerInput asking(std::string question) {
  AnswerInput in;
  in.question = std::move(question);
  in.title = "Tablet App > Known Issues & Fixes";
  in.content = kKnownIssues;
  in.channel = Channel::whatsapp;
  return in;
}

TEST(ComposeTriedCase, TheFixTheCustomerAlreadyDidIsNotRepeated) {
  const auto body =
      compose_answer(asking("chimes stopped sounding on my tablet. checked settings still enabled"));
  EXPECT_EQ(body.find("re-enable"), std::string::npos) << body;
  EXPECT_NE(body.find("Skipping what you already tried."), std::string::npos) << body;
}

TEST(ComposeTriedCase, AFixTheCustomerDidNotDoStays) {
  // Nothing said about settings: the case's fix is the answer.
  auto body = compose_answer(asking("chimes stopped sounding on my tablet. I restarted it twice"));
  EXPECT_NE(body.find("re-enable"), std::string::npos) << body;
  // The label's words alone ("chimes", "sounding") are not the fix.
  body = compose_answer(asking("chimes not sounding. already checked the volume"));
  EXPECT_NE(body.find("re-enable"), std::string::npos) << body;
}

}  // namespace
}  // namespace fte::agent
