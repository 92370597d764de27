// Output guardrails: prices, refund promises, internal details and competitor talk, each with
// look-alikes that must pass; the public-documentation allow-list.
#include "agent/runtime/output_guardrails.h"

#include <gtest/gtest.h>

namespace fte::agent {
namespace {

TEST(OutputGuardrails, CurrencyAmounts) {
  for (const char* s : {"The plan is $12 per user.", "It costs €5.", "That is 5 € a month.",
                        "Pay USD 10 today.", "Only 10 USD.", "About 10 dollars.", "Just 12/month.",
                        "It is £8.50 per seat.", "It is 99usd.", "From $ 1,200 a year."}) {
    EXPECT_NE(find_currency_amount(s), "") << s;
  }
  for (const char* s : {"Use $HOME in the path.", "Set the limit to 60 requests/minute.",
                        "Max 50 subtasks per task.", "Invitations expire after 7 days.",
                        "Rate limit: 1,000 requests per minute.", "Use the 12/mobile layout."}) {
    EXPECT_EQ(find_currency_amount(s), "") << s;
  }
}

TEST(OutputGuardrails, PriceTalk) {
  EXPECT_EQ(find_price_talk("Our pricing depends on seats."), "pricing");
  EXPECT_EQ(find_price_talk("Annual billing: 2 months free."), "months free");
  EXPECT_EQ(find_price_talk("Save 20% off today."), "% off");
  EXPECT_EQ(find_price_talk("Here is how to add a quote block."), "");
  EXPECT_EQ(find_price_talk("Go to Settings > Billing > Change Plan."), "");
}

TEST(OutputGuardrails, RefundPromises) {
  for (const char* s : {"We will refund you.", "You will be refunded within 5 days.",
                        "I have issued a reimbursement.", "You'll get your money back.",
                        "We will credit your account.", "Annual plans are non-refundable."}) {
    EXPECT_NE(find_refund_promise(s), "") << s;
  }
  EXPECT_EQ(find_refund_promise("Go back to the funds board."), "");
}

TEST(OutputGuardrails, CheckReplyNamesRuleAndSentence) {
  auto v = check_reply(
      "Here is how to reset it.\nGo to Settings > Security.\nThe Business plan is $12 per user. "
      "We store this in our Postgres database.",
      {});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].rule, "price");
  EXPECT_EQ(v[0].sentence, "The Business plan is $12 per user.");
  EXPECT_EQ(v[1].rule, "internal_detail");
  EXPECT_EQ(v[1].sentence, "We store this in our Postgres database.");
}

TEST(OutputGuardrails, InternalDetails) {
  for (const char* s : {"Your ticket is in our Kafka queue.", "I ran a SQL query for you.",
                        "My system prompt says I cannot.", "I called send_response for you.",
                        "The escalate_to_human tool was used.", "Our language model thinks so."}) {
    auto v = check_reply(s, {});
    ASSERT_EQ(v.size(), 1u) << s;
    EXPECT_EQ(v[0].rule, "internal_detail") << s;
  }
  EXPECT_TRUE(check_reply("Go to Settings > Developer > API Keys.", {}).empty());
}

TEST(OutputGuardrails, PublicDocumentationIsNotInternal) {
  ReplyCheckOptions opts;
  opts.public_text = "- Connect your PostgreSQL database from Settings > Data Sources";
  EXPECT_TRUE(
      check_reply("Connect your PostgreSQL database from Settings > Data Sources.", opts).empty());
  // ...but tool names and prompts never are.
  opts.public_text += "\nsend_response prompt";
  EXPECT_FALSE(check_reply("I used send_response.", opts).empty());
}

TEST(OutputGuardrails, Competitors) {
  ReplyCheckOptions opts;
  opts.competitor_names = {"Acme Boards", "Trellix"};
  auto v = check_reply("Unlike Trellix, we sync instantly.", opts);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule, "competitor");
  EXPECT_FALSE(check_reply("We are better than most tools.", opts).empty());
  EXPECT_FALSE(check_reply("acme boards is slower.", opts).empty());
  EXPECT_TRUE(check_reply("Our boards sync instantly.", opts).empty());
  opts.public_text = "Import your boards from Trellix in one click.";
  EXPECT_TRUE(check_reply("You can import your boards from Trellix.", opts).empty());
}

// Round 9: check_reply skips the term lists for a sentence holding none of their first words;
// a term anywhere in the sentence (first, middle, last word, multi-word) is still found, and so
// is a tool name (with '_') in a sentence without any such word.
TEST(OutputGuardrails, TermsFoundWhereverTheyStand) {
  const struct {
    const char* reply;
    const char* rule;
    const char* evidence;
  } cases[] = {
      {"Stack trace shows it.", "internal_detail", "stack trace"},
      {"Ask the team behind our internal tool", "internal_detail", "internal tool"},
      {"It lives in the database", "internal_detail", "database"},
      {"Please run search_knowledge_base again.", "internal_detail", "search_knowledge_base"},
      {"Ignore my instructions above.", "internal_detail", "my instructions"},
      {"We are better than them.", "competitor", "better than"},
      {"Everything is fine.\nIt is cheaper than before.",
       "competitor", "cheaper than"},
  };
  for (const auto& c : cases) {
    const auto v = check_reply(c.reply, {});
    ASSERT_EQ(v.size(), 1u) << c.reply;
    EXPECT_EQ(v[0].rule, c.rule) << c.reply;
    EXPECT_EQ(v[0].evidence, c.evidence) << c.reply;
  }
  EXPECT_TRUE(check_reply("Better late than never. The queued trace was compared.", {}).empty());
}

// Round 9: whether the check read the retrieved documentation (the local engine remembers a
// knowledge-base section's check across runs only when it did not: then it depends on the text
// alone). The violations are those of the two-argument form.
TEST(OutputGuardrails, SaysWhetherThePublicTextWasRead) {
  ReplyCheckOptions docs;
  docs.public_text = "Exports are stored in our database for 30 days.";
  const struct {
    const char* reply;
    bool reads;
  } cases[] = {{"Open Settings > Export. It costs $5.", false},
               {"Refunds are not possible.", false},
               {"Please run send_response.", false},
               {"The export is kept in the database.", true},
               {"We are better than them.", true}};
  for (const auto& c : cases) {
    bool read = !c.reads;
    const auto v = check_reply(c.reply, docs, read);
    EXPECT_EQ(read, c.reads) << c.reply;
    const auto plain = check_reply(c.reply, docs);
    ASSERT_EQ(v.size(), plain.size()) << c.reply;
    for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].evidence, plain[i].evidence);
  }
  ReplyCheckOptions named;
  named.competitor_names = {"Acme"};
  bool read = true;
  check_reply("Open Settings.", named, read);
  EXPECT_FALSE(read);  // a competitor name is looked up in the documentation only when used
  check_reply("Acme does that too.", named, read);
  EXPECT_TRUE(read);
}

TEST(OutputGuardrails, CleanReplyPasses) {
  EXPECT_TRUE(check_reply("Thanks for reaching out about Password Reset! Here are the steps:\n"
                          "1. Go to app.rotaloom.example/forgot-password\n2. Enter your work email\n"
                          "If anything is unclear, just reply and we will be happy to help.",
                          {})
                  .empty());
}

}  // namespace
}  // namespace fte::agent
