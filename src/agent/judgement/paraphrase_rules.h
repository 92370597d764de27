// Phrase rules for two hard-rule situations that customers describe rather than name
// (issue 14, round 5): each is a co-occurrence of a few generic word groups inside one sentence,
// not a list of sentences, so new wordings of the same situation match too.
//   - unwanted_charge(): money taken that should not have been — a charge word (charged, billed,
//     debited, took, payment, transaction, ...) with a duplicate marker (twice, two charges,
//     double, duplicate, again) or with a charge that continues after the customer stopped
//     (still / keep / after we cancelled, closed, downgraded, removed the card). Not when the
//     payment failed or was declined ("my payment failed twice"), not a question about the future
//     ("will I be charged after I cancel?", "if we downgrade, are we billed twice?"), and not the
//     customer's own clients ("my client paid twice, how do I refund them?");
//   - unexplained_activity(): see below;
//   - widespread_failure(): a failure (down, dead, offline, unreachable, can't log in, errors,
//     502/503, ...) said of a whole population (everyone, nobody, no one, none of us, all our
//     users, the whole team/company, every office, ...) — an outage. Not a how-to or a setting
//     question ("how do I stop everyone getting errors on import?", "nobody gets notifications,
//     is there a setting?"), not rate limits, and not a question whether it is down.
// Words are text::keys() words (folded, accents removed). Thread-safe: pure functions. Never
// throw except std::bad_alloc. Table tests: tests/unit/agent/input_guardrails_test.cpp.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace fte::agent {

std::optional<std::string> unwanted_charge(const std::vector<std::string>& ws);
// Whether the word at `i` speaks of a condition or the future: if/whether (es/fr/de/pt "si",
// "wenn", "se") within the eight words before it, will/would/going/when within the four
// ("will we be charged twice ...?", "if I cancel now, am I still billed?").
bool hypothetical(const std::vector<std::string>& ws, std::size_t i);
std::optional<std::string> widespread_failure(const std::vector<std::string>& ws);
// Sign-ins, sessions or changes the customer cannot account for ("sessions in the log I can't
// explain", "a login succeeded that I didn't request", "deletions none of us made"): an
// activity word near an unexplained marker; not a how-to, not "I can't explain why the login
// page is slow".
std::optional<std::string> unexplained_activity(const std::vector<std::string>& ws);
// An erasure asked of the company about the customer as a person ("delete everything you have
// about me", "erase every record you hold on me", "wipe my personal details"): an erase verb near
// a personal object (about me, on me, my personal data/details/information, my contact details);
// not "delete my personal workspace" nor "remove me from the board".
std::optional<std::string> erasure_about_me(const std::vector<std::string>& ws);

// Round 16 (branch judge16): what desk-realistic messages say instead of the trigger words,
// each not in a condition ("if I call you …") nor in a how-to about the customer's own clients.
//   - contact_person_asked(): a call back (phone me, ring me, can someone call), a meeting with
//     someone of the company (a call with one of your …, jump on a call, put me in touch), a named
//     person for the account (an account manager, a point of contact) — human_requested;
//   - others_data_seen(): another company's / customer's / patient's data, other accounts, seen,
//     shown or downloaded — a security incident; not a how-to or a permission question;
//   - data_rights_asked(): consent withdrawn, processing objected to, a copy or a port of one's
//     data, an erasure for someone the customer speaks for — privacy_request; not a how-to;
//   - leaving_said(): leaving without "cancel" (the last month we pay, what else is out there,
//     discontinuing our use, won't be continuing) — churn_risk. (A decision for "another tool /
//     platform" as a word pattern was measured and dropped: it escalated a routine test ticket.)
std::optional<std::string> contact_person_asked(const std::vector<std::string>& ws);
std::optional<std::string> others_data_seen(const std::vector<std::string>& ws);
std::optional<std::string> data_rights_asked(const std::vector<std::string>& ws);
std::optional<std::string> leaving_said(const std::vector<std::string>& ws);

}  // namespace fte::agent
