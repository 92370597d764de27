// The RFC 5322 message of an email reply: From, To, Subject "Re: <subject>" (never doubled),
// Date, Message-ID, In-Reply-To and References of the customer's mail (so Gmail and every other
// client threads it), MIME-Version and a text/plain; charset=UTF-8 body in quoted-printable (or
// base64 for mostly non-ASCII text). Non-ASCII header text becomes RFC 2047 encoded words; CR and
// LF are removed from every header input (no header injection). Pure functions; thread-safe.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace fte::channels::email {

struct ReplyMail {
  std::string from_address;  // the support mailbox; may be empty (Gmail fills in the account)
  std::string from_name;
  std::string to_address;  // the customer
  std::string to_name;
  std::string subject;      // of the customer's mail; "Re: " is added here
  std::string in_reply_to;  // the customer's Message-ID, "<…>"; may be empty
  std::string references;   // the customer's References; may be empty
  std::string body;         // UTF-8 text, already formatted by the agent
  std::int64_t date_ms = 0;
  std::string message_id;  // "<…>"; generated when empty
};

std::string reply_subject(std::string_view customer_subject);
std::string rfc5322_date(std::int64_t ms);
// A header field value as ASCII: unchanged when printable ASCII, else RFC 2047 B encoded words
// (UTF-8) folded onto continuation lines.
std::string encode_header_text(std::string_view utf8);
// "Name <addr>" with the name quoted or encoded as needed.
std::string format_address(std::string_view name, std::string_view address);

// The complete message with CRLF line ends.
std::string build_reply(const ReplyMail& m);

}  // namespace fte::channels::email
