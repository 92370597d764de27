// GmailSender: delivers one reply by email through users.messages.send — in the customer's Gmail
// thread (threadId, In-Reply-To, References, "Re: " subject) for email tickets, or as a new
// message for web-form tickets (the spec's email notification). The reply text is the agent's,
// already formatted for email; it is only wrapped here (parts joined by blank lines).
// Each reply's Message-ID is derived from its dedup key, the same on every attempt: a send taken
// over from a crashed worker (OutboundReply::resumed) first searches the mailbox for it
// (rfc822msgid:) and reports the message found as sent instead of sending it again.
// Failure: never throws; DeliveryResult says whether a retry may help (transient Gmail errors)
// or not (no address, credentials refused). Thread-safe when the GmailApi is.
#pragma once
#include <string>

#include "channels/channel.h"
#include "channels/email/gmail_client.h"
#include "core/clock.h"

namespace fte::channels::email {

struct SenderOptions {
  std::string from_address;  // FTE_SUPPORT_EMAIL; empty: Gmail uses the account's address
  std::string from_name;     // e.g. the company's support team name
};

// "<hex@domain>" for a dedup key: the first 16 bytes of its SHA-256, at the sender's domain.
std::string reply_message_id(const std::string& dedup_key, const std::string& from_address);

class GmailSender final : public ChannelSender {
 public:
  GmailSender(GmailApi& api, SenderOptions o, const Clock& clock = SystemClock::instance());
  DeliveryResult send(const OutboundReply& r) override;

 private:
  GmailApi& api_;
  SenderOptions o_;
  const Clock& clock_;
};

}  // namespace fte::channels::email
