// "I want X to happen when Y. Is this possible?" — a yes/no capability question whose "this" /
// "that" / "it" is what the customer described in the sentences before it. No lexical rule on
// the question alone can answer it (its only words are "this" and "possible"), so the question's
// referent is resolved to the described want and the verdict is taken against that:
//   - "Yes." when every word naming the want (verbs of wanting, generic verbs, manner adverbs and
//     the customer's own quoted names aside) is in the answering section's heading, lead or
//     quoted lines, at least half in the heading or lead, and the lead states no condition or
//     negation; "Yes, depending on your plan." when the lead instead limits it to plans;
//   - "No." when the lead states a negation and holds every such word;
//   - "Our documentation does not say this is possible. Here is what it does say:" when fewer than
//   half of those words are
//     quoted at all, or when the want is itself a restriction ("view-only, but not comment") that
//     the quoted lines do not fully cover: the docs are silent, which is never a confident yes;
//   - "" (no verdict) in between, and for anything that is not such a question.
// English only: another language's question is left to the normal path. Thread-safe: pure
// functions. Never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>

#include "agent/engines/yes_no.h"

namespace fte::agent {

// A sentence that asks: it ends in '?' or opens with a question word (how, can, is, does, ...).
bool opens_or_ends_a_question(std::string_view sentence);

// The sentences a pointing-back capability question refers to ("I want to add a dropdown field
// to all my tasks."), or "" when the message asks no such question or describes nothing before it.
std::string described_want(std::string_view message);

// The verdict for `want` (described_want of in.question) against the answering section; see above.
std::string pointing_back_verdict(const YesNoInput& in, std::string_view want);

}  // namespace fte::agent
