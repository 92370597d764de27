// compose_answer: leads with the answering sentence, strips doc markup, leaves out what the
// customer already tried (and says so), keeps procedures whole.
#include "agent/answer.h"

#include <gtest/gtest.h>

namespace fte::agent {
namespace {

TEST(ComposeAnswer, FaqMarkupIsStripped) {
  AnswerInput in;
  in.question = "How do I reset my password?";
  in.title = "Help > FAQ > How do I reset my password?";
  in.content =
      "**Q4: How do I reset my password?**\nA: Go to the login page and click **Forgot "
      "Password**, then enter your email.";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.find("A:"), std::string::npos) << body;
  EXPECT_EQ(body.find("Q4"), std::string::npos) << body;
  EXPECT_EQ(body.find("**"), std::string::npos) << body;
  EXPECT_NE(body.find("click Forgot Password"), std::string::npos) << body;
}

TEST(ComposeAnswer, LeadsWithTheSentenceThatAnswers) {
  AnswerInput in;
  in.question = "Do exports include attachments?";
  in.title = "Data > Export";
  in.content =
      "Exports are available to admins on every plan. Exports include attachments as a ZIP "
      "archive.\nLarge workspaces may take an hour to export.";
  in.channel = Channel::email;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Thank you for your question about Export. Exports include attachments as "
                       "a ZIP archive.",
                       0),
            0u)
      << body;
}

TEST(ComposeAnswer, WhatTheCustomerAlreadyTriedIsAcknowledgedNotRepeated) {
  AnswerInput in;
  in.question =
      "The reset email never arrives. I already checked my spam folder and waited an hour.";
  in.title = "Account > Reset email not received";
  in.content =
      "- Check your spam folder for the reset email\n- Add noreply@example.com to your "
      "contacts\n- Ask your IT team whether the mail server blocks our domain";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.find("Check your spam folder"), std::string::npos) << body;
  EXPECT_NE(body.find("already tried"), std::string::npos) << body;
  EXPECT_NE(body.find("noreply@example.com"), std::string::npos) << body;
}

}  // namespace
}  // namespace fte::agent
