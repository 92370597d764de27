// compose_answer, round 14 of issue 15: a capability question ("is there a way to …", "can I …",
// "do you support …") whose answering section holds fewer than half of the words naming what is
// asked for is not answered confidently by a neighbouring line of the same topic: the section is
// offered as the closest one (the reply of round 11's another_thing) and a person is offered.
// Synthetic docs of an invented product, not any company's.
#include <gtest/gtest.h>

#include "agent/engines/answer.h"
#include "agent/engines/yes_no.h"
#include "agent/runtime/grounding.h"

namespace fte::agent {
namespace {

constexpr const char* kViews =
    "- Lane board: drag tickets between lanes\n"
    "- Grid: a spreadsheet of tickets, sortable by any column\n"
    "- Moon calendar: tickets with a deadline shown on a monthly calendar";

AnswerInput asking(std::string question, Channel channel = Channel::whatsapp) {
  AnswerInput in;
  in.question = std::move(question);
  in.title = "Workspace > Views";
  in.content = kViews;
  in.channel = channel;
  return in;
}

TEST(ComposeCapability, WhatNoLineOfTheSectionNamesIsNotAnsweredByANeighbour) {
  const auto in = asking("hey is there a way to list the tickets of this fortnight from all "
                         "spaces together in one place?");
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Our docs don't cover that exactly. Closest section (*Views*):", 0), 0u)
      << body;
  EXPECT_NE(body.find("Reply and a teammate will look into it."), std::string::npos) << body;
  EXPECT_TRUE(check_grounding(body, in.title + "\n" + in.content, in.question).grounded()) << body;
  // The web form's wording of the same offer.
  const auto web = compose_answer(asking(in.question, Channel::webform));
  EXPECT_EQ(web.rfind("Thanks for reaching out! Our documentation does not cover this exact "
                      "question; the closest section is Views:",
                      0),
            0u)
      << web;
}

TEST(ComposeCapability, AQuestionTheSectionNamesOrNoCapabilityQuestionIsAnswered) {
  // The section names what is asked for: answered, not offered as the closest.
  for (const char* q : {"is there a moon calendar for tickets with a deadline?",
                        "can I drag tickets between lanes?",
                        // a request to the staff, not whether the product can do it
                        "can you list the tickets of this fortnight from all spaces together?",
                        // either/or and negated questions have no such verdict
                        "is there a fortnight list or a quarterly summary of all spaces?",
                        "is there no way to list the fortnight of all spaces together?",
                        // a how-to question is not a capability question
                        "how do I list the tickets of this fortnight from all spaces together?"}) {
    const auto body = compose_answer(asking(q));
    EXPECT_EQ(body.find("don't cover"), std::string::npos) << q << "\n" << body;
  }
  YesNoInput yn{"is there a moon calendar for tickets with a deadline?", "Views",
                "Moon calendar: tickets with a deadline shown on a monthly calendar.", kViews};
  EXPECT_FALSE(capability_unanswered(yn));
  yn.question = "can we get a fortnight digest of all spaces by fax?";
  EXPECT_TRUE(capability_unanswered(yn));
}

}  // namespace
}  // namespace fte::agent
