#include "agent/format/channel_format.h"

#include <cctype>

#include "agent/judgement/text.h"

namespace fte::agent {

namespace {

bool space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Start of the UTF-8 character that contains byte i.
std::size_t utf8_floor(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

std::string first_name(const std::string& full) {
  auto sp = full.find(' ');
  return sp == std::string::npos ? full : full.substr(0, sp);
}

std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(s.size());
  std::size_t start = 0;
  for (auto pos = s.find(from); pos != std::string_view::npos; pos = s.find(from, start)) {
    out.append(s.substr(start, pos - start));
    out.append(to);
    start = pos + from.size();
  }
  out.append(s.substr(start));
  return out;
}

// [text](url) → "text (url)"
std::string inline_links(std::string s) {
  std::size_t pos = 0;
  while ((pos = s.find('[', pos)) != std::string::npos) {
    auto close = s.find("](", pos);
    auto nl = s.find('\n', pos);
    if (close == std::string::npos || (nl != std::string::npos && close > nl)) break;
    auto end = s.find(')', close);
    if (end == std::string::npos || (nl != std::string::npos && end > nl)) break;
    std::string label = s.substr(pos + 1, close - pos - 1);
    std::string url = s.substr(close + 2, end - close - 2);
    std::string repl = label == url ? url : label + " (" + url + ")";
    s.replace(pos, end + 1 - pos, repl);
    pos += repl.size();
  }
  return s;
}

std::string frame(std::string_view body, const ReplyContext& ctx) {
  const std::string name = clean_name(ctx.customer_name);
  const std::string company = ctx.company_name.empty() ? "Support" : ctx.company_name;
  // "Acme" signs as "Acme Support"; a name that already says Support ("Support", "Acme Support")
  // is not doubled.
  const bool says_support = company.size() >= 7 && company.compare(company.size() - 7, 7, "Support") == 0;
  const std::string signature = ctx.signature.empty()
                                    ? "Best regards,\n" + company + (says_support ? "" : " Support")
                                    : ctx.signature;
  const bool wa = ctx.channel == Channel::whatsapp;
  std::string b = normalise_markdown(body, wa);
  std::string out;
  switch (ctx.channel) {
    case Channel::email:
      out = (name.empty() ? "Hello," : "Dear " + name + ",") + "\n\n" + b + "\n\n" +
            "If you have any further questions, simply reply to this email and we will be glad "
            "to help.\n\n" +
            (ctx.ticket_id.empty() ? "" : "Ticket reference: " + ctx.ticket_id + "\n\n") +
            signature;
      break;
    case Channel::webform:
      out = (name.empty() ? "Hello," : "Hi " + first_name(name) + ",") + "\n\n" + b + "\n\n" +
            (ctx.ticket_id.empty() ? "" : "Ticket reference: " + ctx.ticket_id + "\n\n") +
            signature;
      break;
    case Channel::whatsapp:
      out = (name.empty() ? "Hi!" : "Hi " + first_name(name) + "!") + "\n" + b;
      if (ctx.whatsapp_reference && !ctx.ticket_id.empty()) out += "\nRef: " + ctx.ticket_id;
      break;
  }
  return out;
}

}  // namespace

std::string clean_name(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"') continue;
    if (c == '@' || std::isdigit(c) || c == ':' || c == '/' || c == '\\') return {};
    out.push_back(static_cast<char>(c));
  }
  out = text::trim(out);
  // collapse inner runs of spaces
  std::string collapsed;
  for (char c : out)
    if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) collapsed.push_back(c);
  if (collapsed.size() > 60) return {};
  return collapsed;
}

std::string normalise_markdown(std::string_view body, bool whatsapp) {
  std::string out;
  std::size_t start = 0;
  int blank_run = 0;
  while (start <= body.size()) {
    auto nl = body.find('\n', start);
    std::string line(body.substr(start, nl == std::string_view::npos ? body.npos : nl - start));
    while (!line.empty() && (line.back() == '\r' || space(line.back()))) line.pop_back();
    // headings
    std::size_t h = 0;
    while (h < line.size() && line[h] == '#') ++h;
    if (h > 0 && h < line.size() && line[h] == ' ') line = line.substr(h + 1);
    if (line == "---" || line == "***") line.clear();
    // "* item" bullets become "- item" (a leading '*' would read as bold on WhatsApp)
    if (auto ind = line.find_first_not_of(' ');
        ind != std::string::npos && line.compare(ind, 2, "* ") == 0)
      line[ind] = '-';
    line = replace_all(line, "**", whatsapp ? "*" : "");
    line = replace_all(line, "`", "");
    line = inline_links(line);
    if (line.empty()) {
      if (!out.empty() && blank_run == 0) out += "\n";
      ++blank_run;
    } else {
      blank_run = 0;
      out += line;
      out += "\n";
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return text::trim(out);
}

std::vector<std::string> split_messages(std::string_view input, std::size_t soft,
                                        std::size_t hard) {
  struct Unit {
    std::string text;
    bool new_line;
  };
  std::vector<Unit> units;
  std::size_t start = 0;
  while (start <= input.size()) {
    auto nl = input.find('\n', start);
    auto line = input.substr(start, nl == std::string_view::npos ? input.npos : nl - start);
    bool first = true;
    for (auto& s : text::sentences(line)) {
      units.push_back({std::move(s), first});
      first = false;
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  std::vector<std::string> parts;
  std::string cur;
  // Where the last unit of `cur` begins, when it introduces what follows: a line ending in a colon
  // ("Also:", "Steps:") or a short question opening its line ("Still stuck?" before "Reply and a
  // teammate ..."). A part never ends on one; it moves to the next part with what it introduces.
  std::size_t lead_in = std::string::npos;
  auto introduces = [](const Unit& u) {
    if (!u.new_line || u.text.empty()) return false;
    if (u.text.back() == ':') return true;
    return u.text.back() == '?' && text::word_count(u.text) <= 4;
  };
  auto flush = [&] {
    if (!cur.empty()) parts.push_back(std::move(cur));
    cur.clear();
    lead_in = std::string::npos;
  };
  for (auto& u : units) {
    std::string_view sep = cur.empty() ? "" : (u.new_line ? "\n" : " ");
    if (cur.size() + sep.size() + u.text.size() <= soft) {
      const std::size_t at = cur.size() + sep.size();
      cur += sep;
      cur += u.text;
      lead_in = at > 0 && introduces(u) ? at : std::string::npos;
      continue;
    }
    if (lead_in != std::string::npos) {
      std::string carried = cur.substr(lead_in);
      cur.resize(lead_in - 1);  // drop the line break before it
      flush();
      if (carried.size() + 1 + u.text.size() <= soft) {
        cur = std::move(carried);
        cur += u.new_line ? '\n' : ' ';
        cur += u.text;
        continue;
      }
      parts.push_back(std::move(carried));
    }
    flush();
    if (u.text.size() <= soft) {
      cur = u.text;
      continue;
    }
    // A sentence longer than a message: split between words.
    std::string_view rest = u.text;
    while (!rest.empty()) {
      if (rest.size() <= soft) {
        cur = std::string(rest);
        break;
      }
      std::size_t cut = rest.rfind(' ', soft);
      if (cut == std::string_view::npos || cut == 0) {
        // one word longer than a message (a long URL): keep it whole up to the hard limit
        cut = rest.find(' ');
        if (cut == std::string_view::npos) cut = rest.size();
        if (cut > hard) cut = utf8_floor(rest, hard);
      }
      parts.emplace_back(text::trim(rest.substr(0, cut)));
      rest = rest.substr(cut);
      while (!rest.empty() && space(rest.front())) rest.remove_prefix(1);
    }
  }
  flush();
  return parts;
}

FormattedReply format_reply(std::string_view body, const ReplyContext& ctx) {
  FormattedReply r;
  std::string full = frame(body, ctx);
  if (ctx.channel == Channel::whatsapp) {
    r.parts = split_messages(full);
  } else {
    r.parts.push_back(std::move(full));
  }
  for (const auto& p : r.parts) {
    r.words += text::word_count(p);
    r.chars += p.size();
  }
  switch (ctx.channel) {
    case Channel::email:
      r.within_limits = r.words <= kEmailMaxWords;
      break;
    case Channel::webform:
      r.within_limits = r.words <= kWebMaxWords;
      break;
    case Channel::whatsapp: {
      r.within_limits = r.chars <= kWhatsAppMaxChars;
      for (const auto& p : r.parts)
        r.within_limits = r.within_limits && p.size() <= kWhatsAppHardPartChars;
      break;
    }
  }
  return r;
}

std::string shorten_to_fit(std::string_view body, const ReplyContext& ctx) {
  std::string b(body);
  if (format_reply(b, ctx).within_limits) return b;
  // Sentences with the break that came before each: drop them from the end and join the rest
  // with their own breaks, so a line of two sentences ("Not what you need? Reply ...") stays one
  // line and paragraphs stay paragraphs.
  struct Piece {
    std::string text;
    std::string_view before;  // "" for the first, " " inside a line, "\n" or "\n\n" across
  };
  const std::string normal = normalise_markdown(b, ctx.channel == Channel::whatsapp);
  std::vector<Piece> pieces;
  std::size_t breaks = 0;
  for (std::size_t start = 0; start <= normal.size();) {
    std::size_t nl = normal.find('\n', start);
    std::string_view line(normal.data() + start,
                          (nl == std::string::npos ? normal.size() : nl) - start);
    bool first_of_line = true;
    for (auto& sentence : text::sentences(line)) {
      std::string_view before = pieces.empty()  ? std::string_view()
                                : !first_of_line ? std::string_view(" ")
                                : breaks > 1     ? std::string_view("\n\n")
                                                 : std::string_view("\n");
      pieces.push_back({std::move(sentence), before});
      first_of_line = false;
    }
    breaks = pieces.empty() || !first_of_line ? 1 : breaks + 1;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  while (pieces.size() > 1) {
    pieces.pop_back();
    std::string joined;
    for (const auto& p : pieces) (joined += p.before) += p.text;
    if (format_reply(joined, ctx).within_limits) return joined;
  }
  // One sentence too long on its own: cut it between words.
  std::string one = pieces.empty() ? std::string() : pieces.front().text;
  while (!one.empty() && !format_reply(one, ctx).within_limits) {
    auto sp = one.rfind(' ', one.size() * 9 / 10);
    one.resize(sp == std::string::npos ? utf8_floor(one, one.size() * 9 / 10) : sp);
  }
  return one;
}

}  // namespace fte::agent
