// The MIME tree: entity headers, multipart splitting and transfer decoding (see mime.h).
#include "channels/email/mime.h"

#include <algorithm>
#include <cctype>

#include "channels/email/charset.h"
#include "channels/email/codec.h"

namespace fte::channels::email {

namespace {

constexpr std::size_t kMaxBoundary = 200;  // RFC 2046 allows 70; some mailers exceed it a little

struct TreeState {
  const MimeLimits& limits;
  std::vector<std::string>* notes;
  std::size_t parts = 0;
  void note(std::string n) {
    if (notes && notes->size() < 32 && std::find(notes->begin(), notes->end(), n) == notes->end())
      notes->push_back(std::move(n));
  }
};

std::string lower_trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string o(s.substr(0, 64));
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

// A file name safe to show and store: no path, no control characters, at most 200 bytes.
std::string sanitize_filename(std::string_view name) {
  std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string o;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) o.push_back(c);
  auto b = o.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  o = o.substr(b, o.find_last_not_of(' ') - b + 1);
  if (o == "." || o == "..") return {};
  return std::string(utf8_prefix(o, 200));
}

// Number of bytes a base64 body decodes to, without decoding it.
std::int64_t base64_size(std::string_view s) {
  std::int64_t n = 0;
  for (char c : s) {
    if (c == '=') break;
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '-' || c == '_')
      ++n;
  }
  return n / 4 * 3 + (n % 4 >= 2 ? n % 4 - 1 : 0);
}

std::string decode_body(std::string_view body, const std::string& cte) {
  if (cte == "base64") return base64_decode_mime(body);
  if (cte == "quoted-printable") return qp_decode(body);
  return std::string(body);  // 7bit, 8bit, binary, and unknown encodings are taken as they are
}

// The body parts between "--boundary" delimiter lines (RFC 2046 §5.1.1). The line end before a
// delimiter belongs to the delimiter. An unterminated last part is kept (lenient).
std::vector<std::string_view> split_multipart(std::string_view body, std::string_view boundary,
                                              TreeState& st) {
  std::vector<std::string_view> out;
  std::string delim = "--" + std::string(boundary);
  std::size_t pos = 0, part_start = std::string_view::npos;
  bool closed = false;
  while (pos < body.size()) {
    std::size_t line_start = pos;
    std::size_t nl = body.find('\n', pos);
    std::size_t line_end = nl == std::string_view::npos ? body.size() : nl;
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
    std::string_view line = body.substr(line_start, line_end - line_start);
    if (line.size() < delim.size() || line.compare(0, delim.size(), delim) != 0) continue;
    std::string_view rest = line.substr(delim.size());
    bool close = rest.size() >= 2 && rest[0] == '-' && rest[1] == '-';
    if (close) rest.remove_prefix(2);
    if (rest.find_first_not_of(" \t\r") != std::string_view::npos) continue;  // a longer boundary
    if (part_start != std::string_view::npos) {
      std::size_t end = line_start;
      if (end > part_start && body[end - 1] == '\n') --end;
      if (end > part_start && body[end - 1] == '\r') --end;
      out.push_back(body.substr(part_start, end - part_start));
      if (out.size() >= st.limits.max_parts) {
        st.note("part limit reached");
        return out;
      }
    }
    if (close) {
      closed = true;
      break;
    }
    part_start = pos;
  }
  if (!closed && part_start != std::string_view::npos && part_start < body.size()) {
    out.push_back(body.substr(part_start));
    st.note("multipart without closing delimiter");
  }
  return out;
}

MimePart parse_entity(std::string_view raw, int depth, TreeState& st,
                      std::string_view default_type) {
  ++st.parts;
  MimePart p;
  auto [head, body] = split_entity(raw);
  if (head.size() > st.limits.max_header_bytes) {
    head = head.substr(0, st.limits.max_header_bytes);
    st.note("header section truncated");
  }
  p.headers = parse_headers(head, st.limits.max_header_fields);
  if (p.headers.truncated) st.note("header field limit reached");

  HeaderValue ct = parse_header_value(p.headers.get("Content-Type"));
  if (ct.value.find('/') == std::string::npos || ct.value.find(' ') != std::string::npos)
    ct.value = std::string(default_type);
  p.content_type = ct.value;
  p.params = ct.params;
  HeaderValue disp = parse_header_value(p.headers.get("Content-Disposition"));
  if (disp.value == "attachment" || disp.value == "inline") p.disposition = disp.value;
  std::string name = disp.param("filename");
  if (name.empty()) name = ct.param("name");
  p.filename = sanitize_filename(name);
  std::string cte = lower_trim(p.headers.get("Content-Transfer-Encoding"));

  if (p.is_multipart()) {
    std::string boundary = ct.param("boundary");
    if (boundary.empty() || boundary.size() > kMaxBoundary) {
      st.note("multipart without usable boundary");
      p.content_type = "text/plain";  // read what is there as text
    } else if (depth >= st.limits.max_depth) {
      st.note("nesting limit reached");
      p.content_type = "application/octet-stream";
      p.size = static_cast<std::int64_t>(body.size());
      return p;
    } else {
      std::string_view child_default =
          p.content_type == "multipart/digest" ? "message/rfc822" : "text/plain";
      for (std::string_view sub : split_multipart(body, boundary, st)) {
        if (st.parts >= st.limits.max_parts) {
          st.note("part limit reached");
          break;
        }
        p.parts.push_back(parse_entity(sub, depth + 1, st, child_default));
      }
      p.size = static_cast<std::int64_t>(body.size());
      return p;
    }
  }

  if (p.content_type == "message/rfc822" || p.content_type == "message/global") {
    std::string inner = decode_body(body, cte);
    p.size = static_cast<std::int64_t>(inner.size());
    if (depth >= st.limits.max_depth) {
      st.note("nesting limit reached");
    } else if (st.parts < st.limits.max_parts) {
      p.parts.push_back(parse_entity(inner, depth + 1, st, "text/plain"));
    }
    return p;
  }

  bool keep = p.content_type.rfind("text/", 0) == 0 || text_like(p.content_type, p.filename);
  if (!keep) {
    p.size = cte == "base64" ? base64_size(body)
                             : static_cast<std::int64_t>(decode_body(body, cte).size());
    return p;
  }
  p.content = decode_body(body, cte);
  p.size = static_cast<std::int64_t>(p.content.size());
  if (p.content.size() > st.limits.max_html_bytes) {
    p.content.resize(st.limits.max_html_bytes);
    p.content_complete = false;
    st.note("text part truncated");
  }
  return p;
}

}  // namespace

std::string MimePart::charset() const {
  auto it = params.find("charset");
  return it == params.end() ? std::string() : it->second;
}

bool text_like(std::string_view type, std::string_view filename) {
  static constexpr std::string_view kTypes[] = {"text/plain",
                                                "text/csv",
                                                "text/x-csv",
                                                "text/x-log",
                                                "text/tab-separated-values",
                                                "text/markdown",
                                                "text/x-markdown",
                                                "application/csv",
                                                "application/json"};
  for (auto t : kTypes)
    if (type == t) return true;
  std::size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext = lower_trim(filename.substr(dot + 1));
  return ext == "txt" || ext == "csv" || ext == "log" || ext == "tsv" || ext == "md" ||
         ext == "json";
}

MimePart parse_mime_tree(std::string_view raw, const MimeLimits& limits,
                         std::vector<std::string>* notes) {
  TreeState st{limits, notes};
  if (raw.size() > limits.max_message_bytes) {
    raw = raw.substr(0, limits.max_message_bytes);
    st.note("message truncated to the size limit");
  }
  return parse_entity(raw, 0, st, "text/plain");
}

}  // namespace fte::channels::email
