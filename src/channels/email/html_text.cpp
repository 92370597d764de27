#include "channels/email/html_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "channels/email/charset.h"

namespace fte::channels::email {

namespace {

constexpr int kMaxQuoteDepth = 8;  // deeper nesting is rendered at this depth (bounds the output)
constexpr std::size_t kMaxQuotedTag = 1024;

struct NamedEntity {
  const char* name;
  char32_t cp;
};
// The references that occur in real mail; the rest of HTML's 2,000 names are rare enough to keep.
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", ' '},     {"copy", 0xA9},    {"reg", 0xAE},      {"trade", 0x2122}, {"hellip", 0x2026},
    {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018},  {"rsquo", 0x2019}, {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"sbquo", 0x201A}, {"bdquo", 0x201E},  {"laquo", 0xAB},   {"raquo", 0xBB},
    {"bull", 0x2022},  {"middot", 0xB7},  {"euro", 0x20AC},   {"pound", 0xA3},   {"yen", 0xA5},
    {"cent", 0xA2},    {"sect", 0xA7},    {"para", 0xB6},     {"deg", 0xB0},     {"plusmn", 0xB1},
    {"times", 0xD7},   {"divide", 0xF7},  {"frac12", 0xBD},   {"frac14", 0xBC},  {"frac34", 0xBE},
    {"iexcl", 0xA1},   {"iquest", 0xBF},  {"shy", 0xAD},      {"zwnj", 0x200C},  {"zwj", 0x200D},
    {"ensp", 0x2002},  {"emsp", 0x2003},  {"thinsp", 0x2009}, {"Agrave", 0xC0},  {"Aacute", 0xC1},
    {"Acirc", 0xC2},   {"Atilde", 0xC3},  {"Auml", 0xC4},     {"Aring", 0xC5},   {"AElig", 0xC6},
    {"Ccedil", 0xC7},  {"Egrave", 0xC8},  {"Eacute", 0xC9},   {"Ecirc", 0xCA},   {"Euml", 0xCB},
    {"Igrave", 0xCC},  {"Iacute", 0xCD},  {"Icirc", 0xCE},    {"Iuml", 0xCF},    {"Ntilde", 0xD1},
    {"Ograve", 0xD2},  {"Oacute", 0xD3},  {"Ocirc", 0xD4},    {"Otilde", 0xD5},  {"Ouml", 0xD6},
    {"Oslash", 0xD8},  {"Ugrave", 0xD9},  {"Uacute", 0xDA},   {"Ucirc", 0xDB},   {"Uuml", 0xDC},
    {"Yacute", 0xDD},  {"szlig", 0xDF},   {"agrave", 0xE0},   {"aacute", 0xE1},  {"acirc", 0xE2},
    {"atilde", 0xE3},  {"auml", 0xE4},    {"aring", 0xE5},    {"aelig", 0xE6},   {"ccedil", 0xE7},
    {"egrave", 0xE8},  {"eacute", 0xE9},  {"ecirc", 0xEA},    {"euml", 0xEB},    {"igrave", 0xEC},
    {"iacute", 0xED},  {"icirc", 0xEE},   {"iuml", 0xEF},     {"ntilde", 0xF1},  {"ograve", 0xF2},
    {"oacute", 0xF3},  {"ocirc", 0xF4},   {"otilde", 0xF5},   {"ouml", 0xF6},    {"oslash", 0xF8},
    {"ugrave", 0xF9},  {"uacute", 0xFA},  {"ucirc", 0xFB},    {"uuml", 0xFC},    {"yacute", 0xFD},
    {"yuml", 0xFF},    {"OElig", 0x152},  {"oelig", 0x153},   {"Scaron", 0x160}, {"scaron", 0x161},
    {"Yuml", 0x178},   {"rarr", 0x2192},  {"larr", 0x2190},   {"check", 0x2713},
};

bool ieq_prefix(std::string_view s, std::size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[pos + i])) != word[i]) return false;
  return true;
}

// Position of the case-insensitive closing tag "</name" at or after pos, or npos.
std::size_t find_close(std::string_view s, std::size_t pos, std::string_view name) {
  while (true) {
    std::size_t lt = s.find("</", pos);
    if (lt == std::string_view::npos) return lt;
    if (ieq_prefix(s, lt + 2, name)) return lt;
    pos = lt + 2;
  }
}

// Accumulates visible text: collapses whitespace, places line breaks, prefixes quoted lines.
class TextSink {
 public:
  void text(std::string_view s, bool pre) {
    for (char c : s) {
      bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (pre && c == '\n') {
        newlines_ = std::max(newlines_, 1);
        flush_breaks(true);
        continue;
      }
      if (ws && !pre) {
        space_ = true;
        continue;
      }
      if (c == '\r') continue;
      emit(c);
    }
  }
  void chars(std::string_view utf8) {
    for (char c : utf8) emit(c);
  }
  void space() { space_ = true; }
  void breaks(int n) {
    newlines_ = std::max(newlines_, n);
    space_ = false;
  }
  void prefix(std::string_view p) { prefix_ = p; }  // emitted before the next visible character
  void set_quote(int depth) { quote_ = std::clamp(depth, 0, kMaxQuoteDepth); }
  std::string take() { return std::move(out_); }

 private:
  void flush_breaks(bool force) {
    if (newlines_ == 0) return;
    if (!out_.empty() || force) {
      // Two breaks at most in a row: a paragraph gap.
      int n = std::min(newlines_, 2);
      for (int i = 0; i < n; ++i) out_.push_back('\n');
      line_start_ = true;
    }
    newlines_ = 0;
    space_ = false;
  }
  void emit(char c) {
    flush_breaks(false);
    if (line_start_) {
      for (int i = 0; i < quote_; ++i) out_ += "> ";
      line_start_ = false;
      space_ = false;
    }
    if (!prefix_.empty()) {
      out_ += prefix_;
      prefix_ = {};
      space_ = false;
    }
    if (space_) out_.push_back(' ');
    space_ = false;
    out_.push_back(c);
  }
  std::string out_;
  std::string_view prefix_;
  int newlines_ = 0, quote_ = 0;
  bool space_ = false, line_start_ = true;
};

enum class Block { none, line, paragraph, cell, item };

Block block_of(std::string_view tag) {
  static constexpr std::string_view lines[] = {
      "br",    "div",      "tr",      "table",   "ul",     "ol",     "dl",         "dt",
      "dd",    "hr",       "section", "article", "header", "footer", "address",    "center",
      "form",  "fieldset", "main",    "nav",     "aside",  "figure", "figcaption", "tbody",
      "thead", "tfoot",    "caption", "body",    "html"};
  static constexpr std::string_view paras[] = {"p",  "h1", "h2",  "h3",        "h4",
                                               "h5", "h6", "pre", "blockquote"};
  for (auto t : paras)
    if (tag == t) return Block::paragraph;
  for (auto t : lines)
    if (tag == t) return Block::line;
  if (tag == "td" || tag == "th") return Block::cell;
  if (tag == "li") return Block::item;
  return Block::none;
}

}  // namespace

std::size_t decode_entity(std::string_view s, std::string& out) {
  if (s.size() < 3 || s[0] != '&') return 0;
  std::size_t limit = std::min<std::size_t>(s.size(), 34);
  if (s[1] == '#') {
    bool hex = s.size() > 2 && (s[2] == 'x' || s[2] == 'X');
    std::size_t i = hex ? 3 : 2;
    std::uint32_t cp = 0;
    std::size_t digits = 0;
    for (; i < limit; ++i) {
      char c = s[i];
      int d = -1;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      if (d < 0) break;
      if (cp < 0x110000) cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      ++digits;
    }
    if (digits == 0) return 0;
    if (cp == 0 || (cp < 0x20 && cp != '\n' && cp != '\t')) cp = 0xFFFD;
    if (cp == 0xA0) cp = ' ';
    append_utf8(out, cp);
    return i < s.size() && s[i] == ';' ? i + 1 : i;
  }
  std::size_t i = 1;
  while (i < limit && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
  std::string_view name = s.substr(1, i - 1);
  for (const auto& e : kEntities) {
    if (name == e.name) {
      append_utf8(out, e.cp);
      return i < s.size() && s[i] == ';' ? i + 1 : i;
    }
  }
  return 0;
}

std::string html_to_text(std::string_view h) {
  TextSink sink;
  int quote = 0, pre = 0;
  bool head_unclosed = false;  // no "</head" anywhere: later <head> tags are not searched again
  std::size_t i = 0, text_start = 0;
  auto flush_text = [&](std::size_t to) {
    if (to > text_start) sink.text(h.substr(text_start, to - text_start), pre > 0);
  };
  while (i < h.size()) {
    char c = h[i];
    if (c == '&') {
      std::string decoded;
      std::size_t n = decode_entity(h.substr(i), decoded);
      if (n > 0) {
        flush_text(i);
        if (decoded == " ")
          sink.space();
        else
          sink.chars(decoded);
        i += n;
        text_start = i;
        continue;
      }
      ++i;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    // A tag, comment or declaration starts here (or a stray '<').
    if (h.compare(i, 4, "<!--") == 0) {
      flush_text(i);
      std::size_t end = h.find("-->", i + 4);
      i = end == std::string_view::npos ? h.size() : end + 3;
      text_start = i;
      continue;
    }
    std::size_t j = i + 1;
    bool closing = j < h.size() && h[j] == '/';
    if (closing) ++j;
    bool decl = j < h.size() && (h[j] == '!' || h[j] == '?');
    std::size_t name_start = j;
    while (j < h.size() && (std::isalnum(static_cast<unsigned char>(h[j])) || h[j] == ':')) ++j;
    if (!decl && j == name_start) {  // "<" not followed by a tag name: literal text
      ++i;
      continue;
    }
    std::string tag;
    for (std::size_t k = name_start; k < j && tag.size() < 16; ++k)
      tag.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(h[k]))));
    // End of the tag: the next '>' outside quoted attribute values, looked for within a bounded
    // window; past it (or with an unterminated quote) the first '>' ends the tag.
    char quote_char = 0;
    std::size_t end = j, window = std::min(h.size(), j + kMaxQuotedTag);
    for (; end < window; ++end) {
      char d = h[end];
      if (quote_char) {
        if (d == quote_char) quote_char = 0;
      } else if (d == '"' || d == '\'') {
        quote_char = d;
      } else if (d == '>') {
        break;
      }
    }
    if (end >= window) {
      end = h.find('>', j);
      if (end == std::string_view::npos) end = h.size();
    }
    flush_text(i);
    i = end < h.size() ? end + 1 : h.size();
    text_start = i;
    if (decl) continue;
    if (!closing && (tag == "script" || tag == "style" || tag == "head" || tag == "title" ||
                     tag == "noscript" || tag == "template" || tag == "svg")) {
      if (tag == "head" && head_unclosed) continue;
      std::size_t close = find_close(h, i, tag);
      if (close == std::string_view::npos) {
        if (tag == "head") {  // unclosed <head>: keep going with its content
          head_unclosed = true;
          continue;
        }
        i = h.size();
      } else {
        std::size_t gt = h.find('>', close);
        i = gt == std::string_view::npos ? h.size() : gt + 1;
      }
      text_start = i;
      continue;
    }
    if (tag == "blockquote") {
      quote = std::max(0, quote + (closing ? -1 : 1));
      sink.breaks(1);
      sink.set_quote(quote);
      continue;
    }
    if (tag == "pre") pre = std::max(0, pre + (closing ? -1 : 1));
    switch (block_of(tag)) {
      case Block::paragraph:
        sink.breaks(2);
        break;
      case Block::line:
        sink.breaks(1);
        break;
      case Block::cell:
        sink.space();
        break;
      case Block::item:
        sink.breaks(1);
        if (!closing) sink.prefix("- ");
        break;
      case Block::none:
        if (tag == "img" && !closing) sink.space();
        break;
    }
  }
  flush_text(h.size());
  std::string out = sink.take();
  // Trailing spaces on lines and surrounding blank lines go.
  std::string clean;
  clean.reserve(out.size());
  std::size_t pos = 0;
  while (pos <= out.size()) {
    std::size_t nl = out.find('\n', pos);
    std::string_view line(out.data() + pos, (nl == std::string::npos ? out.size() : nl) - pos);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    clean.append(line);
    if (nl == std::string::npos) break;
    clean.push_back('\n');
    pos = nl + 1;
  }
  while (!clean.empty() && (clean.back() == '\n' || clean.back() == ' ')) clean.pop_back();
  std::size_t b = clean.find_first_not_of("\n ");
  return b == std::string::npos ? std::string() : clean.substr(b);
}

}  // namespace fte::channels::email
