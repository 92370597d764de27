#include "channels/email/codec.h"

#include <array>
#include <cstdint>

namespace fte::channels::email {

namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Value of a base64 character in the given alphabet, or -1.
int b64_value(unsigned char c, B64Alphabet a) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  bool std_ok = a != B64Alphabet::url, url_ok = a != B64Alphabet::standard;
  if (c == '+' && std_ok) return 62;
  if (c == '/' && std_ok) return 63;
  if (c == '-' && url_ok) return 62;
  if (c == '_' && url_ok) return 63;
  return -1;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Appends the bytes of `n` sextets accumulated in `acc` (2..4 sextets → 1..3 bytes).
void flush_group(std::string& out, std::uint32_t acc, int n) {
  if (n == 4) {
    out.push_back(static_cast<char>((acc >> 16) & 0xFF));
    out.push_back(static_cast<char>((acc >> 8) & 0xFF));
    out.push_back(static_cast<char>(acc & 0xFF));
  } else if (n == 3) {
    acc <<= 6;
    out.push_back(static_cast<char>((acc >> 16) & 0xFF));
    out.push_back(static_cast<char>((acc >> 8) & 0xFF));
  } else if (n == 2) {
    acc <<= 12;
    out.push_back(static_cast<char>((acc >> 16) & 0xFF));
  }
}

}  // namespace

std::optional<std::string> base64_decode_strict(std::string_view in, B64Alphabet a) {
  std::size_t pad = 0;
  while (!in.empty() && in.back() == '=' && pad < 2) {
    in.remove_suffix(1);
    ++pad;
  }
  if (pad && (in.size() + pad) % 4 != 0) return std::nullopt;
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int n = 0;
  for (unsigned char c : in) {
    int v = b64_value(c, a);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    if (++n == 4) {
      flush_group(out, acc, 4);
      acc = 0;
      n = 0;
    }
  }
  // Unused low bits of a final partial group must be zero (canonical encoding).
  if (n == 2 && (acc & 0xF) != 0) return std::nullopt;
  if (n == 3 && (acc & 0x3) != 0) return std::nullopt;
  flush_group(out, acc, n);
  return out;
}

std::string base64_decode_mime(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int n = 0;
  for (unsigned char c : in) {
    if (c == '=') break;
    int v = b64_value(c, B64Alphabet::either);
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    if (++n == 4) {
      flush_group(out, acc, 4);
      acc = 0;
      n = 0;
    }
  }
  flush_group(out, acc, n);
  return out;
}

std::string base64_encode(std::string_view in, B64Alphabet a, bool pad) {
  const char* tbl = a == B64Alphabet::url ? kUrl : kStd;
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) |
                      (static_cast<unsigned char>(in[i + 1]) << 8) |
                      static_cast<unsigned char>(in[i + 2]);
    out.push_back(tbl[(v >> 18) & 63]);
    out.push_back(tbl[(v >> 12) & 63]);
    out.push_back(tbl[(v >> 6) & 63]);
    out.push_back(tbl[v & 63]);
  }
  std::size_t rest = in.size() - i;
  if (rest == 1) {
    std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    out.push_back(tbl[(v >> 18) & 63]);
    out.push_back(tbl[(v >> 12) & 63]);
    if (pad) out += "==";
  } else if (rest == 2) {
    std::uint32_t v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out.push_back(tbl[(v >> 18) & 63]);
    out.push_back(tbl[(v >> 12) & 63]);
    out.push_back(tbl[(v >> 6) & 63]);
    if (pad) out.push_back('=');
  }
  return out;
}

std::string base64_encode_lines(std::string_view in, std::size_t line_len) {
  std::string flat = base64_encode(in);
  if (line_len == 0) line_len = 76;
  std::string out;
  out.reserve(flat.size() + flat.size() / line_len * 2 + 2);
  for (std::size_t i = 0; i < flat.size(); i += line_len) {
    out.append(flat, i, line_len);
    out += "\r\n";
  }
  return out;
}

std::string qp_decode(std::string_view in, bool header) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '_' && header) {
      out.push_back(' ');
    } else if (c == '=') {
      // Soft line break: '=' followed by optional transport padding and a line end.
      std::size_t j = i + 1;
      while (j < in.size() && (in[j] == ' ' || in[j] == '\t')) ++j;
      if (j < in.size() && (in[j] == '\r' || in[j] == '\n')) {
        if (in[j] == '\r' && j + 1 < in.size() && in[j + 1] == '\n') ++j;
        i = j;
        continue;
      }
      if (j == in.size() && !header) {  // '=' (plus padding) at the very end: soft break
        i = j;
        continue;
      }
      if (i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
        out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
        i += 2;
      } else {
        out.push_back('=');  // not a valid escape: keep it literally (RFC 2045 robustness)
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string qp_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t line = 0;  // characters on the current output line
  auto put = [&](std::string_view token) {
    if (line + token.size() > 75) {  // leave room for the soft-break '='
      out += "=\r\n";
      line = 0;
    }
    out += token;
    line += token.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r') continue;  // line ends are normalised to CRLF below
    if (c == '\n') {
      out += "\r\n";
      line = 0;
      continue;
    }
    bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    // A line starting with "." or "From " is safe in transit either way; only escape what QP needs.
    if (literal) {
      char s[1] = {static_cast<char>(c)};
      put(std::string_view(s, 1));
    } else {
      char s[3] = {'=', kHex[c >> 4], kHex[c & 15]};
      put(std::string_view(s, 3));
    }
  }
  return out;
}

}  // namespace fte::channels::email
