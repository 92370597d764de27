// Grounding check of a reply against the documentation it cites (send_response, every engine).
//
// A sentence is *factual* when, after dropping stop words and the words of conversation itself
// (thanks, sorry, help, question, reply, team, documentation, section, ...: kConversation in
// grounding.cpp, generic support vocabulary, nothing about any product), it keeps at least
// kMinFactualStems content stems, or it states a number or a URL. Greetings, empathy, "reply and
// we will look into it" and the like are not factual and need no source.
//
// A factual sentence is *supported* when
//   (a) at least kMinSupport (60%) of its content stems occur in the cited sections (text and
//       heading) or in the customer's own message, and
//   (b) every number and URL in it occurs in the cited sections or the customer's message.
// Why this heuristic: an extractive reply (the local engine) scores 100% by construction; a
// faithful paraphrase by a model keeps the nouns and verbs that carry the facts — product words,
// menu items, plan names — which is what (a) counts, while it may reword the glue (60%, not 100%,
// leaves room for "you can" → "it is possible to"). The commonest invention is a wrong number (a
// limit, a number of days) or a made-up link, and those are checked exactly by (b). It is a
// lexical proxy, not entailment: a sentence that recombines true words into a false claim ("2FA is
// not available on iOS" from a section saying it is) passes; an accurate sentence in words the
// docs never use fails (the engine is told which one and may rewrite it once).
// Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace fte::agent {

inline constexpr std::size_t kMinFactualStems = 3;
inline constexpr double kMinSupport = 0.6;

struct GroundingResult {
  int factual = 0;                       // factual sentences in the reply
  std::vector<std::string> unsupported;  // factual sentences the sources do not support
  bool grounded() const { return unsupported.empty(); }
};

// How many content stems `text` holds beyond stop words and the words of conversation (the
// measure behind "factual"): a reply's lead-in and close alone hold at most one or two.
std::size_t fact_stems(std::string_view text);

// `sources`: the cited sections (title and text); `customer`: the customer's message.
GroundingResult check_grounding(std::string_view reply, std::string_view sources,
                                std::string_view customer);

}  // namespace fte::agent
