// The one place where a typed error becomes an HTTP status and a JSON error body.
#include "http/errors.h"

#include <new>
#include <string>

#include "ops/log.h"

namespace fte::http {

int status_for(ErrorKind k) noexcept {
  switch (k) {
    case ErrorKind::invalid_argument:
      return 422;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::unauthorized:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::busy:
      return 503;
    case ErrorKind::unavailable:
      return 503;
    case ErrorKind::timeout:
      return 504;
    case ErrorKind::internal:
      return 500;
  }
  return 500;
}

namespace {
Response internal_error() {
  return Response::error(500, "internal", "internal error");
}
}  // namespace

Response error_response(const std::exception_ptr& e) {
  if (!e) return internal_error();
  try {
    std::rethrow_exception(e);
  } catch (const Error& err) {
    // An internal error is a bug: its message may name internals, so the client gets the generic
    // one.
    if (err.kind() == ErrorKind::internal) {
      ops::error("internal error in handler", {}, {{"what", err.what()}});
      return internal_error();
    }
    Response r =
        Response::error(status_for(err.kind()), to_string(err.kind()), err.what(), err.field());
    if (err.kind() == ErrorKind::busy || err.kind() == ErrorKind::unavailable)
      r.headers.emplace_back("Retry-After", "1");
    return r;
  } catch (const std::bad_alloc&) {
    ops::error("out of memory in handler");
    return internal_error();
  } catch (const std::exception& ex) {
    ops::error("unexpected exception in handler", {}, {{"what", ex.what()}});
    return internal_error();
  } catch (...) {
    ops::error("unexpected non-standard exception in handler");
    return internal_error();
  }
}

}  // namespace fte::http
