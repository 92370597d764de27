// Hostile and odd input through every pure function of the agent: empty text, binary bytes,
// broken UTF-8, huge messages, punctuation only, markdown edge cases. Nothing may crash, hang or
// break a channel limit.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "agent/engines/answer.h"
#include "agent/format/channel_format.h"
#include "agent/judgement/classifier.h"
#include "agent/judgement/input_guardrails.h"
#include "agent/runtime/output_guardrails.h"
#include "agent/judgement/sentiment.h"
#include "agent/judgement/text.h"

namespace fte::agent {
namespace {

std::vector<std::string> hostile_inputs() {
  std::vector<std::string> v = {"",
                                " ",
                                "\n\n\n",
                                "!!!???...",
                                "....",
                                "1.",
                                "-",
                                "| | |\n|---|",
                                "```\nunterminated code",
                                "**",
                                "[a](",
                                "[](x)",
                                "\xC3",
                                "\xE2\x82",
                                "caf\xC3\xA9 \xF0\x9F\x98\x80 na\xC3\xAFve",
                                std::string(1, '\0') + "abc",
                                std::string(5000, 'a'),
                                std::string(3000, ' ') + "x",
                                std::string(2000, '!'),
                                std::string(2000, '$') + "5"};
  std::string long_text;
  for (int i = 0; i < 2000; ++i) {
    long_text += "word";
    long_text += std::to_string(i % 50);
    long_text += i % 13 ? " " : ". ";
  }
  v.push_back(long_text);
  std::mt19937 rng(42);
  for (int k = 0; k < 50; ++k) {
    std::string s;
    int n = static_cast<int>(rng() % 400);
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>(rng() % 256));
    v.push_back(std::move(s));
  }
  return v;
}

TEST(Robustness, PureFunctionsSurviveHostileInput) {
  for (const auto& s : hostile_inputs()) {
    for (auto ch : {Channel::email, Channel::whatsapp, Channel::webform}) {
      auto ic = check_input(ch, s, s);
      EXPECT_GE(ic.sentiment, 0.0);
      EXPECT_LE(ic.sentiment, 1.0);
      const ReplyContext c{ch, s, "ticket-1", "Acme", "", false};
      auto f = format_reply(s, c);
      if (ch == Channel::whatsapp) {
        for (const auto& p : f.parts) EXPECT_LE(p.size(), kWhatsAppHardPartChars);
      }
      auto fitted = format_reply(shorten_to_fit(s, c), c);
      EXPECT_TRUE(fitted.within_limits);
      select_lines(s, s, ch);
      compose_answer({s, s, s, ch, true});
      small_talk_reply(s, ch);
    }
    check_reply(s, {{"x"}, s});
    classify_category(s);
    find_profanity(s);
    text::sentences(s);
    text::content_stems(s);
    clean_name(s);
  }
}

}  // namespace
}  // namespace fte::agent
