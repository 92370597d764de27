// Time behind an interface so tests can drive it. Milliseconds since the Unix epoch everywhere;
// seconds appear only at the edges (Prometheus histograms), converted in one place.
#pragma once
#include <cstdint>
#include <string>

namespace fte {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override;
  static const SystemClock& instance();
};

std::int64_t now_ms();                    // the system clock
std::string iso8601(std::int64_t ms);     // 2026-11-26T19:34:52.123Z
std::int64_t monotonic_us();              // for latency measurement

}  // namespace fte
