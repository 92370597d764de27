// FakeOpenAi: an OpenAI Chat Completions server for the openai engine's tests, on our HttpServer
// (loopback, port 0). It speaks the documented wire format: POST /v1/chat/completions with a JSON
// body {model, messages, tools, tool_choice}, answered with {id, object: "chat.completion",
// choices: [{index, message: {role: "assistant", content, tool_calls: [{id, type: "function",
// function: {name, arguments: "<JSON string>"}}]}, finish_reason}], usage}, or an error object
// {"error": {message, type, code}} with an HTTP status (and Retry-After when scripted).
//
// Every request is checked (bearer key, content type, model, system message first, the tools as
// functions, every tool message answering an earlier tool call id): what is wrong is collected in
// problems(). Replies come from a script, one step per request; an unscripted request gets 500.
// A step may also park its request (never answer until teardown): a model that times out.
// Thread-safe (handlers run on the server's I/O threads).
#pragma once
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "http/server.h"
#include "ops/metrics.h"

namespace fte::agent::testing {

namespace fj = boost::json;

// A clock the test moves by hand.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t ms = 1'700'000'000'000) : ms_(ms) {}
  std::int64_t now_ms() const override { return ms_.load(); }
  void advance(std::int64_t ms) { ms_ += ms; }

 private:
  std::atomic<std::int64_t> ms_;
};

struct FakeCall {
  std::string name;
  std::string arguments;  // sent verbatim as the JSON string (may be invalid on purpose)
};

// One scripted reply.
struct Step {
  int status = 200;
  std::vector<FakeCall> calls;
  std::string text;
  std::string finish_reason;  // default: tool_calls when there are calls, else stop
  std::string retry_after;    // Retry-After header for error statuses
  bool park = false;          // never answer (until teardown): a timeout
  std::int64_t prompt_tokens = 100, completion_tokens = 20;
};

inline Step calls(std::vector<FakeCall> c) {
  Step s;
  s.calls = std::move(c);
  return s;
}
inline Step call(std::string name, const fj::object& args) {
  return calls({{std::move(name), fj::serialize(args)}});
}
inline Step text(std::string t) {
  Step s;
  s.text = std::move(t);
  return s;
}
inline Step error(int status, std::string retry_after = {}) {
  Step s;
  s.status = status;
  s.retry_after = std::move(retry_after);
  return s;
}
inline Step parked() {
  Step s;
  s.park = true;
  return s;
}

struct SeenRequest {
  fj::object body;
  std::string authorization;
  std::chrono::steady_clock::time_point at;
};

class FakeOpenAi {
 public:
  explicit FakeOpenAi(std::string key = "sk-test", std::string model = "gpt-4o-mini")
      : key_(std::move(key)), model_(std::move(model)) {
    router_.add("POST", "/v1/chat/completions",
                [this](http::Request& req, http::Respond respond) { handle(req, respond); });
    http::ServerOptions o;
    o.bind = "127.0.0.1";
    o.port = 0;
    o.io_threads = 2;
    server_ = std::make_unique<http::HttpServer>(o, router_, metrics_);
    server_->start();
  }
  ~FakeOpenAi() {
    std::vector<http::Respond> parked;
    {
      std::lock_guard lk(mu_);
      parked.swap(parked_);
    }
    for (auto& r : parked) r(http::Response::text(503, "teardown"));
    server_->stop(2000);
  }

  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/v1";
  }

  void script(std::vector<Step> steps) {
    std::lock_guard lk(mu_);
    for (auto& s : steps) steps_.push_back(std::move(s));
  }
  std::size_t requests() const {
    std::lock_guard lk(mu_);
    return seen_.size();
  }
  SeenRequest request(std::size_t i) const {
    std::lock_guard lk(mu_);
    return seen_.at(i);
  }
  std::vector<std::string> problems() const {
    std::lock_guard lk(mu_);
    return problems_;
  }
  std::size_t steps_left() const {
    std::lock_guard lk(mu_);
    return steps_.size();
  }
  // The last tool message of request i, parsed.
  fj::object last_tool_result(std::size_t i) const {
    auto body = request(i).body;
    const auto& msgs = body.at("messages").as_array();
    for (auto it = msgs.rbegin(); it != msgs.rend(); ++it)
      if (it->as_object().at("role") == "tool")
        return fj::parse(it->as_object().at("content").as_string()).as_object();
    return {};
  }

 private:
  void problem(std::string p) { problems_.push_back(std::move(p)); }

  void check(const http::Request& req, const fj::value& v) {
    if (req.header("authorization") != "Bearer " + key_) problem("authorization header");
    if (req.header("content-type").find("application/json") == std::string_view::npos)
      problem("content-type");
    if (!v.is_object()) {
      problem("body is not a JSON object");
      return;
    }
    const auto& o = v.get_object();
    if (!o.contains("model") || o.at("model") != fj::value(model_)) problem("model");
    const auto* msgs = o.if_contains("messages");
    if (!msgs || !msgs->is_array() || msgs->get_array().size() < 2) {
      problem("messages");
      return;
    }
    std::set<std::string> call_ids;
    bool first = true;
    for (const auto& mv : msgs->get_array()) {
      const auto& m = mv.as_object();
      auto role = std::string(m.at("role").as_string());
      if (first && role != "system") problem("first message is not the system message");
      first = false;
      if (role == "assistant") {
        if (auto* tc = m.if_contains("tool_calls"))
          for (const auto& c : tc->as_array()) {
            const auto& co = c.as_object();
            if (co.at("type") != "function") problem("tool call type");
            if (!co.at("function").as_object().at("arguments").is_string())
              problem("tool call arguments must be a JSON string");
            call_ids.insert(std::string(co.at("id").as_string()));
          }
        if (!m.contains("content")) problem("assistant message without content (null allowed)");
      } else if (role == "tool") {
        auto id = m.if_contains("tool_call_id");
        if (!id || !id->is_string() || !call_ids.count(std::string(id->get_string())))
          problem("tool message without a known tool_call_id");
        if (!m.at("content").is_string()) problem("tool content must be a string");
      } else if (role != "user" && role != "system") {
        problem("unknown role " + role);
      }
    }
    const auto* tools = o.if_contains("tools");
    if (!tools || !tools->is_array()) {
      problem("tools");
      return;
    }
    std::set<std::string> names;
    for (const auto& t : tools->get_array()) {
      const auto& to = t.as_object();
      if (to.at("type") != "function") problem("tool type");
      const auto& fn = to.at("function").as_object();
      names.insert(std::string(fn.at("name").as_string()));
      if (!fn.at("parameters").is_object()) problem("tool parameters");
    }
    const std::set<std::string> want = {"create_ticket", "get_customer_history",
                                        "search_knowledge_base", "send_response",
                                        "escalate_to_human"};
    if (names != want) problem("tool names");
  }

  void handle(http::Request& req, http::Respond& respond) {
    fj::error_code ec;
    auto v = fj::parse(req.body, ec);
    Step step;
    {
      std::lock_guard lk(mu_);
      check(req, ec ? fj::value() : v);
      seen_.push_back({v.is_object() ? v.get_object() : fj::object(),
                       std::string(req.header("authorization")), std::chrono::steady_clock::now()});
      if (steps_.empty()) {
        step = error(500);
        problem("unscripted request #" + std::to_string(seen_.size()));
      } else {
        step = std::move(steps_.front());
        steps_.pop_front();
      }
      if (step.park) {
        parked_.push_back(std::move(respond));
        return;
      }
    }
    if (step.status != 200) {
      auto r = http::Response::json(
          step.status, fj::serialize(fj::object{
                           {"error", fj::object{{"message", "scripted failure"},
                                                {"type", step.status == 429 ? "rate_limit_error"
                                                                            : "server_error"},
                                                {"code", nullptr}}}}));
      if (!step.retry_after.empty()) r.headers.emplace_back("Retry-After", step.retry_after);
      respond(std::move(r));
      return;
    }
    fj::object message{{"role", "assistant"}};
    if (step.text.empty())
      message["content"] = nullptr;
    else
      message["content"] = step.text;
    if (!step.calls.empty()) {
      fj::array tcs;
      int n = 0;
      for (const auto& c : step.calls)
        tcs.push_back(
            fj::object{{"id", "call_" + std::to_string(seen_count()) + "_" + std::to_string(++n)},
                       {"type", "function"},
                       {"function", fj::object{{"name", c.name}, {"arguments", c.arguments}}}});
      message["tool_calls"] = std::move(tcs);
    }
    std::string finish = step.finish_reason;
    if (finish.empty()) finish = step.calls.empty() ? "stop" : "tool_calls";
    fj::object body{
        {"id", "chatcmpl-" + std::to_string(seen_count())},
        {"object", "chat.completion"},
        {"created", 1700000000},
        {"model", model_},
        {"choices",
         fj::array{fj::object{{"index", 0}, {"message", message}, {"finish_reason", finish}}}},
        {"usage", fj::object{{"prompt_tokens", step.prompt_tokens},
                             {"completion_tokens", step.completion_tokens},
                             {"total_tokens", step.prompt_tokens + step.completion_tokens}}}};
    respond(http::Response::json(200, fj::serialize(body)));
  }
  std::size_t seen_count() {
    std::lock_guard lk(mu_);
    return seen_.size();
  }

  std::string key_, model_;
  ops::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<http::HttpServer> server_;
  mutable std::mutex mu_;
  std::deque<Step> steps_;
  std::vector<SeenRequest> seen_;
  std::vector<std::string> problems_;
  std::vector<http::Respond> parked_;
};

}  // namespace fte::agent::testing
