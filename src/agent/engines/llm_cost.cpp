#include "agent/engines/llm_cost.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/clock.h"
#include "ops/log.h"
#include "store/store.h"

namespace fte::agent {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

double price(std::string_view entry, std::string_view v) {
  try {
    std::size_t pos = 0;
    std::string s(trim(v));
    double x = std::stod(s, &pos);
    if (pos != s.size() || !(x >= 0) || x > 1e6) throw std::invalid_argument("range");
    return x;
  } catch (const std::exception&) {
    throw std::invalid_argument("bad price in '" + std::string(entry) +
                                "' (expected MODEL=IN/OUT, USD per 1M tokens)");
  }
}

constexpr std::int64_t kDayMs = 86'400'000;

}  // namespace

PriceTable PriceTable::builtin() {
  // OpenAI list prices (USD per 1M tokens, standard tier), as published when this was written.
  // FTE_LLM_PRICES overrides any of them; check your provider's current prices.
  PriceTable t;
  t.prices_ = {
      {"gpt-4o-mini", {0.15, 0.60}},  {"gpt-4o", {2.50, 10.00}},
      {"gpt-4.1", {2.00, 8.00}},      {"gpt-4.1-mini", {0.40, 1.60}},
      {"gpt-4.1-nano", {0.10, 0.40}}, {"gpt-3.5-turbo", {0.50, 1.50}},
  };
  return t;
}

PriceTable PriceTable::parse(std::string_view spec) {
  PriceTable t = builtin();
  std::size_t b = 0;
  while (b <= spec.size()) {
    auto e = spec.find(',', b);
    if (e == std::string_view::npos) e = spec.size();
    std::string_view entry = trim(spec.substr(b, e - b));
    b = e + 1;
    if (entry.empty()) {
      if (e == spec.size()) break;
      continue;
    }
    auto eq = entry.find('=');
    auto slash = entry.find('/', eq == std::string_view::npos ? 0 : eq);
    if (eq == std::string_view::npos || slash == std::string_view::npos)
      throw std::invalid_argument("bad entry '" + std::string(entry) +
                                  "' (expected MODEL=IN/OUT, USD per 1M tokens)");
    std::string model(trim(entry.substr(0, eq)));
    if (model.empty()) throw std::invalid_argument("no model name in '" + std::string(entry) + "'");
    t.prices_[model] = {price(entry, entry.substr(eq + 1, slash - eq - 1)),
                        price(entry, entry.substr(slash + 1))};
  }
  return t;
}

const ModelPrice* PriceTable::find(std::string_view model) const {
  if (auto it = prices_.find(std::string(model)); it != prices_.end()) return &it->second;
  const ModelPrice* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& [name, p] : prices_) {
    // "gpt-4o-mini-2024-07-18" → "gpt-4o-mini" (a prefix followed by '-' or ':').
    if (name.size() < model.size() && model.substr(0, name.size()) == name &&
        (model[name.size()] == '-' || model[name.size()] == ':') && name.size() > best_len) {
      best = &p;
      best_len = name.size();
    }
  }
  return best;
}

double PriceTable::cost_usd(std::string_view model, std::int64_t tokens_in,
                            std::int64_t tokens_out) const {
  const ModelPrice* p = find(model);
  if (!p) return 0;
  return (static_cast<double>(tokens_in) * p->input_per_million +
          static_cast<double>(tokens_out) * p->output_per_million) /
         1e6;
}

SharedSpend shared_spend_in(Store& store) {
  return [&store](std::int64_t day, std::int64_t micro_usd) {
    return store.add_to_counter("llm_spend", day * kDayMs, micro_usd, (day + 2) * kDayMs, true);
  };
}

DailyBudget::DailyBudget(double limit_usd, const Clock& clock, SharedSpend shared, int refresh_ms)
    : limit_(limit_usd > 0 ? limit_usd : 0),
      clock_(clock),
      shared_(std::move(shared)),
      refresh_ms_(std::max(0, refresh_ms)) {}

void DailyBudget::roll() const {
  const std::int64_t ms = clock_.now_ms();
  const std::int64_t day = ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs;
  if (day != day_) {
    day_ = day;
    spent_ = 0;
    shared_micro_ = -1;
    pending_micro_ = 0;
    synced_at_ms_ = 0;
  }
}

void DailyBudget::sync(std::int64_t add_micro) const {
  std::int64_t day, amount;
  {
    std::lock_guard lk(mu_);
    roll();
    pending_micro_ += add_micro;
    day = day_;
    amount = pending_micro_;
  }
  try {
    const std::int64_t total = shared_(day, amount);
    std::lock_guard lk(mu_);
    roll();
    if (day_ != day) return;  // midnight passed meanwhile
    pending_micro_ -= amount;
    shared_micro_ = total;
    synced_at_ms_ = clock_.now_ms();
    warned_ = false;
  } catch (const std::exception& e) {
    std::lock_guard lk(mu_);
    synced_at_ms_ = clock_.now_ms();  // not again before refresh_ms
    if (!warned_) ops::warn("the shared LLM budget is unreachable; counting this process alone", {},
                            {{"error", e.what()}});
    warned_ = true;
  }
}

bool DailyBudget::exhausted() const {
  if (limit_ <= 0) return false;
  if (shared_) {
    bool stale;
    {
      std::lock_guard lk(mu_);
      roll();
      stale = shared_micro_ < 0 || clock_.now_ms() - synced_at_ms_ >= refresh_ms_;
    }
    if (stale) sync(0);
  }
  return spent_today() >= limit_;
}

void DailyBudget::add(double usd) {
  if (!(usd > 0)) return;
  {
    std::lock_guard lk(mu_);
    roll();
    spent_ += usd;
  }
  if (shared_) sync(static_cast<std::int64_t>(std::llround(usd * 1e6)));
}

double DailyBudget::spent_today() const {
  std::lock_guard lk(mu_);
  roll();
  if (!shared_ || shared_micro_ < 0) return spent_;
  return std::max(spent_, static_cast<double>(shared_micro_ + pending_micro_) / 1e6);
}

}  // namespace fte::agent
