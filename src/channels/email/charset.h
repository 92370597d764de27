// Character sets of mail text converted to UTF-8: UTF-8 (validated), US-ASCII, ISO-8859-1,
// ISO-8859-15 and Windows-1252, with tables written here (no iconv). Labels follow the WHATWG
// Encoding Standard in one respect: "iso-8859-1"/"us-ascii" are decoded as Windows-1252, because
// mail that says Latin-1 and carries bytes 0x80–0x9F almost always means Windows-1252.
// Unknown labels: the bytes are kept when they are valid UTF-8, else read as Windows-1252.
// Output is always valid UTF-8 without NUL bytes (PostgreSQL text rejects NUL). Thread-safe.
#pragma once
#include <string>
#include <string_view>

namespace fte::channels::email {

enum class Charset { utf8, windows1252, latin9, unknown };

Charset charset_from_label(std::string_view label);  // case-insensitive, trims quotes and spaces

std::string to_utf8(std::string_view bytes, std::string_view charset_label);
std::string to_utf8(std::string_view bytes, Charset cs);

// Replaces invalid UTF-8 (overlongs, surrogates, truncated sequences, > U+10FFFF) with U+FFFD and
// drops NUL bytes.
std::string sanitize_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

// Appends the UTF-8 encoding of code point `cp` (invalid ones become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

// Cuts `s` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

}  // namespace fte::channels::email
