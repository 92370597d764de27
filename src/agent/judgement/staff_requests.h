// Requests only the company's staff can fulfil (issue 14): the customer asks the company to DO
// something no documentation lets them do themselves, so an answer from the docs is the wrong
// reply whatever the retrieval score. Phrase rules of the input guardrails (input_guardrails.h),
// company-agnostic, each with positive and look-alike rows in tests/unit/agent:
//   - billing_request: an action on an invoice by the billing team — a missing invoice
//     ("haven't received the invoice", "can you resend it"), a re-issued, corrected or summary
//     invoice, another invoice currency; not where to find or download one ("where do I download
//     my invoices?"), nor an invoice the customer sends with the product; round 13: nor one the
//     customer downloads, chooses or finds themselves in a how / where / which question ("where
//     do I download a corrected invoice", "can I choose the invoice currency"), nor a missing
//     invoice whose cause they name (found it in spam, a filter, still in the trial); round 15:
//     nor a missing invoice asked about as the usual schedule or with a cause proposed on the
//     customer's side, one they can see after all, an idiom ("didn't get a chance", "haven't got
//     access") or another email; an invoice action the customer did themselves, asked as a fact
//     of how invoices work or as a meaning ("could you explain the credit note?"), made
//     automatically; a part missing from the invoice; a thank-you for an invoice sorted. The
//     guards' evidence words are read with a typo (phrase_guard.h, guard_word());
//   - data_residency_request: moving stored data to another region ("migrate our data to EU data
//     residency"); not the question whether residency is offered;
//   - compliance_requirement: the customer's regulatory/compliance obligations the product must
//     meet ("we have regulatory requirements around retention"); not a certification question;
//   - account_recovery: locked out with no self-service path left (backup codes rejected, the
//     two-factor device lost and the codes failing); not how to use or regenerate backup codes;
//   - feature_commitment: a promised date for a feature ("I'd like a commitment on a delivery
//     timeline", "can you guarantee it ships by June?") — the constitution forbids promising
//     features, so product decides; not a plain feature request or "is it on the roadmap?";
//   - widespread_lockout: many people locked out at once ("blocking 40+ users", "none of our 30
//     staff can sign in") — an incident, not one person's password; not "we have 40 users".
// Each returns the matched words (evidence) or nullopt. Words are text::keys() words.
// Thread-safe: pure functions. Never throw except std::bad_alloc.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fte::agent {

std::optional<std::string> billing_request(const std::vector<std::string>& ws);
std::optional<std::string> data_residency_request(const std::vector<std::string>& ws);
std::optional<std::string> compliance_requirement(const std::vector<std::string>& ws);
std::optional<std::string> account_recovery(const std::vector<std::string>& ws);
std::optional<std::string> feature_commitment(const std::vector<std::string>& ws);
std::optional<std::string> widespread_lockout(const std::vector<std::string>& ws);

// Round 15: the customer does it themselves — a how / where / which / is-there question whose
// verb they perform in the product (download, find, see, view, export, ...) and no ask of the
// company (can you, please, send, need, get, request, ...): "where can I download your DPA to
// sign it?" (billing_request's and account_compliance's guard).
bool self_served(const std::vector<std::string>& ws);

// The same on raw text (cut into words by text::keys()), for the table tests.
std::optional<std::string> billing_request(std::string_view text);
std::optional<std::string> data_residency_request(std::string_view text);
std::optional<std::string> compliance_requirement(std::string_view text);
std::optional<std::string> account_recovery(std::string_view text);
std::optional<std::string> feature_commitment(std::string_view text);
std::optional<std::string> widespread_lockout(std::string_view text);

}  // namespace fte::agent
