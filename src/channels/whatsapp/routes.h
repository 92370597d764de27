// The Twilio WhatsApp webhooks:
//  POST /webhooks/whatsapp         incoming message → Intake; 200 with empty TwiML only once the
//                                  message is durable (or was seen before: a replay is a duplicate);
//                                  503 + Retry-After when it could not be stored, so Twilio retries.
//  POST /webhooks/whatsapp/status  delivery status callback → DeliveryStatusSink.
// Both check X-Twilio-Signature FIRST: a bad or missing one gets 403, an audit log line with the
// reason (no PII) and fte_webhook_signature_failures_total{channel="whatsapp"}; nothing is stored.
// With no auth token configured (or enabled=false) both answer 503 and accept nothing.
// Handlers are thin: parsing and checks live in signature.h and inbound.h. Thread-safe.
#pragma once
#include <exception>
#include <functional>

#include "channels/channel.h"
#include "channels/whatsapp/config.h"
#include "channels/whatsapp/inbound.h"
#include "core/clock.h"
#include "http/http.h"

namespace fte::ops {
class Metrics;
}

namespace fte::channels::whatsapp {

// Where delivery statuses go: the wiring layer finds the stored outbound message whose provider id
// holds update.message_sid and records the status (and, by failure_action(), retries, sends the
// template or email, or escalates). `done` must be called exactly once, with null on success; an
// error makes the route answer 503 so Twilio calls again.
class DeliveryStatusSink {
 public:
  virtual ~DeliveryStatusSink() = default;
  virtual void record(DeliveryStatusUpdate update, std::function<void(std::exception_ptr)> done) = 0;
};

// Null `status_sink` → statuses are counted and acknowledged only. `intake`, `m`, `status_sink` and
// `clock` must outlive the router. The config is copied.
void register_routes(http::Router& r, Intake& intake, ops::Metrics& m,
                     const WhatsAppConfig& cfg, DeliveryStatusSink* status_sink = nullptr,
                     const Clock& clock = SystemClock::instance());

// The body of a 200 answer: empty TwiML (Twilio sends nothing back by itself).
inline constexpr const char* kEmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

}  // namespace fte::channels::whatsapp
