// "I want X. Is this possible?": the question's "this" is resolved to the described want and the
// verdict is taken against it (pointing_back.h). Made-up documentation (no shared data set's text).
#include "agent/engines/pointing_back.h"

#include <gtest/gtest.h>

#include "agent/engines/answer.h"
#include "agent/engines/yes_no.h"
#include "agent/runtime/grounding.h"

namespace fte::agent {
namespace {

TEST(DescribedWant, ThePronounQuestionRefersToTheSentencesBeforeIt) {
  EXPECT_EQ(described_want("Hi team,\nI want to add a 'Vendor' picklist to every ledger entry. "
                           "Is this possible? I can't see it anywhere."),
            "I want to add a 'Vendor' picklist to every ledger entry.\n");
  EXPECT_NE(described_want("We export invoices every week. Can it do that in bulk?"), "");
  EXPECT_NE(described_want("Our auditors need read-only access. Is this level of access "
                           "available?"),
            "");
  // A question that names its own thing, or nothing described before it: no referent to resolve.
  EXPECT_EQ(described_want("Can I export invoices to PDF?"), "");
  EXPECT_EQ(described_want("Is this possible?"), "");
  EXPECT_EQ(described_want("How do I attach a picklist? Is this possible?"), "");
  // Questions that name their own thing after the pronoun keep the normal path.
  EXPECT_EQ(described_want("We keep ledgers. Is it possible to export them to PDF?"), "");
  EXPECT_EQ(described_want("We sign in with Keyline. Does it support SAML?"), "");
  EXPECT_NE(described_want("We sign in with Keyline. Can we do that with the mobile app?"), "");
  EXPECT_NE(described_want("Auditors should read ledgers. Is there a way?"), "");
}

// Every word of the want in the answering lines: yes (with the plans caveat when the lead limits
// it to plans); a lead that says not: no.
TEST(PointingBackVerdict, TheWantCoveredByTheLeadIsAYesOrANo) {
  const std::string q =
      "I want to add a 'Vendor' picklist field to every ledger entry. Is this possible?";
  YesNoInput in{q, "Ledger Fields", "Custom picklist fields can be added to any ledger entry.",
                ""};
  EXPECT_EQ(yes_no_verdict(in), "Yes.");
  in.lead = "Custom fields (text, picklist) available on Harbor+.";
  in.leaf = "Ledger Entry Fields";
  EXPECT_EQ(yes_no_verdict(in), "Yes, depending on your plan.");
  in.lead = "Picklist fields cannot be added to a ledger entry.";
  EXPECT_EQ(yes_no_verdict(in), "No.");
  // Without the want, the bare question names nothing and gets no verdict.
  in.question = "Is this possible?";
  EXPECT_EQ(yes_no_verdict(in), "");
}

// Docs silent about most of the want, or a want that is itself a limit the lines do not cover:
// "our documentation does not say this is possible" — never a confident yes. In between: nothing.
TEST(PointingBackVerdict, SilentDocsAreSaidSoNotGuessed) {
  const std::string silent =
      "Our documentation does not say this is possible. Here is what it does say:";
  YesNoInput in{
      "I'd like our auditors to open shared ledgers from their phone with a fingerprint login. "
      "Is that possible?",
      "Sharing Ledgers", "Shared ledgers can be opened by invited members.", ""};
  EXPECT_EQ(yes_no_verdict(in), silent);
  in.question =
      "We need to share a ledger with an outside auditor. They should only read entries, but not "
      "comment or see internal tags. Is this level of permission available?";
  in.lead = "Auditor access: share a ledger with outside auditors; they read and comment entries.";
  EXPECT_EQ(yes_no_verdict(in), silent);  // internal tags: not in the lines
  // Every word of the limit in the lines is still no confirmation of it: no verdict.
  in.quoted = "- Auditors see internal tags\n";
  EXPECT_EQ(yes_no_verdict(in), "");
  // Half the want covered (picklist, ledger, entry; not PDF, export, stamp): no verdict.
  in = {"I want to export each ledger entry picklist as a stamped PDF. Is this possible?",
        "Ledger Fields", "Picklist fields can be added to any ledger entry.", ""};
  EXPECT_EQ(yes_no_verdict(in), "");
}

// The composed reply opens with the verdict, stays grounded in the section and the message.
TEST(PointingBackVerdict, TheReplyOpensWithTheVerdictAndStaysGrounded) {
  AnswerInput in;
  in.question =
      "I want to add a 'Vendor' picklist field to every ledger entry. Is this possible?";
  in.title = "Ledgers > Ledger Entry Fields";
  in.content =
      "Every entry has: Date, Amount, Account, Memo.\nCustom fields (text, picklist) available on "
      "Harbor+.";
  in.channel = Channel::whatsapp;
  const auto body = compose_answer(in);
  EXPECT_EQ(body.rfind("Yes, depending on your plan. ", 0), 0u) << body;
  const auto g = check_grounding(body, in.title + "\n" + in.content, in.question);
  EXPECT_TRUE(g.grounded()) << body;
}

}  // namespace
}  // namespace fte::agent
