// chunk_markdown / load_path (declared in knowledge_base.h).
//
// Rules, for any company's docs:
// - ATX headings (`#`..`######`, outside fenced code) cut the text. The top level is `##` when the
//   document has at most one `#` (its title); with several `#` headings, `#` is the top level.
//   Headings above the top level reset the path and are not chunks themselves.
// - One chunk per heading at or below the top level, holding the text up to the next heading
//   (lists, tables and code kept verbatim; horizontal rules dropped). Title = heading path
//   ("Security & SSO > Password Reset") with numbering such as "7. " or "1.2 " removed; category =
//   the top-level heading, lower-cased. Headings with no text of their own make no chunk.
// - Dropped: text before the first heading, and tables of contents (a heading named like
//   "Table of Contents", or a section that is only a list whose items are the document's headings).
// - A document without any heading becomes one chunk titled after its file.
// - FAQ-shaped sections (at least two question lines: "**Q: ...**", "Q4. ...", "Question: ...",
//   or a bold line ending in '?', each followed by its answer) become one chunk per question and
//   answer, titled "<section path> > <the question>" (markup and "Q:" dropped): a customer's
//   question meets the one answer that holds it, never a neighbour's. Text before the first
//   question stays a chunk of the section.
// - Sections longer than kMaxChunkChars are split at paragraph boundaries (then lines, then
//   spaces); a numbered procedure or a table is never cut at a blank line inside it, and a table
//   cut between rows carries its header row (and separator) into the next part.
// - Ids are UUID-shaped hashes of source + title (+ part and repeat counters): stable across loads.
// Setext headings (underlined with === / ---) are not recognised: "---" is read as a rule.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "kb/knowledge_base.h"
#include "kb/text.h"

namespace fte::kb {
namespace {

constexpr std::size_t kMaxChunkChars = 1500;

struct Heading {
  std::size_t line;
  int level;
  std::string name;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_lines(std::string_view md) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= md.size()) {
    std::size_t nl = md.find('\n', start);
    if (nl == std::string_view::npos) nl = md.size();
    std::string_view l = md.substr(start, nl - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    start = nl + 1;
  }
  return lines;
}

bool is_fence(std::string_view line) {
  std::string_view t = trim(line);
  return t.starts_with("```") || t.starts_with("~~~");
}

bool is_rule(std::string_view line) {
  std::string_view t = trim(line);
  if (t.size() < 3) return false;
  const char c = t[0];
  if (c != '-' && c != '*' && c != '_') return false;
  int n = 0;
  for (char x : t) {
    if (x == c) {
      ++n;
    } else if (x != ' ') {
      return false;
    }
  }
  return n >= 3;
}

// Removes "7. ", "7) ", "1.2 ", "1.2.3. " in front of a heading or list item.
std::string_view drop_numbering(std::string_view s) {
  std::size_t i = 0;
  bool dotted = false;
  while (true) {
    std::size_t d = i;
    while (d < s.size() && s[d] >= '0' && s[d] <= '9') ++d;
    if (d == i) break;
    i = d;
    if (i < s.size() && s[i] == '.' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') {
      ++i;
      dotted = true;
      continue;
    }
    break;
  }
  if (i == 0) return s;
  if (i < s.size() && (s[i] == '.' || s[i] == ')')) {
    ++i;
  } else if (!dotted) {
    return s;  // "2FA Setup", "24 Hour Support": a number that is part of the name
  }
  if (i < s.size() && s[i] != ' ' && s[i] != '\t') return s;
  return trim(s.substr(i));
}

std::string clean_heading(std::string_view raw) {
  std::string_view t = trim(raw);
  while (!t.empty() && t.back() == '#') t.remove_suffix(1);  // closing sequence "## Title ##"
  t = drop_numbering(trim(t));
  std::string out;
  for (char c : t) {
    if (c != '*' && c != '`' && c != '_') out.push_back(c);
  }
  return std::string(trim(out));
}

// "### Name" -> level 3; 0 when the line is not an ATX heading.
int heading_level(std::string_view line, std::string_view* text) {
  std::size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  std::size_t h = i;
  while (h < line.size() && line[h] == '#') ++h;
  const int level = static_cast<int>(h - i);
  if (level < 1 || level > 6) return 0;
  if (h < line.size() && line[h] != ' ' && line[h] != '\t') return 0;
  *text = line.substr(h);
  return level;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_toc_name(const std::string& name) {
  static const std::set<std::string> names = {"table of contents", "contents",         "toc",
                                              "on this page",      "in this document", "index"};
  return names.count(lower_ascii(name)) > 0;
}

// A section made only of list items, most of which name other headings of the document.
bool looks_like_toc(const std::vector<std::string_view>& body, const std::set<std::string>& names) {
  int items = 0, matching = 0;
  for (std::string_view l : body) {
    std::string_view t = trim(l);
    if (t.empty() || is_rule(t)) continue;
    if (t[0] == '-' || t[0] == '*' || t[0] == '+') {
      t = trim(t.substr(1));
    } else {
      std::string_view d = drop_numbering(t);
      if (d.size() == t.size()) return false;  // prose: not a table of contents
      t = d;
    }
    ++items;
    std::string item(t);
    if (!item.empty() && item[0] == '[')
      item = item.substr(1, item.find(']') - 1);  // [Name](#anchor)
    if (names.count(lower_ascii(clean_heading(item))) > 0) ++matching;
  }
  return items >= 3 && matching * 10 >= items * 6;
}

// Backs off a cut position so that it does not split a UTF-8 sequence.
std::size_t utf8_cut(std::string_view s, std::size_t pos) {
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos == 0 ? std::min(s.size(), kMaxChunkChars) : pos;
}

bool numbered_line(std::string_view l) {
  l = trim(l);
  std::size_t i = 0;
  while (i < l.size() && l[i] >= '0' && l[i] <= '9') ++i;
  return i > 0 && i < l.size() && (l[i] == '.' || l[i] == ')');
}

// The line of `text` that holds position `pos` (pos may be the '\n' ending it).
std::string_view line_at(std::string_view text, std::size_t pos) {
  const std::size_t b = pos == 0 ? 0 : text.rfind('\n', pos - 1);
  const std::size_t from = b == std::string_view::npos ? 0 : b + 1;
  const std::size_t e = text.find('\n', from);
  return text.substr(from, e == std::string_view::npos ? text.npos : e - from);
}

// A blank line at `cut` that sits inside a numbered procedure (steps on both sides).
bool inside_procedure(std::string_view text, std::size_t cut) {
  if (cut == 0 || cut + 2 >= text.size()) return false;
  return numbered_line(line_at(text, cut - 1)) && numbered_line(line_at(text, cut + 2));
}

// The header rows ("| a | b |" and its "|---|" separator) of the table holding the line at `pos`;
// "" when that table has no separator row.
std::string table_header(std::string_view text, std::size_t pos) {
  std::vector<std::string_view> lines;  // the table's lines from its start up to `pos`
  std::size_t from = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  from = from == std::string_view::npos ? 0 : from + 1;
  while (true) {
    const std::size_t e = text.find('\n', from);
    std::string_view l = text.substr(from, e == std::string_view::npos ? text.npos : e - from);
    if (trim(l).rfind('|', 0) != 0) break;
    lines.insert(lines.begin(), l);
    if (from == 0) break;
    const std::size_t b = text.rfind('\n', from - 2 < from ? from - 2 : 0);
    from = (b == std::string_view::npos || from < 2) ? 0 : b + 1;
  }
  if (lines.size() < 2 || lines[1].find("--") == std::string_view::npos) return {};
  return std::string(lines[0]) + "\n" + std::string(lines[1]) + "\n";
}

// Splits text into pieces of at most ~kMaxChunkChars at the largest available boundary.
void split_piece(std::string_view text, std::vector<std::string>& out) {
  if (text.size() <= kMaxChunkChars) {
    out.emplace_back(text);
    return;
  }
  for (std::string_view sep :
       {std::string_view("\n\n"), std::string_view("\n"), std::string_view(" ")}) {
    std::size_t cut = text.rfind(sep, kMaxChunkChars);
    while (sep == "\n\n" && cut != std::string_view::npos && cut > kMaxChunkChars / 4 &&
           inside_procedure(text, cut))
      cut = text.rfind(sep, cut - 1);
    if (cut != std::string_view::npos && cut > kMaxChunkChars / 4) {
      out.emplace_back(trim(text.substr(0, cut)));
      std::string rest(trim(text.substr(cut + sep.size())));
      if (sep == "\n" && trim(line_at(text, cut)).rfind('|', 0) == 0 &&
          trim(rest).rfind('|', 0) == 0) {
        const std::string header = table_header(text, cut);
        if (!header.empty() && rest.rfind(header, 0) != 0) rest = header + rest;
      }
      split_piece(rest, out);
      return;
    }
  }
  const std::size_t cut = utf8_cut(text, kMaxChunkChars);
  out.emplace_back(text.substr(0, cut));
  split_piece(text.substr(cut), out);
}

std::string body_text(const std::vector<std::string_view>& lines) {
  std::string out;
  bool in_fence = false;
  for (std::string_view l : lines) {
    if (is_fence(l)) in_fence = !in_fence;
    if (!in_fence && is_rule(l)) continue;
    out.append(l);
    out.push_back('\n');
  }
  // Collapse runs of blank lines so that paragraph splitting sees single separators.
  std::string collapsed;
  for (char c : out) {
    if (c == '\n' && collapsed.size() >= 2 && collapsed[collapsed.size() - 1] == '\n' &&
        collapsed[collapsed.size() - 2] == '\n') {
      continue;
    }
    collapsed.push_back(c);
  }
  std::string_view t = collapsed;
  while (!t.empty() && (t.front() == '\n' || t.front() == ' ')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.remove_suffix(1);
  return std::string(t);
}

// The question of a FAQ line ("**Q: How do I ...?**", "Q4. ...", "Question: ..."), without its
// markup; "" when the line is not a question line.
std::string faq_question(std::string_view line) {
  std::string_view t = trim(line);
  bool bold = false;
  while (t.size() >= 2 && (t.substr(0, 2) == "**" || t.substr(0, 2) == "__")) {
    t.remove_prefix(2);
    bold = true;
  }
  while (!t.empty() && (t.back() == '*' || t.back() == '_')) t.remove_suffix(1);
  t = trim(t);
  std::string_view q;
  auto after_label = [&](std::string_view label) -> bool {
    if (t.size() < label.size() || lower_ascii(t.substr(0, label.size())) != label) return false;
    std::size_t i = label.size();
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i < t.size() && (t[i] == ':' || t[i] == '.' || t[i] == ')')) {
      q = trim(t.substr(i + 1));
      while (q.size() >= 2 && q.substr(0, 2) == "**") q.remove_prefix(2);
      return !q.empty();
    }
    return false;
  };
  if (after_label("question") || after_label("q")) return std::string(trim(q));
  if (bold && t.size() > 8 && t.back() == '?') return std::string(t);
  return {};
}

struct FaqUnit {
  std::string question;  // "" for the text before the first question
  std::string body;
};

// The question-and-answer units of a section, or nothing when it is not FAQ-shaped (fewer than
// two question lines, or a question without an answer).
std::vector<FaqUnit> faq_units(const std::string& body) {
  std::vector<FaqUnit> units(1);
  int questions = 0;
  bool in_fence = false;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t nl = body.find('\n', start);
    std::string_view l = std::string_view(body).substr(
        start, nl == std::string::npos ? std::string::npos : nl - start);
    if (is_fence(l)) in_fence = !in_fence;
    std::string q = in_fence ? std::string() : faq_question(l);
    if (!q.empty()) {
      units.push_back({q, std::string(trim(l)) + "\n"});
      ++questions;
    } else {
      units.back().body.append(l);
      units.back().body.push_back('\n');
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (questions < 2) return {};
  for (std::size_t i = 1; i < units.size(); ++i) {
    const auto answer = trim(units[i].body.substr(units[i].body.find('\n') + 1));
    if (answer.empty()) return {};
  }
  return units;
}

std::string chunk_id(std::string_view source, std::string_view title, int part, int repeat) {
  std::string key(source);
  key += '\x1f';
  key.append(title);
  if (part > 0) key += "\x1fpart" + std::to_string(part);
  if (repeat > 0) key += "\x1frepeat" + std::to_string(repeat);
  const std::uint64_t a = hash64(key, 1), b = hash64(key, 2);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-8%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffull));
  return buf;
}

std::string file_title(std::string_view source) {
  std::string stem = std::filesystem::path(std::string(source)).stem().string();
  for (char& c : stem) {
    if (c == '-' || c == '_') c = ' ';
  }
  return stem.empty() ? std::string("Document") : stem;
}

}  // namespace

std::vector<KnowledgeChunk> chunk_markdown(std::string_view markdown, std::string_view source) {
  const auto lines = split_lines(markdown);
  std::vector<Heading> headings;
  bool in_fence = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_fence(lines[i])) in_fence = !in_fence;
    std::string_view text;
    const int level = in_fence ? 0 : heading_level(lines[i], &text);
    if (level > 0) headings.push_back({i, level, clean_heading(text)});
  }

  struct Section {
    std::string title, category, body;
  };
  std::vector<Section> sections;
  if (headings.empty()) {
    std::string body = body_text(lines);
    if (!body.empty())
      sections.push_back({file_title(source), lower_ascii(file_title(source)), body});
  } else {
    const auto h1 =
        std::count_if(headings.begin(), headings.end(), [](auto& h) { return h.level == 1; });
    const bool deeper =
        std::any_of(headings.begin(), headings.end(), [](auto& h) { return h.level > 1; });
    const int top = (h1 >= 2 || !deeper) ? 1 : 2;
    std::set<std::string> names;
    for (const auto& h : headings) names.insert(lower_ascii(h.name));

    std::map<int, std::string> path;  // level -> heading name
    for (std::size_t k = 0; k < headings.size(); ++k) {
      const Heading& h = headings[k];
      path.erase(path.lower_bound(h.level), path.end());
      if (h.level < top) continue;
      path[h.level] = h.name;
      const std::size_t end = k + 1 < headings.size() ? headings[k + 1].line : lines.size();
      std::vector<std::string_view> body(lines.begin() + static_cast<std::ptrdiff_t>(h.line + 1),
                                         lines.begin() + static_cast<std::ptrdiff_t>(end));
      if (is_toc_name(h.name) || looks_like_toc(body, names)) continue;
      std::string text = body_text(body);
      if (text.empty()) continue;
      std::string title;
      for (const auto& [lvl, name] : path) {
        if (name.empty()) continue;
        if (!title.empty()) title += " > ";
        title += name;
      }
      const auto top_it = path.lower_bound(top);
      std::string category = top_it == path.end() ? std::string() : lower_ascii(top_it->second);
      if (auto units = faq_units(text); !units.empty()) {
        for (auto& u : units) {
          std::string b(trim(u.body));
          while (!b.empty() && (b.back() == '\n' || b.back() == ' ')) b.pop_back();
          while (!b.empty() && b.front() == '\n') b.erase(b.begin());
          if (b.empty()) continue;
          sections.push_back({u.question.empty() ? title : title + " > " + u.question, category,
                              std::move(b)});
        }
        continue;
      }
      sections.push_back({std::move(title), std::move(category), std::move(text)});
    }
  }

  std::vector<KnowledgeChunk> chunks;
  std::map<std::string, int> seen_titles;
  for (auto& s : sections) {
    const int repeat = seen_titles[s.title]++;
    std::vector<std::string> parts;
    split_piece(s.body, parts);
    for (std::size_t p = 0; p < parts.size(); ++p) {
      if (parts[p].empty()) continue;
      KnowledgeChunk c;
      c.id = chunk_id(source, s.title, static_cast<int>(p), repeat);
      c.title = s.title;
      c.content = std::move(parts[p]);
      c.category = s.category;
      c.source = std::string(source);
      chunks.push_back(std::move(c));
    }
  }
  return chunks;
}

std::vector<KnowledgeChunk> load_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::directory_iterator(path, ec)) {
      const std::string ext = lower_ascii(e.path().extension().string());
      if (e.is_regular_file() && (ext == ".md" || ext == ".markdown")) files.push_back(e.path());
    }
    if (ec) throw Error(ErrorKind::invalid_argument, "knowledge base: cannot list " + path);
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.emplace_back(path);
  } else {
    throw Error(ErrorKind::invalid_argument, "knowledge base: no such file or folder: " + path);
  }
  std::vector<KnowledgeChunk> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw Error(ErrorKind::invalid_argument, "knowledge base: cannot read " + f.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
      throw Error(ErrorKind::invalid_argument, "knowledge base: cannot read " + f.string());
    auto chunks = chunk_markdown(text.str(), f.filename().string());
    std::move(chunks.begin(), chunks.end(), std::back_inserter(out));
  }
  return out;
}

}  // namespace fte::kb
