#include "store/sqlite/row_ids.h"

#include <array>
#include <cstdint>

#include "core/clock.h"
#include "core/ids.h"

namespace fte::sqlite {

std::string new_row_id() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::array<unsigned char, 16> b{};
  random_bytes(b.data() + 6, 10);
  auto ms = static_cast<std::uint64_t>(now_ms());
  for (int i = 0; i < 6; ++i)
    b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x70);  // version 7
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 9562 variant
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
  }
  return out;
}

}  // namespace fte::sqlite
