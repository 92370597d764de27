// Output guardrails (spec V hard constraints): every reply that send_response would deliver is
// checked sentence by sentence before it is formatted for its channel.
//
//   rule             what trips it
//   price            currency amounts ($12, €5, 5 €, USD 10, 10 dollars, 12/month), price words
//                    (price, pricing, discount, "quote for"), "% off", "months free"
//   refund_promise   any talk of refunds (refund, reimburse, money back, chargeback, credit your
//                    account): the agent never processes or promises refunds
//   internal_detail  system internals (database, SQL, queue, Kafka, prompt, language model, tool
//                    names such as send_response, ...), unless the term appears in the public
//                    documentation retrieved for this run (then it is public, not internal);
//                    tool names and prompts are never allowed
//   competitor       configured competitor names and comparative talk ("competitor", "better
//                    than", "switch from"), unless the retrieved documentation says it too
//
// A violation names the rule, the offending sentence (so an engine can drop or rewrite it) and
// the matched evidence. Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fte::agent {

struct Violation {
  std::string rule;      // price|refund_promise|internal_detail|competitor|too_long
  std::string sentence;  // the offending sentence as written (empty for too_long)
  std::string evidence;  // the matched term
};

struct ReplyCheckOptions {
  std::vector<std::string> competitor_names;  // case-insensitive whole-phrase matches
  std::string public_text;  // the documentation passages retrieved in this run (any case)
};

std::vector<Violation> check_reply(std::string_view message, const ReplyCheckOptions& opts);
// The same; `read_public_text` tells whether opts.public_text was consulted (a sentence used an
// internal, comparative or competitor term): when it was not and there are no competitor names,
// the answer depends on `message` alone (so an engine may remember it for knowledge-base text).
std::vector<Violation> check_reply(std::string_view message, const ReplyCheckOptions& opts,
                                   bool& read_public_text);

// While a ReplyCheckMemo lives on this thread (one per SupportAgent run, like text::StemMemo),
// check_reply remembers the outcome of every sentence whose outcome depends on its text alone (no
// competitor names configured, no first word of an internal or comparative term in it), so the
// reply checked when composed and again by send_response is read once. Nothing outlives the run
// (the customer's and the reply's words are not kept). Nested ones: the outermost is used. Not
// thread-safe (one per thread); never throws except std::bad_alloc.
class ReplyCheckMemo {
 public:
  ReplyCheckMemo();
  ~ReplyCheckMemo();
  ReplyCheckMemo(const ReplyCheckMemo&) = delete;
  ReplyCheckMemo& operator=(const ReplyCheckMemo&) = delete;
  // Sentences answered from the memo on this thread so far (for tests).
  std::size_t hits() const;

 private:
  bool owner_;
};

// Single-sentence detectors (exposed for tests); each returns the evidence or "".
std::string find_currency_amount(std::string_view sentence);
std::string find_price_talk(std::string_view sentence);
std::string find_refund_promise(std::string_view sentence);

}  // namespace fte::agent
