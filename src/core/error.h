// Typed errors shared by every layer. An Error carries a kind (mapped to an HTTP status in one place,
// src/http/errors.cpp), whether retrying may help, and for validation errors the offending field.
// Thread-safe: plain values.
#pragma once
#include <stdexcept>
#include <string>

namespace fte {

enum class ErrorKind {
  invalid_argument,  // bad input: 400/422
  not_found,         // 404
  conflict,          // 409
  unauthorized,      // 401
  forbidden,         // 403
  busy,              // bounded queue full: 503 + Retry-After
  unavailable,       // dependency down (store, bus, provider): 503, retryable
  timeout,           // dependency too slow: retryable
  internal,          // a bug: 500
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::string field = {})
      : std::runtime_error(std::move(message)), kind_(kind), field_(std::move(field)) {}
  ErrorKind kind() const noexcept { return kind_; }
  const std::string& field() const noexcept { return field_; }
  bool retryable() const noexcept {
    return kind_ == ErrorKind::busy || kind_ == ErrorKind::unavailable ||
           kind_ == ErrorKind::timeout;
  }

 private:
  ErrorKind kind_;
  std::string field_;
};

const char* to_string(ErrorKind k) noexcept;

}  // namespace fte
