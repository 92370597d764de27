#include "channels/email/reply_text.h"

#include <array>
#include <cctype>
#include <vector>

namespace fte::channels::email {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(p[i])))
      return false;
  return true;
}

bool ends_with_ci(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && starts_with_ci(s.substr(s.size() - p.size()), p);
}

std::vector<std::string_view> split_lines(std::string_view t) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= t.size()) {
    std::size_t nl = t.find('\n', pos);
    std::string_view line =
        t.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines;
}

// The endings of an attribution line introducing a quoted reply, in the languages we meet most.
constexpr std::array<std::string_view, 9> kWrote = {
    "wrote:",    "writes:",  "a écrit :", "a écrit:",   "schrieb:",
    "escribió:", "scritto:", "escreveu:", "geschreven:"};
constexpr std::array<std::string_view, 6> kAttributionStarts = {"On ", "Le ", "Am ",
                                                                "El ", "Il ", "Em "};

bool ends_with_wrote(std::string_view line) {
  for (auto w : kWrote)
    if (ends_with_ci(line, w)) return true;
  return false;
}

bool starts_attribution(std::string_view line) {
  for (auto s : kAttributionStarts)
    if (starts_with_ci(line, s)) return true;
  return false;
}

// "On Tue, Jan 6, 2026 at 9:12 AM Jane Doe <jane@example.com> wrote:" — possibly wrapped over up
// to three lines by the sender's client.
bool attribution_at(const std::vector<std::string_view>& lines, std::size_t i) {
  std::string_view first = trim(lines[i]);
  if (!starts_attribution(first) || first.size() > 400) return false;
  std::string joined(first);
  for (std::size_t k = i; k < lines.size() && k < i + 3; ++k) {
    if (k > i) {
      std::string_view next = trim(lines[k]);
      if (next.empty()) return false;
      joined += ' ';
      joined += next;
    }
    if (ends_with_wrote(joined)) return true;
  }
  return false;
}

// Outlook: "-----Original Message-----", or a "From:" line followed closely by "Sent:"/"Date:" and
// "To:"/"Subject:" (optionally after a "____" rule).
bool outlook_block_at(const std::vector<std::string_view>& lines, std::size_t i) {
  std::string_view l = trim(lines[i]);
  if (starts_with_ci(l, "-----Original Message-----") ||
      starts_with_ci(l, "----- Original Message") ||
      starts_with_ci(l, "-------- Original Message") ||
      starts_with_ci(l, "Begin forwarded message:"))
    return true;
  std::size_t from = i;
  if (l.size() >= 10 && l.find_first_not_of('_') == std::string_view::npos) {
    from = i + 1;
    while (from < lines.size() && from <= i + 3 && trim(lines[from]).empty()) ++from;
    if (from >= lines.size()) return false;
  }
  std::string_view f = trim(lines[from]);
  if (!starts_with_ci(f, "From:") && !starts_with_ci(f, "*From:*")) return false;
  bool sent = false, to = false;
  for (std::size_t k = from + 1; k < lines.size() && k <= from + 5; ++k) {
    std::string_view t = trim(lines[k]);
    if (starts_with_ci(t, "Sent:") || starts_with_ci(t, "Date:") || starts_with_ci(t, "*Sent:*"))
      sent = true;
    if (starts_with_ci(t, "To:") || starts_with_ci(t, "Subject:") || starts_with_ci(t, "*To:*"))
      to = true;
  }
  return sent && to;
}

bool device_footer(std::string_view l) {
  static constexpr std::string_view kFooters[] = {
      "Sent from my iPhone",   "Sent from my iPad",    "Sent from my Android",
      "Sent from my Samsung",  "Sent from my Galaxy",  "Sent from Mail for Windows",
      "Sent from Outlook",     "Get Outlook for iOS",  "Get Outlook for Android",
      "Sent from Yahoo Mail",  "Sent from my mobile",  "Sent from my phone",
      "Sent with Proton Mail", "Envoyé de mon iPhone", "Von meinem iPhone gesendet"};
  for (auto f : kFooters)
    if (starts_with_ci(l, f) && l.size() < f.size() + 40) return true;
  return false;
}

}  // namespace

std::string tidy_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  int blank = 0;
  for (std::string_view line : split_lines(text)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) {
      ++blank;
      continue;
    }
    if (!out.empty()) out += blank > 0 ? "\n\n" : "\n";
    blank = 0;
    out.append(line);
  }
  return out;
}

std::string strip_quoted_reply(std::string_view text) {
  auto lines = split_lines(text);
  std::size_t cut = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = trim(lines[i]);
    if (lines[i] == "-- " || l == "--" || l == "-- " || device_footer(l) ||
        attribution_at(lines, i) || outlook_block_at(lines, i)) {
      cut = i;
      break;
    }
  }
  std::string kept;
  for (std::size_t i = 0; i < cut; ++i) {
    std::string_view l = lines[i];
    std::string_view t = trim(l);
    if (!t.empty() && t.front() == '>') continue;  // quoted text interleaved with the answer
    kept.append(l);
    kept.push_back('\n');
  }
  std::string out = tidy_text(kept);
  if (out.empty()) return tidy_text(text);
  return out;
}

}  // namespace fte::channels::email
