// compose_answer, round 8 of issue 15 (composition): the reply leads with what answers the
// question asked. Synthetic docs (an invented product), not any company's.
//   - a yes/no question whose answer is one step of an unrelated procedure gets that step alone;
//   - a comparison of two listed items ("member or viewer", "difference between") leads with both;
//   - a wide table (three value columns or more) names its short cells with the column names.
// Every sentence of these replies stays grounded in the section quoted.
#include <gtest/gtest.h>

#include "agent/engines/answer.h"
#include "agent/engines/compared_items.h"
#include "agent/runtime/grounding.h"

namespace fte::agent {
namespace {

constexpr const char* kSlowPages =
    "1. Check status.orbitly.example for known incidents\n"
    "2. Clear browser cache and cookies; try another browser\n"
    "3. Try the Orbitly desktop app (Windows / macOS)\n"
    "4. Report persistent issues with your workspace ID";

TEST(ComposeLead, AYesNoQuestionAnsweredByOneStepGetsThatStepAlone) {
  AnswerInput in;
  in.question = "do you have a desktop app";
  in.title = "Troubleshooting > Slow Pages";
  in.content = kSlowPages;
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  const auto first = body.substr(0, body.find('\n'));
  EXPECT_NE(first.find("Try the Orbitly desktop app (Windows / macOS)"), std::string::npos) << body;
  EXPECT_EQ(first.rfind("Yes.", 0), 0u) << body;
  // The checklist for slow pages is not what was asked.
  EXPECT_EQ(body.find("Clear browser cache"), std::string::npos) << body;
  EXPECT_EQ(body.find("status.orbitly.example"), std::string::npos) << body;
  EXPECT_TRUE(check_grounding(body, std::string(in.title) + "\n" + in.content, in.question)
                  .grounded())
      << body;
}

// The same step does not replace the procedure when the customer asks how, or reports a problem.
TEST(ComposeLead, AHowToOrAProblemKeepsTheWholeProcedure) {
  for (const char* q : {"how do I speed up slow pages? should I use the desktop app?",
                        "pages are slow and the desktop app is not loading either"}) {
    AnswerInput in;
    in.question = q;
    in.title = "Troubleshooting > Slow Pages";
    in.content = kSlowPages;
    in.channel = Channel::webform;
    const auto body = compose_answer(in);
    EXPECT_NE(body.find("1. Check status.orbitly.example"), std::string::npos) << q << "\n" << body;
    EXPECT_NE(body.find("4. Report persistent issues"), std::string::npos) << q << "\n" << body;
  }
}

constexpr const char* kRoles =
    "**To add a teammate:**\n"
    "- Settings → People → Add\n"
    "- Pick a role:\n"
    "  - **Owner** – Everything, including invoices\n"
    "  - **Editor** – Edits the boards they are given\n"
    "  - **Watcher** – Sees shared boards, changes nothing\n"
    "- Invitations last 5 days\n"
    "\n"
    "**To take a teammate off:**\n"
    "- Settings → People → Find them → Take off";

TEST(ComposeLead, AComparisonOfTwoListedItemsLeadsWithBoth) {
  for (const char* q : {"whats the difference between editor and watcher",
                        "Should I add our accountant as a watcher or editor?"}) {
    AnswerInput in;
    in.question = q;
    in.title = "Accounts > People and Roles";
    in.content = kRoles;
    in.channel = Channel::whatsapp;
    const auto body = compose_answer(in);
    const auto first = body.substr(0, body.find('\n'));
    EXPECT_NE(first.find("Editor – Edits the boards they are given."), std::string::npos)
        << q << "\n" << body;
    EXPECT_NE(first.find("Watcher – Sees shared boards, changes nothing."), std::string::npos)
        << q << "\n" << body;
    // Nothing else of the section answers a comparison (only what holds another asked word,
    // "add", may stay): no stray label, no menu path.
    EXPECT_EQ(body.find("To take a teammate off"), std::string::npos) << q << "\n" << body;
    if (std::string(q).find("add") == std::string::npos) {
      EXPECT_EQ(body.find("To add a teammate"), std::string::npos) << q << "\n" << body;
      EXPECT_EQ(body.find("Settings → People"), std::string::npos) << q << "\n" << body;
    }
    EXPECT_TRUE(check_grounding(body, std::string(in.title) + "\n" + in.content, in.question)
                    .grounded())
        << body;
  }
}

TEST(ComparedItems, OnlyAComparisonOfTwoNamedItems) {
  const std::vector<std::string> lines = {"- Owner – Everything", "- Editor – Edits boards",
                                          "- Watcher – Sees boards"};
  EXPECT_EQ(compared_items("editor vs watcher?", lines), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(compared_items("owner or editor?", lines), (std::vector<std::size_t>{0, 1}));
  // Two labels named without comparing them, or only one named: no comparison.
  EXPECT_TRUE(compared_items("can an editor invite a watcher?", lines).empty());
  EXPECT_TRUE(compared_items("what is the difference for an editor?", lines).empty());
  // "or" must join two named items ("a bug or a paid feature" is no comparison of them).
  EXPECT_TRUE(compared_items("is the editor a bug or a feature? and the watcher?", lines).empty());
}

TEST(ComposeLead, AWideTableNamesItsShortCells) {
  AnswerInput in;
  in.question = "what can a watcher do with boards and invoices?";
  in.title = "Accounts > Permissions";
  in.content =
      "| Role | Boards | Cards | Invoices |\n|---|---|---|---|\n"
      "| Owner | Create, delete | Full access | Full |\n"
      "| Watcher | View only | View + comment | None |\n";
  in.channel = Channel::webform;
  const auto body = compose_answer(in);
  EXPECT_NE(body.find("Watcher: Boards View only — Cards View + comment — Invoices None"),
            std::string::npos)
      << body;
  EXPECT_EQ(body.find("Owner"), std::string::npos) << body;
}

// A subject line is a summary: when the body asks its own question, the subject's words weigh
// as narrative, so the row the body describes leads (not the one the subject's words name).
TEST(ComposeLead, TheBodysQuestionOutweighsTheSubjectLine) {
  AnswerInput in;
  in.subject = "How to set up a rule for moving tasks";
  in.question = std::string(in.subject) +
                ". I want a rule that moves a task to Review when its checklist is fully completed. Is "
                "this possible? Where is the rule editor?";
  in.title = "Rules > Triggers";
  in.content =
      "| Trigger | Description |\n|---|---|\n"
      "| Task added | When a new task is added to any list |\n"
      "| Task moved | When a task moves to a specific list |\n"
      "| Checklist completed | When all checklist items are ticked |\n"
      "| Task assigned | When a person is assigned to a task |\n";
  in.channel = Channel::webform;
  auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Checklist completed: When all checklist items are ticked.", 0), 0u) << body;
  // Read as an asking sentence of its own, the subject's "moving tasks" wins.
  in.subject.clear();
  body = compose_answer(in);
  EXPECT_EQ(body.rfind("Task moved:", 0), 0u) << body;
}

}  // namespace
}  // namespace fte::agent
