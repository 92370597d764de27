// Extractive answers for the local engine: the reply body is built only from the words of a
// documentation section (no invented facts), with a short lead-in and close for the channel.
//
// Line selection from the section's markdown:
//   - lines are numbered steps ("1. ..."), bullets ("- ..."), table rows (rendered "cell: cell —
//     cell"), labels ("**Setup:**", starting a block) or prose; fenced code stays one unit;
//   - each line is scored by the overlap of its stemmed words (text::content_stems) with the
//     question's, plus the overlap of its block label;
//   - a short section (at most 6 lines, not a table) is given whole; otherwise, for a "how do I"
//     question the numbered-step block that best matches is given whole (a procedure is useless
//     in part) plus up to two other lines that match at least half as well as the best line; else
//     those lines (at most 5, WhatsApp 4) in document order, or the first 4 when nothing matches;
//   - coverage: while that budget lasts, a question word that no kept line holds brings in the
//     best-scoring line that holds it ("push notifications stopped on Android" keeps the row that
//     names Android as well as the push-notification row);
//   - URLs, menu paths ("Settings > Security") and code are copied verbatim.
// Two sections (AnswerInput::also): the first further section whose heading names a question word
// and whose supporting lines hold a word the customer *asks* about (in a sentence ending in '?' or
// opening with a question word; the whole message when none does) that the first quote lacks is
// quoted after it, under "See also <title>:" — within a budget that keeps the reply inside the
// channel's limit (a procedure that does not fit whole is left out). Context such as "we are on
// the Business plan" does not pull in a plan section.
// Lead-in and close depend on the channel (formal email, semi-formal web form, short WhatsApp with
// *bold* title). Greeting, signature and ticket reference are added later by the formatter.
// Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain.h"

namespace fte::agent {

struct AnswerInput {
  std::string question;
  std::string title;    // heading path of the section ("Security & SSO > Password Reset")
  std::string content;  // the section's markdown
  Channel channel = Channel::webform;
  bool returning_customer = false;  // the customer has earlier tickets
  // The section is only related (no section answers the question): the lead-in says so plainly
  // and the close offers a person.
  bool closest_only = false;
  // The section is relevant but may not answer (middling calibrated confidence, kb/confidence.h):
  // answered like a confident match (lead with the answering item, the steps it needs, a further
  // section under the same strict rules), but the close offers a person instead of "I hope this
  // helps".
  bool uncertain = false;
  // Further on-topic sections (title, markdown), best first. The first one whose supporting lines
  // hold a question word that the quote from `content` (and its title) lacks is quoted too, after
  // it, under its own title: facts spread over two sections. At most one is used.
  std::vector<std::pair<std::string, std::string>> also;
  // The agent's last reply in this conversation ("" when this is the first message): lines it
  // already said are not repeated, and the reply says it follows up on it.
  std::string previous_reply;
  // The message's subject when `question` opens with it ("" otherwise): a summary, whose words
  // count as the customer's narrative when the body asks a question of its own.
  std::string subject;
  // What confirms a two-part question's yes/no part from another section (named_entry.h,
  // "Available Apps — CRM: Ledgerly, Pipewise."): said first, after "Yes.", before the answer.
  std::string confirmed;
};

// The selected lines of the section, in document order, still in markdown.
std::vector<std::string> select_lines(std::string_view question, std::string_view content,
                                      Channel channel);

// The lines of a section worth adding to another section's answer: select_lines() without the
// lines that hold no question word (a kept procedure stays whole); empty when no line holds one.
std::vector<std::string> supporting_lines(std::string_view question, std::string_view content,
                                          Channel channel);

// How well a section fits the question: how many of the question's stems its title (leaf) and text
// contain. Used to choose among hits whose search scores are close.
double answer_fit(std::string_view question, std::string_view title, std::string_view content);

// The full reply body (lead-in, selected lines, close); "" when nothing could be selected.
// The lead is the item that answers, after a verdict when the question is yes/no or how-to and
// the item states one (yes_no.h); the labelled block a question names is answered under its
// label. A problem report gets a fix found among setup steps without those steps; answered by
// setup steps that name no fix (or only fixes the customer tried), the reply says so, offers the
// steps for comparison and closes by offering a person. A yes/no question whose answer is one step
// of a procedure gets that step alone; a comparison of listed items ("member or viewer?",
// compared_items.h) leads with all of them; the subject's words weigh as narrative when the body
// asks its own question. Another table row or "Symptom? Fix" line than the one leading stays only
// with a question word the lead lacks. A prose unit whose only fix the customer says they tried
// says they tried what the docs suggest and offers a person; a fix they have not tried stays.
// `confirmed` (named_entry.h) opens the reply after "Yes.".
// A section about another thing of the kind asked ("time tracking" answered from "Velocity
// Tracking", a "Drive integration" from "Jira Integration": same second word, a first word the
// docs use as a name, the customer's first word nowhere in the section) is offered as the closest
// section (as `closest_only`), not as the answer. A problem report that asks nothing, answered
// outside a troubleshooting section by lines with no fix and a lead stating no cause (no known
// issue, limit, denial or number the customer quotes), opens "I could not find this exact problem
// in our documentation." and closes offering a person.
std::string compose_answer(const AnswerInput& in);

// Feedback and feature requests ("Feature request: dark mode", "just wanted to share some
// feedback", "it would be great if ...", "please add ...", "any plans to add this?") and their
// reply: thanks, noted for the product team, no promise of a date — the documentation describes
// what exists, so quoting its nearest section answers nothing. "" when the message is not one, or
// when it also reports something broken (kb::reports_problem: that is answered as a problem).
// A question about what exists ("do you support X? if not, is it on the roadmap?") is not one.
std::string feedback_reply(std::string_view message, Channel channel);

// Small talk ("thanks, that worked!", "hi") and its reply; "" when the message is not small talk.
std::string small_talk_reply(std::string_view message, Channel channel);

}  // namespace fte::agent
