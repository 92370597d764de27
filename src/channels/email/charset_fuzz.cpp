// libFuzzer target: the mail charset decoder (to_utf8 over glibc's iconv) and the RFC 2047 header
// decoder that calls it. Input: a charset label up to the first newline, then the bytes. The bytes
// are decoded under that label and under each charset in kLabels (stateful ISO-2022 ones, UTF-16/
// UTF-7, the multi-byte East Asian ones, the single-byte ones and the fallback for an unknown
// label). Checks: every output is valid UTF-8 without NUL; valid UTF-8 input under a UTF-8 label
// comes back unchanged; decoding is deterministic (same input, same output, whatever was decoded
// before: the per-thread iconv descriptors are reset between uses). Built by fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "channels/email/charset.h"
#include "channels/email/header.h"

namespace email = fte::channels::email;

static void require(bool ok) {
  if (!ok) std::abort();
}

static const char* const kLabels[] = {
    "utf-8",       "iso-2022-jp", "shift_jis",  "euc-jp",       "gb18030",      "gb2312",
    "big5",        "euc-kr",      "iso-2022-kr", "ks_c_5601-1987", "koi8-r",    "windows-1251",
    "iso-8859-1",  "iso-8859-15", "utf-16",     "utf-16le",     "utf-7",        "tis-620",
    "ibm850",      "x-unknown",   "",
};

static std::string checked(std::string_view bytes, std::string_view label) {
  std::string out = email::to_utf8(bytes, label);
  require(email::is_valid_utf8(out));
  require(out.find('\0') == std::string::npos);
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nl = in.find('\n');
  std::string_view label = nl == std::string_view::npos ? std::string_view() : in.substr(0, nl);
  std::string_view bytes = nl == std::string_view::npos ? in : in.substr(nl + 1);
  if (label.size() > 64) label = label.substr(0, 64);

  std::string first = checked(bytes, label);
  for (const char* l : kLabels) checked(bytes, l);
  require(checked(bytes, label) == first);  // no state left over from the other conversions
  if (email::is_valid_utf8(bytes) && bytes.find('\0') == std::string_view::npos)
    require(email::to_utf8(bytes, "UTF-8") == bytes);
  (void)email::iconv_charset_name(label);

  std::string header = email::decode_header_text(in);
  require(email::is_valid_utf8(header));
  return 0;
}
