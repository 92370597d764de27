#include "channels/email/reply_mail.h"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <vector>

#include "channels/email/charset.h"
#include "channels/email/codec.h"
#include "channels/email/header.h"
#include "core/ids.h"

namespace fte::channels::email {

namespace {

// Header inputs lose CR, LF and other control characters; runs of spaces stay.
std::string one_line(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    o.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
  }
  auto b = o.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return o.substr(b, o.find_last_not_of(' ') - b + 1);
}

bool printable_ascii(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) return false;
  }
  // A literal "=?" could be mistaken for an encoded word by the reader.
  return s.find("=?") == std::string_view::npos;
}

// Folds an ASCII value at spaces so lines stay under 78 characters where possible.
std::string fold_ascii(std::string_view s, std::size_t used) {
  std::string out;
  std::size_t line = used;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t sp = s.find(' ', i + 1);
    std::size_t end = sp == std::string_view::npos ? s.size() : sp;
    std::string_view word = s.substr(i, end - i);  // includes its leading space, if any
    if (line + word.size() > 76 && !out.empty() && word.front() == ' ') {
      out += "\r\n";
      line = 0;
    }
    out += word;
    line += word.size();
    i = end;
  }
  return out;
}

std::string strip_reply_prefixes(std::string_view s) {
  while (true) {
    std::size_t i = 0;
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t w = i;
    while (w < s.size() && std::isalpha(static_cast<unsigned char>(s[w]))) ++w;
    std::string word(s.substr(i, w - i));
    for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word != "re" && word != "aw" && word != "sv" && word != "antw" && word != "ref") break;
    std::size_t k = w;
    if (k < s.size() && s[k] == '[') {  // "Re[2]:"
      std::size_t close = s.find(']', k);
      if (close == std::string_view::npos || close - k > 4) break;
      k = close + 1;
    }
    while (k < s.size() && s[k] == ' ') ++k;
    if (k >= s.size() || s[k] != ':') break;
    s = s.substr(k + 1);
  }
  std::size_t b = s.find_first_not_of(' ');
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b));
}

}  // namespace

std::string reply_subject(std::string_view customer_subject) {
  std::string base = strip_reply_prefixes(one_line(customer_subject));
  if (base.empty()) base = "Your support request";
  return "Re: " + base;
}

std::string rfc5322_date(std::int64_t ms) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday % 7],
                tm.tm_mday % 100, kMonths[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000,
                tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100);
  return buf;
}

std::string encode_header_text(std::string_view utf8_in) {
  std::string text = one_line(sanitize_utf8(utf8_in));
  if (printable_ascii(text)) return text;
  // Encoded words of at most 75 characters: "=?UTF-8?B?" + base64 of ≤ 45 bytes + "?=", never
  // splitting a UTF-8 sequence between two words.
  std::vector<std::string> words;
  std::string_view rest = text;
  while (!rest.empty()) {
    std::string_view chunk = utf8_prefix(rest, 45);
    if (chunk.empty()) chunk = rest.substr(0, 1);
    words.push_back("=?UTF-8?B?" + base64_encode(chunk) + "?=");
    rest.remove_prefix(chunk.size());
  }
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += "\r\n ";
    out += words[i];
  }
  return out;
}

std::string format_address(std::string_view name_in, std::string_view address_in) {
  std::string address = one_line(address_in);
  std::string clean;
  for (char c : address)
    if (c != '<' && c != '>' && c != '"' && c != ',' && c != ' ') clean.push_back(c);
  std::string name = one_line(name_in);
  if (name.empty()) return clean;
  if (printable_ascii(name)) {
    std::string q = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') q.push_back('\\');
      q.push_back(c);
    }
    q += "\"";
    return q + " <" + clean + ">";
  }
  return encode_header_text(name) + " <" + clean + ">";
}

std::string build_reply(const ReplyMail& m) {
  std::string out;
  auto field = [&](std::string_view name, const std::string& value) {
    if (value.empty()) return;
    out.append(name);
    out += ": ";
    out += value;
    out += "\r\n";
  };
  if (!m.from_address.empty()) field("From", format_address(m.from_name, m.from_address));
  field("To", format_address(m.to_name, m.to_address));
  field("Subject", encode_header_text(reply_subject(m.subject)));
  field("Date", rfc5322_date(m.date_ms));
  std::string mid = m.message_id;
  if (mid.empty()) {
    auto at = m.from_address.find('@');
    std::string domain = at == std::string::npos ? "fte.localhost" : m.from_address.substr(at + 1);
    std::string safe;
    for (char c : domain)
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') safe.push_back(c);
    mid = "<" + random_hex(16) + "@" + (safe.empty() ? "fte.localhost" : safe) + ">";
  }
  field("Message-ID", join_ids(parse_message_ids(mid, 1)));
  auto parent = parse_message_ids(m.in_reply_to, 1);
  field("In-Reply-To", join_ids(parent));
  // References: the parent's References followed by the parent's Message-ID (RFC 5322 §3.6.4).
  auto refs = parse_message_ids(m.references, 0);
  if (!parent.empty() && (refs.empty() || refs.back() != parent.front()))
    refs.push_back(parent.front());
  if (refs.size() > 20) {
    std::vector<std::string> kept{refs.front()};
    kept.insert(kept.end(), refs.end() - 19, refs.end());
    refs = std::move(kept);
  }
  if (!refs.empty()) field("References", fold_ascii(join_ids(refs), 12));
  field("MIME-Version", "1.0");
  field("Content-Type", "text/plain; charset=UTF-8");

  std::string body = sanitize_utf8(m.body);
  std::size_t high = 0;
  for (char c : body)
    if (static_cast<unsigned char>(c) >= 0x80) ++high;
  bool base64 = high * 5 > body.size();  // mostly non-ASCII: base64 is shorter
  field("Content-Transfer-Encoding", base64 ? "base64" : "quoted-printable");
  out += "\r\n";
  if (base64) {
    std::string crlf;
    for (std::size_t i = 0; i < body.size(); ++i) {
      if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r')) crlf += '\r';
      crlf += body[i];
    }
    out += base64_encode_lines(crlf);
  } else {
    out += qp_encode(body);
    out += "\r\n";
  }
  return out;
}

}  // namespace fte::channels::email
