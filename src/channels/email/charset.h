// Character sets of mail text converted to UTF-8 with glibc's iconv: every charset MIME can name
// (the IANA registry: ISO-2022-JP, Shift_JIS, EUC-JP, GB2312/GBK/GB18030, Big5, EUC-KR, KOI8-R/U,
// windows-125x, ISO-8859-x, UTF-16/32, UTF-7, IBM code pages, ...). No tables are written here.
//
// Labels are matched case-insensitively after trimming quotes and spaces and dropping an RFC 2231
// language suffix ("utf-8*en"). A few labels are read as the superset that senders really mean
// (WHATWG Encoding Standard and common mailer practice): us-ascii/iso-8859-1 → windows-1252,
// gb2312/gbk → GB18030, shift_jis → Windows-31J (CP932), euc-kr/ks_c_5601-1987 → CP949,
// iso-2022-jp → ISO-2022-JP-2 (a superset), tis-620 → windows-874, big5 → BIG5-HKSCS.
//
// Failure behaviour, never an exception: a byte sequence invalid in the charset becomes U+FFFD and
// decoding goes on after it; a sequence cut off at the end becomes one U+FFFD. An empty, unknown or
// malformed label (anything but letters, digits and . _ : + - , or longer than 40 bytes): the bytes
// are kept when they are valid UTF-8, else read as windows-1252 (the most common undeclared mail
// charset) — see docs/DECISIONS.md "Mail charsets through iconv".
// Output is always valid UTF-8 without NUL bytes (PostgreSQL text rejects NUL).
// Thread-safe: each thread keeps its own small cache of open iconv descriptors.
#pragma once
#include <string>
#include <string_view>

namespace fte::channels::email {

enum class Charset { utf8, windows1252, latin9, unknown };

std::string to_utf8(std::string_view bytes, std::string_view charset_label);
std::string to_utf8(std::string_view bytes, Charset cs);

// The iconv name a label is decoded with ("" for UTF-8 itself and for labels iconv does not know).
std::string iconv_charset_name(std::string_view charset_label);

// Replaces invalid UTF-8 (overlongs, surrogates, truncated sequences, > U+10FFFF) with U+FFFD and
// drops NUL bytes.
std::string sanitize_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

// Appends the UTF-8 encoding of code point `cp` (invalid ones become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

// Cuts `s` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

}  // namespace fte::channels::email
