// Pub/Sub push bodies and the OIDC push token: strict parsing, and a token verifier that tells
// 401 (who are you?) from 403 (not you) — with keys made here.
#include <gtest/gtest.h>

#include "channels/email/codec.h"
#include "channels/email/oidc.h"
#include "channels/email/push.h"
#include "test_keys.h"

namespace email = fte::channels::email;
using fte::test::Claims;
using fte::test::TestRsaKey;

namespace {

std::string push_body(std::string data_json, std::string extra = {}) {
  return R"({"message":{"data":")" + email::base64_encode(data_json) +
         R"(","messageId":"2070443601311540","publishTime":"2026-01-05T09:00:00.123Z")" + extra +
         R"(},"subscription":"projects/p/subscriptions/gmail-push"})";
}

class FixedClock : public fte::Clock {
 public:
  explicit FixedClock(std::int64_t ms) : ms_(ms) {}
  std::int64_t now_ms() const override { return ms_; }
  std::int64_t ms_;
};

}  // namespace

TEST(PushParse, AcceptsTheDocumentedShape) {
  auto r = email::parse_push(
      push_body(R"({"emailAddress":"Support@Rotaloom.example","historyId":9876543210})",
                R"(,"attributes":{"a":"b"})"));
  ASSERT_TRUE(r.push) << r.error;
  EXPECT_EQ(r.push->email_address, "support@rotaloom.example");
  EXPECT_EQ(r.push->history_id, "9876543210");
  EXPECT_EQ(r.push->history_value, 9876543210u);
  EXPECT_EQ(r.push->message_id, "2070443601311540");
  EXPECT_EQ(r.push->publish_time, "2026-01-05T09:00:00.123Z");
  EXPECT_EQ(r.push->subscription, "projects/p/subscriptions/gmail-push");
  // The acceptance script's body: historyId as a string.
  auto s = email::parse_push(
      R"({"message":{"data":"eyJlbWFpbEFkZHJlc3MiOiAidXNlckBleGFtcGxlLmNvbSIsICJoaXN0b3J5SWQiOiAiMTIzNDU2Nzg5MCJ9","messageId":"1","publishTime":"2026-01-01T00:00:00Z"},"subscription":"projects/p/subscriptions/s"})");
  ASSERT_TRUE(s.push) << s.error;
  EXPECT_EQ(s.push->history_id, "1234567890");
}

TEST(PushParse, RefusesWithAClearReason) {
  struct Case {
    std::string body, field;
  } cases[] = {
      {"", "body"},
      {"[]", "body"},
      {R"({"subscription":"projects/p/subscriptions/s"})", "message"},
      {R"({"message":{"data":"e30=","messageId":"1"}})", "subscription"},
      {R"({"message":{"data":"e30=","messageId":"1"},"subscription":"x"})", "subscription"},
      {R"({"message":{"data":"e30="},"subscription":"projects/p/subscriptions/s"})",
       "message.messageId"},
      {R"({"message":{"messageId":"1"},"subscription":"projects/p/subscriptions/s"})",
       "message.data"},
      {R"({"message":{"data":"%%%","messageId":"1"},"subscription":"projects/p/subscriptions/s"})",
       "message.data"},
      {push_body("not json"), "message.data"},
      {push_body(R"({"historyId":1})"), "message.data.emailAddress"},
      {push_body(R"({"emailAddress":"nobody","historyId":1})"), "message.data.emailAddress"},
      {push_body(R"({"emailAddress":"a@b.c"})"), "message.data.historyId"},
      {push_body(R"({"emailAddress":"a@b.c","historyId":"12x"})"), "message.data.historyId"},
      {push_body(R"({"emailAddress":"a@b.c","historyId":-5})"), "message.data.historyId"},
      {push_body(R"({"emailAddress":"a@b.c","historyId":"99999999999999999999999"})"),
       "message.data.historyId"},
      {push_body(R"({"emailAddress":"a@b.c","historyId":0})"), "message.data.historyId"},
      {push_body(R"({"emailAddress":"a@b.c","historyId":1})", R"(,"attributes":[1])"),
       "message.attributes"},
      {std::string(70000, ' '), "body"},
  };
  for (const auto& c : cases) {
    auto r = email::parse_push(c.body);
    EXPECT_FALSE(r.push) << c.body;
    EXPECT_EQ(r.field, c.field) << c.body << " → " << r.error;
    EXPECT_FALSE(r.error.empty());
  }
}

class PushTokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    key_ = new TestRsaKey("kid-current");
    other_ = new TestRsaKey("kid-current");  // same kid, different key: a forgery
  }
  static void TearDownTestSuite() {
    delete key_;
    delete other_;
  }
  PushTokenTest() : keys_(fte::test::jwks_json({key_})), clock_(1767600000000) {
    opts_.audience = "https://support.example/webhooks/gmail";
    opts_.service_account = "gmail-push@project.iam.gserviceaccount.com";
  }
  Claims claims() const {
    Claims c;
    c.iat = clock_.ms_ / 1000 - 10;
    c.exp = c.iat + 3600;
    return c;
  }
  email::PushAuthResult verify(const std::string& token) {
    email::PushTokenVerifier v(opts_, keys_, clock_);
    return v.verify("Bearer " + token);
  }

  static TestRsaKey* key_;
  static TestRsaKey* other_;
  email::StaticKeys keys_;
  FixedClock clock_;
  email::PushTokenOptions opts_;
};
TestRsaKey* PushTokenTest::key_ = nullptr;
TestRsaKey* PushTokenTest::other_ = nullptr;

TEST_F(PushTokenTest, AcceptsAValidToken) {
  auto r = verify(fte::test::mint(*key_, claims()));
  EXPECT_TRUE(r.ok()) << r.detail;
  EXPECT_EQ(r.status(), 200);
  Claims c = claims();
  c.iss = "accounts.google.com";
  EXPECT_TRUE(verify(fte::test::mint(*key_, c)).ok());
}

TEST_F(PushTokenTest, RefusesWho_AreYou_With401) {
  Claims expired = claims();
  expired.iat -= 7200;
  expired.exp -= 7200;
  EXPECT_EQ(verify(fte::test::mint(*key_, expired)).code, email::PushAuth::expired);
  EXPECT_EQ(verify(fte::test::mint(*other_, claims())).code, email::PushAuth::bad_signature);
  EXPECT_EQ(verify(fte::test::mint(*key_, claims(), "RS256", "kid-unknown")).code,
            email::PushAuth::unknown_key);
  EXPECT_EQ(verify(fte::test::mint(*key_, claims(), "none")).code,
            email::PushAuth::unsupported_alg);
  EXPECT_EQ(verify(fte::test::mint(*key_, claims(), "HS256")).code,
            email::PushAuth::unsupported_alg);
  Claims future = claims();
  future.iat += 3600;
  future.exp += 3600;
  EXPECT_EQ(verify(fte::test::mint(*key_, future)).code, email::PushAuth::not_yet_valid);
  Claims long_lived = claims();
  long_lived.exp = long_lived.iat + 30 * 86400;
  EXPECT_EQ(verify(fte::test::mint(*key_, long_lived)).code, email::PushAuth::not_yet_valid);
  // A valid token whose claims were swapped after signing.
  std::string t = fte::test::mint(*key_, claims());
  auto d1 = t.find('.'), d2 = t.rfind('.');
  Claims evil = claims();
  evil.aud = "x";
  std::string other = fte::test::mint(*key_, evil);
  std::string spliced = t.substr(0, d1) +
                        other.substr(other.find('.'), other.rfind('.') - other.find('.')) +
                        t.substr(d2);
  EXPECT_EQ(verify(spliced).code, email::PushAuth::bad_signature);
  for (auto code :
       {email::PushAuth::expired, email::PushAuth::bad_signature, email::PushAuth::unknown_key,
        email::PushAuth::unsupported_alg, email::PushAuth::malformed, email::PushAuth::missing})
    EXPECT_EQ(email::http_status(code), 401);
}

TEST_F(PushTokenTest, RefusesNotYou_With403) {
  Claims c = claims();
  c.aud = "https://other.example/push";
  EXPECT_EQ(verify(fte::test::mint(*key_, c)).code, email::PushAuth::wrong_audience);
  c = claims();
  c.iss = "https://evil.example";
  EXPECT_EQ(verify(fte::test::mint(*key_, c)).code, email::PushAuth::wrong_issuer);
  c = claims();
  c.email = "someone-else@project.iam.gserviceaccount.com";
  EXPECT_EQ(verify(fte::test::mint(*key_, c)).code, email::PushAuth::wrong_email);
  c = claims();
  c.email_verified = false;
  EXPECT_EQ(verify(fte::test::mint(*key_, c)).code, email::PushAuth::wrong_email);
  EXPECT_EQ(email::http_status(email::PushAuth::wrong_audience), 403);
}

TEST_F(PushTokenTest, MalformedAndMissingTokens) {
  email::PushTokenVerifier v(opts_, keys_, clock_);
  EXPECT_EQ(v.verify("").code, email::PushAuth::missing);
  EXPECT_EQ(v.verify("Basic dXNlcjpwYXNz").code, email::PushAuth::missing);
  EXPECT_EQ(v.verify("Bearer ").code, email::PushAuth::missing);
  EXPECT_EQ(v.verify("Bearer e30.e30.AAAA").code, email::PushAuth::unsupported_alg);
  EXPECT_EQ(v.verify("Bearer abc").code, email::PushAuth::malformed);
  EXPECT_EQ(v.verify("Bearer a.b.c.d").code, email::PushAuth::malformed);
  EXPECT_EQ(v.verify("Bearer !!.e30.AAAA").code, email::PushAuth::malformed);
  EXPECT_EQ(v.verify("Bearer " + std::string(10000, 'a')).code, email::PushAuth::malformed);
  EXPECT_EQ(v.verify("bearer " + fte::test::mint(*key_, claims())).code, email::PushAuth::ok);
}

TEST_F(PushTokenTest, ShapeCheckNeedsNoConfiguration) {
  EXPECT_EQ(email::check_token_shape("", 8192).status(), 401);
  EXPECT_EQ(email::check_token_shape("Bearer e30.e30.AAAA", 8192).status(), 401);
  std::string kid;
  EXPECT_TRUE(
      email::check_token_shape("Bearer " + fte::test::mint(*key_, claims()), 8192, &kid).ok());
  EXPECT_EQ(kid, "kid-current");
}

TEST(Jwks, SkipsKeysItCannotUse) {
  TestRsaKey good("good"), small("small", 1024);
  auto doc = fte::test::jwks_json({&good, &small});
  auto keys = email::parse_jwks(doc);
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_TRUE(keys.count("good"));
  EXPECT_TRUE(email::parse_jwks("not json").empty());
  EXPECT_TRUE(
      email::parse_jwks(
          R"({"keys":[{"kty":"EC","kid":"x"},{"kty":"RSA","kid":"y","n":"!!","e":"AQAB"}]})")
          .empty());
}
