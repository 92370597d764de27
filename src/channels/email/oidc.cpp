#include "channels/email/oidc.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <optional>

#include "channels/email/codec.h"
#include "channels/email/header.h"

namespace json = boost::json;

namespace fte::channels::email {

class RsaKey {
 public:
  explicit RsaKey(EVP_PKEY* k) : key_(k) {}
  ~RsaKey() { EVP_PKEY_free(key_); }
  RsaKey(const RsaKey&) = delete;
  RsaKey& operator=(const RsaKey&) = delete;

  bool verify_rs256(std::string_view data, std::string_view sig) const {
    if (static_cast<int>(sig.size()) != EVP_PKEY_get_size(key_)) return false;
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    if (!md) return false;
    bool ok =
        EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key_) == 1 &&
        EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                         reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    EVP_MD_CTX_free(md);
    return ok;
  }

 private:
  EVP_PKEY* key_;
};

namespace {

constexpr std::size_t kMaxModulusBytes = 1024;  // 8192-bit keys at most
constexpr std::size_t kMaxJwksBytes = 256u << 10;

// An RSA public key from its big-endian modulus and exponent; nullptr when unusable.
std::shared_ptr<const RsaKey> make_rsa(const std::string& n, const std::string& e) {
  if (n.empty() || n.size() > kMaxModulusBytes || e.empty() || e.size() > 8) return nullptr;
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                           static_cast<int>(n.size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                           static_cast<int>(e.size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  EVP_PKEY_CTX* ctx = nullptr;
  EVP_PKEY* pkey = nullptr;
  if (bn_n && bn_e && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1 &&
      (params = OSSL_PARAM_BLD_to_param(bld)) != nullptr &&
      (ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr)) != nullptr &&
      EVP_PKEY_fromdata_init(ctx) == 1) {
    if (EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) pkey = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  if (!pkey) return nullptr;
  if (EVP_PKEY_get_bits(pkey) < 2048) {
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  return std::make_shared<RsaKey>(pkey);
}

std::optional<json::object> parse_object(std::string_view text) {
  json::error_code ec;
  json::parse_options opts;
  opts.max_depth = 16;
  json::value v = json::parse(text, ec, {}, opts);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

std::optional<std::int64_t> number(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v->get_uint64());
  if (v->is_double() && v->get_double() > -9e15 && v->get_double() < 9e15)
    return static_cast<std::int64_t>(v->get_double());
  return std::nullopt;
}

std::string_view str(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

PushAuthResult result(PushAuth c, std::string detail) {
  return {c, std::move(detail)};
}

struct Token {
  std::string_view signing_input;  // header.payload
  std::string signature;
  json::object header;
  std::string payload_b64;
};

// Splits and decodes a Bearer JWT; checks the header's shape (alg RS256, kid present).
PushAuthResult parse_token(std::string_view authorization, std::size_t max_bytes, Token& t) {
  std::string_view a = authorization;
  while (!a.empty() && a.front() == ' ') a.remove_prefix(1);
  while (!a.empty() && a.back() == ' ') a.remove_suffix(1);
  if (a.empty()) return result(PushAuth::missing, "no Authorization header");
  if (a.size() < 7 || !iequals(a.substr(0, 7), "bearer "))
    return result(PushAuth::missing, "not a Bearer token");
  std::string_view jwt = a.substr(7);
  while (!jwt.empty() && jwt.front() == ' ') jwt.remove_prefix(1);
  if (jwt.empty()) return result(PushAuth::missing, "empty Bearer token");
  if (jwt.size() > max_bytes) return result(PushAuth::malformed, "token too large");
  std::size_t d1 = jwt.find('.');
  std::size_t d2 = d1 == std::string_view::npos ? d1 : jwt.find('.', d1 + 1);
  if (d2 == std::string_view::npos || jwt.find('.', d2 + 1) != std::string_view::npos)
    return result(PushAuth::malformed, "token is not three parts");
  auto header = base64_decode_strict(jwt.substr(0, d1), B64Alphabet::url);
  if (!header) return result(PushAuth::malformed, "token header is not base64url");
  auto h = parse_object(*header);
  if (!h) return result(PushAuth::malformed, "token header is not a JSON object");
  t.header = std::move(*h);
  std::string_view alg = str(t.header, "alg");
  if (alg != "RS256") return result(PushAuth::unsupported_alg, "algorithm is not RS256");
  if (t.header.contains("crit")) return result(PushAuth::malformed, "critical header extensions");
  std::string_view kid = str(t.header, "kid");
  if (kid.empty() || kid.size() > 256) return result(PushAuth::malformed, "token has no key id");
  auto sig = base64_decode_strict(jwt.substr(d2 + 1), B64Alphabet::url);
  if (!sig || sig->empty()) return result(PushAuth::malformed, "token signature is not base64url");
  t.signature = std::move(*sig);
  t.signing_input = jwt.substr(0, d2);
  t.payload_b64 = std::string(jwt.substr(d1 + 1, d2 - d1 - 1));
  return result(PushAuth::ok, {});
}

}  // namespace

const char* to_string(PushAuth a) noexcept {
  switch (a) {
    case PushAuth::ok:
      return "ok";
    case PushAuth::missing:
      return "missing_token";
    case PushAuth::malformed:
      return "malformed_token";
    case PushAuth::unsupported_alg:
      return "unsupported_algorithm";
    case PushAuth::unknown_key:
      return "unknown_key";
    case PushAuth::bad_signature:
      return "bad_signature";
    case PushAuth::expired:
      return "expired";
    case PushAuth::not_yet_valid:
      return "not_yet_valid";
    case PushAuth::wrong_issuer:
      return "wrong_issuer";
    case PushAuth::wrong_audience:
      return "wrong_audience";
    case PushAuth::wrong_email:
      return "wrong_email";
    case PushAuth::keys_unavailable:
      return "keys_unavailable";
  }
  return "unknown";
}

int http_status(PushAuth a) noexcept {
  switch (a) {
    case PushAuth::ok:
      return 200;
    case PushAuth::wrong_issuer:
    case PushAuth::wrong_audience:
    case PushAuth::wrong_email:
      return 403;
    case PushAuth::keys_unavailable:
      return 503;
    default:
      return 401;
  }
}

std::unordered_map<std::string, std::shared_ptr<const RsaKey>> parse_jwks(std::string_view text) {
  std::unordered_map<std::string, std::shared_ptr<const RsaKey>> out;
  if (text.size() > kMaxJwksBytes) return out;
  auto o = parse_object(text);
  if (!o) return out;
  const json::value* keys = o->if_contains("keys");
  if (!keys || !keys->is_array()) return out;
  for (const auto& kv : keys->get_array()) {
    if (!kv.is_object() || out.size() >= 32) continue;
    const auto& k = kv.get_object();
    if (str(k, "kty") != "RSA") continue;
    if (auto use = str(k, "use"); !use.empty() && use != "sig") continue;
    if (auto alg = str(k, "alg"); !alg.empty() && alg != "RS256") continue;
    std::string kid(str(k, "kid"));
    if (kid.empty()) continue;
    auto n = base64_decode_strict(str(k, "n"), B64Alphabet::url);
    auto e = base64_decode_strict(str(k, "e"), B64Alphabet::url);
    if (!n || !e) continue;
    if (auto key = make_rsa(*n, *e)) out[kid] = std::move(key);
  }
  return out;
}

StaticKeys::StaticKeys(std::string_view jwks_json) : keys_(parse_jwks(jwks_json)) {}

std::shared_ptr<const RsaKey> StaticKeys::key(const std::string& kid, bool* unavailable) {
  if (unavailable) *unavailable = keys_.empty();
  auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : it->second;
}

PushAuthResult check_token_shape(std::string_view authorization, std::size_t max_token_bytes,
                                 std::string* kid) {
  Token t;
  PushAuthResult r = parse_token(authorization, max_token_bytes, t);
  if (r.ok() && kid) *kid = std::string(str(t.header, "kid"));
  return r;
}

PushTokenVerifier::PushTokenVerifier(PushTokenOptions o, KeySource& keys, const Clock& clock)
    : o_(std::move(o)), keys_(keys), clock_(clock) {}

PushAuthResult PushTokenVerifier::verify(std::string_view authorization) const {
  Token t;
  if (PushAuthResult r = parse_token(authorization, o_.max_token_bytes, t); !r.ok()) return r;
  bool unavailable = false;
  auto key = keys_.key(std::string(str(t.header, "kid")), &unavailable);
  if (!key) {
    if (unavailable) return result(PushAuth::keys_unavailable, "signing keys unavailable");
    return result(PushAuth::unknown_key, "unknown key id");
  }
  if (!key->verify_rs256(t.signing_input, t.signature))
    return result(PushAuth::bad_signature, "signature does not verify");

  auto payload = base64_decode_strict(t.payload_b64, B64Alphabet::url);
  if (!payload) return result(PushAuth::malformed, "token claims are not base64url");
  auto claims = parse_object(*payload);
  if (!claims) return result(PushAuth::malformed, "token claims are not a JSON object");
  const json::object& c = *claims;

  std::int64_t now_s = clock_.now_ms() / 1000;
  auto exp = number(c, "exp");
  auto iat = number(c, "iat");
  if (!exp || !iat) return result(PushAuth::malformed, "token lacks exp or iat");
  if (now_s > *exp + o_.leeway_s) return result(PushAuth::expired, "token expired");
  if (*iat > now_s + o_.leeway_s)
    return result(PushAuth::not_yet_valid, "token issued in the future");
  if (*exp - *iat > o_.max_lifetime_s || *exp < *iat)
    return result(PushAuth::not_yet_valid, "token lifetime out of range");
  if (auto nbf = number(c, "nbf"); nbf && *nbf > now_s + o_.leeway_s)
    return result(PushAuth::not_yet_valid, "token not yet valid");

  std::string_view iss = str(c, "iss");
  if (std::find(o_.issuers.begin(), o_.issuers.end(), iss) == o_.issuers.end())
    return result(PushAuth::wrong_issuer, "issuer not accepted");

  bool aud_ok = false;
  if (const json::value* aud = c.if_contains("aud"); aud && !o_.audience.empty()) {
    if (aud->is_string()) {
      aud_ok = aud->get_string() == o_.audience;
    } else if (aud->is_array()) {
      for (const auto& x : aud->get_array())
        if (x.is_string() && x.get_string() == o_.audience) aud_ok = true;
    }
  }
  if (!aud_ok) return result(PushAuth::wrong_audience, "audience does not match");

  std::string_view email = str(c, "email");
  if (o_.service_account.empty() || !iequals(email, o_.service_account))
    return result(PushAuth::wrong_email, "email is not the push service account");
  const json::value* ev = c.if_contains("email_verified");
  bool verified =
      ev && ((ev->is_bool() && ev->get_bool()) || (ev->is_string() && ev->get_string() == "true"));
  if (!verified) return result(PushAuth::wrong_email, "email not verified");
  return result(PushAuth::ok, {});
}

}  // namespace fte::channels::email
