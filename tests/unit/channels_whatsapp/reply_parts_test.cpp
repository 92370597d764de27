// Splitting replies at natural boundaries under Twilio's 1,600-character limit.
#include <gtest/gtest.h>

#include "channels/whatsapp/reply_parts.h"

namespace fte::channels::whatsapp {
namespace {

TEST(ReplyParts, ShortTextIsOnePart) {
  EXPECT_EQ(split_reply("  Hi *Ana*! Try _Settings_ > Export.  "),
            (std::vector<std::string>{"Hi *Ana*! Try _Settings_ > Export."}));
  EXPECT_TRUE(split_reply(" \n ").empty());
}

TEST(ReplyParts, PrefersParagraphsThenSentencesThenWords) {
  EXPECT_EQ(split_reply("First paragraph here.\n\nSecond one.", 30),
            (std::vector<std::string>{"First paragraph here.", "Second one."}));
  EXPECT_EQ(split_reply("One sentence here. Two sentence here. Three.", 20),
            (std::vector<std::string>{"One sentence here.", "Two sentence here.", "Three."}));
  EXPECT_EQ(split_reply("alpha beta gamma delta epsilon", 12),
            (std::vector<std::string>{"alpha beta", "gamma delta", "epsilon"}));
  EXPECT_EQ(split_reply("- step one\n- step two\n- step three", 22),
            (std::vector<std::string>{"- step one\n- step two", "- step three"}));
}

TEST(ReplyParts, UnbrokenRunsAreCutAtCharacterBoundaries) {
  std::string s;
  for (int i = 0; i < 5; ++i) s += "\xC3\xA9";  // é é é é é, no spaces
  auto parts = split_reply(s, 2);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "\xC3\xA9\xC3\xA9");
  EXPECT_EQ(parts[2], "\xC3\xA9");
}

TEST(ReplyParts, EmojiCountTwoUnits) {
  EXPECT_EQ(utf16_length("a\xF0\x9F\x98\x80"), 3u);
  auto parts = split_reply("\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 3);  // 4 units
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], "\xF0\x9F\x98\x80");
}

TEST(ReplyParts, NeverOverTheHardLimit) {
  std::string text;
  for (int i = 0; i < 400; ++i) text += "Sentence number " + std::to_string(i) + " is here. ";
  auto parts = split_reply(text);
  ASSERT_GT(parts.size(), 1u);
  std::string joined;
  for (const auto& p : parts) {
    EXPECT_LE(utf16_length(p), kTwilioMaxChars);
    EXPECT_TRUE(p.ends_with(".")) << "cut mid-sentence: ..." << p.substr(p.size() - 20);
    joined += p + " ";
  }
  EXPECT_EQ(joined, text);  // nothing lost, order kept
}

}  // namespace
}  // namespace fte::channels::whatsapp
