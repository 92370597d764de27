// Sentiment of a customer message, in [0, 1] (0 hostile, 0.5 neutral, 1 delighted), and profanity
// detection. Deterministic, offline, English lexicon; used by the input guardrail (spec V: escalate
// when sentiment < 0.3) and recorded on the outcome.
//
// Method (VADER's lexicon, boosters and negations, issue 14):
//   1. The text is cut into words (text::tokens). Multi-word phrases are matched first
//      ("a joke", "waste of time", "fed up", "third time", "still waiting", "thank you" = ...),
//      then single words in the VADER lexicon (~7,200 words, valences -4..+4) generated at build
//      time from the npm package vader-sentiment (vader_lexicon.h). Support vocabulary is
//      re-weighted (domain_weight): words that merely describe a problem ("error", "failed",
//      "broken") keep a fifth of their valence, so a calm bug report stays near neutral, and
//      the words customers ask with ("help", "support", "please", "like") count nothing.
//   2. Each valence is adjusted by its context: an intensifier in the two words before it
//      (VADER's boosters: "very", "absolutely", ...) multiplies by 1.5; a dampener ("slightly",
//      "kinda") by 0.5; a negation in the three words before it (VADER's list) by -0.6
//      ("not happy" is negative, "not bad" mildly positive); a word written in capitals
//      ("USELESS", at least three letters) by 1.5. Profanity counts -3.5.
//   3. The valences are summed into S. A message shouting in capitals (>= 70% of >= 12 letters)
//      adds -1. Exclamation marks push S further from zero by 0.3 each (at most 4).
//   4. One strong negative word or phrase (valence <= -1; problem words at a fifth do not count)
//      with no intensifier, capitals or "!" keeps S at or above -2.5
//      ("a disaster for our launch" describes the problem, not anger: issue 14).
//   5. score = 0.5 + 0.5 * tanh(S / 6). One strongly negative word ("terrible", S = -2.5) stays
//      at about 0.30; two, or one with an intensifier, capitals or "!!!", fall below 0.3.
// Thread-safe: pure functions over static tables. Never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace fte::agent {

struct SentimentResult {
  double score = 0.5;                 // in [0, 1]
  double raw = 0;                     // S above
  std::vector<std::string> negative;  // the words/phrases that pulled the score down (for traces)
};

SentimentResult analyse_sentiment(std::string_view text);
// Round 17: the message reads as es/fr/de/pt (more of their function words than English ones, at
// least two) — the test the tone uses for the English lexicon's false friends.
bool message_reads_foreign(std::string_view message);
inline double sentiment_score(std::string_view text) {
  return analyse_sentiment(text).score;
}

// The first profane or abusive word or phrase (whole words: "Scunthorpe", "assess", "class" do
// not match), lower-case; empty when there is none.
std::string find_profanity(std::string_view text);

}  // namespace fte::agent
