// RFC 5322 header sections of a mail or a MIME part: unfolding, field lookup, RFC 2047 encoded
// words, Content-Type / Content-Disposition parameters (with RFC 2231 continuations and charsets),
// mailboxes ("Name <addr>") and Message-ID lists. Pure functions over bytes; thread-safe; never
// throw (except bad_alloc). Every output string is valid UTF-8.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fte::channels::email {

struct HeaderField {
  std::string name;   // as written
  std::string value;  // unfolded (line breaks removed), still encoded, leading space trimmed
};

class Headers {
 public:
  std::vector<HeaderField> fields;
  bool truncated = false;  // more fields than allowed; the rest were dropped

  // First field with this name (case-insensitive), or "" when absent.
  std::string_view get(std::string_view name) const;
  bool has(std::string_view name) const;
};

// Splits an entity at the first empty line into its header section and its body. A message without
// an empty line is all headers (body empty); one that starts with an empty line has no headers.
std::pair<std::string_view, std::string_view> split_entity(std::string_view raw);

// Parses a header section. Lines that are neither a field nor a continuation are skipped.
Headers parse_headers(std::string_view section, std::size_t max_fields = 500);

// Decodes RFC 2047 encoded words (B and Q, any supported charset, adjacent words joined) and
// converts raw 8-bit text to UTF-8; control characters become spaces; the result is trimmed.
std::string decode_header_text(std::string_view value);

// A structured header value with parameters: Content-Type or Content-Disposition.
struct HeaderValue {
  std::string value;                          // lower-cased, e.g. "text/plain", "attachment"
  std::map<std::string, std::string> params;  // names lower-cased; values decoded to UTF-8
  std::string param(const std::string& name) const;
};
HeaderValue parse_header_value(std::string_view v);

struct Mailbox {
  std::string name;     // display name, decoded; may be empty
  std::string address;  // as written (trimmed); may be empty when there is none
};
// The first mailbox of an address list (From, Reply-To).
Mailbox parse_mailbox(std::string_view value);

// The "<id>" tokens of Message-ID, In-Reply-To or References, brackets kept. At most `max_ids`:
// when there are more, the first and the last max_ids-1 are kept (RFC 5322 §3.6.4 advice).
std::vector<std::string> parse_message_ids(std::string_view value, std::size_t max_ids = 30);
std::string join_ids(const std::vector<std::string>& ids);  // space-separated

// ASCII case-insensitive comparison.
bool iequals(std::string_view a, std::string_view b);

}  // namespace fte::channels::email
