#include "channels/whatsapp/reply_parts.h"

namespace fte::channels::whatsapp {

namespace {

bool is_cont(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t units_of_lead(char c) {
  return (static_cast<unsigned char>(c) & 0xF8) == 0xF0 ? 2 : 1;  // 4-byte sequence → surrogate pair
}

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(" \n\t");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \n\t");
  return s.substr(b, e - b + 1);
}

// Byte offset of the end of the longest prefix of `s` that is at most `max_units` long.
std::size_t prefix_bytes(std::string_view s, std::size_t max_units) {
  std::size_t units = 0, i = 0;
  while (i < s.size()) {
    if (!is_cont(s[i])) {
      auto u = units_of_lead(s[i]);
      if (units + u > max_units) break;
      units += u;
    }
    ++i;
  }
  while (i < s.size() && i > 0 && is_cont(s[i])) --i;  // never end inside a character
  return i;
}

// The best place to cut the rest of the text, whose first `limit` bytes fit: `window` is those
// bytes plus the next one (so a boundary right after the limit counts). Returns the end of the
// piece to emit, at most `limit`.
std::size_t best_cut(std::string_view window, std::size_t limit) {
  auto floor = limit / 3;  // avoid tiny fragments
  if (auto p = window.rfind("\n\n"); p != std::string_view::npos && p >= floor) return p;
  if (auto p = window.rfind('\n'); p != std::string_view::npos && p >= floor) return p;
  for (std::size_t i = window.size(); i-- > 1;) {
    char c = window[i - 1];
    if ((c == '.' || c == '!' || c == '?') && (window[i] == ' ' || window[i] == '\n')) {
      if (i >= floor) return i;
      break;
    }
  }
  if (auto p = window.rfind(' '); p != std::string_view::npos && p > 0) return p;
  return limit;
}

}  // namespace

std::size_t utf16_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char c : s)
    if (!is_cont(c)) n += units_of_lead(c);
  return n;
}

std::vector<std::string> split_reply(std::string_view text, std::size_t max_units) {
  std::vector<std::string> parts;
  if (max_units == 0) max_units = 1;
  auto rest = trim(text);
  while (!rest.empty()) {
    if (utf16_length(rest) <= max_units) {
      parts.emplace_back(rest);
      break;
    }
    auto limit = prefix_bytes(rest, max_units);
    if (limit == 0) {  // one character wider than the limit (an emoji with max 1): emit it whole
      limit = 1;
      while (limit < rest.size() && is_cont(rest[limit])) ++limit;
    }
    auto cut = best_cut(rest.substr(0, limit + 1), limit);
    auto piece = trim(rest.substr(0, cut));
    if (!piece.empty()) parts.emplace_back(piece);
    rest = trim(rest.substr(cut));
  }
  return parts;
}

}  // namespace fte::channels::whatsapp
