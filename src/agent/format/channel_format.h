// Channel formatting (spec I and "Channel-Specific Standards"): turns the body an engine wrote
// into what the customer receives on that channel.
//
//   email    formal: "Dear <name>," (or "Hello,"), the body, a next-steps line, "Ticket
//            reference: <id>", then the signature ("Best regards,\n<company> Support" unless
//            overridden). At most 500 words in total.
//   webform  semi-formal: "Hi <first name>," (or "Hello,"), the body, the ticket reference and a
//            short sign-off. At most 300 words in total.
//   whatsapp concise: "Hi <first name>!" and the body, WhatsApp markup (*bold*), optionally
//            "Ref: <id>". Split into parts of at most 300 characters at sentence or line
//            boundaries (never inside a word); a single sentence longer than that is split between
//            words; no part exceeds 1600 characters (Twilio's limit); the whole body at most 1200.
//
// Markdown in the body is normalised: headings lose their '#', **bold** becomes plain (email, web)
// or *bold* (WhatsApp), `code` loses its backticks, [text](url) becomes "text (url)". URLs and
// menu paths ("Settings > Security") are kept verbatim. Customer names are cleaned (no control
// characters, no '@' or digits, at most 60 bytes) or left out.
// Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"

namespace fte::agent {

inline constexpr std::size_t kEmailMaxWords = 500;
inline constexpr std::size_t kWebMaxWords = 300;
inline constexpr std::size_t kWhatsAppPartChars = 300;
inline constexpr std::size_t kWhatsAppHardPartChars = 1600;
inline constexpr std::size_t kWhatsAppMaxChars = 1200;

struct ReplyContext {
  Channel channel = Channel::webform;
  std::string customer_name;
  std::string ticket_id;
  std::string company_name = "Support";
  std::string signature;  // full sign-off override ("" = "Best regards,\n<company> Support")
  bool whatsapp_reference = false;  // add "Ref: <id>" on WhatsApp (acknowledgements)
};

struct FormattedReply {
  std::vector<std::string> parts;  // one for email and web; one or more for WhatsApp
  std::size_t words = 0;           // all parts
  std::size_t chars = 0;           // all parts, bytes
  bool within_limits = true;       // the channel's length limit holds
};

FormattedReply format_reply(std::string_view body, const ReplyContext& ctx);

// Drops trailing sentences/lines from `body` until the formatted reply is within the limit
// (keeps at least the first sentence, then cuts it between words).
std::string shorten_to_fit(std::string_view body, const ReplyContext& ctx);

// Splits text into WhatsApp messages (see above).
std::vector<std::string> split_messages(std::string_view text,
                                        std::size_t soft = kWhatsAppPartChars,
                                        std::size_t hard = kWhatsAppHardPartChars);

// Markdown → plain text (whatsapp=true keeps *bold*).
std::string normalise_markdown(std::string_view body, bool whatsapp);

// The cleaned display name, or "" when it is unusable.
std::string clean_name(std::string_view name);

}  // namespace fte::agent
