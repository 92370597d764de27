#include "core/ids.h"

#include <pthread.h>
#include <sys/random.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "core/clock.h"
#include "core/error.h"

namespace fte {

namespace {

void fill_from_kernel(unsigned char* p, std::size_t n) {
  while (n > 0) {
    ssize_t r = getrandom(p, n, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::internal, "getrandom failed");
    }
    p += r;
    n -= static_cast<std::size_t>(r);
  }
}

// Ids are made several times per request (~100 random bytes per web-form intake): one getrandom(2)
// per 4 KB instead of one per id.
// Each thread keeps its own block; bytes are handed out once and wiped. A forked child must not
// repeat its parent's bytes, so a fork discards every block (the generation moves on).
std::atomic<unsigned> g_fork_generation{0};
struct Pool {
  std::array<unsigned char, 4096> bytes{};
  std::size_t used = 4096;
  unsigned generation = 0;
};

}  // namespace

void random_bytes(void* out, std::size_t n) {
  static const bool registered = [] {
    pthread_atfork(nullptr, nullptr, [] { g_fork_generation.fetch_add(1); });
    return true;
  }();
  (void)registered;
  auto* p = static_cast<unsigned char*>(out);
  thread_local Pool pool;
  if (n > pool.bytes.size() / 4) return fill_from_kernel(p, n);
  unsigned gen = g_fork_generation.load(std::memory_order_relaxed);
  if (pool.generation != gen || pool.used + n > pool.bytes.size()) {
    fill_from_kernel(pool.bytes.data(), pool.bytes.size());
    pool.used = 0;
    pool.generation = gen;
  }
  std::memcpy(p, pool.bytes.data() + pool.used, n);
  std::memset(pool.bytes.data() + pool.used, 0, n);
  pool.used += n;
}

static constexpr char kHex[] = "0123456789abcdef";

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  random_bytes(raw.data(), bytes);
  std::string out(bytes * 2, '0');
  for (std::size_t i = 0; i < bytes; ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    out[2 * i] = kHex[c >> 4];
    out[2 * i + 1] = kHex[c & 15];
  }
  return out;
}

namespace {
// The 8-4-4-4-12 lower-case text of 16 bytes.
std::string uuid_text(const std::array<unsigned char, 16>& b) {
  std::string out(36, '-');
  char* o = out.data();
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++o;  // the '-' already there
    *o++ = kHex[b[i] >> 4];
    *o++ = kHex[b[i] & 15];
  }
  return out;
}
}  // namespace

std::string new_uuid() {
  std::array<unsigned char, 16> b{};
  random_bytes(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  return uuid_text(b);
}

std::string new_time_ordered_id() {
  // The first 60 bits that order ids (milliseconds << 12 | sequence), the last one handed out.
  static std::atomic<std::uint64_t> last{0};
  auto now = static_cast<std::uint64_t>(now_ms()) << 12;
  std::uint64_t prev = last.load(std::memory_order_relaxed);
  std::uint64_t next = 0;
  do {
    next = now > prev ? now : prev + 1;
  } while (!last.compare_exchange_weak(prev, next, std::memory_order_relaxed));
  std::array<unsigned char, 16> b{};
  random_bytes(b.data() + 8, 8);
  auto ms = next >> 12;
  for (std::size_t i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>(0x70 | ((next >> 8) & 0x0f));  // version 7, sequence high
  b[7] = static_cast<unsigned char>(next & 0xff);                   // sequence low
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);          // RFC 9562 variant
  return uuid_text(b);
}

bool is_uuid(std::string_view s) noexcept {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace fte
