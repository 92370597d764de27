// What model calls cost, and the daily budget that caps them (issue 5, "Cost").
//
// PriceTable: USD per one million input and output tokens, per model. Built-in prices for a few
// common OpenAI models (list prices, checked when written: see llm_cost.cpp) are overridden and
// extended by FTE_LLM_PRICES ("gpt-4o-mini=0.15/0.60,my-model=1/2"). A dated or suffixed model
// name ("gpt-4o-mini-2024-07-18") takes the price of the longest known prefix; an unknown model
// costs 0 (the configuration refuses a daily budget for a model without a price).
//
// DailyBudget: the money spent on model calls since the last UTC midnight, shared by every run of
// the process and — with a SharedSpend (the store's durable counter, shared_spend_in) — by every
// agent process on the store, so N replicas together stay within one limit. exhausted() is true
// once spent >= limit (limit 0 = unlimited); the next UTC day starts from 0. With a SharedSpend
// each call's cost is added to the store's counter of the day at once (one upsert per model call,
// which costs far more) and exhausted() re-reads the total at most every refresh_ms; between two
// reads other replicas' spending is not seen, so the overshoot is bounded by what all replicas
// spend in refresh_ms. The store unreachable: the process counts alone and adds what it spent
// meanwhile at the next successful write (logged once per outage).
// Thread-safe (a mutex, never held across a store call). Never throws.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace fte {
class Clock;
class Store;
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

// The day's spend shared by every process: adds `micro_usd` (0 = read) to the total of `day`
// (days since the epoch, UTC) and returns the new total in micro-USD; throws when unreachable.
using SharedSpend = std::function<std::int64_t(std::int64_t day, std::int64_t micro_usd)>;
// The store's durable shared counter "llm_spend" (Store::add_to_counter), one window per UTC day.
SharedSpend shared_spend_in(Store& store);

class DailyBudget {
 public:
  DailyBudget(double limit_usd, const Clock& clock, SharedSpend shared = {}, int refresh_ms = 1000);
  bool exhausted() const;
  void add(double usd);
  double spent_today() const;
  double limit() const { return limit_; }

 private:
  void roll() const;  // starts a new day at UTC midnight; needs mu_
  void sync(std::int64_t add_micro) const;  // with the shared counter; never throws

  const double limit_;
  const Clock& clock_;
  const SharedSpend shared_;
  const int refresh_ms_;
  mutable std::mutex mu_;
  mutable std::int64_t day_ = -1;  // days since the epoch (UTC)
  mutable double spent_ = 0;       // by this process
  mutable std::int64_t shared_micro_ = -1;  // the store's total at the last sync; -1 = unknown
  mutable std::int64_t pending_micro_ = 0;  // spent here, not yet added to the store's counter
  mutable std::int64_t synced_at_ms_ = 0;
  mutable bool warned_ = false;
};

}  // namespace fte::agent
