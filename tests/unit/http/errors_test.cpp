// ErrorKind → HTTP status, and exceptions → JSON error responses.
#include "http/errors.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace fte::http {
namespace {

TEST(ErrorMapping, StatusPerKind) {
  EXPECT_EQ(status_for(ErrorKind::invalid_argument), 422);
  EXPECT_EQ(status_for(ErrorKind::not_found), 404);
  EXPECT_EQ(status_for(ErrorKind::conflict), 409);
  EXPECT_EQ(status_for(ErrorKind::unauthorized), 401);
  EXPECT_EQ(status_for(ErrorKind::forbidden), 403);
  EXPECT_EQ(status_for(ErrorKind::busy), 503);
  EXPECT_EQ(status_for(ErrorKind::unavailable), 503);
  EXPECT_EQ(status_for(ErrorKind::timeout), 504);
  EXPECT_EQ(status_for(ErrorKind::internal), 500);
}

Response from(auto&& ex) {
  return error_response(std::make_exception_ptr(ex));
}

std::string retry_after(const Response& r) {
  for (const auto& [k, v] : r.headers)
    if (k == "Retry-After") return v;
  return "";
}

TEST(ErrorMapping, TypedErrorCarriesCodeMessageAndField) {
  auto r = from(Error(ErrorKind::invalid_argument, "email is not a valid address", "email"));
  EXPECT_EQ(r.status, 422);
  auto v = boost::json::parse(r.body);
  EXPECT_EQ(v.at("error").at("code").as_string(), "invalid_argument");
  EXPECT_EQ(v.at("error").at("message").as_string(), "email is not a valid address");
  EXPECT_EQ(v.at("error").at("field").as_string(), "email");
  EXPECT_EQ(retry_after(r), "");

  auto nf = from(Error(ErrorKind::not_found, "no such ticket"));
  EXPECT_EQ(nf.status, 404);
  EXPECT_FALSE(boost::json::parse(nf.body).at("error").as_object().contains("field"));
}

TEST(ErrorMapping, BusyAndUnavailableAskToRetry) {
  EXPECT_EQ(retry_after(from(Error(ErrorKind::busy, "intake queue full"))), "1");
  EXPECT_EQ(retry_after(from(Error(ErrorKind::unavailable, "store down"))), "1");
  EXPECT_EQ(retry_after(from(Error(ErrorKind::timeout, "store slow"))), "");
  EXPECT_EQ(from(Error(ErrorKind::timeout, "store slow")).status, 504);
}

TEST(ErrorMapping, UnknownAndInternalErrorsHideTheirText) {
  for (const Response& r : {from(std::runtime_error("pq: password=hunter2 for user x")),
                            from(Error(ErrorKind::internal, "invariant broken in table tickets")),
                            error_response(std::make_exception_ptr(42)), error_response(nullptr)}) {
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body, R"({"error":{"code":"internal","message":"internal error"}})");
  }
}

}  // namespace
}  // namespace fte::http
