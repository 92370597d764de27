// Plain HTTP types: request accessors, response builders, percent-decoding and the router.
#include "http/http.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>

namespace fte::http {

namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits "/a/b/c" into its segments one at a time; a single trailing '/' is ignored, so "/a/" and
// "/a" are the same path.
class SegmentCursor {
 public:
  explicit SegmentCursor(std::string_view path) : rest_(path) {
    if (!rest_.empty() && rest_.front() == '/') rest_.remove_prefix(1);
    if (!rest_.empty() && rest_.back() == '/') rest_.remove_suffix(1);
    done_ = rest_.empty();
  }
  bool done() const noexcept { return done_; }
  std::string_view rest() const noexcept { return done_ ? std::string_view{} : rest_; }
  std::string_view next() noexcept {
    auto slash = rest_.find('/');
    std::string_view seg = rest_.substr(0, slash);
    if (slash == std::string_view::npos) {
      done_ = true;
      rest_ = {};
    } else {
      rest_.remove_prefix(slash + 1);
    }
    return seg;
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

bool is_capture(const std::string& seg) noexcept {
  return seg.size() >= 2 && seg.front() == '{' && seg.back() == '}';
}

// How well a route matched, compared position by position: a literal segment beats a capture,
// a capture beats the "/*" rest (and the end of an exact match ranks like a capture, so "/a" beats
// "/a/*" for the path "/a"). Ranks are packed 4 bits per position, first segment highest.
// Returns -1 when the path does not match. Fills params only when `params` is given.
std::int64_t match_segments(const std::vector<std::string>& segments, std::string_view path,
                            std::vector<std::pair<std::string, std::string>>* params) {
  SegmentCursor cur(path);
  std::int64_t score = 0;
  int shift = 56;
  auto rank = [&](int r) {
    if (shift >= 0) score |= static_cast<std::int64_t>(r) << shift;
    shift -= 4;
  };
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& s = segments[i];
    if (s == "*" && i + 1 == segments.size()) {
      if (params) params->emplace_back("*", std::string(cur.rest()));
      rank(1);
      return score;
    }
    if (cur.done()) return -1;
    std::string_view seg = cur.next();
    if (is_capture(s)) {
      if (seg.empty()) return -1;
      if (params) params->emplace_back(s.substr(1, s.size() - 2), std::string(seg));
      rank(2);
    } else {
      if (seg != s) return -1;
      rank(3);
    }
  }
  if (!cur.done()) return -1;
  rank(2);
  return score;
}

}  // namespace

std::string_view Request::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return {};
}

std::string_view Request::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string_view k = pair.substr(0, eq);
    std::string_view v = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (k == name || url_decode(k, true) == name) return url_decode(v, true);
  }
  return std::nullopt;
}

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

Response Response::error(int status, std::string_view code, std::string_view message,
                         std::string_view field) {
  boost::json::object err;
  err["code"] = code;
  err["message"] = message;
  if (!field.empty()) err["field"] = field;
  boost::json::object root;
  root["error"] = std::move(err);
  return json(status, boost::json::serialize(root));
}

std::string url_decode(std::string_view s, bool form) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(form && c == '+' ? ' ' : c);  // malformed escapes are kept as they are
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!body.empty()) {
    auto amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string_view k = pair.substr(0, eq);
    std::string_view v = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    out.emplace_back(url_decode(k, true), url_decode(v, true));
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Handler h, std::string route_name,
                 Dispatch dispatch) {
  Route r;
  r.dispatch = dispatch;
  r.method = std::move(method);
  SegmentCursor cur(pattern);
  while (!cur.done()) r.segments.emplace_back(cur.next());
  bool literal = true;
  for (const auto& seg : r.segments)
    if (seg.empty() || seg == "*" || is_capture(seg)) literal = false;
  if (literal) {
    // The segments joined by '/': the pattern without the edge slashes SegmentCursor drops.
    std::string_view p = pattern;
    if (!p.empty() && p.front() == '/') p.remove_prefix(1);
    if (!p.empty() && p.back() == '/') p.remove_suffix(1);
    r.literal_path.reserve(p.size() + 1);
    r.literal_path.push_back('/');
    r.literal_path.append(p.data(), p.size());
  }
  r.handler = std::move(h);
  r.name = route_name.empty() ? std::move(pattern) : std::move(route_name);
  routes_.push_back(std::move(r));
}

Router::Match Router::match(Request& req) const {
  Match m;
  // A path spelled exactly as a literal pattern of this method: that route ranks highest (the
  // first one added, as the scan below would choose).
  for (const Route& r : routes_) {
    if (r.literal_path.empty() || r.literal_path != req.path || r.method != req.method) continue;
    req.params.clear();
    m.handler = &r.handler;
    m.dispatch = r.dispatch;
    m.route = r.name;
    return m;
  }
  const Route* best = nullptr;
  std::int64_t best_score = -1;
  const Route* other = nullptr;  // best path match with another method (for 405)
  std::int64_t other_score = -1;
  for (const Route& r : routes_) {
    std::int64_t score = match_segments(r.segments, req.path, nullptr);
    if (score < 0) continue;
    if (r.method == req.method) {
      if (score > best_score) best = &r, best_score = score;
    } else {
      if (score > other_score) other = &r, other_score = score;
      if (m.allow.find(r.method) == std::string::npos) {
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += r.method;
      }
    }
  }
  if (best) {
    req.params.clear();
    match_segments(best->segments, req.path, &req.params);
    m.handler = &best->handler;
    m.dispatch = best->dispatch;
    m.route = best->name;
    m.allow.clear();
    return m;
  }
  if (other) {
    m.path_known = true;
    m.route = other->name;
  }
  return m;
}

}  // namespace fte::http
