// Seams between channel adapters and the roles that run them.
//  - Intake: what an inbound handler (web form, Twilio webhook, Gmail push) hands a verified, parsed
//    message to. The gateway implements it: store + outbox in one transaction, then `done`.
//    A handler answers the provider 2xx only from `done` without error (the message is durable).
//  - ChannelSender: what the delivery worker calls to send one reply through a provider.
//  - OutboundReply: the payload of fte.channels.<channel>.outbound events.
// Thread-safe: implementations may be called from many threads.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/domain.h"
#include "store/store.h"

namespace fte::channels {

class Intake {
 public:
  virtual ~Intake() = default;
  // Never blocks (it may run on an HTTP I/O thread): queues the message and calls `done` once it is
  // durable or failed, on a store thread or, for an immediate refusal (queue full), inline.
  virtual void accept(InboundMessage msg, std::function<void(IngestOutcome)> done) = 0;
};

struct OutboundReply {
  std::string ticket_id;
  std::string message_id;  // the stored outbound message
  std::string conversation_id;
  std::string customer_id;
  Channel channel = Channel::webform;  // the channel to answer on
  std::vector<std::string> parts;      // channel-formatted text, in order (WhatsApp: several)
  std::string customer_name;
  std::string to_email;  // normalised; may be empty
  std::string to_phone;  // E.164; may be empty
  std::string subject;   // of the customer's message
  std::string thread_id;    // Gmail thread id
  std::string in_reply_to;  // RFC 2822 Message-ID of the customer's mail
  std::string references;
  // When the threading fields above are unknown to the publisher (a reply written in the console):
  // the provider's id of the customer's message being answered (Gmail message id); the email
  // sender reads the thread id, Message-ID and References from it.
  std::string reply_to_channel_message_id;
  std::int64_t last_inbound_at_ms = 0;  // the customer's last message on this channel (24 h window)
  std::string correlation_id;
  std::string dedup_key;  // stable per reply part set; recorded before the provider call
  // Not serialized: set by the deliver worker when it took over a send whose worker died between
  // claiming it and the provider's answer; a sender that can tell checks whether it arrived.
  bool resumed = false;
};

std::string to_json(const OutboundReply& r);
OutboundReply outbound_from_json(std::string_view json);  // throws Error(invalid_argument)

struct DeliveryResult {
  bool ok = false;
  bool retryable = false;    // transient failure: the bus retries the event
  std::string status;        // queued|sent|delivered|failed|fallback_email|fallback_template
  std::string provider_id;   // e.g. Twilio SID(s), Gmail message id
  std::string error;         // sanitised; no PII
};

class ChannelSender {
 public:
  virtual ~ChannelSender() = default;
  virtual DeliveryResult send(const OutboundReply& r) = 0;
};

}  // namespace fte::channels
