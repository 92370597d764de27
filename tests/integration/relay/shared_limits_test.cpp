// Shared limits (issue 16, item 2): two replicas — two Store instances on one SQLite file or one
// PostgreSQL database — enforce one per-IP form rate limit, one per-customer throttle and one
// daily LLM budget, because the counters live in the store. Each replica alone would allow twice.
#include "agent/engines/llm_cost.h"
#include "channels/webform/rate_limit.h"
#include "core/clock.h"
#include "relay_world.h"

namespace fte::relaytest {
namespace {

using channels::webform::RateLimitOptions;
using channels::webform::shared_window_in;
using channels::webform::SharedWindowLimit;
using channels::webform::SubmitRateLimit;

class FixedClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return t; }
  std::int64_t t = 1'790'000'000'000;  // a fixed instant: no window rolls over mid-test
};

class SharedLimitsTest : public TwoReplicasTest {
 protected:
  FixedClock clock_;
};

TEST_P(SharedLimitsTest, TwoGatewaysShareOneFormRateLimitPerClient) {
  SubmitRateLimit ga(RateLimitOptions{5, 65536, shared_window_in(*a_)}, clock_);
  SubmitRateLimit gb(RateLimitOptions{5, 65536, shared_window_in(*b_)}, clock_);
  int allowed = 0, refused_retry = 0;
  for (int i = 0; i < 10; ++i) {  // a load balancer alternating between the two replicas
    auto d = (i % 2 ? ga : gb).acquire("203.0.113.7");
    if (d.allowed)
      ++allowed;
    else
      refused_retry = d.retry_after_s;
  }
  EXPECT_EQ(allowed, 5) << "the limit is per client for all replicas together";
  EXPECT_GE(refused_retry, 1);
  EXPECT_LE(refused_retry, 60);
  EXPECT_TRUE(ga.acquire("198.51.100.1").allowed) << "another client has its own limit";
}

TEST_P(SharedLimitsTest, TwoGatewaysShareOnePerCustomerThrottle) {
  SharedWindowLimit ga("submit:customer:", 3, 3600 * 1000, shared_window_in(*a_), clock_);
  SharedWindowLimit gb("submit:customer:", 3, 3600 * 1000, shared_window_in(*b_), clock_);
  int allowed = 0;
  for (int i = 0; i < 8; ++i) allowed += (i % 2 ? ga : gb).acquire("ann@example.com").allowed;
  EXPECT_EQ(allowed, 3);
}

TEST_P(SharedLimitsTest, TwoAgentsShareOneDailyLlmBudget) {
  agent::DailyBudget a(1.0, clock_, agent::shared_spend_in(*a_), 0);
  agent::DailyBudget b(1.0, clock_, agent::shared_spend_in(*b_), 0);
  a.add(0.6);
  EXPECT_FALSE(a.exhausted());
  EXPECT_FALSE(b.exhausted());
  b.add(0.6);
  EXPECT_TRUE(b.exhausted()) << "1.2 USD spent by the two together";
  EXPECT_TRUE(a.exhausted()) << "the other replica sees the shared spend";
  EXPECT_NEAR(a.spent_today(), 1.2, 1e-6);
  clock_.t += 86'400'000;  // the next UTC day starts from 0 for both
  EXPECT_FALSE(a.exhausted());
  EXPECT_FALSE(b.exhausted());
}

INSTANTIATE_TEST_SUITE_P(backends, SharedLimitsTest, ::testing::Values("sqlite", "postgres"),
                         param_name);

}  // namespace
}  // namespace fte::relaytest
