// Domain types of the support desk: channels, identifiers, inbound messages, tickets, replies and
// escalations. Plain values, no I/O; every other layer speaks in these.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fte {

enum class Channel { email, whatsapp, webform };
const char* to_string(Channel c) noexcept;
std::optional<Channel> parse_channel(std::string_view s) noexcept;  // also accepts "web_form"

enum class IdentifierType { email, phone, whatsapp };
const char* to_string(IdentifierType t) noexcept;

// An identifier normalised for exact matching (lower-case email, E.164 phone).
struct Identifier {
  IdentifierType type;
  std::string value;
};

// Normalisation: exact after normalising, never fuzzy (DESIGN §9, identity hijack).
std::string normalize_email(std::string_view s);           // trims, lower-cases; "" if not an email
std::optional<std::string> normalize_phone(std::string_view s);  // E.164 "+14155550101" or nullopt

struct Attachment {
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string text;  // for text-like attachments, capped; empty otherwise
};

// One customer message as a channel delivered it, after verification and parsing.
struct InboundMessage {
  Channel channel = Channel::webform;
  std::string channel_message_id;  // Gmail message id, Twilio MessageSid, web form submission id
  std::string ticket_id;           // allocated by the gateway (public reference)
  std::string thread_id;           // Gmail thread id; empty elsewhere
  std::string rfc822_message_id;   // email Message-ID header (for In-Reply-To); empty elsewhere
  std::string references;          // email References header
  std::string customer_name;
  std::string email;  // normalised or empty
  std::string phone;  // E.164 or empty
  std::string subject;
  std::string category;  // general|technical|billing|bug_report|feedback (may be empty)
  std::string priority;  // low|medium|high (may be empty)
  std::string body;      // what the agent reads
  std::string raw_body;  // what is stored when it differs (quoted text kept); may be empty
  std::vector<Attachment> attachments;
  std::int64_t received_at_ms = 0;
  std::string correlation_id;
  // channel_message_id was generated for this message just now (a key-less web form: a
  // time-ordered id), so no stored message can have it: a store may skip the duplicate lookup
  // (its unique index on the id still refuses a collision, as an error, never as a duplicate).
  bool channel_message_id_fresh = false;
};

struct IngestResult {
  bool duplicate = false;  // the channel message id was seen before; nothing new was written
  std::string customer_id;
  std::string conversation_id;
  std::string message_id;
  std::string ticket_id;
};

// Ticket statuses, in their usual order.
namespace ticket_status {
inline constexpr std::string_view received = "received";    // stored by the gateway
inline constexpr std::string_view open = "open";            // create_ticket ran
inline constexpr std::string_view responded = "responded";  // a reply was sent
inline constexpr std::string_view escalated = "escalated";  // waiting for a human
inline constexpr std::string_view resolved = "resolved";
inline constexpr std::string_view closed = "closed";
}  // namespace ticket_status

struct StoredMessage {
  std::string id;
  std::string conversation_id;
  std::string ticket_id;
  Channel channel = Channel::webform;
  std::string direction;  // inbound|outbound
  std::string role;       // customer|agent|human
  std::string content;
  std::string delivery_status;  // for outbound: pending|queued|sent|delivered|read|failed
  std::int64_t created_at_ms = 0;
  std::string channel_message_id;  // inbound: the provider's id (Gmail message id, MessageSid…)
};

struct Ticket {
  std::string id;
  std::string customer_id;
  std::string conversation_id;
  Channel source_channel = Channel::webform;
  std::string subject;
  std::string category;
  std::string priority;
  std::string status;
  std::string escalation_reason;  // empty unless escalated
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::int64_t first_response_at_ms = 0;  // 0 until the first reply
};

struct TicketView {
  Ticket ticket;
  std::vector<StoredMessage> messages;  // oldest first
};

struct Customer {
  std::string id;
  std::string name;
  std::string email;
  std::string phone;
  std::int64_t created_at_ms = 0;
};

struct CustomerHistory {
  Customer customer;
  std::vector<Ticket> tickets;          // newest first
  std::vector<StoredMessage> messages;  // newest first, across all channels
};

// One section of the knowledge base (a markdown heading and its text).
struct KnowledgeChunk {
  std::string id;
  std::string title;    // heading path, e.g. "Security & SSO > Password Reset"
  std::string content;  // markdown text of the section
  std::string category;
  std::string source;   // file name
  std::vector<float> embedding;  // may be empty (computed in process)
};

}  // namespace fte
