// Extractive answers for the local engine: the reply body is built only from the words of a
// documentation section (no invented facts), with a short lead-in and close for the channel.
//
// Line selection from the section's markdown:
//   - lines are numbered steps ("1. ..."), bullets ("- ..."), table rows (rendered "cell: cell —
//     cell"), labels ("**Setup:**", starting a block) or prose; fenced code stays one unit;
//   - each line is scored by the overlap of its stemmed words (text::content_stems) with the
//     question's, plus the overlap of its block label;
//   - a short section (at most 6 lines, not a table) is given whole; otherwise, for a "how do I"
//   question the
//     numbered-step block that best matches is given whole (a procedure is useless in part) plus up
//     to two other lines that match at least half as well as the best line; else those lines
//     (at most 5, WhatsApp 4) in document order, or the first 4 when nothing matches;
//   - URLs, menu paths ("Settings > Security") and code are copied verbatim.
// Lead-in and close depend on the channel (formal email, semi-formal web form, short WhatsApp with
// *bold* title). Greeting, signature and ticket reference are added later by the formatter.
// Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>
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
};

// The selected lines of the section, in document order, still in markdown.
std::vector<std::string> select_lines(std::string_view question, std::string_view content,
                                      Channel channel);

// How well a section fits the question: how many of the question's stems its title (leaf) and text
// contain. Used to choose among hits whose search scores are close.
double answer_fit(std::string_view question, std::string_view title, std::string_view content);

// The full reply body (lead-in, selected lines, close); "" when nothing could be selected.
std::string compose_answer(const AnswerInput& in);

// Small talk ("thanks, that worked!", "hi") and its reply; "" when the message is not small talk.
std::string small_talk_reply(std::string_view message, Channel channel);

}  // namespace fte::agent
