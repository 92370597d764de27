#include "core/domain.h"

#include <cctype>

namespace fte {

const char* to_string(Channel c) noexcept {
  switch (c) {
    case Channel::email: return "email";
    case Channel::whatsapp: return "whatsapp";
    case Channel::webform: return "webform";
  }
  return "webform";
}

std::optional<Channel> parse_channel(std::string_view s) noexcept {
  if (s == "email") return Channel::email;
  if (s == "whatsapp") return Channel::whatsapp;
  if (s == "webform" || s == "web_form" || s == "web") return Channel::webform;
  return std::nullopt;
}

const char* to_string(IdentifierType t) noexcept {
  switch (t) {
    case IdentifierType::email: return "email";
    case IdentifierType::phone: return "phone";
    case IdentifierType::whatsapp: return "whatsapp";
  }
  return "email";
}

static std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string normalize_email(std::string_view in) {
  auto s = trim(in);
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= s.size() ||
      s.find('@', at + 1) != std::string_view::npos)
    return {};
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isspace(u) || u < 0x20) return {};
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

std::optional<std::string> normalize_phone(std::string_view in) {
  auto s = trim(in);
  if (s.starts_with("whatsapp:")) s.remove_prefix(9);
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (!plus && digits.starts_with("00")) digits.erase(0, 2);
  if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') return std::nullopt;
  return "+" + digits;
}

}  // namespace fte
