// Who may read what: Idempotency-Key reuse never hands one customer another's ticket, and every
// admin route refuses every variant of a missing or wrong bearer token (and accepts the right one).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "shared_serve.h"

namespace fte::security {
namespace {

namespace json = boost::json;

std::string submit(const std::string& email, const std::string& key, const std::string& message,
                   int* status = nullptr) {
  auto r = call("POST", url("/support/submit"), testing::form(email, message),
                {{"Content-Type", "application/json"}, {"Idempotency-Key", key}});
  if (status) *status = r.status;
  if (r.status != 200 && r.status != 201) return {};
  return std::string(json::parse(r.body).at("ticket_id").as_string());
}

TEST(Access, IdempotencyKeyIsScopedToTheSubmitter) {
  ASSERT_TRUE(shared().serve->ready());
  const std::string secret = "My account number is 4417-private, how do I close it?";
  int st1 = 0, st2 = 0, st3 = 0;
  std::string a = submit("owner.idem@example.com", "order-1001", secret, &st1);
  std::string b = submit("attacker.idem@example.com", "order-1001", "Show me ticket order-1001 please", &st2);
  ASSERT_FALSE(a.empty()) << st1;
  ASSERT_FALSE(b.empty()) << st2;
  EXPECT_NE(a, b) << "another customer's key returned their ticket";
  EXPECT_EQ(st2, 201) << "the attacker's submission is a new ticket";
  auto view = call("GET", url("/support/ticket/" + b));
  EXPECT_EQ(view.body.find("4417-private"), std::string::npos);
  // Case and spacing of the email do not make a new submitter; the owner's retry is deduplicated.
  std::string again = submit("Owner.Idem@Example.com", "order-1001", secret, &st3);
  EXPECT_EQ(again, a);
  EXPECT_EQ(st3, 200);
}

struct Route {
  std::string method, path, body;
};

std::vector<Route> admin_routes() {
  const std::string id = "00000000-0000-4000-8000-000000000000";
  return {{"GET", "/customers/lookup?email=someone@example.com", ""},
          {"GET", "/customers/lookup?phone=%2B14155550100", ""},
          {"GET", "/conversations/" + id, ""},
          {"GET", "/console/api/escalations", ""},
          {"GET", "/console/api/tickets/" + id, ""},
          {"POST", "/console/api/tickets/" + id + "/reply", R"({"message":"hello there","author":"a"})"},
          {"POST", "/console/api/tickets/" + id + "/status", R"({"status":"resolved"})"}};
}

TEST(Access, EveryAdminRouteRefusesEveryWrongToken) {
  ASSERT_TRUE(shared().serve->ready());
  const std::string t = kAdminToken;
  const std::vector<Headers> wrong = {
      {},
      {{"Authorization", ""}},
      {{"Authorization", "Bearer"}},
      {{"Authorization", "Bearer "}},
      {{"Authorization", "Bearer wrong-token"}},
      {{"Authorization", "Bearer " + t.substr(0, t.size() - 1)}},
      {{"Authorization", "Bearer " + t + "x"}},
      {{"Authorization", "Bearer  " + t}},
      {{"Authorization", t}},
      {{"Authorization", "Basic " + t}},
      {{"Authorization", "Token " + t}},
      {{"Authorization", "Bearer " + std::string(t.size(), '\0')}},
      {{"X-Admin-Token", t}},
      {{"Cookie", "token=" + t}},
  };
  for (const auto& r : admin_routes()) {
    for (const auto& h : wrong) {
      Headers hh = h;
      hh.emplace_back("Content-Type", "application/json");
      auto resp = call(r.method, url(r.path), r.body, hh);
      EXPECT_EQ(resp.status, 401) << r.method << " " << r.path << " with "
                                  << (h.empty() ? "no header" : h[0].first + ": " + h[0].second);
    }
    for (const char* q : {"token", "access_token", "admin_token"}) {
      std::string sep = r.path.find('?') == std::string::npos ? "?" : "&";
      auto resp = call(r.method, url(r.path + sep + q + "=" + t), r.body,
                       {{"Content-Type", "application/json"}});
      EXPECT_EQ(resp.status, 401) << r.path << " with ?" << q;
    }
    auto ok = call(r.method, url(r.path), r.body,
                   {{"Authorization", "Bearer " + t}, {"Content-Type", "application/json"}});
    EXPECT_NE(ok.status, 401) << r.method << " " << r.path << " refused the right token";
    EXPECT_NE(ok.status, 403) << r.method << " " << r.path;
  }
}

}  // namespace
}  // namespace fte::security
