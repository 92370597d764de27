// Gmail API messages (users.messages.get, format=raw or format=full) turned into the support
// desk's InboundMessage: sender, subject, threading (threadId, Message-ID, References), the text
// the agent reads, the full text kept for storage, and attachments.
// format=raw is parsed by the MIME parser; format=full's payload tree is mapped onto the same
// MimePart tree so one set of rules applies. Pure functions; thread-safe; never throw (except
// bad_alloc).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/email/mime.h"
#include "core/domain.h"

namespace fte::channels::email {

struct GmailMessage {
  std::string id;         // Gmail message id (the channel message id)
  std::string thread_id;  // Gmail thread id
  std::string history_id;
  std::vector<std::string> label_ids;
  std::int64_t internal_date_ms = 0;
  ParsedMail mail;
  bool has_label(std::string_view label) const;
};

struct GmailMessageParse {
  std::optional<GmailMessage> message;
  std::string error;
};

inline constexpr std::size_t kMaxGmailMessageJsonBytes = 64u << 20;

GmailMessageParse parse_gmail_message(std::string_view json, const MimeLimits& limits = {});

// Why a message should not become a ticket (empty when it should): our own sent mail and drafts,
// spam, trash, chats, auto-replies and bounces, and mail from the support address itself.
std::string skip_reason(const GmailMessage& m, std::string_view support_email);

// The inbound message for intake (ticket_id, correlation_id left for the caller).
InboundMessage to_inbound(const GmailMessage& m, std::int64_t now_ms);

}  // namespace fte::channels::email
