// Transfer encodings used by mail and by Google's APIs: base64 (standard and URL-safe alphabets)
// and quoted-printable. Pure functions over bytes; thread-safe; never throw (except bad_alloc).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace fte::channels::email {

enum class B64Alphabet { standard, url, either };

// Strict decoding for tokens and API fields: no whitespace, padding optional but, when present,
// correct; nullopt on any invalid character or impossible length.
std::optional<std::string> base64_decode_strict(std::string_view in, B64Alphabet a);

// Lenient decoding for MIME bodies: skips whitespace and characters outside both alphabets, stops
// at the first '=' pad, drops a dangling partial group. Always returns something.
std::string base64_decode_mime(std::string_view in);

std::string base64_encode(std::string_view in, B64Alphabet a = B64Alphabet::standard,
                          bool pad = true);
// MIME body form: standard alphabet, padded, CRLF after every `line_len` characters.
std::string base64_encode_lines(std::string_view in, std::size_t line_len = 76);

// Quoted-printable body decoding (RFC 2045 §6.7): "=XX" escapes, soft line breaks ("=" at line
// end), invalid escapes kept literally. `header` mode (RFC 2047 "Q"): '_' is a space.
std::string qp_decode(std::string_view in, bool header = false);

// Quoted-printable body encoding of UTF-8 text: CRLF line ends, lines ≤ 76 chars with soft breaks,
// trailing whitespace and '=' and non-ASCII bytes escaped.
std::string qp_encode(std::string_view text);

}  // namespace fte::channels::email
