// The direct "Yes." / "No." a yes/no question gets before the quoted answer (compose_answer),
// said only when the answering item of the documentation states it:
//   - "No." when the lead states a negation ("not available on mobile", "cannot be undone") and
//     holds every word the customer asks about ("is offline mode available on mobile?");
//   - "No, not on the <P> plan." when the customer names a plan P ("on the Harbor plan?") and the
//     lead says on which plans the thing is available without naming P ("Available on Summit
//     and Peak plans"); "Yes." when it names P. A "Summit+" marker (an order of plans the
//     docs do not spell out) gives no verdict unless it names P itself;
//   - "Yes." when the lead holds every asked word and states no condition of its own ("not",
//     "only", "requires", "if", a plan ...; a word the customer used is not a condition).
//   - "Unfortunately, that is not possible." for a how-to question ("how do I create reminders
//     on mobile?") whose lead states the negation and holds every asked word.
//   - "This is not a bug." for "is this a bug or a paid feature?" when the message says the
//     product asks for an upgrade and the lead limits the thing it names to plans other than the
//     one the customer names ("Roadmap view: Summit+ only");
// Never for another either/or question ("is this a glitch or a premium feature?" with no upgrade
// prompt or a lead about something else) or a negated one ("can't I ...?"). A plan is whatever word
// precedes "plan"/"tier" in the question (no product's vocabulary). Thread-safe: pure function.
// Never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>

namespace fte::agent {

struct YesNoInput {
  std::string_view question;  // the customer's whole message
  std::string_view leaf;      // the leaf heading of the answering section
  std::string_view lead;      // the item the reply leads with (as said)
  std::string_view quoted;    // every line quoted after the lead (what the reply shows)
};

// "Yes.", "No.", "No, not on the Harbor plan.", "Unfortunately, that is not possible." or "".
std::string yes_no_verdict(const YesNoInput& in);

// A capability question ("is there a way to …", "can I/we …", "do you support …"; not "can you
// check …", an either/or or a negated one, nor "I want X. Is this possible?") that the answering
// section leaves unanswered: fewer than half of the words naming what is asked for (generic verbs,
// "way", "ones" and plans aside) appear anywhere in the heading, the lead or the quoted lines,
// the lead denies nothing and yes_no_verdict has none. The quote is then about something else of
// the same topic ("see tasks due this week across all projects in one view" answered by the
// calendar view's line): the docs are silent on what is asked, which is never a confident answer
// (compose_answer offers the section as the closest one instead).
bool capability_unanswered(const YesNoInput& in);

// A lower-case word that says something is not so ("not", "can't", "unavailable", "never"; not
// "no" or "without"). Also read by pointing_back's verdicts.
bool denies(std::string_view low_word);

}  // namespace fte::agent
