// Transfer encodings and character sets: the bytes every other email test rests on.
#include <gtest/gtest.h>

#include "channels/email/charset.h"
#include "channels/email/codec.h"

namespace email = fte::channels::email;
using email::B64Alphabet;

TEST(Base64, StrictDecodesBothAlphabetsWithAndWithoutPadding) {
  EXPECT_EQ(email::base64_decode_strict("aGVsbG8=", B64Alphabet::standard), "hello");
  EXPECT_EQ(email::base64_decode_strict("aGVsbG8", B64Alphabet::standard), "hello");
  EXPECT_EQ(email::base64_decode_strict("-_8", B64Alphabet::url), std::string("\xfb\xff", 2));
  EXPECT_EQ(email::base64_decode_strict("+/8=", B64Alphabet::standard), std::string("\xfb\xff", 2));
  EXPECT_EQ(email::base64_decode_strict("", B64Alphabet::url), "");
}

TEST(Base64, StrictRefusesWhatIsNotCanonical) {
  EXPECT_FALSE(email::base64_decode_strict("aGVs bG8=", B64Alphabet::standard));  // whitespace
  EXPECT_FALSE(email::base64_decode_strict("-_8", B64Alphabet::standard));        // wrong alphabet
  EXPECT_FALSE(email::base64_decode_strict("+/8", B64Alphabet::url));
  EXPECT_FALSE(email::base64_decode_strict("aGVsbG8==", B64Alphabet::standard));  // bad padding
  EXPECT_FALSE(email::base64_decode_strict("a", B64Alphabet::standard));  // impossible length
  EXPECT_FALSE(
      email::base64_decode_strict("aGVsbG9=", B64Alphabet::standard));  // non-zero spare bits
}

TEST(Base64, MimeDecodingSkipsLineBreaksAndJunk) {
  EXPECT_EQ(email::base64_decode_mime("aGVs\r\nbG8g\n d29y bGQ=\r\n"), "hello world");
  EXPECT_EQ(email::base64_decode_mime("aGVsbG8=trailing"), "hello");
}

TEST(Base64, EncodeRoundTripsAndWrapsLines) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(email::base64_decode_strict(email::base64_encode(bytes, B64Alphabet::url, false),
                                        B64Alphabet::url),
            bytes);
  std::string wrapped = email::base64_encode_lines(bytes);
  EXPECT_NE(wrapped.find("\r\n"), std::string::npos);
  for (std::size_t p = 0, nl; (nl = wrapped.find("\r\n", p)) != std::string::npos; p = nl + 2)
    EXPECT_LE(nl - p, 76u);
  EXPECT_EQ(email::base64_decode_mime(wrapped), bytes);
}

TEST(QuotedPrintable, DecodesEscapesSoftBreaksAndKeepsBrokenEscapes) {
  EXPECT_EQ(email::qp_decode("caf=C3=A9 =\r\nau lait"), "caf\xC3\xA9 au lait");
  EXPECT_EQ(email::qp_decode("a=\nb"), "ab");
  EXPECT_EQ(email::qp_decode("100% =ZZ done="), "100% =ZZ done");
  EXPECT_EQ(email::qp_decode("Probl=E8me_de", true), "Probl\xE8me de");
}

TEST(QuotedPrintable, EncodesLongNonAsciiTextWithinLineLimits) {
  std::string text = "Dear customer, \xE2\x82\xAC 49 = price. " + std::string(200, 'x') + " \nend ";
  std::string enc = email::qp_encode(text);
  for (std::size_t p = 0, nl; (nl = enc.find("\r\n", p)) != std::string::npos; p = nl + 2)
    EXPECT_LE(nl - p, 76u) << enc;
  EXPECT_EQ(enc.find("\xE2"), std::string::npos);
  EXPECT_NE(enc.find("=3D"), std::string::npos);
  EXPECT_EQ(email::qp_decode(enc),
            "Dear customer, \xE2\x82\xAC 49 = price. " + std::string(200, 'x') + " \r\nend ");
}

TEST(Charset, Windows1252AndLatin1BecomeUtf8) {
  EXPECT_EQ(email::to_utf8("\x80 \x93ok\x94 caf\xE9", "windows-1252"),
            "\xE2\x82\xAC \xE2\x80\x9Cok\xE2\x80\x9D caf\xC3\xA9");
  EXPECT_EQ(email::to_utf8("caf\xE9", "ISO-8859-1"), "caf\xC3\xA9");
  EXPECT_EQ(email::to_utf8("\xA4", "iso-8859-15"), "\xE2\x82\xAC");
  EXPECT_EQ(email::to_utf8("plain", "\"us-ascii\""), "plain");
}

TEST(Charset, Utf8IsValidatedAndUnknownLabelsGuess) {
  EXPECT_EQ(email::to_utf8("ok \xC3\xA9", "utf-8"), "ok \xC3\xA9");
  EXPECT_EQ(email::sanitize_utf8("a\xC0\xAFz"), "a\xEF\xBF\xBD\xEF\xBF\xBDz");  // overlong
  EXPECT_EQ(email::sanitize_utf8("a\xED\xA0\x80z"), "a\xEF\xBF\xBDz");          // surrogate
  EXPECT_EQ(email::sanitize_utf8(std::string("a\0b", 3)), "ab");                // NUL dropped
  EXPECT_EQ(email::to_utf8("\xC3\xA9", "x-unknown"), "\xC3\xA9");               // valid UTF-8 kept
  EXPECT_EQ(email::to_utf8("\xE9t\xE9", "x-unknown"), "\xC3\xA9t\xC3\xA9");     // else Windows-1252
  EXPECT_TRUE(
      email::is_valid_utf8(email::to_utf8(std::string("\x81\x8D\x8F\x90\x9D", 5), "cp1252")));
}

TEST(Charset, PrefixNeverSplitsACharacter) {
  std::string s = "ab\xE2\x82\xAC";
  EXPECT_EQ(email::utf8_prefix(s, 4), "ab");
  EXPECT_EQ(email::utf8_prefix(s, 5), s);
  EXPECT_EQ(email::utf8_prefix(s, 2), "ab");
}
