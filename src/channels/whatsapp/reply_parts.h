// Splitting a WhatsApp reply into messages that fit Twilio's limit (1,600 characters per message),
// at natural boundaries: a paragraph break, else a line break, else a sentence end, else a space,
// else (one unbroken run) a character boundary. Length is counted in UTF-16 code units, as
// Twilio counts, so an emoji counts 2. WhatsApp formatting (*bold*, _italic_, lists) passes through.
// Pure functions; thread-safe.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fte::channels::whatsapp {

inline constexpr std::size_t kTwilioMaxChars = 1600;
inline constexpr std::size_t kPreferredChars = 300;

std::size_t utf16_length(std::string_view utf8) noexcept;

// Parts in order, each non-empty and at most `max_units` long (trimmed of surrounding blanks).
std::vector<std::string> split_reply(std::string_view text, std::size_t max_units = kTwilioMaxChars);

}  // namespace fte::channels::whatsapp
