#include "agent/runtime/tool.h"

#include <boost/json.hpp>

#include "agent/runtime/json_schema.h"
#include "core/clock.h"
#include "core/error.h"

namespace fte::agent {

namespace json = boost::json;

namespace {

json::value error_content(const std::string& code, const std::string& message) {
  return json::object{{"ok", false}, {"error", code}, {"message", message}};
}

}  // namespace

void ToolBox::add(Tool t) {
  if (shared_) throw std::logic_error("ToolBox::add after add_all");
  own_.push_back(std::move(t.spec));
  handlers_.push_back(std::move(t.handler));
}

void ToolBox::add_all(const std::vector<ToolSpec>& specs, std::vector<Handler> handlers) {
  if (!handlers_.empty() || handlers.size() != specs.size())
    throw std::logic_error("ToolBox::add_all needs an empty box and one handler per spec");
  shared_ = &specs;
  handlers_ = std::move(handlers);
}

ToolResult ToolBox::invoke(const ToolCall& call, int turn, const std::string& caller) {
  const auto t0 = monotonic_us();
  ToolResult r;
  r.call_id = call.id;
  r.name = call.name;
  // Records the span and sets r; the caller returns r itself (moved out, not a copy of its content).
  auto finish = [&](std::string status, json::value content) {
    r.status = std::move(status);
    r.content = std::move(content);
    Span s;
    s.tool = call.name;
    s.call_id = call.id;
    s.caller = caller;
    s.turn = turn;
    s.args = call.arguments;
    s.result = r.content;
    s.latency_us = monotonic_us() - t0;
    s.status = r.status;
    trace_.add_span(std::move(s));
  };

  const auto& specs = this->specs();
  std::size_t tool = specs.size();
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (specs[i].name == call.name) tool = i;  // the last of a name, as before
  if (tool == specs.size()) {
    finish("unknown_tool", error_content("unknown_tool", "no tool named " + call.name));
    return r;
  }
  if (!call.arguments_error.empty()) {
    finish("invalid_args", error_content("invalid_args", call.arguments_error));
    return r;
  }
  if (auto err = validate_args(specs[tool].parameters, call.arguments)) {
    finish("invalid_args", error_content("invalid_args", *err));
    return r;
  }
  try {
    json::value v = handlers_[tool](call.arguments);
    if (v.is_object() && !v.get_object().contains("ok")) v.get_object()["ok"] = true;
    if (!v.is_object()) v = json::object{{"ok", true}, {"value", v}};
    finish("ok", std::move(v));
  } catch (const ToolError& e) {
    auto content = error_content(e.code(), e.what());
    for (const auto& [k, v] : e.details()) content.get_object()[k] = v;
    finish(e.status(), std::move(content));
  } catch (const Error& e) {
    finish("error", error_content(to_string(e.kind()), e.what()));
    if (e.retryable()) throw;
  } catch (const std::exception& e) {
    finish("error", error_content("internal", e.what()));
  }
  return r;
}

}  // namespace fte::agent
