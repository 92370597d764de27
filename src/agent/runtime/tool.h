// Tools the agent can call, and the ToolBox that runs them.
//
// A Tool is a name, a description, a JSON schema of its parameters and a handler taking the
// (validated) argument object and returning a JSON result. ToolBox::invoke never lets a bad call
// crash the run: an unknown tool, arguments that are not a JSON object or do not match the
// schema, a refusal (ToolError) or any exception from the handler become an error result
// {"ok": false, "error": <code>, "message": <text>} that the engine sees and can react to.
// The one exception is a retryable fte::Error (store down or busy): it propagates, so the bus
// retries the whole event instead of answering from half a run.
// Every invocation is recorded as a span in the run's Trace (sanitised arguments and result,
// latency in µs, status).
// Not thread-safe: one ToolBox belongs to one run.
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "agent/runtime/trace.h"

namespace fte::agent {

// What an engine sees of a tool (a model receives these as function definitions).
struct ToolSpec {
  std::string name;
  std::string description;
  boost::json::object parameters;  // JSON schema of the argument object
};

struct Tool {
  ToolSpec spec;
  std::function<boost::json::value(const boost::json::object& args)> handler;
};

// Thrown by a handler to refuse or fail a call with a code the engine can act on.
// status: "refused" (a rule of the runtime said no) or "error" (the call failed).
class ToolError : public std::runtime_error {
 public:
  ToolError(std::string status, std::string code, std::string message,
            boost::json::object details = {})
      : std::runtime_error(std::move(message)),
        status_(std::move(status)),
        code_(std::move(code)),
        details_(std::move(details)) {}
  const std::string& status() const noexcept { return status_; }
  const std::string& code() const noexcept { return code_; }
  const boost::json::object& details() const noexcept {
    return details_;
  }  // merged into the result

 private:
  std::string status_, code_;
  boost::json::object details_;
};

// One call requested by an engine. A model sends arguments as JSON text: when it does not parse
// into an object, the engine leaves `arguments` empty and sets `arguments_error`.
struct ToolCall {
  std::string id;
  std::string name;
  boost::json::object arguments;
  std::string arguments_error;
  std::string raw_arguments;  // the text a model sent, when it did not parse (replayed to it)
};

struct ToolResult {
  std::string call_id;
  std::string name;
  std::string status;          // ok|invalid_args|refused|error|unknown_tool
  boost::json::value content;  // what the engine reads (always an object with "ok")
  bool ok() const { return status == "ok"; }
};

class ToolBox {
 public:
  using Handler = std::function<boost::json::value(const boost::json::object& args)>;
  explicit ToolBox(Trace& trace) : trace_(trace) {}
  ToolBox(const ToolBox&) = delete;
  ToolBox& operator=(const ToolBox&) = delete;
  void add(Tool t);
  // Tools whose specs are kept elsewhere for the life of the box (e.g. built once per process):
  // handlers[i] runs specs[i]. Only on an empty box; nothing is copied.
  void add_all(const std::vector<ToolSpec>& specs, std::vector<Handler> handlers);
  const std::vector<ToolSpec>& specs() const { return shared_ ? *shared_ : own_; }
  // caller: "engine" or "runtime" (recorded on the span).
  ToolResult invoke(const ToolCall& call, int turn, const std::string& caller = "engine");

 private:
  Trace& trace_;
  std::vector<ToolSpec> own_;                       // specs of add()
  const std::vector<ToolSpec>* shared_ = nullptr;  // specs of add_all()
  std::vector<Handler> handlers_;                   // handlers_[i] runs specs()[i]
};

}  // namespace fte::agent
