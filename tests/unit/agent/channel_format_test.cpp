// Channel formatting: email (greeting, signature, reference, <= 500 words), web form (<= 300
// words), WhatsApp (parts <= 300 characters at sentence boundaries, never mid-word, never over
// 1600), markdown normalisation, name cleaning and shortening.
#include "agent/format/channel_format.h"

#include <gtest/gtest.h>

#include <string>

#include "agent/judgement/text.h"

namespace fte::agent {
namespace {

ReplyContext ctx(Channel c, std::string name = "Ana Lopez") {
  ReplyContext r;
  r.channel = c;
  r.customer_name = std::move(name);
  r.ticket_id = "6f1c2a9e-0b1d-4c3e-8f00-123456789abc";
  r.company_name = "Acme";
  return r;
}

std::string sentences_of_words(int sentences, int words_each) {
  std::string s;
  for (int i = 0; i < sentences; ++i) {
    for (int w = 0; w < words_each; ++w) {
      if (w) s += ' ';
      s += "word";
      s += std::to_string(w);
    }
    s += ". ";
  }
  return s;
}

bool ends_inside_word(const std::string& part, const std::string& whole) {
  // The character after this part in the original text is a letter: the part was cut mid-word.
  auto pos = whole.find(part);
  if (pos == std::string::npos) return false;
  auto end = pos + part.size();
  return end < whole.size() && std::isalnum(static_cast<unsigned char>(whole[end])) &&
         std::isalnum(static_cast<unsigned char>(part.back()));
}

TEST(ChannelFormat, EmailHasGreetingBodyReferenceAndSignature) {
  auto r = format_reply("Here is how to reset your password.", ctx(Channel::email));
  ASSERT_EQ(r.parts.size(), 1u);
  const auto& p = r.parts[0];
  EXPECT_EQ(p.rfind("Dear Ana Lopez,\n\n", 0), 0u) << p;
  EXPECT_NE(p.find("Here is how to reset your password."), std::string::npos);
  EXPECT_NE(p.find("Ticket reference: 6f1c2a9e-0b1d-4c3e-8f00-123456789abc"), std::string::npos);
  EXPECT_NE(p.find("reply to this email"), std::string::npos);
  EXPECT_EQ(p.substr(p.size() - std::string("Best regards,\nAcme Support").size()),
            "Best regards,\nAcme Support");
  EXPECT_TRUE(r.within_limits);
}

TEST(ChannelFormat, EmailWithoutUsableNameSaysHello) {
  for (const char* name : {"", "ana@example.com", "+14155550101", "<script>x</script>"}) {
    auto r = format_reply("Body.", ctx(Channel::email, name));
    EXPECT_EQ(r.parts[0].rfind("Hello,\n\n", 0), 0u) << name << ": " << r.parts[0];
  }
}

TEST(ChannelFormat, SignatureOverride) {
  auto c = ctx(Channel::email);
  c.signature = "Kind regards,\nThe Acme Team";
  auto r = format_reply("Body.", c);
  EXPECT_NE(r.parts[0].find("Kind regards,\nThe Acme Team"), std::string::npos);
  EXPECT_EQ(r.parts[0].find("Best regards"), std::string::npos);
}

TEST(ChannelFormat, EmailLimitIs500Words) {
  auto ok = format_reply(sentences_of_words(40, 10), ctx(Channel::email));  // 400 + frame
  EXPECT_TRUE(ok.within_limits) << ok.words;
  auto long_one = format_reply(sentences_of_words(60, 10), ctx(Channel::email));
  EXPECT_FALSE(long_one.within_limits);
  auto shortened = format_reply(shorten_to_fit(sentences_of_words(60, 10), ctx(Channel::email)),
                                ctx(Channel::email));
  EXPECT_TRUE(shortened.within_limits);
  EXPECT_LE(shortened.words, kEmailMaxWords);
  EXPECT_GT(shortened.words, 400u);  // dropped only what it had to
  EXPECT_NE(shortened.parts[0].find("Ticket reference:"), std::string::npos);
}

TEST(ChannelFormat, WebFormIsSemiFormalAndLimitedTo300Words) {
  auto r = format_reply("Here are the steps.", ctx(Channel::webform));
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].rfind("Hi Ana,\n\n", 0), 0u);
  EXPECT_NE(r.parts[0].find("Ticket reference: "), std::string::npos);
  EXPECT_FALSE(format_reply(sentences_of_words(35, 10), ctx(Channel::webform)).within_limits);
  auto s = shorten_to_fit(sentences_of_words(35, 10), ctx(Channel::webform));
  auto f = format_reply(s, ctx(Channel::webform));
  EXPECT_TRUE(f.within_limits);
  EXPECT_LE(f.words, kWebMaxWords);
}

TEST(ChannelFormat, WhatsAppSplitsAtSentencesUnder300) {
  std::string body;
  for (int i = 0; i < 8; ++i)
    body += "Sentence number " + std::to_string(i) + " explains one more detail of the setup. ";
  auto r = format_reply(body, ctx(Channel::whatsapp));
  ASSERT_GT(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].rfind("Hi Ana!", 0), 0u);
  for (const auto& p : r.parts) {
    EXPECT_LE(p.size(), kWhatsAppPartChars) << p;
    EXPECT_TRUE(p.back() == '.' || p.back() == '!' || p.back() == '?') << p;
  }
  EXPECT_TRUE(r.within_limits);
}

TEST(ChannelFormat, WhatsAppLongSentenceSplitsBetweenWords) {
  std::string sentence;
  for (int i = 0; i < 120; ++i) sentence += "alpha" + std::to_string(i) + " ";
  sentence += "end.";
  auto parts = split_messages(sentence);
  ASSERT_GT(parts.size(), 1u);
  std::string joined;
  for (const auto& p : parts) {
    EXPECT_LE(p.size(), kWhatsAppPartChars);
    EXPECT_FALSE(ends_inside_word(p, sentence)) << p;
    joined += (joined.empty() ? "" : " ") + p;
  }
  EXPECT_EQ(text::words(joined), text::words(sentence));  // nothing lost
}

// A line that introduces what follows ("Also (API):") never ends a message: it goes with its lines.
TEST(ChannelFormat, WhatsAppPartNeverEndsOnALeadInLine) {
  std::string first(200, 'x');
  first = "Open Settings and choose Sync. " + std::string(150, 'a') + " done.";
  std::string text = first + "\nAlso (*API*):\n" + std::string(120, 'b') + " ok.\n" +
                     std::string(120, 'c') + " ok.";
  auto parts = split_messages(text);
  ASSERT_GE(parts.size(), 2u);
  for (const auto& p : parts) {
    EXPECT_LE(p.size(), kWhatsAppPartChars) << p;
    EXPECT_NE(p.back(), ':') << p;
  }
  EXPECT_EQ(parts[1].rfind("Also (*API*):\n", 0), 0u) << parts[1];
  std::string joined;
  for (const auto& p : parts) joined += (joined.empty() ? "" : "\n") + p;
  EXPECT_EQ(text::words(joined), text::words(text));  // nothing lost
  // A lead-in alone at the start of a part is left where it is (moving it would not help).
  auto single = split_messages("Steps:\n" + std::string(290, 'd') + " end.");
  for (const auto& p : single) EXPECT_LE(p.size(), kWhatsAppHardPartChars);
}

// A short question opening its line ("Still stuck?") introduces the sentence after it: a part never
// ends on it, on the same line or the next.
TEST(ChannelFormat, WhatsAppPartNeverEndsOnAShortQuestionThatIntroducesWhatFollows) {
  const std::string answer = "Open Settings and choose Sync. " + std::string(230, 'a') + " done.";
  for (const std::string sep : {" ", "\n"}) {
    std::string text = answer + "\nStill stuck?" + sep +
                       "Reply here and a teammate will pick it up within one working day.";
    auto parts = split_messages(text);
    ASSERT_EQ(parts.size(), 2u) << text;
    EXPECT_EQ(parts[0], answer);
    EXPECT_EQ(parts[1], "Still stuck?" + sep +
                            "Reply here and a teammate will pick it up within one working day.");
  }
  // A long question is a sentence of its own, not a lead-in: it stays where it fits.
  std::string asks = "Open Settings and choose Sync. " + std::string(180, 'a') + " done." +
                     "\nDid the sync start again after you signed out and back in?\n" +
                     std::string(250, 'b') + " ok.";
  auto parts = split_messages(asks);
  ASSERT_GE(parts.size(), 2u);
  EXPECT_EQ(parts[0].substr(parts[0].size() - 1), "?") << parts[0];
}

TEST(ChannelFormat, WhatsAppHugeWordNeverExceeds1600) {
  std::string url = "https://example.com/" + std::string(2000, 'a');
  auto parts = split_messages("See " + url + " now.");
  for (const auto& p : parts) EXPECT_LE(p.size(), kWhatsAppHardPartChars);
  auto long_url = split_messages("See https://example.com/" + std::string(400, 'b') + " now.");
  // A word between 300 and 1600 characters stays whole (never mid-word where avoidable).
  bool whole = false;
  for (const auto& p : long_url)
    whole = whole || p == "https://example.com/" + std::string(400, 'b');
  EXPECT_TRUE(whole);
}

TEST(ChannelFormat, WhatsAppKeepsListLinesAndBold) {
  auto r = format_reply(
      "Here's how (**Password Reset**):\n1. Go to example.io/forgot-password\n2. Enter your email",
      ctx(Channel::whatsapp));
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_NE(r.parts[0].find("*Password Reset*"), std::string::npos);
  EXPECT_EQ(r.parts[0].find("**"), std::string::npos);
  EXPECT_NE(r.parts[0].find("\n1. Go to example.io/forgot-password\n2. Enter your email"),
            std::string::npos)
      << r.parts[0];
}

TEST(ChannelFormat, WhatsAppReferenceOnlyWhenAsked) {
  auto c = ctx(Channel::whatsapp);
  EXPECT_EQ(format_reply("Thanks!", c).parts.back().find("Ref:"), std::string::npos);
  c.whatsapp_reference = true;
  EXPECT_NE(format_reply("Thanks!", c).parts.back().find("Ref: " + c.ticket_id), std::string::npos);
}

TEST(ChannelFormat, MarkdownNormalised) {
  EXPECT_EQ(
      normalise_markdown("### Title\n**Bold** and `code`\n\n\n\n[docs](https://x.io/a)", false),
      "Title\nBold and code\n\ndocs (https://x.io/a)");
  EXPECT_EQ(normalise_markdown("* item\n**b**", true), "- item\n*b*");
  EXPECT_EQ(normalise_markdown("Settings > Security > Require 2FA", false),
            "Settings > Security > Require 2FA");
}

TEST(ChannelFormat, CleanName) {
  EXPECT_EQ(clean_name("  Ana   Lopez "), "Ana Lopez");
  EXPECT_EQ(clean_name("Ana\r\nBcc: x"), "");
  EXPECT_EQ(clean_name("José Álvarez"), "José Álvarez");
  EXPECT_EQ(clean_name(std::string(80, 'a')), "");
}

// A shortened reply keeps its own line and paragraph breaks: sentences are dropped from the end,
// and a line of two sentences ("Not what you need? Reply ...") stays one line.
TEST(ChannelFormat, ShortenedReplyKeepsItsLinesAndParagraphs) {
  std::string body;
  for (int p = 0; p < 12; ++p) {
    std::string a = "First sentence of paragraph " + std::to_string(p) + " has words enough here.";
    std::string b = "Second sentence of that paragraph also has a few more words.";
    std::string c = "Third line stands alone with padding words to count.";
    body += (p ? "\n\n" : "") + a + " " + b + "\n" + c;
  }
  auto c = ctx(Channel::webform);
  ASSERT_FALSE(format_reply(body, c).within_limits);
  auto s = shorten_to_fit(body, c);
  EXPECT_TRUE(format_reply(s, c).within_limits);
  EXPECT_EQ(body.rfind(s, 0), 0u) << "a prefix of the reply, breaks as written:\n" << s;
  EXPECT_NE(s.find("here. Second sentence"), std::string::npos) << s;
  EXPECT_NE(s.find("\n\nFirst sentence of paragraph 1 "), std::string::npos) << s;
}

}  // namespace
}  // namespace fte::agent
