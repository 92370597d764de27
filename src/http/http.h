// Plain HTTP types shared by handlers: no Boost.Beast or Asio here (they stay inside
// src/http/server.cpp). A handler receives a Request and a Respond callback, which it must call
// exactly once, from any thread, possibly after the handler returned (e.g. after a group commit).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fte::http {

struct Request {
  std::string method;                                        // "GET", "POST", ...
  std::string target;                                        // as received: path?query
  std::string path;                                          // decoded path, no query
  std::string query;                                         // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_addr;
  std::string request_id;  // X-Request-Id from the client, or generated; echoed in the response
  std::vector<std::pair<std::string, std::string>> params;  // path parameters, e.g. {id}

  std::string_view header(std::string_view lower_name) const;           // "" when absent
  std::string_view param(std::string_view name) const;                  // "" when absent
  std::optional<std::string> query_param(std::string_view name) const;  // percent-decoded
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  // {"error": {"code": code, "message": message[, "field": field]}}
  static Response error(int status, std::string_view code, std::string_view message,
                        std::string_view field = {});
};

// The Request stays valid (and unchanged) until Respond is called; a handler that answers later
// must copy what it needs before responding. Calls after the first are ignored.
using Respond = std::function<void(Response)>;
using Handler = std::function<void(Request&, Respond)>;

// Where the server runs a handler: `worker` (the default) on the bounded worker pool, for anything
// that may block (store, bus, metrics collectors, outbound calls); `io` directly on the I/O thread,
// only for handlers that never block (/health, pages served from memory, CORS preflights).
enum class Dispatch { worker, io };

// Maps (method, path pattern) to handlers. Patterns are literal segments and {name} captures, e.g.
// "/support/ticket/{id}"; a trailing "/*" matches any rest (captured as param "*", possibly empty).
// When several patterns match, the most specific wins (compared segment by segment: literal, then
// capture, then "/*"). A single trailing '/' in the path is ignored.
// Not thread-safe while adding routes; match() is safe once serving starts.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler h, std::string route_name = {},
           Dispatch dispatch = Dispatch::worker);
  struct Match {
    const Handler* handler = nullptr;
    Dispatch dispatch = Dispatch::worker;
    std::string route;        // route name for metrics (the pattern when none given)
    bool path_known = false;  // path exists with another method → 405
    std::string allow;        // when path_known: the methods it accepts, e.g. "GET, POST"
  };
  Match match(Request& req) const;  // fills req.params

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
    std::string name;
    Dispatch dispatch;
    // "/a/b" when every segment is a literal (no capture, no "/*"): a path equal to it is matched
    // by this route ahead of any other (no pattern ranks higher), without the segment-wise scan.
    std::string literal_path;
  };
  std::vector<Route> routes_;
};

// Percent-decoding for paths and form bodies ('+' → space when form=true).
std::string url_decode(std::string_view s, bool form = false);
// application/x-www-form-urlencoded → ordered pairs (decoded).
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

}  // namespace fte::http
