// Non-Latin mail charsets through to_utf8 and decode_header_text: for each charset the encoded
// bytes are made at test time with iconv(3) from UTF-8 text written here (so the sample is real
// ISO-2022-JP, Shift_JIS, ... bytes), then decoded under the label a mailer would write. A few
// well-known byte sequences are checked as literals too, so the test does not only compare iconv
// with itself. The .eml fixtures of the same charsets are in tests/fixtures/mime (MimeCorpus).
#include <gtest/gtest.h>
#include <iconv.h>

#include <cerrno>
#include <string>
#include <vector>

#include "channels/email/charset.h"
#include "channels/email/codec.h"
#include "channels/email/header.h"

namespace email = fte::channels::email;

namespace {

// UTF-8 → `charset` with glibc's iconv; fails the test when the text cannot be encoded.
std::string encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    ADD_FAILURE() << "iconv cannot encode " << charset;
    return {};
  }
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  std::size_t r = iconv(cd, &in, &in_left, &dst, &dst_left);
  EXPECT_NE(r, static_cast<std::size_t>(-1)) << charset << " errno " << errno;
  iconv(cd, nullptr, nullptr, &dst, &dst_left);  // back to ASCII (ISO-2022-*)
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

struct Sample {
  const char* encode_as;  // iconv name used to make the bytes
  const char* label;      // what the mail's Content-Type or encoded word says
  std::string text;
};

const std::vector<Sample>& samples() {
  static const std::vector<Sample> v = {
      {"ISO-2022-JP", "ISO-2022-JP", "パスワードを忘れました。再設定の方法を教えてください。"},
      {"SHIFT_JIS", "Shift_JIS", "シフトの交換はどうすればいいですか？"},
      {"CP932", "shift_jis", "土曜日の早番を替わりたいです（至急）"},
      {"EUC-JP", "EUC-JP", "ログインできません。"},
      {"GB18030", "GB18030", "我无法登录我的账户，请帮忙重置密码。"},
      {"GB2312", "gb2312", "请问如何邀请新同事？"},
      {"BIG5", "Big5", "我想取消訂閱，請問要怎麼做？"},
      {"EUC-KR", "EUC-KR", "비밀번호를 재설정하는 방법을 알려주세요."},
      {"EUC-KR", "ks_c_5601-1987", "로그인 문제가 있습니다."},
      {"ISO-2022-KR", "ISO-2022-KR", "감사합니다."},
      {"KOI8-R", "KOI8-R", "Здравствуйте! Не могу войти в аккаунт."},
      {"KOI8-U", "koi8-u", "Доброго дня! Як змінити пароль? Ґанок, їжак, є."},
      {"WINDOWS-1251", "windows-1251", "Добрый день, как добавить сотрудника?"},
      {"ISO-8859-5", "iso-8859-5", "Спасибо за помощь."},
      {"ISO-8859-7", "ISO-8859-7", "Καλημέρα, ξέχασα τον κωδικό μου."},
      {"WINDOWS-1253", "windows-1253", "Ευχαριστώ πολύ."},
      {"ISO-8859-8", "iso-8859-8", "שלום, שכחתי את הסיסמה."},
      {"WINDOWS-1255", "windows-1255", "תודה רבה."},
      {"WINDOWS-1256", "windows-1256", "مرحبا، نسيت كلمة المرور."},
      {"ISO-8859-2", "iso-8859-2", "Dzień dobry, zapomniałem hasła. Żółć."},
      {"WINDOWS-1250", "windows-1250", "Dobrý den, nemohu se přihlásit."},
      {"ISO-8859-9", "iso-8859-9", "Merhaba, şifremi unuttum. Teşekkürler."},
      {"TIS-620", "TIS-620", "สวัสดีครับ ลืมรหัสผ่าน"},
      {"WINDOWS-1258", "windows-1258", "Xin chào"},
      {"ISO-8859-15", "ISO-8859-15", "Le total est de 49 € à payer."},
      {"UTF-16BE", "UTF-16BE", "Grüße, 日本, Привет"},
      {"UTF-16", "utf-16", "Grüße aus München"},
      {"UTF-7", "UTF-7", "Hi Mom -☺-!"},
      {"IBM850", "IBM850", "Señor Müller"},
      {"MACINTOSH", "macintosh", "Café crème"},
  };
  return v;
}

TEST(CharsetIconv, EveryNamedCharsetDecodesItsSample) {
  for (const auto& s : samples()) {
    SCOPED_TRACE(std::string(s.label) + " (bytes made as " + s.encode_as + ")");
    std::string bytes = encode(s.text, s.encode_as);
    ASSERT_FALSE(bytes.empty());
    EXPECT_NE(bytes, s.text);  // really a different encoding
    EXPECT_EQ(email::to_utf8(bytes, s.label), s.text);
    EXPECT_FALSE(email::iconv_charset_name(s.label).empty());
  }
}

TEST(CharsetIconv, KnownBytesDecodeWithoutIconvOnTheWritingSide) {
  // 日本 in Shift_JIS, ISO-2022-JP and EUC-JP; 中文 in GB2312 and Big5; 한국 in EUC-KR;
  // Привет in KOI8-R and windows-1251.
  EXPECT_EQ(email::to_utf8("\x93\xFA\x96\x7B", "shift_jis"), "日本");
  EXPECT_EQ(email::to_utf8("\x1B$BF|K\\\x1B(B", "iso-2022-jp"), "日本");
  EXPECT_EQ(email::to_utf8("\xC6\xFC\xCB\xDC", "euc-jp"), "日本");
  EXPECT_EQ(email::to_utf8("\xD6\xD0\xCE\xC4", "GB2312"), "中文");
  EXPECT_EQ(email::to_utf8("\xA4\xA4\xA4\xE5", "big5"), "中文");
  EXPECT_EQ(email::to_utf8("\xC7\xD1\xB1\xB9", "euc-kr"), "한국");
  EXPECT_EQ(email::to_utf8("\xF0\xD2\xC9\xD7\xC5\xD4", "koi8-r"), "Привет");
  EXPECT_EQ(email::to_utf8("\xCF\xF0\xE8\xE2\xE5\xF2", "windows-1251"), "Привет");
}

TEST(CharsetIconv, LabelsAreMatchedLikeMailersWriteThem) {
  const std::string bytes = encode("Привет", "KOI8-R");
  for (const char* label : {"KOI8-R", "koi8-r", "\"koi8-r\"", " 'KOI8-R' ", "koi8-r*ru", "csKOI8R"})
    EXPECT_EQ(email::to_utf8(bytes, label), "Привет") << label;
  EXPECT_EQ(email::iconv_charset_name("Shift_JIS"), "CP932");
  EXPECT_EQ(email::iconv_charset_name("ks_c_5601-1987"), "CP949");
  EXPECT_EQ(email::iconv_charset_name("gb2312"), "GB18030");
  EXPECT_EQ(email::iconv_charset_name("utf-8"), "");
  EXPECT_EQ(email::iconv_charset_name("x-no-such-charset"), "");
  EXPECT_EQ(email::iconv_charset_name("utf-8//TRANSLIT"), "");  // never handed to iconv
  EXPECT_EQ(email::iconv_charset_name(std::string(60, 'a')), "");
}

TEST(CharsetIconv, UnknownLabelsFallBackToUtf8ThenWindows1252) {
  EXPECT_EQ(email::to_utf8("Gr\xC3\xBC\xC3\x9F" "e", "x-no-such-charset"), "Grüße");
  EXPECT_EQ(email::to_utf8("Gr\xFC\xDF" "e \x80", "x-no-such-charset"), "Grüße €");
  EXPECT_EQ(email::to_utf8("Gr\xFC\xDF" "e", ""), "Grüße");
  EXPECT_EQ(email::to_utf8("Gr\xFC\xDF" "e", "utf-8//IGNORE"), "Grüße");
  EXPECT_EQ(email::to_utf8("caf\xE9", email::Charset::unknown), "café");
  EXPECT_EQ(email::to_utf8("caf\xE9", email::Charset::windows1252), "café");
  EXPECT_EQ(email::to_utf8("\xA4", email::Charset::latin9), "€");
  EXPECT_EQ(email::to_utf8("caf\xC3\xA9", email::Charset::utf8), "café");
}

TEST(CharsetIconv, InvalidAndCutOffBytesBecomeReplacementCharacters) {
  const std::string sjis = encode("日本語", "SHIFT_JIS");
  // A lead byte without its trail byte at the end: the text before it survives, one U+FFFD.
  EXPECT_EQ(email::to_utf8(sjis.substr(0, 5), "shift_jis"), "日本\xEF\xBF\xBD");
  // Bytes that are not GB18030 / EUC-KR in the middle: decoding goes on after them.
  std::string out = email::to_utf8("ok \x81\x20 ok", "euc-kr");
  EXPECT_TRUE(email::is_valid_utf8(out));
  EXPECT_EQ(out.rfind("ok ", 0), 0u) << out;
  EXPECT_NE(out.find(" ok"), std::string::npos) << out;
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos) << out;
  // NUL from UTF-16 never reaches the output.
  EXPECT_EQ(email::to_utf8(std::string("\0a\0\0\0b", 6), "utf-16be"), "ab");
  // ISO-2022-JP left in a two-byte shift at the end still ends as valid UTF-8.
  EXPECT_TRUE(email::is_valid_utf8(email::to_utf8("\x1B$BF|K", "iso-2022-jp")));
}

TEST(CharsetIconv, EncodedWordsInNonLatinCharsets) {
  const std::string jp = encode("ログインできません", "ISO-2022-JP");
  EXPECT_EQ(email::decode_header_text("=?ISO-2022-JP?B?" + email::base64_encode(jp) + "?="),
            "ログインできません");
  // A character split across two encoded words of one charset is joined before decoding.
  const std::string gb = encode("无法登录", "GB18030");
  EXPECT_EQ(email::decode_header_text("=?gb18030?B?" + email::base64_encode(gb.substr(0, 3)) +
                                      "?= =?gb18030?B?" + email::base64_encode(gb.substr(3)) + "?="),
            "无法登录");
  const std::string ru = encode("Вход", "KOI8-R");
  std::string q;
  for (unsigned char c : ru) {
    static const char* hex = "0123456789ABCDEF";
    q += '=';
    q += hex[c >> 4];
    q += hex[c & 15];
  }
  EXPECT_EQ(email::decode_header_text("Re: =?koi8-r?Q?" + q + "?= (2)"), "Re: Вход (2)");
}

}  // namespace
