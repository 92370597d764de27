// The web support form channel: POST /support/submit (validation, ticket reference at once),
// GET /support/ticket/{id} (alias /ticket/{id}) for status and replies, and
// POST /support/ticket/{id}/feedback ("Was this helpful?").
// parse_submission() is the pure part (unit-tested); register_routes() wires thin handlers.
// Submissions must be application/json (else 415), Idempotency-Key is scoped to the submitter's
// email, and they are rate-limited per client and optionally per customer email, across replicas
// through the store's shared counters (rate_limit.h: 429 with Retry-After and a JSON body) and
// the public routes answer CORS only for configured origins (cors.h, preflight OPTIONS included).
// Thread-safe.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "channels/channel.h"
#include "http/http.h"

namespace fte::ops {
class Metrics;
}

namespace fte::channels::webform {

struct FieldError {
  std::string field;
  std::string message;
};

struct Submission {
  InboundMessage message;           // channel webform, validated and normalised
  std::vector<FieldError> errors;   // empty when valid
};

// Validates a JSON body: name ≥ 2 chars (≤ 100), valid email (≤ 254), subject 1–200, category ∈
// general|technical|billing|bug_report|feedback, priority ∈ low|medium|high (default medium),
// message 10–5000 characters, optional phone (E.164 after normalisation). Control characters are
// removed from text fields. Never throws.
Submission parse_submission(std::string_view json_body);

// True for "application/json" with optional parameters (case-insensitive); /support/submit
// answers anything else 415, so a page on another site cannot file tickets with a simple
// (preflight-free) cross-site POST.
bool is_json_content_type(std::string_view content_type);
// The stored idempotency id for an Idempotency-Key: scoped to the submitter (fingerprint of the
// normalised email + the key), so reusing someone else's key never returns their ticket.
std::string idempotency_scope(std::string_view normalised_email, std::string_view key);

// Status JSON for a ticket: the reply once there is one; the word "escalated" and the reason code
// only when the ticket was escalated.
std::string ticket_status_json(const TicketView& v);

struct Options {
  std::string estimated_response_time = "Usually within 5 minutes";
  int submit_rate_per_minute = 0;         // per client address; 0 = no limit
  std::vector<std::string> cors_origins;  // browser origins allowed to call the API; "*" = any
  std::string client_ip_header;           // e.g. "x-forwarded-for" behind a proxy; "" = peer
  int submit_rate_per_customer_per_hour = 0;  // per email, all replicas (store counters); 0 = off
};

void register_routes(http::Router& r, Intake& intake, Store& store, ops::Metrics& m,
                     const Options& o = {});

}  // namespace fte::channels::webform
