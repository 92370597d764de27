// Small pieces of the HTTP/1.1 wire format used by the server, kept apart from Beast so they can be
// read and tested on their own: request ids, the response head, header-name helpers.
// Thread-safe: pure functions (the Date cache is per thread).
#pragma once
#include <string>
#include <string_view>

#include "http/http.h"

namespace fte::http::wire {

// A client's X-Request-Id is kept when it is 1..64 characters of [A-Za-z0-9._-].
bool sane_request_id(std::string_view s) noexcept;
// 16 random hex characters, written into `out` (reusing its capacity).
void generate_request_id(std::string& out);

// Appends the status line and headers of `r` (ending with the blank line) to `out`: Date, Server,
// Content-Type, X-Request-Id, X-Content-Type-Options: nosniff, the handler's headers, Content-Length, Connection. Handler headers
// that the server owns (Content-Length, Transfer-Encoding, Connection, Date) are dropped; ones
// named Content-Type, Server or X-Request-Id replace the defaults; any header whose name or value
// holds CR, LF or NUL is dropped (no header injection). 204 and 304 get no Content-Length.
void append_response_head(std::string& out, const Response& r, std::string_view request_id,
                          bool keep_alive, bool http10);

// The reason phrase for a status code ("OK", "Not Found", ...; "Status" when unknown).
std::string_view reason(int status) noexcept;
// The method as a metrics label: the usual verbs, else "other" (bounded label values).
std::string_view method_label(std::string_view m) noexcept;

bool iequals(std::string_view a, std::string_view b) noexcept;
void assign_lower(std::string& out, std::string_view s);

}  // namespace fte::http::wire
