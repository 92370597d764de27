// Twilio request signatures (X-Twilio-Signature), as documented in "Webhooks security":
//   form bodies: base64(HMAC-SHA1(auth token, URL + every POST parameter sorted by name, as
//                name+value, values decoded));
//   JSON bodies: the URL carries bodySHA256 = hex SHA-256 of the raw body, and the signature covers
//                the URL alone (no parameters).
// A URL is accepted as signed, with its default port added (https :443, http :80) or with that
// default port removed, because Twilio may sign either form. Comparisons are constant-time.
// Pure functions over OpenSSL; thread-safe; never throw.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/http.h"

namespace fte::channels::whatsapp {

using Params = std::vector<std::pair<std::string, std::string>>;

// The signature Twilio would send for this URL and these (decoded) parameters.
std::string twilio_signature(std::string_view auth_token, std::string_view url, const Params& params);

// The URL as given plus its default-port twin (added when absent, removed when present), if any.
std::vector<std::string> url_variants(std::string_view url);

// Form variant: true when `signature` matches the URL (or its port twin) and the parameters.
bool verify_form_signature(std::string_view auth_token, std::string_view signature,
                           std::string_view url, const Params& params);

// JSON variant: the URL's bodySHA256 query parameter must equal hex SHA-256 of `raw_body`, and the
// signature must cover the URL (or its port twin) with no parameters.
bool verify_body_signature(std::string_view auth_token, std::string_view signature,
                           std::string_view url, std::string_view raw_body);

// Why a request was refused; the reason goes to the audit log (it holds no PII).
enum class SignatureCheck { ok, missing, mismatch, body_hash_mismatch };
const char* to_string(SignatureCheck c) noexcept;

// Checks an incoming webhook. The signed URL is public_url + the request target (path and query
// as received); with an empty public_url, https:// and http:// + the Host header are tried.
// `params` are the parsed form parameters (ignored for the JSON variant, chosen when the query has
// bodySHA256).
SignatureCheck check_request(const http::Request& req, std::string_view public_url,
                             std::string_view auth_token, const Params& params);

}  // namespace fte::channels::whatsapp
