// Shared by the end-to-end tests: a `fte` role as a real process, driven over HTTP.
#pragma once
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "http/client.h"
#include "support/process.h"

namespace fte::testing {

namespace json = boost::json;
using namespace std::chrono_literals;

// A `fte` role started as a real process on a free port with a SQLite database in `dir`.
class Serve {
 public:
  explicit Serve(std::filesystem::path dir, std::map<std::string, std::string> extra = {},
                 std::string role = "serve")
      : dir_(std::move(dir)), port_(free_port()) {
    std::map<std::string, std::string> env = {
        {"FTE_HTTP_PORT", std::to_string(port_)},
        {"FTE_DATABASE_URL", "sqlite://" + (dir_ / "fte.db").string()},
        {"FTE_KB_PATH", std::string(FTE_SOURCE_DIR) + "/data/kb"},
        {"FTE_SUBMIT_RATE_PER_MINUTE", "0"},
    };
    for (auto& [k, v] : extra) env[k] = v;
    proc_ = std::make_unique<FteProcess>(std::vector<std::string>{role}, env, dir_ / (role + "-" + std::to_string(port_) + ".log"));
    ready_ = wait_until([&] { return get("/health").status == 200; }, 30s);
  }
  bool ready() const { return ready_; }
  fte::http::ClientResponse get(const std::string& path,
                                std::vector<std::pair<std::string, std::string>> headers = {}) {
    fte::http::ClientRequest r;
    r.url = url(path);
    r.headers = std::move(headers);
    r.timeout_ms = 5000;
    return client_->send(r);
  }
  fte::http::ClientResponse post(const std::string& path, const std::string& body,
                                 std::vector<std::pair<std::string, std::string>> headers = {}) {
    fte::http::ClientRequest r;
    r.method = "POST";
    r.url = url(path);
    r.body = body;
    r.headers = std::move(headers);
    r.headers.emplace_back("Content-Type", "application/json");
    r.timeout_ms = 5000;
    return client_->send(r);
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  FteProcess& process() { return *proc_; }

 private:
  std::filesystem::path dir_;
  int port_;
  std::unique_ptr<fte::http::HttpClient> client_ = fte::http::make_curl_client();
  std::unique_ptr<FteProcess> proc_;
  bool ready_ = false;
};

inline std::string form(const std::string& email, const std::string& message, const std::string& name = "Ana Lima") {
  return json::serialize(json::object{{"name", name}, {"email", email}, {"subject", "Question"},
                                      {"category", "general"}, {"priority", "low"}, {"message", message}});
}

inline std::string ticket_of(const fte::http::ClientResponse& r) {
  auto v = json::parse(r.body);
  return std::string(v.at("ticket_id").as_string());
}

// Number of outbound (agent) messages on the ticket, or -1 when the status is not readable.
inline int replies(Serve& s, const std::string& id, std::string* body = nullptr) {
  auto r = s.get("/support/ticket/" + id);
  if (r.status != 200) return -1;
  if (body) *body = r.body;
  int n = 0;
  auto v = json::parse(r.body);  // kept alive: a range-for over a temporary's member dangles
  for (const auto& m : v.at("messages").as_array())
    if (m.at("direction").as_string() == "outbound") ++n;
  return n;
}


}  // namespace fte::testing
