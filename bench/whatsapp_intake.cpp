// The CPU cost of one signed WhatsApp webhook before it reaches the store: form parsing, the
// X-Twilio-Signature check (HMAC-SHA1 over URL + sorted params, both port variants) and parsing into
// an InboundMessage. The HTTP path end to end is measured with wrk (bench/whatsapp_signed.lua).
#include <benchmark/benchmark.h>

#include "channels/whatsapp/inbound.h"
#include "channels/whatsapp/signature.h"

namespace wa = fte::channels::whatsapp;

namespace {

const char* kToken = "bench-whatsapp-token";
const char* kBody =
    "MessageSid=SMbench0000000000000000000000000001&AccountSid=ACbench&From=whatsapp%3A%2B14155550101"
    "&To=whatsapp%3A%2B14155238886&Body=How+do+I+reset+my+password%3F&NumMedia=0&ProfileName=Bench"
    "&WaId=14155550101";

fte::http::Request request() {
  fte::http::Request r;
  r.method = "POST";
  r.target = r.path = "/webhooks/whatsapp";
  r.body = kBody;
  r.headers = {{"content-type", "application/x-www-form-urlencoded"},
               {"x-twilio-signature", "0mCo2RvZvYoYTVvnfe19oHyM3hE="}};
  return r;
}

void BM_SignedIntakeParse(benchmark::State& state) {
  auto req = request();
  for (auto _ : state) {
    auto params = fte::http::parse_form(req.body);
    auto check = wa::check_request(req, "https://bench.example.test", kToken, params);
    if (check != wa::SignatureCheck::ok) state.SkipWithError("signature did not verify");
    auto parsed = wa::parse_inbound(params, "ACbench", 4096, 1);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_SignedIntakeParse);

void BM_Signature(benchmark::State& state) {
  auto params = fte::http::parse_form(kBody);
  for (auto _ : state)
    benchmark::DoNotOptimize(wa::twilio_signature(kToken, "https://bench.example.test/webhooks/whatsapp", params));
}
BENCHMARK(BM_Signature);

}  // namespace

BENCHMARK_MAIN();
