#include "core/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace fte {

std::int64_t SystemClock::now_ms() const {
  return fte::now_ms();
}
const SystemClock& SystemClock::instance() {
  static const SystemClock c;
  return c;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t monotonic_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string iso8601(std::int64_t ms) {
  std::int64_t secs = ms / 1000;
  const int millis = static_cast<int>(((ms % 1000) + 1000) % 1000);
  constexpr std::int64_t kYear10000 = 253402300800;  // 10000-01-01T00:00:00Z
  if (secs < 0 || secs >= kYear10000) {
    // Outside 1970..9999: the C library's calendar (not on any hot path).
    std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];  // room for any int year GCC's -Wformat-truncation can imagine
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
  }
  // The proleptic Gregorian date of a day count (H. Hinnant's civil_from_days), written digit by
  // digit: every event envelope carries one of these, and gmtime_r + snprintf cost ~4,000
  // instructions.
  const std::int64_t days = secs / 86400;
  int sod = static_cast<int>(secs % 86400);
  const std::int64_t z = days + 719468;
  const std::int64_t era = z / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const auto year =
      static_cast<unsigned>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2));
  std::string out(24, '0');
  auto put = [&out](std::size_t at, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10)
      out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
  };
  put(0, year, 4);
  out[4] = '-';
  put(5, month, 2);
  out[7] = '-';
  put(8, day, 2);
  out[10] = 'T';
  put(11, static_cast<unsigned>(sod / 3600), 2);
  out[13] = ':';
  sod %= 3600;
  put(14, static_cast<unsigned>(sod / 60), 2);
  out[16] = ':';
  put(17, static_cast<unsigned>(sod % 60), 2);
  out[19] = '.';
  put(20, static_cast<unsigned>(millis), 3);
  out[23] = 'Z';
  return out;
}

}  // namespace fte
