// libFuzzer target: the Pub/Sub push parser and the push-token shape checks (the code that sees
// unauthenticated bytes first), plus the base64 codecs they rest on. Checks: parse_push either
// returns a push with a positive history id and a normalised address, or an error naming a field;
// base64 decoding inverts encoding. Built by fuzz/run.sh; not part of the library.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "channels/email/codec.h"
#include "channels/email/oidc.h"
#include "channels/email/push.h"

namespace email = fte::channels::email;

static void require(bool ok) {
  if (!ok) std::abort();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);

  email::PushParse p = email::parse_push(in);
  if (p.push) {
    require(p.error.empty());
    require(p.push->history_value > 0);
    require(p.push->history_id == std::to_string(p.push->history_value));
    require(!p.push->email_address.empty());
    require(!p.push->message_id.empty());
  } else {
    require(!p.error.empty() && !p.field.empty());
  }

  email::PushAuthResult r = email::check_token_shape(in, 8192);
  int status = r.status();
  require(status == 200 || status == 401);
  email::PushAuthResult bearer = email::check_token_shape("Bearer " + std::string(in), 8192);
  require(bearer.status() == 200 || bearer.status() == 401);

  for (auto a : {email::B64Alphabet::standard, email::B64Alphabet::url}) {
    std::string enc = email::base64_encode(in, a, a == email::B64Alphabet::standard);
    auto dec = email::base64_decode_strict(enc, a);
    require(dec && *dec == in);
  }
  require(email::base64_decode_mime(email::base64_encode_lines(in)) == in);
  require(email::qp_decode(email::qp_encode(in)) == [&] {  // qp_encode normalises line ends to CRLF
    std::string s;
    for (char c : in) {
      if (c == '\r') continue;
      if (c == '\n')
        s += "\r\n";
      else
        s.push_back(c);
    }
    return s;
  }());
  email::base64_decode_strict(in, email::B64Alphabet::either);
  return 0;
}
