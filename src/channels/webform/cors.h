// CorsPolicy: which browser origins may call the public web-form API from their own pages
// (FTE_CORS_ORIGINS). The form and status pages served by fte itself, and the embedded iframe, are
// same-origin and need none of this; CORS matters only when another site's script calls
// /support/submit or /support/ticket/{id} directly.
//
//   - an allowed Origin gets Access-Control-Allow-Origin (that origin), Vary: Origin, and on a
//     preflight (OPTIONS with Access-Control-Request-Method) the allowed methods and headers;
//   - any other Origin gets no Access-Control-* header at all (the browser then refuses to hand the
//     response to the page), and its preflight is answered 403;
//   - "*" in the list allows every origin (answered with "*"; no credentials are ever allowed).
// Origins compare exactly after lower-casing and dropping a trailing '/', e.g.
// "https://www.example.com" or "http://localhost:3000". Thread-safe (immutable after construction).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/http.h"

namespace fte::channels::webform {

class CorsPolicy {
 public:
  explicit CorsPolicy(const std::vector<std::string>& origins);
  bool enabled() const { return any_ || !origins_.empty(); }
  bool allows(std::string_view origin) const;
  // Adds the CORS headers for a response to a request from `origin` (the request's Origin header;
  // "" when absent): nothing unless the origin is allowed.
  void decorate(std::string_view origin, http::Response& r) const;
  // The answer to OPTIONS on a resource that accepts `methods` (e.g. "POST").
  http::Response preflight(const http::Request& req, std::string_view methods) const;
  // Wraps a handler so that its response (whenever it is sent) carries the CORS headers.
  static http::Handler wrap(std::shared_ptr<const CorsPolicy> policy, http::Handler h);

  static std::string normalise(std::string_view origin);

 private:
  bool any_ = false;
  std::vector<std::string> origins_;  // normalised
};

}  // namespace fte::channels::webform
