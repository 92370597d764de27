// Trace of one agent run: a span per tool call (tool, sanitised arguments and result, latency in
// microseconds, status), a record per engine turn (latency, tokens), and named notes (input
// guardrails, knowledge-base scores and threshold, output guardrail trips). Serialised into
// AgentOutcome::trace_json and stored with the run (audit: "log all tool calls with sanitised
// inputs/outputs").
//
// Sanitising (PII masked): every string goes through ops::redact (emails, phone numbers); values of
// keys that hold a person's name or contact ("name", "customer_name", "email", "phone") become
// "[redacted]"; ids that are UUIDs are kept as they are; long strings are cut to 240 bytes and long
// arrays to 20 items.
// Not thread-safe: one Trace belongs to one run. Never throws except std::bad_alloc.
#pragma once
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace fte::agent {

struct Span {
  std::string tool;
  std::string call_id;
  std::string caller;  // "engine" or "runtime"
  int turn = 0;
  boost::json::value args;    // sanitised
  boost::json::value result;  // sanitised
  std::int64_t latency_us = 0;
  std::string status;  // ok|invalid_args|refused|error|unknown_tool
};

struct EngineTurnRecord {
  std::string engine;
  std::string model;  // "" for the local engine
  int turn = 0;
  std::int64_t latency_us = 0;
  std::int64_t tokens_in = 0, tokens_out = 0;
  double cost_usd = 0;
  int tool_calls = 0;
  std::string stop_reason;  // a model's finish_reason
  std::string error;        // empty when the turn succeeded
};

class Trace {
 public:
  void add_span(Span s);  // sanitises args and result
  void add_turn(EngineTurnRecord t);
  void note(const std::string& key, boost::json::value v);  // sanitised; replaces an older note
  const std::vector<Span>& spans() const { return spans_; }
  const std::vector<EngineTurnRecord>& turns() const { return turns_; }
  std::string to_json() const;
  // to_json() by way of one object holding copies of everything (the reference form; to_json()
  // writes the same text piece by piece).
  std::string to_json_copying() const;

  static boost::json::value sanitise(const boost::json::value& v);

 private:
  boost::json::array turns_json() const;

  std::vector<Span> spans_;
  std::vector<EngineTurnRecord> turns_;
  boost::json::object notes_;
};

}  // namespace fte::agent
