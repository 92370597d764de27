#include "channels/email/header.h"

#include <algorithm>
#include <cctype>

#include "channels/email/charset.h"
#include "channels/email/codec.h"

namespace fte::channels::email {

namespace {

constexpr std::size_t kMaxFieldBytes = 32 << 10;
constexpr std::size_t kMaxParams = 64;
constexpr int kMaxContinuations = 64;
constexpr std::size_t kMaxWordText = 1024;  // RFC 2047 says 75 per word; be lenient, but bounded

bool is_wsp(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_wsp(s.front()) || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (is_wsp(s.back()) || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

// Next line of `s` from `pos` without its line end; advances pos past the line end.
std::string_view next_line(std::string_view s, std::size_t& pos) {
  std::size_t nl = s.find('\n', pos);
  std::size_t end = nl == std::string_view::npos ? s.size() : nl;
  std::string_view line = s.substr(pos, end - pos);
  pos = nl == std::string_view::npos ? s.size() : nl + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool valid_field_name(std::string_view n) {
  if (n.empty() || n.size() > 76) return false;
  for (char c : n) {
    auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || c == ':') return false;
  }
  return true;
}

// One RFC 2047 encoded word at s[i..]: "=?charset?B|Q?text?=". Fills charset (without an RFC
// 2231 language suffix), the decoded bytes, and the index after the word.
bool encoded_word(std::string_view s, std::size_t i, std::string& charset, std::string& bytes,
                  std::size_t& end) {
  if (s.compare(i, 2, "=?") != 0) return false;
  std::size_t q1 = s.substr(0, std::min(s.size(), i + 80)).find('?', i + 2);
  if (q1 == std::string_view::npos || q1 == i + 2) return false;
  if (q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
  char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  if (enc != 'B' && enc != 'Q') return false;
  std::size_t text_start = q1 + 3;
  // The text ends at "?="; whitespace or more than kMaxWordText characters means it is no word.
  std::size_t close = text_start;
  while (true) {
    if (close >= s.size() || close - text_start > kMaxWordText) return false;
    char c = s[close];
    if (is_wsp(c) || c == '\r' || c == '\n') return false;
    if (c == '?' && close + 1 < s.size() && s[close + 1] == '=') break;
    ++close;
  }
  std::string_view text = s.substr(text_start, close - text_start);
  charset = lower(s.substr(i + 2, q1 - i - 2));
  if (auto star = charset.find('*'); star != std::string::npos) charset.resize(star);
  bytes = enc == 'B' ? base64_decode_mime(text) : qp_decode(text, true);
  end = close + 2;
  return true;
}

int hexv(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
      o.push_back(static_cast<char>(hexv(s[i + 1]) * 16 + hexv(s[i + 2])));
      i += 2;
    } else {
      o.push_back(s[i]);
    }
  }
  return o;
}

// Removes the surrounding quotes of a quoted-string and its backslash escapes.
std::string unquote(std::string_view s) {
  s = trim(s);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::string(s);
  s = s.substr(1, s.size() - 2);
  std::string o;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    o.push_back(s[i]);
  }
  return o;
}

std::string bracketed(std::string_view id) {
  std::string s;
  s.reserve(id.size() + 2);
  s.push_back('<');
  s.append(id);
  s.push_back('>');
  return s;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string_view Headers::get(std::string_view name) const {
  for (const auto& f : fields)
    if (iequals(f.name, name)) return f.value;
  return {};
}

bool Headers::has(std::string_view name) const {
  for (const auto& f : fields)
    if (iequals(f.name, name)) return true;
  return false;
}

std::pair<std::string_view, std::string_view> split_entity(std::string_view raw) {
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t start = pos;
    std::string_view line = next_line(raw, pos);
    if (line.empty()) return {raw.substr(0, start), raw.substr(pos)};
  }
  return {raw, {}};
}

Headers parse_headers(std::string_view section, std::size_t max_fields) {
  Headers h;
  HeaderField* cur = nullptr;
  std::size_t pos = 0;
  while (pos < section.size()) {
    std::string_view line = next_line(section, pos);
    if (line.empty()) break;
    if (is_wsp(line.front())) {
      if (cur && cur->value.size() + line.size() <= kMaxFieldBytes) cur->value.append(line);
      continue;
    }
    cur = nullptr;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
    if (!valid_field_name(name)) continue;
    if (h.fields.size() >= max_fields) {
      h.truncated = true;
      continue;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && is_wsp(value.front())) value.remove_prefix(1);
    if (value.size() > kMaxFieldBytes) value = value.substr(0, kMaxFieldBytes);
    h.fields.push_back({std::string(name), std::string(value)});
    cur = &h.fields.back();
  }
  return h;
}

std::string decode_header_text(std::string_view v) {
  struct Token {
    enum Kind { word, space, text } kind;
    std::string_view raw;
    std::string charset, bytes;  // words only
  };
  std::vector<Token> toks;
  for (std::size_t i = 0; i < v.size();) {
    Token t{Token::text, {}, {}, {}};
    std::size_t end = 0;
    if (v[i] == '=' && encoded_word(v, i, t.charset, t.bytes, end)) {
      t.kind = Token::word;
    } else if (is_wsp(v[i]) || v[i] == '\r' || v[i] == '\n') {
      end = i + 1;
      while (end < v.size() && (is_wsp(v[end]) || v[end] == '\r' || v[end] == '\n')) ++end;
      t.kind = Token::space;
    } else {
      end = i + 1;
      while (end < v.size() && !is_wsp(v[end]) && v[end] != '\r' && v[end] != '\n' &&
             !(v[end] == '=' && end + 1 < v.size() && v[end + 1] == '?'))
        ++end;
    }
    t.raw = v.substr(i, end - i);
    toks.push_back(std::move(t));
    i = end;
  }
  std::string out, pending_cs, pending;
  bool have_pending = false;
  auto flush = [&] {
    if (have_pending) out += to_utf8(pending, pending_cs);
    pending.clear();
    have_pending = false;
  };
  for (std::size_t k = 0; k < toks.size(); ++k) {
    const Token& t = toks[k];
    if (t.kind == Token::word) {
      // Adjacent words in one charset are joined before conversion: a multi-byte character may be
      // split across them.
      if (!(have_pending && t.charset == pending_cs)) flush();
      pending_cs = t.charset;
      pending += t.bytes;
      have_pending = true;
    } else if (t.kind == Token::space) {
      bool between_words = k > 0 && k + 1 < toks.size() && toks[k - 1].kind == Token::word &&
                           toks[k + 1].kind == Token::word;
      if (between_words) continue;  // RFC 2047 §6.2: whitespace between encoded words is dropped
      flush();
      out.push_back(' ');
    } else {
      flush();
      out += to_utf8(t.raw, Charset::unknown);
    }
  }
  flush();
  for (auto& c : out) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  return std::string(trim(out));
}

std::string HeaderValue::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

HeaderValue parse_header_value(std::string_view v) {
  HeaderValue hv;
  std::size_t semi = v.find(';');
  std::string_view main = trim(v.substr(0, semi));
  if (auto paren = main.find('('); paren != std::string_view::npos)
    main = trim(main.substr(0, paren));
  hv.value = lower(main);
  if (semi == std::string_view::npos) return hv;

  struct Segment {
    std::string value;
    bool extended = false;
  };
  std::map<std::string, std::map<int, Segment>> split;  // RFC 2231 parameters by base name
  std::map<std::string, std::string> plain;
  std::size_t i = semi + 1, count = 0;
  while (i < v.size() && count < kMaxParams) {
    while (i < v.size() && (is_wsp(v[i]) || v[i] == ';' || v[i] == '\r' || v[i] == '\n')) ++i;
    std::size_t ns = i;
    while (i < v.size() && v[i] != '=' && v[i] != ';') ++i;
    std::string name = lower(trim(v.substr(ns, i - ns)));
    if (i >= v.size() || v[i] != '=') continue;  // a name without value: skip
    ++i;
    while (i < v.size() && is_wsp(v[i])) ++i;
    std::string value;
    if (i < v.size() && v[i] == '"') {
      ++i;
      while (i < v.size() && v[i] != '"') {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        value.push_back(v[i]);
        ++i;
      }
      if (i < v.size()) ++i;  // closing quote
    } else {
      std::size_t vs = i;
      while (i < v.size() && v[i] != ';') ++i;
      value = std::string(trim(v.substr(vs, i - vs)));
    }
    if (name.empty()) continue;
    ++count;
    std::size_t star = name.find('*');
    if (star == std::string::npos) {
      plain.emplace(name, std::move(value));
      continue;
    }
    std::string base = name.substr(0, star);
    std::string_view rest = std::string_view(name).substr(star + 1);
    Segment seg{std::move(value), false};
    int index = 0;
    if (rest.empty()) {
      seg.extended = true;  // name*=charset'lang'value
    } else {
      bool ext = rest.back() == '*';
      if (ext) rest.remove_suffix(1);
      if (rest.empty() || rest.size() > 2) continue;
      bool digits = true;
      for (char c : rest) digits = digits && c >= '0' && c <= '9';
      if (!digits) continue;
      index = std::stoi(std::string(rest));
      if (index >= kMaxContinuations) continue;
      seg.extended = ext;
    }
    split[base].emplace(index, std::move(seg));
  }

  for (auto& [name, value] : plain) hv.params[name] = decode_header_text(value);
  for (auto& [base, segs] : split) {
    std::string charset, bytes;
    int expect = 0;
    for (auto& [idx, seg] : segs) {
      if (idx != expect++) break;  // a gap ends the continuation (RFC 2231 §3)
      std::string_view val = seg.value;
      if (idx == 0 && seg.extended) {
        std::size_t q1 = val.find('\'');
        std::size_t q2 = q1 == std::string_view::npos ? q1 : val.find('\'', q1 + 1);
        if (q2 != std::string_view::npos) {
          charset = lower(val.substr(0, q1));
          val = val.substr(q2 + 1);
        }
      }
      bytes += seg.extended ? percent_decode(val) : std::string(val);
    }
    hv.params[base] = charset.empty() ? to_utf8(bytes, Charset::unknown) : to_utf8(bytes, charset);
    for (auto& c : hv.params[base])
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return hv;
}

Mailbox parse_mailbox(std::string_view v) {
  Mailbox m;
  std::size_t lt = std::string_view::npos, end = v.size();
  bool quoted = false;
  int depth = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (quoted) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        quoted = false;
      continue;
    }
    if (depth > 0) {
      if (c == '\\')
        ++i;
      else if (c == '(')
        ++depth;
      else if (c == ')')
        --depth;
      continue;
    }
    if (c == '"')
      quoted = true;
    else if (c == '(')
      depth = 1;
    else if (c == '<') {
      lt = i;
      break;
    } else if (c == ',') {
      end = i;
      break;
    }
  }
  if (lt != std::string_view::npos) {
    std::size_t gt = v.find('>', lt);
    std::string_view addr = v.substr(lt + 1, gt == std::string_view::npos ? gt : gt - lt - 1);
    m.address = std::string(trim(addr));
    m.name = decode_header_text(unquote(v.substr(0, lt)));
  } else {
    // addr@example.com (Display Name)
    std::string addr, comment;
    int d = 0;
    std::string_view t = v.substr(0, end);
    for (std::size_t i = 0; i < t.size(); ++i) {
      char c = t[i];
      if (c == '(') {
        if (d++ == 0) continue;
      } else if (c == ')' && d > 0) {
        if (--d == 0) continue;
      }
      (d > 0 ? comment : addr).push_back(c);
    }
    m.address = std::string(trim(unquote(addr)));
    m.name = decode_header_text(comment);
  }
  for (auto& c : m.address)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  if (m.name.size() >= 2 && m.name.front() == '"' && m.name.back() == '"')
    m.name = m.name.substr(1, m.name.size() - 2);
  if (iequals(m.name, m.address)) m.name.clear();
  return m;
}

std::vector<std::string> parse_message_ids(std::string_view v, std::size_t max_ids) {
  std::vector<std::string> ids;
  std::size_t i = 0;
  while (i < v.size()) {
    std::size_t lt = v.find('<', i);
    if (lt == std::string_view::npos) break;
    std::size_t gt = v.find('>', lt + 1);
    if (gt == std::string_view::npos) break;
    std::string_view id = v.substr(lt + 1, gt - lt - 1);
    bool ok = !id.empty() && id.size() <= 250;
    for (char c : id) {
      auto u = static_cast<unsigned char>(c);
      if (u <= 0x20 || u >= 0x7F || c == '<') ok = false;
    }
    if (ok) ids.push_back(bracketed(id));
    i = gt + 1;
  }
  if (ids.empty()) {
    std::string_view t = trim(v);
    bool ok = !t.empty() && t.size() <= 250 && t.find('@') != std::string_view::npos;
    for (char c : t) {
      auto u = static_cast<unsigned char>(c);
      if (u <= 0x20 || u >= 0x7F || c == '<' || c == '>') ok = false;
    }
    if (ok) ids.push_back(bracketed(t));
  }
  if (max_ids > 0 && ids.size() > max_ids) {
    std::vector<std::string> kept;
    kept.push_back(ids.front());
    kept.insert(kept.end(), ids.end() - static_cast<std::ptrdiff_t>(max_ids - 1), ids.end());
    ids = std::move(kept);
  }
  return ids;
}

std::string join_ids(const std::vector<std::string>& ids) {
  std::string o;
  for (const auto& id : ids) {
    if (!o.empty()) o.push_back(' ');
    o += id;
  }
  return o;
}

}  // namespace fte::channels::email
