#include "channels/whatsapp/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace fte::channels::whatsapp {

namespace {

std::string base64(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(len > 0 ? static_cast<std::size_t>(len) : 0);
  return out;
}

std::string hex_sha256(std::string_view body) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(body.data(), body.size(), md, &len, EVP_sha256(), nullptr) != 1) return {};
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(digits[md[i] >> 4]);
    out.push_back(digits[md[i] & 0xF]);
  }
  return out;
}

bool equal_ct(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool iequal_hex_ct(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'F') x = static_cast<unsigned char>(x + 32);
    if (y >= 'A' && y <= 'F') y = static_cast<unsigned char>(y + 32);
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

// The raw value of a query parameter of a URL ("" when absent). bodySHA256 is plain hex, so no
// decoding is needed.
std::string query_value(std::string_view url, std::string_view name) {
  auto q = url.find('?');
  if (q == std::string_view::npos) return {};
  auto query = url.substr(q + 1);
  if (auto h = query.find('#'); h != std::string_view::npos) query = query.substr(0, h);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

std::string twilio_signature(std::string_view auth_token, std::string_view url, const Params& params) {
  std::vector<const std::pair<std::string, std::string>*> sorted;
  sorted.reserve(params.size());
  std::size_t size = url.size();
  for (const auto& p : params) {
    sorted.push_back(&p);
    size += p.first.size() + p.second.size();
  }
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return *a < *b; });
  std::string data;
  data.reserve(size);
  data.append(url);
  for (auto* p : sorted) {
    data.append(p->first);
    data.append(p->second);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha1(), auth_token.data(), static_cast<int>(auth_token.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len))
    return {};
  return base64(md, len);
}

std::vector<std::string> url_variants(std::string_view url) {
  std::vector<std::string> out{std::string(url)};
  std::string_view def;
  std::size_t scheme_len = 0;
  if (url.starts_with("https://")) {
    def = "443";
    scheme_len = 8;
  } else if (url.starts_with("http://")) {
    def = "80";
    scheme_len = 7;
  } else {
    return out;
  }
  auto end = url.find_first_of("/?#", scheme_len);
  if (end == std::string_view::npos) end = url.size();
  auto authority = url.substr(scheme_len, end - scheme_len);
  auto bracket = authority.rfind(']');  // IPv6 literal
  auto colon = authority.rfind(':');
  bool has_port = colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
  if (!has_port) {
    out.push_back(std::string(url.substr(0, end)) + ":" + std::string(def) + std::string(url.substr(end)));
  } else if (authority.substr(colon + 1) == def) {
    out.push_back(std::string(url.substr(0, scheme_len + colon)) + std::string(url.substr(end)));
  }
  return out;
}

bool verify_form_signature(std::string_view auth_token, std::string_view signature,
                           std::string_view url, const Params& params) {
  if (signature.empty() || auth_token.empty()) return false;
  // The URL is public, so which variant matched is no secret; only the comparison is constant-time.
  for (const auto& u : url_variants(url))
    if (equal_ct(twilio_signature(auth_token, u, params), signature)) return true;
  return false;
}

bool verify_body_signature(std::string_view auth_token, std::string_view signature,
                           std::string_view url, std::string_view raw_body) {
  if (signature.empty() || auth_token.empty()) return false;
  auto expected_hash = query_value(url, "bodySHA256");
  if (expected_hash.empty() || !iequal_hex_ct(expected_hash, hex_sha256(raw_body))) return false;
  return verify_form_signature(auth_token, signature, url, {});
}

const char* to_string(SignatureCheck c) noexcept {
  switch (c) {
    case SignatureCheck::ok: return "ok";
    case SignatureCheck::missing: return "missing_signature";
    case SignatureCheck::mismatch: return "signature_mismatch";
    case SignatureCheck::body_hash_mismatch: return "body_hash_mismatch";
  }
  return "unknown";
}

SignatureCheck check_request(const http::Request& req, std::string_view public_url,
                             std::string_view auth_token, const Params& params) {
  auto signature = req.header("x-twilio-signature");
  if (signature.empty()) return SignatureCheck::missing;
  std::vector<std::string> bases;
  if (!public_url.empty()) {
    std::string base(public_url);
    while (!base.empty() && base.back() == '/') base.pop_back();
    bases.push_back(std::move(base));
  } else {
    std::string host(req.header("host"));
    if (host.empty()) return SignatureCheck::mismatch;
    bases.push_back("https://" + host);
    bases.push_back("http://" + host);
  }
  std::string target = req.target.empty() ? req.path : req.target;
  if (target.empty() || target.front() != '/') target.insert(target.begin(), '/');
  bool body_variant = !query_value(target, "bodySHA256").empty();
  bool hash_ok = !body_variant;
  for (const auto& b : bases) {
    auto url = b + target;
    if (body_variant) {
      auto want = query_value(url, "bodySHA256");
      if (!iequal_hex_ct(want, hex_sha256(req.body))) continue;
      hash_ok = true;
      if (verify_form_signature(auth_token, signature, url, {})) return SignatureCheck::ok;
    } else if (verify_form_signature(auth_token, signature, url, params)) {
      return SignatureCheck::ok;
    }
  }
  return hash_ok ? SignatureCheck::mismatch : SignatureCheck::body_hash_mismatch;
}

}  // namespace fte::channels::whatsapp
