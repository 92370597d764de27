// libFuzzer target: the MIME parser and the text pipeline behind it (headers, encoded words,
// charsets, HTML to text, quote stripping) on arbitrary bytes. Beyond "no crash, no UB, no leak"
// it checks the parser's promises: every text output is valid UTF-8 without NUL, and the limits
// hold. Built by fuzz/run.sh (clang -fsanitize=fuzzer,address,undefined); not part of the library.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "channels/email/charset.h"
#include "channels/email/gmail_message.h"
#include "channels/email/html_text.h"
#include "channels/email/mime.h"
#include "channels/email/reply_text.h"

namespace email = fte::channels::email;

static void require(bool ok) {
  if (!ok) std::abort();
}

static void check_text(std::string_view s) {
  require(email::is_valid_utf8(s));
  require(s.find('\0') == std::string_view::npos);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  email::MimeLimits limits;
  limits.max_parts = 64;
  limits.max_depth = 8;
  email::ParsedMail m = email::parse_mail(in, limits);
  check_text(m.full_text);
  check_text(m.reply_text);
  check_text(m.subject);
  check_text(m.from_name);
  require(m.full_text.size() <= limits.max_body_text_bytes);
  require(m.attachments.size() <= limits.max_attachments);
  std::size_t total = 0;
  for (const auto& a : m.attachments) {
    check_text(a.text);
    check_text(a.filename);
    require(a.text.size() <= limits.attachment_text_bytes);
    total += a.text.size();
  }
  require(total <= limits.attachments_text_total);

  // The same bytes through the pieces directly.
  std::string html = email::html_to_text(email::sanitize_utf8(in));
  check_text(html);
  check_text(email::strip_quoted_reply(email::sanitize_utf8(in)));
  check_text(email::decode_header_text(in.substr(0, 4096)));
  email::HeaderValue hv = email::parse_header_value(in.substr(0, 4096));
  for (const auto& [k, v] : hv.params) check_text(v);
  email::Mailbox mb = email::parse_mailbox(in.substr(0, 4096));
  check_text(mb.name);
  // And as a Gmail API message (format=full JSON or raw), which reaches the same tree rules.
  if (!in.empty() && in.front() == '{') email::parse_gmail_message(in, limits);
  return 0;
}
