// Text helpers: sentence splitting (abbreviations, list markers, URLs), tokens, stems, phrases;
// and the category / priority classifier.
#include "agent/judgement/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "agent/judgement/classifier.h"
#include "text/normalize.h"

namespace fte::agent {
namespace {

using Strings = std::vector<std::string>;

TEST(Text, SentencesSplitAtPunctuationAndLines) {
  EXPECT_EQ(text::sentences("Hello there. How are you? Fine!"),
            (Strings{"Hello there.", "How are you?", "Fine!"}));
  EXPECT_EQ(text::sentences("1. Go to app.example.io/x\n2. Enter e.g. your email. Done"),
            (Strings{"1. Go to app.example.io/x", "2. Enter e.g. your email.", "Done"}));
  EXPECT_EQ(text::sentences("Version 1.5 is out.  \n\n  Really!!! Yes."),
            (Strings{"Version 1.5 is out.", "Really!!!", "Yes."}));
  EXPECT_TRUE(text::sentences("  \n ").empty());
}

TEST(Text, TokensKeepContractionsAndHyphens) {
  auto ws = text::words("I can't turn on Two-Factor auth, it's broken!");
  EXPECT_EQ(ws, (Strings{"i", "can't", "turn", "on", "two-factor", "auth", "it's", "broken"}));
  auto ts = text::tokens("Hi. Sue here");
  ASSERT_EQ(ts.size(), 3u);
  EXPECT_TRUE(ts[0].sentence_start);
  EXPECT_TRUE(ts[1].sentence_start);
  EXPECT_FALSE(ts[2].sentence_start);
  EXPECT_EQ(ts[1].raw, "Sue");
}

TEST(Text, StemsMatchWordFamilies) {
  EXPECT_EQ(text::stem("authentication"), text::stem("authenticator"));
  EXPECT_EQ(text::stem("invite"), text::stem("invites"));
  EXPECT_EQ(text::stem("inviting"), text::stem("invitation"));
  EXPECT_EQ(text::stem("resetting"), text::stem("reset"));
  EXPECT_EQ(text::stem("enabled"), text::stem("enable"));
  EXPECT_EQ(text::stem("members"), text::stem("member"));
}

TEST(Text, ContentStemsDropStopWords) {
  auto cs = text::content_stems("How do I reset my password? I forgot it.");
  EXPECT_EQ(cs, (Strings{text::stem("reset"), text::stem("password"), text::stem("forgot")}));
  auto hy = text::content_stems("turn on two-factor");
  EXPECT_NE(std::find(hy.begin(), hy.end(), text::stem("factor")), hy.end());
  // The joined form too: "wifi" in a question meets "Wi-Fi" in the docs.
  auto wifi = text::content_stems("No Wi-Fi connection");
  EXPECT_NE(std::find(wifi.begin(), wifi.end(), text::stem("wifi")), wifi.end());
}

// The per-run memo (issue 18) must not change a result: the same stems with and without it,
// repeated look-ups included, and nothing kept once the scope ends.
TEST(Text, StemMemoGivesTheSameStems) {
  const std::vector<std::string> texts = {"How do I reset my password? I forgot it.",
                                          "No Wi-Fi connection since the update",
                                          "", "Two-factor authentication codes rejected"};
  std::vector<Strings> plain;
  for (const auto& t : texts) plain.push_back(text::content_stems(t));
  {
    const text::StemMemo memo;
    const text::StemMemo nested;  // a nested scope shares the outer one
    for (int round = 0; round < 2; ++round)
      for (std::size_t i = 0; i < texts.size(); ++i)
        EXPECT_EQ(text::content_stems(texts[i]), plain[i]) << texts[i];
    auto mutated = text::content_stems(texts[0]);
    mutated.push_back("x");  // a caller's copy: the memo's entry stays as it was
    EXPECT_EQ(text::content_stems(texts[0]), plain[0]);
  }
  EXPECT_EQ(text::content_stems(texts[1]), plain[1]);
}

// kb_content_stems (round 9): the knowledge base's text keeps its stems across runs; the answer is
// content_stems()'s, inside and outside a run's StemMemo, and a caller's copy changes nothing.
TEST(Text, KbContentStemsAreContentStems) {
  const std::vector<std::string> texts = {"1. Open **Settings > Security** and click *Reset*.",
                                          "Two-factor codes expire after 30 seconds; re-sync "
                                          "the device\u2019s clock.",
                                          "", "- Wi-Fi only: the app doesn't sync over cellular"};
  for (int round = 0; round < 3; ++round) {
    const std::optional<text::StemMemo> memo =
        round == 1 ? std::optional<text::StemMemo>(std::in_place) : std::nullopt;
    for (const auto& t : texts) {
      auto got = text::kb_content_stems(t);
      EXPECT_EQ(got, text::content_stems(t)) << t;
      got.push_back("x");
    }
  }
}

// add_word_stems: content_stems() and the stem of every word, as a set.
TEST(Text, WordStemsAreContentStemsPlusEveryWord) {
  const std::string s = "I can't reach the e-mail Wi-Fi settings page, a b";
  std::unordered_set<std::string> expect;
  for (auto& w : text::content_stems(s)) expect.insert(w);
  for (auto& w : text::words(s)) expect.insert(text::stem(w));
  std::unordered_set<std::string> got;
  text::add_word_stems(s, got);
  EXPECT_EQ(got, expect);
  EXPECT_TRUE(got.count(text::stem("wifi")));
  EXPECT_TRUE(got.count(text::stem("the")));
}

// content_stems_among (round 14): whether n of a text's distinct content stems are among a list,
// stemming only until the n-th — the answer of counting content_stems() itself, for every n, with
// repeats, hyphenated words, stop words only and empty texts, inside and outside a StemMemo.
TEST(Text, ContentStemsAmongCountsAsContentStemsDo) {
  const std::vector<std::string> texts = {
      "Open Settings, then Billing, then Plans. Settings again; billing again.",
      "turn on two-factor and two factor, wi-fi and wifi",
      "How do I reset my password? I forgot it.",
      "the and of to",
      "",
      "Export the board: open the board menu, choose Export, pick CSV or JSON, then export.",
  };
  const std::vector<std::vector<std::string>> lists = {
      text::content_stems("Settings > Billing > Plans: open them"),
      text::content_stems("two-factor wifi connection"),
      text::content_stems("reset the password"),
      text::content_stems("board export csv json menu"),
      {},
  };
  std::size_t yes = 0, no = 0;
  auto check = [&] {
    for (const auto& t : texts)
      for (const auto& among : lists) {
        std::size_t count = 0;
        for (const auto& w : text::content_stems(t))
          count += std::find(among.begin(), among.end(), w) != among.end() ? 1 : 0;
        for (std::size_t n = 0; n <= 6; ++n) {
          const bool want = count >= n;
          EXPECT_EQ(text::content_stems_among(t, among, n), want) << t << " n=" << n;
          (want ? yes : no) += 1;
        }
      }
  };
  check();
  {
    text::StemMemo memo;
    check();
  }
  EXPECT_GT(yes, 0u);
  EXPECT_GT(no, 0u);
  // A repeated stem counts once: "settings" twice is one of the three.
  EXPECT_FALSE(text::content_stems_among("settings settings settings", lists[0], 2));
  EXPECT_TRUE(text::content_stems_among("settings and billing", lists[0], 2));
}

TEST(Text, Phrases) {
  auto ws = text::words("Can I speak with a human agent please?");
  EXPECT_TRUE(text::has_phrase(ws, "human agent"));
  EXPECT_FALSE(text::has_phrase(ws, "agent human"));
  EXPECT_EQ(text::find_phrase(ws, "a human"), 4u);
  EXPECT_EQ(text::word_count("  one two\nthree  "), 3u);
}

// WordIndex (issue 18, round 9): find_phrase() on an indexed word list answers exactly what the
// scan answers — every phrase made of the text's own consecutive words (1–4 of them), phrases
// with a missing word, from every start position — on text with Unicode punctuation, curly
// apostrophes, negations, hyphens and repeated words; and only for the very vector it indexed.
std::size_t scan(const Strings& ws, const Strings& ph, std::size_t from) {
  for (std::size_t i = from; i + ph.size() <= ws.size(); ++i) {
    bool ok = true;
    for (std::size_t k = 0; k < ph.size() && ok; ++k) ok = ws[i + k] == ph[k];
    if (ok) return i;
  }
  return std::string::npos;
}

std::string joined(const Strings& ph) {
  std::string out;
  for (const auto& w : ph) out += (out.empty() ? "" : " ") + w;
  return out;
}

TEST(Text, WordIndexAnswersLikeTheScan) {
  for (std::string_view t :
       {"I don\u2019t want to cancel \u2014 but we\u2019re NOT happy: not happy at all; not "
        "happy!",
        "\u201cLaw firm\u201d? We are a law firm\u2026 our law firm, a law-firm, law firm.",
        "no no no no", "Two-factor codes: two factor, two-factor\u2019s; I can't log in.",
        "", "one"}) {
    const Strings ws = ::fte::text::keys(t);
    std::vector<Strings> phrases = {{"missing"}, {"not", "missing"}, {"law", "firm", "firm"}};
    for (std::size_t i = 0; i < ws.size(); ++i)
      for (std::size_t n = 1; n <= 4 && i + n <= ws.size(); ++n)
        phrases.emplace_back(ws.begin() + static_cast<std::ptrdiff_t>(i),
                             ws.begin() + static_cast<std::ptrdiff_t>(i + n));
    std::vector<std::size_t> plain;  // find_phrase before any index exists
    for (const auto& ph : phrases)
      for (std::size_t from = 0; from <= ws.size() + 1; ++from)
        plain.push_back(text::find_phrase(ws, joined(ph), from));
    const text::WordIndex index(ws);
    ASSERT_TRUE(index.covers(ws));
    std::size_t k = 0;
    for (const auto& ph : phrases)
      for (std::size_t from = 0; from <= ws.size() + 1; ++from, ++k) {
        const auto expect = scan(ws, text::words(joined(ph)), from);
        EXPECT_EQ(plain[k], expect) << t << " | " << joined(ph) << " from " << from;
        EXPECT_EQ(text::find_phrase(ws, joined(ph), from), expect)
            << t << " | " << joined(ph) << " from " << from;
        EXPECT_EQ(index.find(text::words(joined(ph)), from), expect);
      }
  }
}

TEST(Text, WordIndexCoversOnlyItsOwnVector) {
  const Strings ws = ::fte::text::keys("we are not happy");
  const Strings copy = ws;
  const text::WordIndex index(ws);
  EXPECT_TRUE(index.covers(ws));
  EXPECT_FALSE(index.covers(copy));  // an equal copy elsewhere is scanned, not looked up
  EXPECT_EQ(index.find({"not", "happy"}, 0), 2u);
  EXPECT_EQ(index.find({"not", "happy"}, 3), std::string::npos);
  EXPECT_EQ(text::find_phrase(copy, "not happy"), 2u);
  {
    // More live indexes than the thread keeps (4): the extra ones are simply not consulted.
    std::vector<Strings> many(6, ws);
    std::vector<std::unique_ptr<text::WordIndex>> ixs;
    for (const auto& m : many) ixs.push_back(std::make_unique<text::WordIndex>(m));
    for (const auto& m : many) EXPECT_EQ(text::find_phrase(m, "are not"), 1u);
  }
}

// find_phrase() remembers a phrase's words by the address of its text: a buffer reused for other
// text of the same length, at the same address, is looked up afresh.
TEST(Text, PhraseAtAReusedAddressIsReadAgain) {
  const Strings ws = ::fte::text::keys("we are not happy with the law firm");
  for (bool indexed : {false, true}) {
    std::optional<text::WordIndex> index;
    if (indexed) index.emplace(ws);
    std::string phrase = "law firm";
    const char* at = phrase.data();
    EXPECT_EQ(text::find_phrase(ws, phrase), 6u);
    phrase.replace(0, phrase.size(), "not happ");  // same length, same buffer
    ASSERT_EQ(phrase.data(), at);
    EXPECT_EQ(text::find_phrase(ws, phrase), std::string::npos);
    phrase.replace(0, phrase.size(), "are not ");
    EXPECT_EQ(text::find_phrase(ws, phrase), 1u);
    phrase.replace(0, phrase.size(), "with the");
    EXPECT_EQ(text::find_phrase(ws, phrase), 4u);
  }
}

// The intent model's input (issue 14, round 8): key()s of the words, the kNegationScope words a
// negation governs in its clause marked "not_" — so "it was me" and "it wasn't me" differ.
TEST(Text, ModelInputMarksWhatANegationGoverns) {
  EXPECT_EQ(text::model_input("That was me"), "that was me");
  EXPECT_EQ(text::model_input("That wasn\u2019t me!"), "that wasn't not_me");
  EXPECT_EQ(text::model_input("it wasnt me"), "it wasnt not_me");  // chat, no apostrophe
  // Three words at most, and never past a clause break or "but".
  EXPECT_EQ(text::model_input("We did not change the owner email"),
            "we did not not_change not_the not_owner email");
  EXPECT_EQ(text::model_input("Not us, someone changed it"), "not not_us someone changed it");
  EXPECT_EQ(text::model_input("We did not \u2014 someone did"), "we did not someone did");
  EXPECT_EQ(text::model_input("Not me but someone else"), "not not_me but someone else");
  EXPECT_EQ(text::model_input("I never\nasked for it"), "i never asked for it");
  // Quotes and no-break spaces do not end the scope.
  EXPECT_EQ(text::model_input("never \"asked\"\u00a0for"), "never not_asked not_for");
  // Other languages (accents removed by key()).
  EXPECT_EQ(text::model_input("Ce n\u2019\u00e9tait pas moi"), "ce n'etait not_pas not_moi");
  EXPECT_EQ(text::model_input("N\u00e3o fui eu"), "nao not_fui not_eu");
  EXPECT_EQ(text::model_input("Das war nicht ich"), "das war nicht not_ich");
  // The first max_words words only.
  EXPECT_EQ(text::model_input("one two three four", 2), "one two");
  EXPECT_EQ(text::model_input(" \u2026 "), "");
}

// Round 14: the model reads a message without its courtesy sentences — greetings, pleasantries,
// closings, a closing with a name — in training and prediction alike; a sentence with any other
// word is content, and a message of nothing but courtesy is read whole.
TEST(Text, ModelInputLeavesOutCourtesySentences) {
  for (const char* s :
       {"Dear support team, I hope you are having a nice week.", "Apologies for the long message.",
        "Thank you so much in advance!", "Please let me know if you need any further details.",
        "I look forward to your reply.", "Kind regards, Ottilie", "Best, Ravi",
        "Muchas gracias, saludos", "Merci beaucoup et bonne journée"})
    EXPECT_TRUE(text::courtesy_sentence(s)) << s;
  for (const char* s :
       {"Can you help?", "We need help with the widget importer.", "Thanks for nothing.",
        "I hope you can call me today.", "Please cancel our plan.",
        "Kind regards, Ottilie Brandt from accounts", "Not happy, regards"})
    EXPECT_FALSE(text::courtesy_sentence(s)) << s;
  EXPECT_EQ(text::model_input("Hello, I hope this email finds you well. Our gizmo board will not "
                              "load for anyone. Thanks again for your time. Regards, Ottilie"),
            "our gizmo board will not not_load not_for not_anyone");
  // Only courtesy: the whole message.
  EXPECT_EQ(text::model_input("Thanks! Kind regards, Ravi"), "thanks kind regards ravi");
  // A greeting inside a content sentence stays (it is one sentence).
  EXPECT_EQ(text::model_input("Hi team, the export is empty"), "hi team the export is empty");
}

TEST(Classifier, Categories) {
  EXPECT_EQ(classify_category("The app crashes when I open a task"), "bug_report");
  EXPECT_EQ(classify_category("Where do I download my invoice?"), "billing");
  EXPECT_EQ(classify_category("How do I set up SSO with Okta?"), "technical");
  EXPECT_EQ(classify_category("Suggestion: it would be nice to have dark mode"), "feedback");
  EXPECT_EQ(classify_category("Hello, quick question about your company"), "general");
  EXPECT_TRUE(valid_category("bug_report"));
  EXPECT_FALSE(valid_category("sales"));
}

TEST(Classifier, Priority) {
  EXPECT_EQ(derive_priority("urgent: production is down", "technical", 0.5, false), "high");
  EXPECT_EQ(derive_priority("hello", "general", 0.1, false), "high");
  EXPECT_EQ(derive_priority("hello", "general", 0.5, true), "high");
  EXPECT_EQ(derive_priority("a small idea", "feedback", 0.6, false), "low");
  EXPECT_EQ(derive_priority("How do I export?", "technical", 0.5, false), "medium");
}

}  // namespace
}  // namespace fte::agent
