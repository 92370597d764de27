// Problem reports and troubleshooting units: a customer who says something is broken ("the app
// crashes", "notifications stopped", "it keeps failing with an error") is helped by the part of
// the documentation that says how to fix things — a "Troubleshooting", "Known issues", "Common
// errors" section — more than by the feature description that shares their words. The local
// engine uses both tests to rank close hits (agent/engines/local_engine.cpp) and to choose the
// line it leads with (agent/engines/answer.h); the search itself does not (putting an on-topic
// troubleshooting unit first among near-ties changed no dev first hit, docs/EVAL.md round 7).
//
// Both are plain English cue lists about support in general (no product's vocabulary):
//   reports_problem: a strong cue (error, fail*, crash*, broken, bug, stopped, stuck, froze/freez*,
//     glitch, "not working"/"doesn't work", "no longer", "not <verb>ing" such as "not syncing",
//     "keeps <verb>ing", "instead of") or two weak ones (can't/cannot/unable/won't/doesn't/didn't/
//     isn't, missing, wrong, disappeared, problem, issue, blank, duplicat*). One weak cue alone is
//     mostly a how-to question ("I can't find the setting").
//   troubleshooting_heading: a heading path naming troubleshooting, (known/common) issues,
//     problems, errors, fixes, limitations or "not working".
//   troubleshooting_line: a line that reads as a fix for a symptom ("X not firing? Check ...",
//     "Known issue: ...", "If ... fails, ...", "Error ...: ...").
// Thread-safe: pure functions. Never throw except std::bad_alloc.
#pragma once
#include <string_view>

namespace fte::kb {

bool reports_problem(std::string_view message);
bool troubleshooting_heading(std::string_view heading_path);
bool troubleshooting_line(std::string_view line);
// A word that says something is wrong or how to fix it, not what it is about ("error",
// "failing", "issues", "troubleshooting", "not"): a troubleshooting unit is on a report's topic only
// when its heading shares a word with the report beyond these.
bool problem_word(std::string_view lower_word);
// Whether the heading path names what the message is about (a shared index term that is not a
// problem_word): "Automations > Troubleshooting Automations" for a report about an automation.
bool heading_on_topic(std::string_view heading_path, std::string_view message);

}  // namespace fte::kb
