// What model calls cost, and the daily budget that caps them (issue 5, "Cost").
//
// PriceTable: USD per one million input and output tokens, per model. Built-in prices for a few
// common OpenAI models (list prices, checked when written: see llm_cost.cpp) are overridden and
// extended by FTE_LLM_PRICES ("gpt-4o-mini=0.15/0.60,my-model=1/2"). A dated or suffixed model
// name ("gpt-4o-mini-2024-07-18") takes the price of the longest known prefix; an unknown model
// costs 0 (the configuration refuses a daily budget for a model without a price).
//
// DailyBudget: the money spent on model calls since the last UTC midnight, shared by every run of
// the process. exhausted() is true once spent >= limit (limit 0 = unlimited); the next UTC day
// starts from 0. Per process: N agent processes may spend up to N x the limit.
// Thread-safe (a mutex; a handful of operations per model call). Never throws.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace fte {
class Clock;
}

namespace fte::agent {

struct ModelPrice {
  double input_per_million = 0;   // USD per 1M prompt tokens
  double output_per_million = 0;  // USD per 1M completion tokens
};

class PriceTable {
 public:
  // The built-in prices, then `spec` ("model=IN/OUT,model=IN/OUT", USD per 1M tokens).
  // Throws std::invalid_argument naming the bad entry.
  static PriceTable parse(std::string_view spec);
  static PriceTable builtin();

  // nullptr when neither the model nor a prefix of it has a price.
  const ModelPrice* find(std::string_view model) const;
  double cost_usd(std::string_view model, std::int64_t tokens_in, std::int64_t tokens_out) const;
  const std::map<std::string, ModelPrice>& prices() const { return prices_; }

 private:
  std::map<std::string, ModelPrice> prices_;
};

class DailyBudget {
 public:
  DailyBudget(double limit_usd, const Clock& clock);
  bool exhausted() const;
  void add(double usd);
  double spent_today() const;
  double limit() const { return limit_; }

 private:
  void roll() const;  // starts a new day at UTC midnight; needs mu_

  const double limit_;
  const Clock& clock_;
  mutable std::mutex mu_;
  mutable std::int64_t day_ = -1;  // days since the epoch (UTC)
  mutable double spent_ = 0;
};

}  // namespace fte::agent
