// MIME parsing of customer mail (RFC 2045–2049, 2047, 2231, 5322) into what a support ticket
// needs: sender, subject, threading ids, the body as plain UTF-8 text (HTML-only mail turned into
// text), the reply text without quoted history and signature, and the attachments (text-like ones
// read within a cap, the others recorded by name, type and size).
//
// Built for hostile input: every size, count and nesting depth is bounded by MimeLimits, every scan
// is linear in the input, and parse_mail() never throws (except bad_alloc); what a limit cut off is
// listed in ParsedMail::notes. Thread-safe: pure functions.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "channels/email/header.h"
#include "core/domain.h"

namespace fte::channels::email {

struct MimeLimits {
  std::size_t max_message_bytes = 40u << 20;       // Gmail's 25 MB plus base64 overhead
  std::size_t max_header_bytes = 256u << 10;       // per entity
  std::size_t max_header_fields = 500;             // per entity
  int max_depth = 12;                              // multipart / message nesting
  std::size_t max_parts = 256;                     // entities in one message
  std::size_t max_body_text_bytes = 256u << 10;    // body text kept (full and reply text)
  std::size_t max_html_bytes = 2u << 20;           // HTML converted to text
  std::size_t attachment_text_bytes = 8u << 10;    // per text-like attachment
  std::size_t attachments_text_total = 32u << 10;  // for all attachments of a message
  std::size_t max_attachments = 100;               // recorded
};

// One entity of the MIME tree, transfer encoding removed. Also built from Gmail's format=full
// payload (gmail_message.h), so the text and attachment rules are the same for both formats.
struct MimePart {
  Headers headers;
  std::string content_type = "text/plain";    // lower-cased type/subtype
  std::map<std::string, std::string> params;  // of Content-Type (charset, boundary, name, ...)
  std::string disposition;                    // lower-cased: "inline", "attachment" or ""
  std::string filename;                       // sanitised base name; may be empty
  std::string content;           // decoded bytes; kept for text and text-like parts only
  bool content_complete = true;  // false when the bytes were not available (Gmail attachmentId)
  std::int64_t size = 0;         // decoded size in bytes
  std::vector<MimePart> parts;   // multipart children, or the one message/rfc822 child

  std::string charset() const;
  bool is_multipart() const { return content_type.rfind("multipart/", 0) == 0; }
};

// Parses raw RFC 5322 bytes into a tree. `notes` collects what limits cut off.
MimePart parse_mime_tree(std::string_view raw, const MimeLimits& limits,
                         std::vector<std::string>* notes);

struct ParsedMail {
  Headers headers;
  std::string from_name;     // decoded display name
  std::string from_address;  // as written
  std::string from_email;    // normalised (lower-case); empty when From has no valid address
  std::string subject;
  std::string message_id;   // "<id@host>" or empty
  std::string in_reply_to;  // first id of In-Reply-To, or empty
  std::string references;   // space-separated ids of References, or empty
  std::string date;         // the Date header as written
  std::string full_text;    // the whole body as text (stored)
  std::string reply_text;   // what the agent reads: quoted history and signature removed
  bool html_only = false;   // the text came from HTML
  bool automated = false;   // an auto-reply, bounce or bulk mail (RFC 3834 Auto-Submitted etc.)
  std::vector<Attachment> attachments;
  std::vector<std::string> notes;
};

ParsedMail parse_mail(std::string_view raw, const MimeLimits& limits = {});
// The same rules applied to a tree that was built elsewhere (Gmail format=full).
ParsedMail mail_from_tree(const MimePart& root, const MimeLimits& limits = {},
                          std::vector<std::string> notes = {});

// Text-like attachments (read into the agent's context): text/plain, text/csv, logs, by type or
// by a .txt/.csv/.log/.tsv/.md/.json file name.
bool text_like(std::string_view content_type, std::string_view filename);

}  // namespace fte::channels::email
