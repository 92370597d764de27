// The human console's API. Every route needs "Authorization: Bearer <FTE_ADMIN_TOKEN>" (401 with
// a JSON error otherwise; the API is off while the token is empty):
//
//   GET  /console/api/tickets/{id}         the ticket, its customer, the customer's whole history
//                                          across channels, the ticket's open escalations and its
//                                          agent runs (the audit trail, traces included)
//   POST /console/api/tickets/{id}/reply   {"message": "...", "author"?: "..."}: formatted for the
//                                          customer's channel exactly like the agent's replies
//                                          (agent::format_reply), stored with its outbound event in
//                                          one transaction (Store::record_human_reply); the
//                                          delivery worker sends it like any agent reply. 201.
//   POST /console/api/tickets/{id}/status  {"status": "open"|"resolved"|"closed"}. 200.
//
// The escalation queue is GET /console/api/escalations (admin_routes.h). Bad input is 422 naming
// the field; an unknown ticket is 404; store failures map to JSON errors in one place
// (http/errors). Each reply and status change is written to the audit log (ids and sizes only, no
// message text). Thread-safe: handlers hold references to the store and metrics, which must outlive
// the router.
#pragma once
#include <string>
#include <string_view>

#include "http/http.h"

namespace fte {
class Store;
namespace ops {
class Metrics;
}
}  // namespace fte

namespace fte::app {

struct ConsoleOptions {
  std::string company_name = "Support";  // reply signature, as the agent signs
  std::string signature;                 // full sign-off override ("" = the agent's default)
};

// Parsed bodies of the two POST routes; both throw Error(invalid_argument) naming the field.
struct ConsoleReply {
  std::string message;  // trimmed, control characters removed, 1–5000 characters
  std::string author;   // "console" unless given (at most 60 characters)
};
ConsoleReply parse_console_reply(std::string_view json_body);
std::string parse_ticket_status(std::string_view json_body);  // open|resolved|closed

void register_console_routes(http::Router& r, Store& store, ops::Metrics& m,
                             const std::string& admin_token, ConsoleOptions o = {});

}  // namespace fte::app
