// Builders shared by the Store conformance tests: inbound messages as each channel delivers them,
// outbox functions, agent outcomes, and a helper that says which fte::Error a call threw.
#pragma once
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "store/store.h"

namespace fte::storetest {

inline constexpr std::int64_t kHourMs = 3600 * 1000;

inline InboundMessage form_message(const std::string& email, const std::string& phone = "",
                                   const std::string& body = "How do I reset my password?") {
  InboundMessage m;
  m.channel = Channel::webform;
  m.channel_message_id = "form-" + new_uuid();
  m.ticket_id = new_uuid();
  m.customer_name = "Alice Example";
  m.email = email;
  m.phone = phone;
  m.subject = "Password reset";
  m.category = "technical";
  m.priority = "high";
  m.body = body;
  m.received_at_ms = now_ms();
  m.correlation_id = new_uuid();
  return m;
}

inline InboundMessage whatsapp_message(const std::string& phone,
                                       const std::string& body = "still cannot log in") {
  InboundMessage m;
  m.channel = Channel::whatsapp;
  m.channel_message_id = "SM" + new_uuid();
  m.ticket_id = new_uuid();
  m.customer_name = "Alice";
  m.phone = phone;
  m.body = body;
  m.received_at_ms = now_ms();
  m.correlation_id = new_uuid();
  return m;
}

inline InboundMessage email_message(const std::string& email, const std::string& thread,
                                    const std::string& body = "Exporting a report fails") {
  InboundMessage m;
  m.channel = Channel::email;
  m.channel_message_id = "gmail-" + new_uuid();
  m.ticket_id = new_uuid();
  m.thread_id = thread;
  m.customer_name = "Bob Builder";
  m.email = email;
  m.subject = "Export problem";
  m.body = body;
  m.raw_body = body + "\n\n> quoted earlier mail";
  m.received_at_ms = now_ms();
  m.correlation_id = new_uuid();
  return m;
}

// One `ticket.incoming` event per ingest, keyed by the customer; counts its calls.
inline OutboxFn incoming_event(std::shared_ptr<std::atomic<int>> calls = nullptr) {
  return [calls](const IngestResult& r) {
    if (calls) ++*calls;
    auto e = make_envelope("ticket.incoming", r.customer_id,
                           "{\"ticket_id\":\"" + r.ticket_id + "\"}", "", "in:" + r.message_id);
    return std::vector<std::pair<std::string, Envelope>>{
        {std::string(topics::tickets_incoming), e}};
  };
}

inline AgentOutcome reply_outcome(const IngestResult& r, Channel ch, const std::string& key,
                                  std::vector<std::string> parts = {"Here is how to reset it."}) {
  AgentOutcome o;
  o.idempotency_key = key;
  o.ticket_id = r.ticket_id;
  o.conversation_id = r.conversation_id;
  o.channel = ch;
  o.reply_parts = std::move(parts);
  o.reply_message_id = new_uuid();
  o.category = "technical";
  o.sentiment = 0.8;
  o.trace_json = "{\"spans\":[]}";
  o.latency_ms = 42;
  o.tokens_in = 100;
  o.tokens_out = 20;
  o.engine = "local";
  return o;
}

inline AgentOutcome escalation_outcome(const IngestResult& r, Channel ch, const std::string& key,
                                       const std::string& reason = "pricing_inquiry") {
  AgentOutcome o = reply_outcome(r, ch, key, {});
  o.escalated = true;
  o.escalation_reason = reason;
  o.escalation_urgency = "high";
  o.escalation_context = "customer asked about enterprise pricing";
  return o;
}

inline std::vector<std::pair<std::string, Envelope>> one_event(const std::string& topic,
                                                               const std::string& type,
                                                               const std::string& key = "k") {
  return {{topic, make_envelope(type, key, "{\"n\":1}", "", "")}};
}

// The kind of the fte::Error that f throws; nullopt (and a test failure) when it throws none.
template <class F>
std::optional<ErrorKind> error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw a non-fte exception: " << e.what();
    return std::nullopt;
  }
  ADD_FAILURE() << "expected an fte::Error, nothing was thrown";
  return std::nullopt;
}

}  // namespace fte::storetest
