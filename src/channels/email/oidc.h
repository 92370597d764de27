// Verification of the OIDC token Cloud Pub/Sub puts on push requests ("Authorization: Bearer
// <JWT>"): RS256 only, the key chosen by `kid` from Google's JWKS, then the claims — iss
// (accounts.google.com or https://accounts.google.com), aud (the configured audience), email (the
// configured push service account) with email_verified, exp in the future and iat not in the future
// (both with a small leeway), and a lifetime of at most max_lifetime.
//
// Result codes separate "who are you?" (401: missing, malformed, unsupported algorithm, unknown
// key, bad signature, expired) from "not you" (403: issuer, audience, email). When keys cannot be
// fetched the result is 503 (Pub/Sub retries). Thread-safe: verify() may run on many threads.
// Never throws (except bad_alloc). No I/O here: keys come from a KeySource.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"

namespace fte::channels::email {

enum class PushAuth {
  ok,
  missing,          // no Authorization header / not a Bearer token
  malformed,        // not three base64url parts of JSON
  unsupported_alg,  // alg other than RS256 (none, HS256, ...)
  unknown_key,      // kid not in the JWKS (after a refetch)
  bad_signature,
  expired,        // exp passed
  not_yet_valid,  // iat or nbf in the future, or lifetime too long
  wrong_issuer,
  wrong_audience,
  wrong_email,       // email claim is not the push service account, or not verified
  keys_unavailable,  // the JWKS could not be fetched
};

const char* to_string(PushAuth a) noexcept;
int http_status(PushAuth a) noexcept;  // 200, 401, 403 or 503

// An RSA public key from a JWKS; opaque outside oidc.cpp.
class RsaKey;

// The key set behind a `kid`. Implementations: JwksCache (jwks_cache.h); StaticKeys.
class KeySource {
 public:
  virtual ~KeySource() = default;
  // nullptr when unknown; sets *unavailable when the keys could not be loaded at all.
  virtual std::shared_ptr<const RsaKey> key(const std::string& kid, bool* unavailable) = 0;
};

// Parses a JWKS document ({"keys":[{"kty":"RSA","kid","n","e",...}]}); RSA keys of at least 2048
// bits usable for RS256 signatures are kept, others skipped. Empty on malformed input.
std::unordered_map<std::string, std::shared_ptr<const RsaKey>> parse_jwks(std::string_view json);

// Keys given up front (tests; deployments with pinned keys).
class StaticKeys final : public KeySource {
 public:
  explicit StaticKeys(std::string_view jwks_json);
  std::shared_ptr<const RsaKey> key(const std::string& kid, bool* unavailable) override;

 private:
  std::unordered_map<std::string, std::shared_ptr<const RsaKey>> keys_;
};

struct PushTokenOptions {
  std::string audience;         // required `aud`
  std::string service_account;  // required `email`
  std::vector<std::string> issuers = {"accounts.google.com", "https://accounts.google.com"};
  std::int64_t leeway_s = 60;
  std::int64_t max_lifetime_s = 2 * 3600;  // Google's tokens live one hour
  std::size_t max_token_bytes = 8192;
};

struct PushAuthResult {
  PushAuth code = PushAuth::missing;
  std::string detail;  // short, no token content
  bool ok() const { return code == PushAuth::ok; }
  int status() const { return http_status(code); }
};

class PushTokenVerifier {
 public:
  PushTokenVerifier(PushTokenOptions o, KeySource& keys,
                    const Clock& clock = SystemClock::instance());
  // `authorization` is the Authorization header value ("Bearer <JWT>").
  PushAuthResult verify(std::string_view authorization) const;

 private:
  PushTokenOptions o_;
  KeySource& keys_;
  const Clock& clock_;
};

// The checks that need no key and no configuration: a Bearer token of three base64url parts whose
// header is JSON with alg RS256 and a kid. Used to answer 401 even when the channel is not
// configured. Fills *kid when it returns ok.
PushAuthResult check_token_shape(std::string_view authorization, std::size_t max_token_bytes,
                                 std::string* kid = nullptr);

}  // namespace fte::channels::email
