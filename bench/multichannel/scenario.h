// The multi-channel workload of the 24-hour test, compressed: customers, and the messages they send
// on the web form, by email and on WhatsApp, each with its send time (offset from the start) and
// the message it must wait for. Cross-channel customers first give the identifiers that link their
// channels (a web form with email and phone), then write on the other channel(s) with the same
// email address or phone number. Deterministic for a given seed. Pure data: thread-safe to read.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace fte::bench {

enum class Via { webform, email, whatsapp };
const char* to_string(Via v);

struct Customer {
  int id = 0;
  std::string name, email, phone;  // phone in E.164 (+1555…)
  std::string ip;                  // the web form client's address (X-Forwarded-For)
  bool cross_channel = false;
};

struct Message {
  int index = 0;
  Via via = Via::webform;
  int customer = 0;
  std::string subject, text;
  std::string key;          // Idempotency-Key, Gmail message id, or Twilio MessageSid
  std::string thread;       // email: the Gmail thread id
  bool push = false;        // email: also notified by a Pub/Sub push (else found by polling)
  bool web_phone = false;   // web form: also gives the phone number (links WhatsApp)
  int after = -1;           // index of a message that must be stored first (-1: none)
  std::int64_t at_ms = 0;   // send time, from the start of the run
  // As the store records it; for a web form the gateway scopes the Idempotency-Key (the report
  // reads it back by ticket id instead).
  std::string channel_message_id() const;
};

struct ScenarioOptions {
  int webform = 100, email = 50, whatsapp = 50;
  int cross_channel = 10;      // customers writing on two or more channels
  int duration_s = 300;        // messages are spread over this time
  std::uint64_t seed = 42;
};

struct Scenario {
  std::vector<Customer> customers;
  std::vector<Message> messages;  // sorted by at_ms
};

// Throws std::invalid_argument when the counts cannot hold the cross-channel customers.
Scenario make_scenario(const ScenarioOptions& o);

}  // namespace fte::bench
