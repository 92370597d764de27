// Structural escalation signals (issue 14, round 13): phrase-floor rules built from the shape of
// a sentence rather than from one fixed wording, for the classes the intent model misses most on
// wordings it never saw (security incidents, billing disputes). Round 13 also measured two more
// (a former member's access, another provider weighed as churn): they moved the fold study but
// no held-out line, so they are not here (docs/EVAL.md, round 13).
//   - disowned_account_event(): an account event the customer says they did not do — a
//     disowning expression ("I didn't do it", "not me", "never asked for", "don't recognise",
//     "none of us", "nobody added", "no fui yo", "pas moi", "war ich nicht", ...) with an
//     account-event word (login, session, password, reset, code, 2FA, admin, device, key, token,
//     invite, export, ...) in the same message; not a how-to ("how do I remove a device I don't
//     recognise?"), not an error or a charge ("I don't recognise this error code", "a charge I
//     don't recognise" is a billing dispute);
//   - disputed_charge(): a charge, an amount, a fee or a payment next to a mismatch word
//     (wrong, explain, nobody, undo, reverse, twice, accident, never, told, "should be", "deux
//     fois", ...), with no cause the customer names themselves and no question of meaning
//     ("is that because we added two people?", "what does this charge mean?", how, where).
// Each returns its evidence (the matched words) or nullopt. Words are text::keys() words.
// Thread-safe: pure functions. Never throw except std::bad_alloc.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace fte::agent {

std::optional<std::string> disowned_account_event(const std::vector<std::string>& ws);
std::optional<std::string> disputed_charge(const std::vector<std::string>& ws);

}  // namespace fte::agent
