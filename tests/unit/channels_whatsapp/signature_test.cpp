// Twilio signature validation: Twilio's published vector, the acceptance script's request, default
// ports, the bodySHA256 (JSON) variant, and forged / missing / stale-URL signatures.
#include <gtest/gtest.h>

#include "channels/whatsapp/signature.h"

namespace fte::channels::whatsapp {
namespace {

const Params kTwilioParams = {{"CallSid", "CA1234567890ABCDE"},
                              {"Caller", "+14158675309"},
                              {"Digits", "1234"},
                              {"From", "+14158675309"},
                              {"To", "+18005551212"}};
const char* kTwilioUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";

// The acceptance script's form, decoded; its signature was computed by the script's Python signer.
const Params kAcceptanceParams = {{"MessageSid", "SMbars0001"},
                                  {"AccountSid", "ACbars"},
                                  {"From", "whatsapp:+14155550101"},
                                  {"To", "whatsapp:+14155550199"},
                                  {"Body", "how do i reset my password"},
                                  {"NumMedia", "0"},
                                  {"ProfileName", "Bars"},
                                  {"WaId", "14155550101"}};

TEST(TwilioSignature, PublishedVector) {
  EXPECT_EQ(twilio_signature("12345", kTwilioUrl, kTwilioParams), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  EXPECT_TRUE(verify_form_signature("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", kTwilioUrl, kTwilioParams));
}

TEST(TwilioSignature, ParameterOrderDoesNotMatter) {
  Params reversed(kTwilioParams.rbegin(), kTwilioParams.rend());
  EXPECT_TRUE(verify_form_signature("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", kTwilioUrl, reversed));
}

TEST(TwilioSignature, AcceptanceScriptRequest) {
  const char* url = "https://support.example.test/webhooks/whatsapp";
  EXPECT_EQ(twilio_signature("bars-token-42", url, kAcceptanceParams), "RlFyBoF/Uw+kBfWbFv8djZe1Cbc=");
  EXPECT_TRUE(verify_form_signature("bars-token-42", "RlFyBoF/Uw+kBfWbFv8djZe1Cbc=", url, kAcceptanceParams));
  EXPECT_FALSE(verify_form_signature("bars-token-42", "AAAARlFyBoF/Uw+kBfWbFv8djZe1Cbc=", url, kAcceptanceParams));
}

TEST(TwilioSignature, DefaultPortWithAndWithout) {
  const char* bare = "https://support.example.test/webhooks/whatsapp";
  const char* with_port = "https://support.example.test:443/webhooks/whatsapp";
  // Signed by Twilio without the port, checked against a URL that carries it, and the reverse.
  auto sig_bare = twilio_signature("bars-token-42", bare, kAcceptanceParams);
  auto sig_port = twilio_signature("bars-token-42", with_port, kAcceptanceParams);
  EXPECT_EQ(sig_port, "w/q14VGP4wVuk/UYUrOB82PpEes=");  // computed independently (Python hmac)
  EXPECT_NE(sig_bare, sig_port);
  EXPECT_TRUE(verify_form_signature("bars-token-42", sig_bare, with_port, kAcceptanceParams));
  EXPECT_TRUE(verify_form_signature("bars-token-42", sig_port, bare, kAcceptanceParams));
  // A non-default port is not interchangeable.
  auto sig_8443 = twilio_signature("bars-token-42", "https://support.example.test:8443/webhooks/whatsapp",
                                   kAcceptanceParams);
  EXPECT_FALSE(verify_form_signature("bars-token-42", sig_8443, bare, kAcceptanceParams));
  // http uses :80.
  auto sig_http80 = twilio_signature("t", "http://h.test:80/x?a=1", kAcceptanceParams);
  EXPECT_TRUE(verify_form_signature("t", sig_http80, "http://h.test/x?a=1", kAcceptanceParams));
}

TEST(TwilioSignature, UrlVariants) {
  EXPECT_EQ(url_variants("https://a.test/p?q=1"),
            (std::vector<std::string>{"https://a.test/p?q=1", "https://a.test:443/p?q=1"}));
  EXPECT_EQ(url_variants("http://a.test:80"), (std::vector<std::string>{"http://a.test:80", "http://a.test"}));
  EXPECT_EQ(url_variants("https://a.test:8443/p"), (std::vector<std::string>{"https://a.test:8443/p"}));
  EXPECT_EQ(url_variants("https://[::1]/p"),
            (std::vector<std::string>{"https://[::1]/p", "https://[::1]:443/p"}));
}

TEST(TwilioSignature, BodySha256Variant) {
  // Twilio's documented JSON example: the body hash is in the URL; the signature covers the URL only.
  std::string body = R"({"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"})";
  std::string url = "https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9";
  const char* sig = "hPXmLwIy3Fgqv1i9KPmH/HhQ6zo=";  // HMAC-SHA1("12345", url), computed with Python
  EXPECT_TRUE(verify_body_signature("12345", sig, url, body));
  EXPECT_FALSE(verify_body_signature("12345", sig, url, body + " "));       // body changed
  EXPECT_FALSE(verify_body_signature("54321", sig, url, body));             // other token
  EXPECT_FALSE(verify_body_signature("12345", sig, "https://example.com/myapp", body));  // no hash
  EXPECT_TRUE(verify_body_signature("12345", twilio_signature("12345", url, {}),
                                    "https://example.com:443/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9",
                                    body));
}

TEST(TwilioSignature, ForgedMissingAndStale) {
  auto good = twilio_signature("12345", kTwilioUrl, kTwilioParams);
  EXPECT_FALSE(verify_form_signature("12345", "", kTwilioUrl, kTwilioParams));
  EXPECT_FALSE(verify_form_signature("", good, kTwilioUrl, kTwilioParams));
  EXPECT_FALSE(verify_form_signature("other", good, kTwilioUrl, kTwilioParams));
  auto tampered = kTwilioParams;
  tampered[2].second = "9999";
  EXPECT_FALSE(verify_form_signature("12345", good, kTwilioUrl, tampered));
  auto extra = kTwilioParams;
  extra.emplace_back("Body", "injected");
  EXPECT_FALSE(verify_form_signature("12345", good, kTwilioUrl, extra));
  // Stale URL: the same request signed for another host, path or query.
  EXPECT_FALSE(verify_form_signature("12345", good, "https://mycompany.com/myapp.php?foo=1", kTwilioParams));
  EXPECT_FALSE(verify_form_signature("12345", good, "https://old.mycompany.com/myapp.php?foo=1&bar=2", kTwilioParams));
  EXPECT_FALSE(verify_form_signature("12345", good, "http://mycompany.com/myapp.php?foo=1&bar=2", kTwilioParams));
  std::string flipped = good;
  flipped[3] = flipped[3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_form_signature("12345", flipped, kTwilioUrl, kTwilioParams));
}

http::Request webhook(std::string target, std::string signature, std::string body = {}) {
  http::Request r;
  r.method = "POST";
  r.target = std::move(target);
  auto q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  if (!signature.empty()) r.headers.emplace_back("x-twilio-signature", std::move(signature));
  r.headers.emplace_back("host", "internal:8080");
  r.body = std::move(body);
  return r;
}

TEST(TwilioSignature, CheckRequestUsesThePublicUrl) {
  auto sig = twilio_signature("bars-token-42", "https://support.example.test/webhooks/whatsapp", kAcceptanceParams);
  auto req = webhook("/webhooks/whatsapp", sig);
  EXPECT_EQ(check_request(req, "https://support.example.test", "bars-token-42", kAcceptanceParams), SignatureCheck::ok);
  EXPECT_EQ(check_request(req, "https://support.example.test/", "bars-token-42", kAcceptanceParams), SignatureCheck::ok);
  // The internal Host header is not what Twilio signed.
  EXPECT_EQ(check_request(req, "", "bars-token-42", kAcceptanceParams), SignatureCheck::mismatch);
  EXPECT_EQ(check_request(req, "https://elsewhere.test", "bars-token-42", kAcceptanceParams), SignatureCheck::mismatch);
  EXPECT_EQ(check_request(webhook("/webhooks/whatsapp", ""), "https://support.example.test", "bars-token-42",
                          kAcceptanceParams),
            SignatureCheck::missing);
  // Query strings are part of the signed URL.
  auto sig_q = twilio_signature("bars-token-42", "https://support.example.test/webhooks/whatsapp?tenant=a", kAcceptanceParams);
  EXPECT_EQ(check_request(webhook("/webhooks/whatsapp?tenant=a", sig_q), "https://support.example.test",
                          "bars-token-42", kAcceptanceParams),
            SignatureCheck::ok);
  EXPECT_EQ(check_request(webhook("/webhooks/whatsapp?tenant=b", sig_q), "https://support.example.test",
                          "bars-token-42", kAcceptanceParams),
            SignatureCheck::mismatch);
}

TEST(TwilioSignature, CheckRequestJsonVariant) {
  std::string body = R"({"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"})";
  std::string target = "/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9";
  auto req = webhook(target, "hPXmLwIy3Fgqv1i9KPmH/HhQ6zo=", body);
  EXPECT_EQ(check_request(req, "https://example.com", "12345", {}), SignatureCheck::ok);
  req.body += "x";
  EXPECT_EQ(check_request(req, "https://example.com", "12345", {}), SignatureCheck::body_hash_mismatch);
}

}  // namespace
}  // namespace fte::channels::whatsapp
