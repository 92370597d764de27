// Maps typed errors to HTTP responses: the one place where ErrorKind becomes a status code.
#pragma once
#include <exception>

#include "core/error.h"
#include "http/http.h"

namespace fte::http {
int status_for(ErrorKind k) noexcept;
Response error_response(const std::exception_ptr& e);  // Error → its status; anything else → 500
}  // namespace fte::http
