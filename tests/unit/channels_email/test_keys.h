// Test-made RSA keys and push tokens: a signing key generated with OpenSSL, its JWKS document, and
// minted JWTs (valid, expired, wrong audience/issuer, bad signature, unknown kid, alg none, HS256).
#pragma once
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "channels/email/codec.h"

namespace fte::test {

class TestRsaKey {
 public:
  explicit TestRsaKey(std::string kid, unsigned bits = 2048) : kid_(std::move(kid)) {
    key_ = EVP_RSA_gen(bits);
    if (!key_) throw std::runtime_error("EVP_RSA_gen failed");
  }
  ~TestRsaKey() { EVP_PKEY_free(key_); }
  TestRsaKey(const TestRsaKey&) = delete;
  TestRsaKey& operator=(const TestRsaKey&) = delete;

  const std::string& kid() const { return kid_; }

  // {"kty":"RSA","alg":"RS256","use":"sig","kid":...,"n":...,"e":...}
  boost::json::object jwk() const {
    return {{"kty", "RSA"},
            {"alg", "RS256"},
            {"use", "sig"},
            {"kid", kid_},
            {"n", b64url(bn(OSSL_PKEY_PARAM_RSA_N))},
            {"e", b64url(bn(OSSL_PKEY_PARAM_RSA_E))}};
  }

  std::string sign(std::string_view data) const {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    std::size_t len = 0;
    EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key_);
    EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()),
                   data.size());
    std::string sig(len, '\0');
    EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(data.data()), data.size());
    EVP_MD_CTX_free(md);
    sig.resize(len);
    return sig;
  }

  static std::string b64url(std::string_view s) {
    return channels::email::base64_encode(s, channels::email::B64Alphabet::url, false);
  }

 private:
  std::string bn(const char* name) const {
    BIGNUM* b = nullptr;
    EVP_PKEY_get_bn_param(key_, name, &b);
    std::string out(static_cast<std::size_t>(BN_num_bytes(b)), '\0');
    BN_bn2bin(b, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(b);
    return out;
  }
  std::string kid_;
  EVP_PKEY* key_ = nullptr;
};

inline std::string jwks_json(const std::vector<const TestRsaKey*>& keys) {
  boost::json::array a;
  for (auto* k : keys) a.push_back(k->jwk());
  return boost::json::serialize(boost::json::object{{"keys", a}});
}

struct Claims {
  std::string iss = "https://accounts.google.com";
  std::string aud = "https://support.example/webhooks/gmail";
  std::string email = "gmail-push@project.iam.gserviceaccount.com";
  bool email_verified = true;
  std::int64_t iat = 0, exp = 0;  // seconds
};

// Signs `claims` with `key` under header {"alg":alg,"kid":kid,"typ":"JWT"}.
inline std::string mint(const TestRsaKey& key, const Claims& c, std::string alg = "RS256",
                        std::string kid = {}) {
  boost::json::object h{{"alg", alg}, {"kid", kid.empty() ? key.kid() : kid}, {"typ", "JWT"}};
  boost::json::object p{{"iss", c.iss},     {"aud", c.aud},
                        {"azp", "1137742"}, {"sub", "1137742"},
                        {"email", c.email}, {"email_verified", c.email_verified},
                        {"iat", c.iat},     {"exp", c.exp}};
  std::string input = TestRsaKey::b64url(boost::json::serialize(h)) + "." +
                      TestRsaKey::b64url(boost::json::serialize(p));
  if (alg == "none") return input + ".";
  return input + "." + TestRsaKey::b64url(key.sign(input));
}

}  // namespace fte::test
