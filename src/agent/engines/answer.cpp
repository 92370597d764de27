#include "agent/engines/answer.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "agent/engines/compared_items.h"
#include "agent/engines/pointing_back.h"
#include "agent/engines/yes_no.h"
#include "agent/format/channel_format.h"
#include "agent/judgement/text.h"
#include "core/text_memo.h"
#include "kb/problem_report.h"

namespace fte::agent {

namespace {

enum class Kind { step, bullet, row, label, prose, code };

struct Line {
  std::string text;  // as it will appear (markdown)
  Kind kind;
  int block = 0;  // index of the label block it belongs to
  double score = 0;
  // What is matched against the question when it differs from `text`: a table row without the
  // column names it is shown with (every row holds those).
  std::string match;
};

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool numbered(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i > 0 && i + 1 < s.size() && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

bool bulleted(std::string_view s) {
  return s.size() > 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ';
}

// "**Setup:**" or "Setup:" alone on a line.
// That is: text::trim(s) with every '*' and '_' left out ends in ':' and has at most 5 words
// (text::word_count) — read in place, without the two copies (asked of every line offered).
bool label(std::string_view s) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  auto marker = [](char c) { return c == '*' || c == '_'; };
  std::size_t b = 0, e = s.size();
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  std::size_t last = e;
  while (last > b && marker(s[last - 1])) --last;
  if (last == b || s[last - 1] != ':') return false;
  std::size_t words = 0;
  bool in = false;
  for (std::size_t i = b; i < e; ++i) {
    if (marker(s[i])) continue;
    const bool sp = space(s[i]);
    if (!sp && !in && ++words > 5) return false;
    in = !sp;
  }
  return true;
}

std::vector<std::string> cells(std::string_view row) {
  std::vector<std::string> out;
  std::size_t b = row.find('|');
  while (b != std::string_view::npos) {
    auto e = row.find('|', b + 1);
    if (e == std::string_view::npos) break;
    out.push_back(text::trim(row.substr(b + 1, e - b - 1)));
    b = e;
  }
  return out;
}

bool separator_row(const std::vector<std::string>& cs) {
  return std::all_of(cs.begin(), cs.end(), [](const std::string& c) {
    return !c.empty() && c.find_first_not_of("-: ") == std::string::npos;
  });
}

// Whether a line ends a sentence ('.', '?', '!' or ':' before any closing emphasis marks).
bool ends_sentence(std::string_view s) {
  while (!s.empty() && (s.back() == '*' || s.back() == '_' || s.back() == ' ')) s.remove_suffix(1);
  return !s.empty() && std::string_view(".?!:").find(s.back()) != std::string_view::npos;
}

std::vector<Line> parse(std::string_view content) {
  std::vector<Line> out;
  int block = 0;
  bool header_seen = false;
  std::vector<std::string> header;  // the column names of the current table
  bool in_code = false;
  bool prev_prose = false;  // the previous physical line was prose (not blank, not an item)
  std::string code;
  std::size_t start = 0;
  while (start <= content.size()) {
    auto nl = content.find('\n', start);
    std::string raw(
        content.substr(start, nl == std::string_view::npos ? content.npos : nl - start));
    start = nl == std::string_view::npos ? content.size() + 1 : nl + 1;
    std::string t = text::trim(raw);
    // A blockquote ("> Note: ...") is quoted without its marker (a menu path never opens a line).
    if (!in_code && !t.empty() && t[0] == '>') t = text::trim(std::string_view(t).substr(1));
    if (t.rfind("```", 0) == 0) {
      if (in_code) {
        code += t;
        out.push_back({code, Kind::code, block});
        code.clear();
      } else {
        code = t + "\n";
      }
      in_code = !in_code;
      continue;
    }
    if (in_code) {
      code += raw + "\n";
      continue;
    }
    if (t.empty()) {
      header_seen = false;
      prev_prose = false;
      continue;
    }
    const bool joinable = prev_prose;
    prev_prose = false;
    if (t.front() == '|') {
      auto cs = cells(t);
      if (cs.empty() || separator_row(cs)) continue;
      if (!header_seen) {  // the first row of a table names the columns
        header_seen = true;
        header = cs;
        continue;
      }
      // A short cell ("50", "Unlimited", "5 GB") says nothing without its column's name when the
      // table has several value columns: "Growth: Active Workflows 50 — Runs/Month 5,000". Only a
      // row of short values is named ("Growth | 50 | 5,000"); next to a sentence cell
      // ("401 | Unauthorized | Invalid or expired key") the row reads well as it is.
      auto short_cell = [](const std::string& c) {
        return text::word_count(c) <= 1 ||
               (text::word_count(c) <= 3 && c.find_first_of("0123456789") != std::string::npos);
      };
      // A wide table (three value columns or more: a matrix of roles and permissions, plans and
      // limits) names its cells of up to three words too: "Viewer: Boards View only — Cards View
      // + comment — Settings None", where "View only — View + comment — None" says nothing.
      const bool wide = cs.size() >= 4;
      bool named = cs.size() >= 3 && header.size() == cs.size();
      for (std::size_t i = 1; named && i < cs.size(); ++i)
        named = (short_cell(cs[i]) || (wide && text::word_count(cs[i]) <= 3)) && !header[i].empty();
      std::string row = cs[0] + ":", bare = row;
      for (std::size_t i = 1; i < cs.size(); ++i) {
        row += (i == 1 ? " " : " — ") + (named ? header[i] + " " + cs[i] : cs[i]);
        bare += (i == 1 ? " " : " — ") + cs[i];
      }
      out.push_back({"- " + row, Kind::row, block, 0, named ? "- " + bare : std::string()});
      continue;
    }
    if (label(t)) {
      ++block;
      out.push_back({t, Kind::label, block});
      continue;
    }
    if (numbered(t)) {
      out.push_back({t, Kind::step, block});
    } else if (bulleted(t)) {
      bool nested = !raw.empty() && (raw[0] == ' ' || raw[0] == '\t');
      out.push_back({(nested ? "  - " : "- ") + t.substr(2), Kind::bullet, block});
    } else if (std::isspace(static_cast<unsigned char>(raw.empty() ? 'x' : raw[0])) &&
               !out.empty() && (out.back().kind == Kind::bullet || out.back().kind == Kind::step)) {
      out.back().text += " " + t;  // continuation / nested item
    } else if (joinable && !out.empty() && out.back().kind == Kind::prose &&
               !ends_sentence(out.back().text)) {
      out.back().text += " " + t;  // a paragraph hard-wrapped mid-sentence is one line
    } else {
      out.push_back({t, Kind::prose, block});
    }
    prev_prose = !out.empty() && out.back().kind == Kind::prose;
  }
  if (in_code && !code.empty()) out.push_back({code, Kind::code, block});
  return out;
}

double overlap(const std::vector<std::string>& q, std::string_view line) {
  if (q.empty()) return 0;
  auto ls = text::kb_content_stems(line);
  double n = 0;
  for (const auto& w : q)
    if (std::find(ls.begin(), ls.end(), w) != ls.end()) n += 1;
  return n;
}

bool procedural(std::string_view question) {
  const auto ws = text::words(question);
  for (std::string_view p : {"how do i", "how can i", "how to", "how do we", "how can we", "set up",
                             "steps", "where do i", "where can i", "walk me through"})
    if (text::has_phrase(ws, p)) return true;
  static const std::unordered_set<std::string_view> kVerbs = {
      "enable",    "turn",  "reset",  "create", "add",    "invite", "change",  "install", "connect",
      "configure", "setup", "export", "import", "delete", "remove", "upgrade", "activate"};
  return std::any_of(ws.begin(), ws.end(),
                     [](const std::string& w) { return kVerbs.count(w) > 0; });
}

std::string leaf_title(std::string_view title) {
  auto pos = title.rfind(" > ");
  return text::trim(pos == std::string_view::npos ? title : title.substr(pos + 3));
}

// The question's stems that occur in `text` (the knowledge base's: a section's lines, headings).
std::vector<std::string> stems_in(const std::vector<std::string>& q, std::string_view text) {
  const auto have = text::kb_content_stems(text);
  std::vector<std::string> out;
  for (const auto& w : q)
    if (std::find(have.begin(), have.end(), w) != have.end()) out.push_back(w);
  return out;
}

// The section's lines with the selection of select_lines() in `keep`.
struct Selection {
  std::vector<Line> lines;
  std::vector<bool> keep;
};

// The longest numbered procedure that is completed when some of its steps are selected.
constexpr std::size_t kMaxWholeSteps = 8;

Selection select(std::string_view question, std::string_view content, Channel channel) {
  Selection sel;
  auto& lines = sel.lines;
  lines = parse(content);
  if (lines.empty()) return sel;
  const auto q = text::content_stems(question);
  std::vector<double> block_score(lines.back().block + 1, 0.0);
  for (auto& l : lines) {
    if (l.kind == Kind::label) block_score[l.block] = overlap(q, l.text);
  }
  for (auto& l : lines)
    l.score = overlap(q, l.match.empty() ? l.text : l.match) + 0.5 * block_score[l.block];

  auto& keep = sel.keep;
  keep.assign(lines.size(), false);
  const std::size_t content_lines = static_cast<std::size_t>(std::count_if(
      lines.begin(), lines.end(), [](const Line& l) { return l.kind != Kind::label; }));
  const std::size_t max_lines = channel == Channel::whatsapp ? 4 : 5;

  // A table is a lookup (one row per issue, error code, plan...): always pick the matching rows.
  const bool table = std::all_of(lines.begin(), lines.end(), [](const Line& l) {
    return l.kind == Kind::row || l.kind == Kind::label;
  });
  if (content_lines <= 6 && !table) {
    std::fill(keep.begin(), keep.end(), true);
  } else {
    // The best numbered-step block for a procedural question.
    int best_block = -1;
    double best = -1;
    if (procedural(question)) {
      for (const auto& l : lines) {
        if (l.kind != Kind::step) continue;
        double s = 0;
        for (const auto& m : lines)
          if (m.block == l.block) s += m.score;
        if (s > best) {
          best = s;
          best_block = l.block;
        }
      }
    }
    std::size_t extra = max_lines;
    if (best_block >= 0) {
      for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].block == best_block && lines[i].kind == Kind::step) keep[i] = true;
      extra = 2;
    }
    // Lines that match at least half as well as the best line (a stray word is not enough).
    double best_line = 0;
    for (const auto& l : lines)
      if (l.kind != Kind::label) best_line = std::max(best_line, l.score);
    const double bar = std::max(0.5, best_line / 2);
    std::vector<std::size_t> order(lines.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return lines[a].score > lines[b].score; });
    for (auto i : order) {
      if (extra == 0 || lines[i].score < bar) break;
      if (keep[i] || lines[i].kind == Kind::label) continue;
      keep[i] = true;
      --extra;
    }
    // Coverage: a question word no kept line holds brings in the best line that holds it, while
    // the budget lasts ("stopped working on Android" keeps the row that names Android).
    if (std::any_of(keep.begin(), keep.end(), [](bool b) { return b; })) {
      std::string kept;
      for (std::size_t i = 0; i < lines.size(); ++i)
        if (keep[i]) kept += lines[i].text + "\n";
      for (const auto& w : q) {
        if (extra == 0) break;
        if (!stems_in({w}, kept).empty()) continue;
        std::size_t pick = lines.size();
        for (auto i : order) {
          if (keep[i] || lines[i].kind == Kind::label) continue;
          if (!stems_in({w}, lines[i].text).empty()) {
            pick = i;
            break;
          }
        }
        if (pick == lines.size()) continue;
        keep[pick] = true;
        kept += lines[pick].text + "\n";
        --extra;
      }
    }
    if (std::none_of(keep.begin(), keep.end(), [](bool b) { return b; })) {
      std::size_t n = 0;
      for (std::size_t i = 0; i < lines.size() && n < 4; ++i)
        if (lines[i].kind != Kind::label) {
          keep[i] = true;
          ++n;
        }
    }
    // A procedure is never cut: a kept step brings the other steps of its block (up to
    // kMaxWholeSteps; "1. ... 3." with step 2 missing is worse than no steps).
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!keep[i] || lines[i].kind != Kind::step) continue;
      const int block = lines[i].block;
      std::size_t n = 0;
      for (const auto& l : lines) n += l.block == block && l.kind == Kind::step ? 1 : 0;
      if (n > kMaxWholeSteps) continue;
      for (std::size_t j = 0; j < lines.size(); ++j)
        if (lines[j].block == block && lines[j].kind == Kind::step) keep[j] = true;
    }
    // A label is shown only when lines of its block are.
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].kind != Kind::label) continue;
      for (std::size_t j = i + 1; j < lines.size() && lines[j].block == lines[i].block; ++j)
        if (keep[j]) keep[i] = true;
    }
  }
  return sel;
}

// Room left for the lead-in, close, greeting, reference and signature within the channel's limit.
bool within_budget(std::string_view body, Channel channel) {
  switch (channel) {
    case Channel::email:
      return text::word_count(body) + 100 <= kEmailMaxWords;
    case Channel::webform:
      return text::word_count(body) + 80 <= kWebMaxWords;
    case Channel::whatsapp:
      return body.size() + 300 <= kWhatsAppMaxChars;
  }
  return false;
}

// A sentence that asks: it ends in '?', opens with a question word, or holds a question phrase
// mid-way (lower-case chat: "im on free plan how many projects can i make").
bool asking_sentence(std::string_view sentence) {
  if (opens_or_ends_a_question(sentence)) return true;
  const auto ws = text::words(sentence);
  for (std::string_view p :
       {"how many", "how much", "how long", "how do", "how can", "how to", "is there", "are there",
        "is it possible", "where is", "where can", "what is", "whats"})
    if (text::has_phrase(ws, p)) return true;
  return false;
}

// Whether two texts hold the same words (case and punctuation aside).
bool same_text(std::string_view a, std::string_view b) {
  const auto wa = text::words(a);
  return !wa.empty() && wa == text::words(b);
}

// The stems of the sentences that ask something (ending in '?' or opening with a question word),
// or of the whole text when none does: "We're on the Business plan. Is this by design?" asks about
// the design, not the plan.
// A subject line (`subject`, the message's first sentence) is a summary: when the body asks its
// own question, the subject's words are narrative ("How to set up automation for moving cards" over
// "... moves a card when a checklist is completed. Is this possible?").
std::vector<std::string> asked_stems(std::string_view question, std::string_view subject = {}) {
  std::string asked, asked_body;
  const auto ss = text::sentences(question);
  const std::string subj = text::trim(subject);
  for (std::size_t i = 0; i < ss.size(); ++i) {
    if (!asking_sentence(ss[i])) continue;
    asked += ss[i] + "\n";
    const bool is_subject = i == 0 && !subj.empty() && same_text(ss[i], subj);
    if (!is_subject) asked_body += ss[i] + "\n";
  }
  if (!asked_body.empty()) asked = asked_body;
  return text::content_stems(asked.empty() ? question : std::string_view(asked));
}

}  // namespace

std::vector<std::string> select_lines(std::string_view question, std::string_view content,
                                      Channel channel) {
  auto sel = select(question, content, channel);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < sel.lines.size(); ++i)
    if (sel.keep[i]) out.push_back(sel.lines[i].text);
  return out;
}

std::vector<std::string> supporting_lines(std::string_view question, std::string_view content,
                                          Channel channel) {
  auto sel = select(question, content, channel);
  auto& lines = sel.lines;
  // A kept procedure stays whole; other lines must hold a question word themselves.
  std::vector<bool> keep(lines.size(), false);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!sel.keep[i] || lines[i].kind == Kind::label) continue;
    keep[i] = lines[i].kind == Kind::step || lines[i].score > 0;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].kind != Kind::label) continue;
    for (std::size_t j = i + 1; j < lines.size() && lines[j].block == lines[i].block; ++j)
      if (keep[j]) keep[i] = true;
  }
  // A procedure only counts when one of its steps holds a question word.
  bool matched = false;
  for (std::size_t i = 0; i < lines.size(); ++i)
    matched = matched || (keep[i] && lines[i].kind != Kind::label && lines[i].score >= 1);
  std::vector<std::string> out;
  if (!matched) return out;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (keep[i]) out.push_back(lines[i].text);
  return out;
}

double answer_fit(std::string_view question, std::string_view title, std::string_view content) {
  const auto q = text::content_stems(question);
  auto have = text::kb_content_stems(leaf_title(title));
  for (auto& w : text::kb_content_stems(content)) have.push_back(std::move(w));
  double n = 0;
  for (const auto& w : q)
    if (std::find(have.begin(), have.end(), w) != have.end()) n += 1;
  return n;
}

namespace {

// A question line of a doc: ends with '?' and is not a list item or step (those may ask a
// question the customer answers, "- Using SSO?").
bool plain_question_line(std::string_view t) {
  return !(t.rfind("- ", 0) == 0 || t.rfind("* ", 0) == 0 || numbered(t));
}

// A line of a doc quoted to a customer, without FAQ labels ("Q4:", "A:", "Answer:"), heading
// marks and bold markers; list markers, numbering, links and menu paths stay.
std::string strip_markup(std::string_view line) {
  std::string s(line);
  for (std::size_t p; (p = s.find("**")) != std::string::npos;) s.erase(p, 2);
  for (std::size_t p; (p = s.find("__")) != std::string::npos;) s.erase(p, 2);
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  std::size_t h = i;
  while (h < s.size() && s[h] == '#') ++h;
  if (h > i && h < s.size() && s[h] == ' ') s.erase(i, h + 1 - i);
  // FAQ labels at the start of the line: "Q:", "Q4.", "A:", "Question:", "Answer:".
  std::string low = text::lower(std::string_view(s).substr(i, 12));
  for (std::string_view label : {"question", "answer", "q", "a"}) {
    if (low.rfind(label, 0) != 0) continue;
    std::size_t j = i + label.size();
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j < s.size() && (s[j] == ':' || (s[j] == '.' && j > i + label.size()))) {
      ++j;
      while (j < s.size() && s[j] == ' ') ++j;
      s.erase(i, j - i);
      break;
    }
  }
  return s;
}

// Sentences of the customer's message that say what they already did ("I checked spam",
// "we've tried reinstalling", "already restarted").
// What the customer did (`did`: the stems of each sentence telling it, and of all of them
// together) and what they state as a fact of their setup (`stated`: the other sentences that do
// not ask, "The workflow status is Active.").
struct Tried {
  std::vector<std::vector<std::string>> did, stated;
  bool any() const { return !did.empty() || !stated.empty(); }
};

Tried tried_stems(std::string_view question) {
  Tried result;
  auto& out = result.did;
  for (const auto& sentence : text::sentences(question)) {
    const auto ws = text::words(sentence);
    bool tried = false;
    for (const auto& w : ws)
      tried = tried || w == "tried" || w == "already" || w == "checked" || w == "restarted" ||
              w == "reinstalled" || w == "cleared" || w == "followed" || w == "attempted";
    // "We've downloaded the metadata", "I have enabled it": a perfect tense of the customer's
    // own doing (a past participle in -ed right after "I've"/"we have").
    for (std::size_t i = 0; !tried && i + 1 < ws.size(); ++i) {
      const bool have = ws[i] == "i've" || ws[i] == "we've" ||
                        (ws[i] == "have" && i > 0 && (ws[i - 1] == "i" || ws[i - 1] == "we"));
      const std::string& next = ws[i + 1] == "also" && i + 2 < ws.size() ? ws[i + 2] : ws[i + 1];
      tried = have && next.size() > 4 && next.ends_with("ed");
    }
    if (tried)
      out.push_back(text::content_stems(sentence));
    else if (!asking_sentence(sentence))
      result.stated.push_back(text::content_stems(sentence));
  }
  // Also all of them together: "I tried resetting it. I checked spam." is one account.
  if (out.size() > 1) {
    std::vector<std::string> all;
    for (const auto& t : out) all.insert(all.end(), t.begin(), t.end());
    out.push_back(std::move(all));
  }
  return result;
}

// Whether the customer said they already did what `line` asks (most of its content words are in
// one of their "tried" sentences).
// A check the customer's own statement already answers: a line asking to check, confirm, verify
// or ensure something (the verb aside) whose words are mostly (3 and 60 %) in one sentence where
// the customer states it ("Confirm the workflow status is Active" after "The workflow status is
// Active.").
bool already_stated(const std::string& line, const Tried& tried) {
  // A match needs 3 of the line's stems in one stated sentence, whose stems are distinct: with no
  // stated sentence of 3 stems or more, no line can match (the usual case), so nothing is cut.
  if (std::none_of(tried.stated.begin(), tried.stated.end(),
                   [](const std::vector<std::string>& t) { return t.size() >= 3; }))
    return false;
  const auto ws = text::words(line);
  static const std::unordered_set<std::string_view> kCheck = {"check", "confirm", "verify",
                                                              "ensure", "make"};
  bool check = false;
  for (std::size_t i = 0; i < ws.size() && i < 6 && !check; ++i) check = kCheck.count(ws[i]) > 0;
  if (!check) return false;
  auto ls = text::kb_content_stems(line);
  static const std::vector<std::string> kCheckStems = [] {  // stemmed once, not per word
    std::vector<std::string> out;
    for (std::string_view c : {"check", "confirm", "verify", "ensure", "make", "sure"})
      out.push_back(text::stem(c));
    return out;
  }();
  std::erase_if(ls, [](const std::string& w) {
    return std::find(kCheckStems.begin(), kCheckStems.end(), w) != kCheckStems.end();
  });
  for (const auto& t : tried.stated) {
    std::size_t n = 0;
    for (const auto& w : ls) n += std::find(t.begin(), t.end(), w) != t.end() ? 1 : 0;
    if (n >= 3 && static_cast<double>(n) >= 0.6 * static_cast<double>(ls.size())) return true;
  }
  return false;
}

bool already_tried(const std::string& line, const Tried& tried) {
  // A case's label ("Alerts not arriving: Settings > Alerts, re-enable") names the symptom the
  // customer reports, not what they did: only the fix after it is compared, and a redo ("re-
  // enable") is what the customer did once ("still enabled").
  std::string fix = line;
  if (const auto colon = line.find(": "); colon != std::string::npos &&
                                          text::words(line.substr(0, colon)).size() <= 6)
    fix = line.substr(colon + 2);
  auto ls = text::kb_content_stems(fix);
  for (auto& w : ls)
    if (w.size() > 5 && w.starts_with("re-")) w = text::stem(w.substr(3));
  if (ls.size() < 2) return false;
  for (const auto& t : tried.did) {
    std::size_t n = 0;
    for (const auto& w : ls) n += std::find(t.begin(), t.end(), w) != t.end() ? 1 : 0;
    if (n >= 2 && static_cast<double>(n) >= 0.4 * static_cast<double>(ls.size())) return true;
  }
  return already_stated(line, tried);
}

// The question's content stems, each once.
std::vector<std::string> unique_stems(std::string_view question) {
  auto q = text::content_stems(question);
  std::vector<std::string> out;
  for (auto& w : q)
    if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
  return out;
}

// The item that leads the reply: a sentence of a prose line, or a whole list item, step or table
// row. Each question stem it holds weighs 1 / (number of quoted lines holding it) — a word every
// item repeats tells nothing about which item answers — and half that when the section's heading
// already holds it (the heading says what the section is about, not which item answers).
// `distinctive`: the item holds a question stem that the heading lacks.
// What a question asks for, from its asking sentences (asked_stems): the kind of item that
// answers it gets a bonus in lead_item.
//   amount   "how many / how much / how long", "limit", "maximum": an item with a number;
//   yes_no   "can I", "is there", "does it", "do you": an item stating availability or a limit;
//   problem  kb::reports_problem (something broken): an item naming a cause or a fix.
// A how-to question needs no bonus: its procedure is kept whole and introduced by its heading.
//   how      a how-to question (procedural): its procedure is the answer, a step out of it is not.
struct Asks {
  bool amount = false, yes_no = false, problem = false, how = false;
};

Asks asks_of(std::string_view question) {
  static const std::unordered_set<std::string_view> kYesNo = {
      "can",   "could",  "is",  "are", "does", "do",  "will",
      "would", "should", "may", "did", "has",  "have"};
  Asks a;
  for (const auto& s : text::sentences(question)) {
    if (!asking_sentence(s)) continue;
    const auto ws = text::words(s);
    // ("set WIP limits" names a feature: "limit" alone does not ask for a number.)
    for (std::string_view p :
         {"how many", "how much", "how long", "how big", "how large", "maximum", "max", "minimum",
          "up to", "a limit", "the limit", "any limit", "limit on", "limit for"})
      a.amount = a.amount || text::has_phrase(ws, p);
    a.yes_no = a.yes_no || (!ws.empty() && kYesNo.count(ws.front()) > 0) ||
               text::has_phrase(ws, "is there") || text::has_phrase(ws, "are there") ||
               text::has_phrase(ws, "is it possible");
  }
  // "How many projects can I make" asks for a number, not a yes.
  if (a.amount) a.yes_no = false;
  a.problem = kb::reports_problem(question);
  a.how = procedural(question);
  return a;
}

// The bonus an item gets for being the kind of answer the question asks for (Asks).
double kind_bonus(const Asks& asks, std::string_view unit) {
  const auto ws = text::words(unit);
  auto has_any = [&](std::initializer_list<std::string_view> list) {
    for (const auto& w : ws)
      for (auto x : list)
        if (w == x) return true;
    return false;
  };
  double b = 0;
  if (asks.amount && (unit.find_first_of("0123456789") != std::string_view::npos ||
                      has_any({"unlimited", "max", "maximum", "limit", "limits", "minimum", "up"})))
    b += 0.5;
  if (asks.yes_no && has_any({"available", "supported", "supports", "included", "includes", "only",
                              "not", "cannot", "can't", "can", "allowed", "requires"}))
    b += 0.25;
  if (asks.problem && (kb::troubleshooting_line(unit) ||
                       has_any({"if", "check", "try", "known", "fix", "cause", "caused", "because",
                                "resolve", "reinstall", "clear"})))
    b += 0.25;
  return b;
}

// The label line ("\"Card frozen\" error:") heading the block that quoted line `i` belongs
// to, or npos when none does (a label starts a block that runs to the next label).
std::size_t label_above(const std::vector<std::string>& lines, std::size_t i) {
  for (std::size_t j = i; j-- > 0;)
    if (label(lines[j])) return j;
  return static_cast<std::size_t>(-1);
}

// The question's stems that a block's label names beyond the section's heading: the label says
// which case of the section the block is about ("\"Card frozen\" error:" for "card is frozen").
std::vector<std::string> label_names(const std::vector<std::string>& q,
                                     const std::vector<std::string>& heading,
                                     std::string_view label_line) {
  auto named = stems_in(q, label_line);
  std::erase_if(named, [&](const std::string& w) {
    return std::find(heading.begin(), heading.end(), w) != heading.end();
  });
  return named;
}

// A problem report (kb::reports_problem) answered from a section that is not about
// troubleshooting and whose quoted lines name no fix (`missing`), or only fixes the customer
// says they tried (`tried`: "If no email arrives, check spam" after "I checked spam"): its steps
// are setup, not the answer. `none` otherwise.
enum class NoFix { none, missing, tried };

NoFix no_fix_for_problem(const Asks& asks, std::string_view title,
                         const std::vector<std::string>& lines, const Tried& tried) {
  if (!asks.problem || kb::troubleshooting_heading(title)) return NoFix::none;
  bool tried_fix = false;
  for (const auto& l : lines) {
    if (!kb::troubleshooting_line(l.substr(numbered(l) ? l.find_first_of(".)") + 1 : 0))) continue;
    if (!already_tried(l, tried)) return NoFix::none;
    tried_fix = true;
  }
  return tried_fix ? NoFix::tried : NoFix::missing;
}

// Whether an item is "Label: value" itself ("Supported apps: ..."): it needs no block label.
bool has_own_label(std::string_view item) {
  const auto p = item.find(": ");
  return p != std::string_view::npos && p < 40;
}

struct Lead {
  std::size_t index = static_cast<std::size_t>(-1);  // into the quoted lines
  std::string text;                                  // the sentence or item
  double score = 0;
  bool distinctive = false;
  // A step that answers a yes/no question by itself (states_asked_step): said alone, without the
  // procedure it sits in ("do you have a mobile app?" and a performance checklist's "3. Try the
  // mobile app (iOS / Android)").
  bool yes_no_step = false;
};

// A step of a procedure that answers a yes/no question (not a how-to, not a problem report) on
// its own: it holds every word the customer asks about (at least two, one beyond the heading).
// The procedure around it is about something else (a checklist for slow pages), so the step is
// the answer and the other steps are not.
bool states_asked_step(const Asks& asks, const std::vector<std::string>& asked,
                       const std::vector<std::string>& heading,
                       const std::vector<std::string>& unit_stems) {
  if (!asks.yes_no || asks.how || asks.problem || asks.amount) return false;
  std::vector<std::string> need;
  for (const auto& w : asked)
    if (std::find(need.begin(), need.end(), w) == need.end()) need.push_back(w);
  if (need.size() < 2) return false;
  bool beyond = false;
  for (const auto& w : need) {
    if (std::find(unit_stems.begin(), unit_stems.end(), w) == unit_stems.end()) return false;
    beyond = beyond || std::find(heading.begin(), heading.end(), w) == heading.end();
  }
  return beyond;
}

Lead lead_item(const std::vector<std::string>& q, const std::vector<std::string>& asked,
               const Asks& asks, const Tried& tried, std::string_view leaf,
               const std::vector<std::string>& lines) {
  Lead best;
  if (q.empty()) return best;
  const auto heading = text::kb_content_stems(leaf);
  std::vector<std::vector<std::string>> line_stems;
  for (const auto& l : lines) line_stems.push_back(text::kb_content_stems(l));
  auto df = [&](const std::string& w) {
    double n = 0;
    for (const auto& ls : line_stems) n += std::find(ls.begin(), ls.end(), w) != ls.end() ? 1 : 0;
    return std::max(1.0, n);
  };
  // A word of the sentence that asks weighs twice a word of the customer's narrative ("we have 30
  // seats ... Can we remove them?" is answered by the item about removing).
  auto weight = [&](const std::string& w) {
    return asked.empty() || std::find(asked.begin(), asked.end(), w) != asked.end() ? 1.0 : 0.5;
  };
  const bool has_steps =
      std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return numbered(l); });
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (label(l) || l.rfind("```", 0) == 0) continue;
    const auto t = text::trim(l);
    const bool item =
        numbered(t) || t.rfind("- ", 0) == 0 || t.rfind("* ", 0) == 0 || t.rfind("+ ", 0) == 0;
    std::vector<std::string> units = item ? std::vector<std::string>{t} : text::sentences(t);
    for (const auto& u : units) {
      if (text::word_count(u) < 3) continue;
      // What the customer already did does not answer them.
      if (already_tried(u, tried)) continue;
      const auto us = text::kb_content_stems(u);
      double score = 0;
      int beyond_heading = 0;
      for (const auto& w : q) {
        if (std::find(us.begin(), us.end(), w) == us.end()) continue;
        const bool in_heading = std::find(heading.begin(), heading.end(), w) != heading.end();
        score += weight(w) * (in_heading ? 0.5 : 1.0) / df(w);
        beyond_heading += in_heading ? 0 : 1;
        // Ties go to the item holding more of the asked words ("Removing a desk lowers the
        // invoice" over "Desks are invoiced per active person" for "can we remove desks to cut
        // the invoice?", where the narrative's "active" evened the scores).
        if (!asked.empty() && std::find(asked.begin(), asked.end(), w) != asked.end())
          score += 1e-3;
      }
      // The block's label counts for its items at half weight ("Happens after 5 failed payment
      // attempts" under "\"Card frozen\" error:" for "card frozen after too many attempts").
      if (const auto lab = label_above(lines, i); lab != static_cast<std::size_t>(-1)) {
        for (const auto& w : label_names(q, heading, lines[lab])) {
          if (std::find(us.begin(), us.end(), w) != us.end()) continue;
          score += 0.5 * weight(w);
          ++beyond_heading;
        }
      }
      if (score <= 0) continue;
      // The kind of item the question asks for (a number for "how many", a stated availability
      // for "can I", a cause or fix for a problem) is the point even when its words are the
      // heading's: "Max projects: 3 (Starter)" answers "how many projects" in "Creating a
      // Project". Not for a step: out of its procedure it answers nothing.
      const double bonus = numbered(t) ? 0.0 : kind_bonus(asks, u);
      const bool distinctive = beyond_heading > 0 || (asks.amount && bonus >= 0.5);
      score += bonus;
      // A step leads only when it holds at least three question words beyond the heading (a
      // known-issue step naming the symptom); else the whole procedure, introduced by its
      // heading, answers better than one step out of it (on the dev tickets one or two shared
      // words were the customer's own narrative: "we downloaded the metadata").
      // It must also read as a fix for a symptom (kb::troubleshooting_line: "Known issue: ...",
      // "If ... fails, ..."): "Enter your email → receive reset link" shares three words with
      // "not receiving the reset email" and answers nothing.
      const bool step_answers = numbered(t) && states_asked_step(asks, asked, heading, us);
      if (numbered(t) && !step_answers &&
          (beyond_heading < 3 || !kb::troubleshooting_line(t.substr(t.find_first_of(".)") + 1))))
        continue;
      // A list item or step leads only when it is distinctive; a prose sentence with any
      // question word may (prose states answers; an item out of its list needs to be the point).
      if (item && !distinctive) continue;
      // Next to a procedure, only a sentence holding what the question asks beyond the heading
      // leads (else the procedure introduced by its heading is the answer).
      if (has_steps && !distinctive) continue;
      if (score > best.score + 1e-9) best = {i, u, score, distinctive, step_answers};
    }
  }
  return best;
}

// An item said as the reply's first sentence: without its list marker or step number, ending in
// a full stop; a list item or step that is not "Label: value" already is prefixed with the
// section's title ("- Available on Business plans" → "Velocity Tracking: Available on Business
// plans."): out of its list it needs its subject.
std::string as_sentence(std::string_view item, std::string_view leaf) {
  std::string a = text::trim(item);
  const bool item_of_list =
      numbered(a) || a.rfind("- ", 0) == 0 || a.rfind("* ", 0) == 0 || a.rfind("+ ", 0) == 0;
  if (numbered(a)) a = text::trim(a.substr(a.find_first_of(".)") + 1));
  while (!a.empty() &&
         (a.front() == '-' || a.front() == '*' || a.front() == '+' || a.front() == ' '))
    a.erase(a.begin());
  if (a.empty()) return a;
  if (a.back() == ':') a.pop_back();
  const bool closed = a.back() == '.' || a.back() == '!' || a.back() == '?' ||
                      (a.size() > 1 && (a.back() == '"' || a.back() == ')') &&
                       std::string_view(".!?").find(a[a.size() - 2]) != std::string_view::npos);
  if (!closed) a += '.';
  const bool has_label = a.find(": ") != std::string::npos && a.find(": ") < 40;
  if (item_of_list && !has_label && !leaf.empty()) a = std::string(leaf) + ": " + a;
  return a;
}

// `line` without `sentence` (when the line is a single item, "").
std::string remove_sentence(const std::string& line, const std::string& sentence) {
  auto p = line.find(sentence);
  if (p == std::string::npos) return {};
  std::string out = line.substr(0, p) + line.substr(p + sentence.size());
  return out;
}

// Whether two texts hold the same words (case, punctuation and markup aside).
bool same_words(std::string_view a, std::string_view b) {
  const auto wa = text::words(a);
  return !wa.empty() && wa == text::words(b);
}

// Whether the last reply already said `line` (most of its content words are in it).
bool already_said(const std::string& line, std::string_view previous) {
  const auto ls = text::content_stems(line);
  if (ls.empty()) return false;
  const auto ps = text::content_stems(previous);
  std::size_t n = 0;
  for (const auto& w : ls) n += std::find(ps.begin(), ps.end(), w) != ps.end() ? 1 : 0;
  return static_cast<double>(n) >= 0.8 * static_cast<double>(ls.size());
}

// A "Symptom? Fix" line of a troubleshooting list ("Automation not firing? Check: ...").
bool symptom_line(std::string_view line) {
  const auto t = text::trim(line);
  const auto q = t.find('?');
  return q != std::string::npos && q + 1 < t.size() &&
         text::word_count(std::string_view(t).substr(0, q)) <= 10 && kb::troubleshooting_line(t);
}

// A line that gives the customer something to do about a problem: a fix (kb::troubleshooting_line)
// or an instruction to check, verify, try, contact, clear or reinstall something.
// A condition followed by such an instruction ("If you don't receive it, check spam") is one too.
bool offers_fix(std::string_view line) {
  if (kb::troubleshooting_line(line)) return true;
  const auto ws = text::words(line);
  const bool conditional = !ws.empty() && (ws[0] == "if" || ws[0] == "when");
  for (std::size_t i = 0; i < ws.size() && (conditional || i < 2); ++i)
    for (std::string_view v : {"check", "verify", "try", "ensure", "confirm", "make", "contact",
                               "clear", "reinstall", "restart", "reconnect", "update"})
      if (ws[i] == v) return true;
  return false;
}

// Whether the section holds a fix the customer has not tried (offers_fix, not already_tried): a
// sentence of its prose or a list item, quoted or not.
bool untried_fix(std::string_view content, const Tried& tried) {
  for (std::size_t start = 0; start < content.size();) {
    auto end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    const std::string l = strip_markup(content.substr(start, end - start));
    start = end + 1;
    const auto t = text::trim(l);
    const bool item = t.rfind("- ", 0) == 0 || t.rfind("* ", 0) == 0 || numbered(t);
    for (const auto& u : item ? std::vector<std::string>{t} : text::sentences(t))
      if (offers_fix(u) && !already_tried(u, tried)) return true;
  }
  return false;
}

// A problem report (kb::reports_problem) answered, outside a troubleshooting section, by lines
// none of which is a fix or something to check (offers_fix), and by a lead that states no cause:
// no known issue, no limit or denial ("Max projects: 3", "only", "requires", "not available",
// "expires") and no number the customer quotes. The section describes the feature, not the
// problem, and the reply says the problem itself was not found (as for setup steps). Not when the
// message also asks something: that question is what is answered.
bool problem_without_fix(const Asks& asks, std::string_view question, std::string_view title,
                         std::string_view lead, const std::vector<std::string>& lines) {
  // A report that also asks something ("can I ...?", "how do I ...", "is there ...") is answered
  // by what it asks.
  if (!asks.problem || kb::troubleshooting_heading(title) ||
      question.find('?') != std::string_view::npos)
    return false;
  const auto qw = text::words(question);
  for (std::string_view p : {"how do", "how can", "how to", "is there", "can i", "can we"})
    if (text::has_phrase(qw, p)) return false;
  for (const auto& u : text::sentences(lead))
    if (offers_fix(u)) return false;
  static const std::unordered_set<std::string_view> kCause = {
      "known",   "issue", "max",      "maximum",  "limit",     "limits",  "limited",
      "minimum", "only",  "requires", "required", "unlimited", "expire",  "expires",
      "expired", "after", "until",    "blocked",  "locked",    "disabled"};
  for (const auto& w : text::words(lead)) {
    if (kCause.count(w) || denies(w)) return false;
    if (std::isdigit(static_cast<unsigned char>(w[0])) &&
        std::find(qw.begin(), qw.end(), w) != qw.end())
      return false;
  }
  for (const auto& l : lines)
    for (const auto& u : text::sentences(l))
      if (offers_fix(u)) return false;
  return true;
}

// The kind of case the lead is, and whether another quoted line is a case of the same kind: a
// row of the section's table when a row leads, a "Symptom? Fix" line when one leads. Such lines
// answer other cases (another error, another trigger), not the one asked about.
class ParallelCases {
 public:
  ParallelCases(std::string_view content, const std::string& lead_line) {
    for (const auto& l : parse(content))
      if (l.kind == Kind::row) rows_.push_back(strip_markup(l.text));
    lead_row_ = is_row(lead_line);
    lead_symptom_ = symptom_line(lead_line);
  }
  bool of_lead_kind(const std::string& line) const {
    return (lead_row_ && is_row(line)) || (lead_symptom_ && symptom_line(line));
  }

 private:
  bool is_row(const std::string& line) const {
    return std::find(rows_.begin(), rows_.end(), line) != rows_.end();
  }
  std::vector<std::string> rows_;
  bool lead_row_ = false, lead_symptom_ = false;
};

// The words `t` capitalises inside a sentence (text::tokens' folded forms): the names it gives
// things ("View in Reports > Velocity Chart", "Timeline (Gantt) view").
std::unordered_set<std::string> capitalised_names(std::string_view t) {
  std::unordered_set<std::string> names;
  for (const auto& tok : text::tokens(t))
    if (!tok.sentence_start && !tok.raw.empty() &&
        std::isupper(static_cast<unsigned char>(tok.raw[0])))
      names.insert(tok.low);
  return names;
}

// capitalised_names() of a section's content, remembered on this thread across runs like
// kb_content_stems (the knowledge base's text is the same for every ticket; bounded, cleared only
// at another_thing's entry, so a reference stays valid through one call). Knowledge-base text only.
thread_local TextMemo<std::unordered_set<std::string>> t_kb_names(1024);

// Another thing of the same kind: the customer names a thing by two words, "time tracking",
// "Drive integration", "calendar view", and the lead (or the section's heading) names a thing of
// the same kind with another first word, "Velocity Tracking", "Jira Integration", "Timeline
// (Gantt) view", while the section never uses the customer's first word. The section is about
// another thing than the one asked, so it is not presented as the answer. Read from the subject
// and the sentences that ask (the whole text when none does); words of no particular thing
// ("new", "other", "plan", "issue") do not count on either side. Returns the customer's two words
// ("" when the lead names the asked thing or no such pair is found).
std::string another_thing(std::string_view question, std::string_view subject,
                          std::string_view title, std::string_view content, std::string_view lead) {
  static const std::unordered_set<std::string_view> kNoThing = {
      "new",       "old",     "recent",   "current",   "same",     "different", "other",
      "another",   "whole",   "entire",   "multiple",  "several",  "single",    "main",
      "first",     "last",    "next",     "own",       "specific", "certain",   "particular",
      "common",    "known",   "default",  "plan",      "plans",    "tier",      "version",
      "account",   "issue",   "issues",   "problem",   "problems", "error",     "errors",
      "thing",     "things",  "option",   "options",   "feature",  "features",  "question",
      "questions", "setting", "settings", "available", "free",     "paid",      "basic",
      "full",      "team",    "work",     "using",     "use"};
  auto word_of_thing = [](const std::string& w) {
    if (w.size() < 3 || text::is_stopword(w) || kNoThing.count(w)) return false;
    return std::all_of(w.begin(), w.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  };
  std::vector<std::string> asking;
  const std::string subj = text::trim(subject);
  if (!subj.empty()) asking.push_back(subj);
  const auto ss = text::sentences(question);
  // A question that names nothing itself ("Where is it?") asks about the sentence before it.
  for (std::size_t i = 0; i < ss.size(); ++i) {
    if (!asking_sentence(ss[i]) || same_text(ss[i], subj)) continue;
    if (i > 0 && text::content_stems(ss[i]).size() < 2) asking.push_back(ss[i - 1]);
    asking.push_back(ss[i]);
  }
  if (asking.size() == (subj.empty() ? 0u : 1u))
    for (std::size_t i = 0; i < ss.size() && i < 2; ++i) asking.push_back(ss[i]);
  const auto q_stems = text::content_stems(question);
  const auto section = text::kb_content_stems(std::string(title) + "\n" + std::string(content));
  auto in = [](const std::vector<std::string>& v, const std::string& w) {
    return std::find(v.begin(), v.end(), w) != v.end();
  };
  // Two words of one name: next to each other with only spaces between (a colon, comma or dash
  // ends a name: "Calendar: Tasks ...", "Bug: Due date ..."); a parenthesis closing the first
  // word is allowed ("Timeline (Gantt) view").
  auto pairs = [&](std::string_view t) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto ts = text::tokens(t);
    for (std::size_t i = 0; i + 1 < ts.size(); ++i) {
      if (!word_of_thing(ts[i].low) || !word_of_thing(ts[i + 1].low)) continue;
      const std::size_t end = ts[i].offset + ts[i].raw.size();
      const auto gap = t.substr(end, ts[i + 1].offset - end);
      if (gap.find_first_not_of(" )") != std::string_view::npos || gap.find(' ') == gap.npos)
        continue;
      out.emplace_back(ts[i].low, ts[i + 1].low);
    }
    return out;
  };
  // The customer's first word modifies the second, it is not a verb's form ("switching modes",
  // "updated files").
  auto modifier = [](const std::string& w) { return !(w.ends_with("ing") || w.ends_with("ed")); };
  // The docs' first word must be a name they give the thing: capitalised inside a sentence of the
  // section or the lead ("View in Reports > Velocity Chart", "Timeline (Gantt) view"), not a
  // plain word ("a blank screen", "four screws").
  t_kb_names.trim();
  const auto& content_names = t_kb_names.get(content, capitalised_names);
  const auto lead_names = capitalised_names(lead);
  auto named = [&](const std::string& w) { return content_names.count(w) || lead_names.count(w); };
  std::vector<std::pair<std::string, std::string>> theirs;  // stems of the lead's and heading's
  const std::string leaf = leaf_title(title);
  for (std::string_view t : {std::string_view(leaf), lead})
    for (const auto& [y, h] : pairs(t))
      if (named(y)) theirs.emplace_back(text::stem(y), text::stem(h));
  for (const auto& s : asking) {
    for (const auto& [wa, wb] : pairs(s)) {
      const std::string a = text::stem(wa), b = text::stem(wb);
      if (a == b || !modifier(wa) || in(section, a)) continue;
      for (const auto& [y, h] : theirs)
        if (h == b && y != a && !in(q_stems, y)) return wa + " " + wb;
    }
  }
  return {};
}

}  // namespace

std::string compose_answer(const AnswerInput& in) {
  auto lines = select_lines(in.question, in.content, in.channel);
  for (auto& l : lines) l = strip_markup(l);
  // A doc's own question line (a FAQ heading quoted back) is not part of the answer.
  std::erase_if(lines, [](const std::string& l) {
    const auto t = text::trim(l);
    return t.empty() || (t.back() == '?' && plain_question_line(t));
  });
  // What the customer already tried is acknowledged, not repeated.
  const auto tried = tried_stems(in.question);
  const auto asked = asked_stems(in.question, in.subject);  // the stems of the sentences that ask
  const Asks asks = asks_of(in.question);
  bool dropped_tried = false;
  bool dropped_fix = false;      // what was left out as tried was a fix ("If no e-mail comes, ...")
  bool kept_tried_step = false;  // a step the customer did stays (the procedure is whole): said so
  if (tried.any()) {
    // A step stays (a procedure is given whole); a list item or a sentence of prose goes.
    std::vector<std::string> kept;
    for (const auto& l : lines) {
      if (numbered(l) || label(l)) {
        kept_tried_step = kept_tried_step || (numbered(l) && already_tried(l, tried));
        kept.push_back(l);
        continue;
      }
      if (already_tried(l, tried)) {
        dropped_tried = true;
        dropped_fix = dropped_fix || offers_fix(l);
        continue;
      }
      const auto t = text::trim(l);
      const bool item = t.rfind("- ", 0) == 0 || t.rfind("* ", 0) == 0 || t.rfind("+ ", 0) == 0;
      std::string rest;
      if (!item) {
        for (const auto& sentence : text::sentences(l)) {
          if (already_tried(sentence, tried)) {
            dropped_tried = true;
            dropped_fix = dropped_fix || offers_fix(sentence);
          } else {
            rest += (rest.empty() ? "" : " ") + sentence;
          }
        }
      } else {
        rest = l;
      }
      if (!text::trim(rest).empty()) kept.push_back(rest);
    }
    if (!kept.empty())
      lines = std::move(kept);
    else
      dropped_tried = false;
  }
  const std::string leaf = leaf_title(in.title);
  // A line that only repeats the section's title (a FAQ unit's question heading) says nothing.
  std::erase_if(lines, [&](const std::string& l) { return same_words(l, leaf); });
  if (lines.empty()) return {};
  // A second section, when its lines hold question words the first section's quote lacks.
  std::string also_leaf;
  std::vector<std::string> also_lines;
  {
    const auto q = text::content_stems(in.question);
    std::string quoted = leaf;
    for (const auto& l : lines) quoted += "\n" + l;
    const auto covered = stems_in(q, quoted);
    for (const auto& [title, content] : in.also) {
      // The section must be about something the question names (a question word in its heading).
      if (stems_in(q, leaf_title(title)).empty()) continue;
      // A FAQ question as heading is another customer's question: it must be this one's too
      // (all its words asked), else "How do I change my email address?" rides along with a
      // password question through "change".
      {
        const std::string also_heading = text::trim(leaf_title(title));
        const auto hs = text::kb_content_stems(also_heading);
        const std::size_t named = stems_in(q, also_heading).size();
        if (!also_heading.empty() && also_heading.back() == '?' && named < hs.size()) continue;
        // Any other heading: at least two thirds of its words are the customer's ("Creating
        // Your Account" is not about a login problem that mentions "my account").
        if (3 * named < 2 * hs.size()) continue;
      }
      auto more = supporting_lines(in.question, content, in.channel);
      std::erase_if(more, [&](const std::string& l) {
        return std::find(lines.begin(), lines.end(), l) != lines.end();
      });
      // Within a budget that leaves room for the lead-in, close, greeting and signature; a
      // procedure that does not fit whole is left out, and so is a label left without its lines.
      std::string body = in.title + "\n";
      for (const auto& l : lines) body += l + "\n";
      std::size_t fit = 0;
      for (; fit < more.size(); ++fit) {
        body += more[fit] + "\n";
        if (!within_budget(body, in.channel)) break;
      }
      if (fit < more.size() && numbered(more[fit])) {
        while (fit > 0 && numbered(more[fit - 1])) --fit;
      }
      while (fit > 0 && label(more[fit - 1])) --fit;
      more.resize(fit);
      std::string added;
      for (const auto& l : more) added += l + "\n";
      // At least two asked words the first quote lacks (one new word was often a stray one: a
      // reader judged such "See also" parts irrelevant on the dev tickets).
      const auto answered = stems_in(asked, added);
      std::size_t novel = 0;
      for (const auto& w : answered)
        novel += std::find(covered.begin(), covered.end(), w) == covered.end() ? 1 : 0;
      if (novel < 2) continue;
      also_leaf = leaf_title(title);
      // As for the first section: no FAQ question line and no line repeating the heading.
      std::erase_if(more, [&](const std::string& l) {
        const auto t = text::trim(strip_markup(l));
        return t.empty() || same_words(t, also_leaf) || (t.back() == '?' && plain_question_line(t));
      });
      also_lines = std::move(more);
      break;
    }
  }
  const bool steps =
      std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return numbered(l); });
  // A follow-up in the same conversation: what the last reply already said is not said again.
  bool repeated = false;
  if (!in.previous_reply.empty()) {
    std::vector<std::string> fresh;
    for (const auto& l : lines)
      if (!already_said(l, in.previous_reply)) fresh.push_back(l);
    repeated = fresh.size() < lines.size();
    // A procedure stays whole: when any of its steps is new, all of them are kept.
    const bool new_step =
        std::any_of(fresh.begin(), fresh.end(), [](const std::string& l) { return numbered(l); });
    if (new_step) {
      std::vector<std::string> kept;
      for (const auto& l : lines)
        if (numbered(l) || std::find(fresh.begin(), fresh.end(), l) != fresh.end())
          kept.push_back(l);
      fresh = std::move(kept);
    }
    std::erase_if(fresh, [](const std::string& l) { return label(l); });
    if (fresh.empty() && also_lines.empty()) {
      // Everything the docs say was in the last reply: say so instead of sending it again.
      switch (in.channel) {
        case Channel::email:
        case Channel::webform:
          return "Thank you for following up. My previous reply holds everything our "
                 "documentation says about " +
                 leaf +
                 ", so I have not repeated it here.\n\nIf that did not solve it, simply reply "
                 "and a member of our team will look into it.";
        case Channel::whatsapp:
          return "My last message has all our docs say about " + leaf +
                 ". If that didn't solve it, reply and a teammate will look into it.";
      }
    }
    if (repeated) lines = std::move(fresh);
  }
  const std::string ack_tried = in.channel == Channel::whatsapp
                                    ? "Skipping what you already tried."
                                    : "I have left out what you told us you already tried.";
  const std::string ack_follow_up = in.channel == Channel::whatsapp
                                        ? "Adding to my last message:"
                                        : "Following up on my previous reply:";
  // Honest about the gap: nothing in the docs is presented as the answer to the question.
  auto closest_body = [&](const std::vector<std::string>& quoted) {
    std::string lead, close;
    switch (in.channel) {
      case Channel::email:
        lead =
            "Thank you for your question. Our documentation does not describe this exact "
            "topic; the closest section is " +
            leaf + ", which says:";
        close =
            "If this does not answer your question, simply reply and a member of our team "
            "will look into it.";
        break;
      case Channel::webform:
        lead =
            "Thanks for reaching out! Our documentation does not cover this exact question; "
            "the closest section is " +
            leaf + ":";
        close =
            "If this does not answer your question, just reply and a member of our team will "
            "look into it.";
        break;
      case Channel::whatsapp:
        lead = "Our docs don't cover that exactly. Closest section (*" + leaf + "*):";
        close = "Not what you need? Reply and a teammate will look into it.";
        break;
    }
    if (dropped_tried) lead = ack_tried + " " + lead;
    std::string body = lead + "\n";
    for (const auto& l : quoted) body += l + "\n";
    return body + "\n" + close;
  };
  if (in.closest_only) return closest_body(lines);
  // Lead with the answer: the sentence or item of the quote that best answers the question
  // (lead_item), said first; then only what it needs.
  const auto q = unique_stems(in.question);
  const Lead pick = lead_item(q, asked, asks, tried, leaf, lines);
  // The section is about another thing of the kind asked (another_thing): offered as the
  // closest section, not as the answer, by the item that came nearest (said alone, as the lead
  // would be: the rest of a section about another thing is noise), or the whole selection when
  // no item leads or the item is too short to quote on its own.
  if (!another_thing(in.question, in.subject, in.title, in.content,
                     pick.index < lines.size() ? pick.text : std::string())
           .empty() &&
      compared_items(in.question, lines).empty()) {
    const std::string nearest = pick.index < lines.size() ? as_sentence(pick.text, "") : "";
    if (text::content_stems(nearest).size() >= 3) return closest_body({nearest});
    return closest_body(lines);
  }
  // Likewise a capability question the section leaves unanswered (capability_unanswered: most of
  // what is asked for appears nowhere in it).
  if (!asks.amount && pick.index < lines.size()) {
    std::string quoted;
    for (const auto& l : lines) quoted += l + "\n";
    if (capability_unanswered({in.question, leaf, as_sentence(pick.text, leaf), quoted}))
      return closest_body(lines);
  }
  std::string answer;
  bool block_answer = false;  // the reply is the labelled block the question names
  // A comparison of items the section lists ("member or viewer?"): all of them lead, side by
  // side, and labels left without their items go.
  if (const auto compared = compared_items(in.question, lines); !compared.empty()) {
    // What else is quoted must hold a question word that neither the heading nor the compared
    // items hold ("Settings → Team → Invite Members" says nothing about member vs viewer).
    auto known = text::kb_content_stems(leaf);
    for (auto i : compared) {
      answer += (answer.empty() ? "" : " ") + as_sentence(lines[i], "");
      for (auto& w : text::kb_content_stems(lines[i])) known.push_back(std::move(w));
    }
    std::vector<std::string> further;
    for (const auto& w : q)
      if (std::find(known.begin(), known.end(), w) == known.end()) further.push_back(w);
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (std::find(compared.begin(), compared.end(), i) == compared.end() &&
          (label(lines[i]) || !stems_in(further, lines[i]).empty()))
        rest.push_back(lines[i]);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < rest.size(); ++i)
      if (!label(rest[i]) || (i + 1 < rest.size() && !label(rest[i + 1]))) out.push_back(rest[i]);
    lines = std::move(out);
  } else if (pick.index < lines.size()) {
    answer = as_sentence(pick.text, leaf);
    const std::string lead_line = lines[pick.index];  // before the lead is taken out of it
    const bool lead_is_step = numbered(lines[pick.index]);
    if (lead_is_step &&
        (pick.yes_no_step || (asks.problem && !kb::troubleshooting_heading(in.title)))) {
      // The fix for a reported problem, found among the steps of a setup procedure (a known issue
      // noted in it): the customer has set it up already, so the fix is the answer and the setup
      // steps around it are not quoted again. Likewise a step that answers a yes/no question by
      // itself: the procedure around it is not what was asked.
      std::erase_if(lines, [](const std::string& l) { return numbered(l); });
      std::vector<std::string> out;
      for (std::size_t i = 0; i < lines.size(); ++i)
        if (!label(lines[i]) || (i + 1 < lines.size() && !label(lines[i + 1])))
          out.push_back(lines[i]);
      lines = std::move(out);
      // Without its procedure the fix needs its subject: "Ledger Integration — Known issue: ...".
      if (stems_in(text::kb_content_stems(leaf), answer).empty()) answer = leaf + " — " + answer;
    } else if (const auto lab = label_above(lines, pick.index);
               !lead_is_step && lab != static_cast<std::size_t>(-1) && !has_own_label(pick.text) &&
               !label_names(q, text::kb_content_stems(leaf), lines[lab]).empty()) {
      // The lead's block is the case the question names by its label: the reply is that block,
      // said under its label ("\"Card frozen\" error: Happens after 5 failed payment attempts."),
      // and the section's other cases are left out unless their labels name asked words too
      // ("To enable:" and "To enforce:" for "how do I enable and enforce it?").
      std::string item = as_sentence(pick.text, "");
      answer = text::trim(lines[lab]) + " " + item;
      std::vector<std::string> block;
      for (std::size_t i = lab + 1; i < lines.size() && !label(lines[i]); ++i)
        if (i != pick.index) block.push_back(lines[i]);
      const auto heading = text::kb_content_stems(leaf);
      const auto lead_label = label_names(q, heading, lines[lab]);
      for (std::size_t j = 0; j < lines.size(); ++j) {
        if (j == lab || !label(lines[j])) continue;
        auto named = label_names(q, heading, lines[j]);
        std::erase_if(named, [&](const std::string& w) {
          return std::find(lead_label.begin(), lead_label.end(), w) != lead_label.end();
        });
        if (named.empty()) continue;
        block.push_back(lines[j]);
        for (std::size_t i = j + 1; i < lines.size() && !label(lines[i]); ++i)
          block.push_back(lines[i]);
      }
      lines = std::move(block);
      block_answer = true;
    } else if (!lead_is_step) {
      // The led item is not repeated; a prose line keeps its other sentences.
      const std::string rest_of_line = text::trim(remove_sentence(lines[pick.index], pick.text));
      if (rest_of_line.empty() || rest_of_line == "-" || label(rest_of_line)) {
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(pick.index));
      } else {
        lines[pick.index] = rest_of_line;
      }
    }
    // An unordered list keeps only its items that hold a question word the heading lacks (a
    // word every item of "Creating a Project" holds says nothing about the question); a
    // procedure stays whole.
    if (pick.distinctive && !block_answer) {
      const auto heading = text::kb_content_stems(leaf);
      // A word of the sentence that asks is enough; the customer's narrative needs two ("want to
      // make each project look different" next to "can I change the colour of my board?").
      std::vector<std::string> beyond, narrative;
      for (const auto& w : q) {
        if (std::find(heading.begin(), heading.end(), w) != heading.end()) continue;
        (std::find(asked.begin(), asked.end(), w) != asked.end() ? beyond : narrative).push_back(w);
      }
      // Another case of the same kind as the lead (another row of a table when a row leads,
      // another "Symptom? Fix" line when one leads) stays only with a question word the lead
      // lacks: "Automation limit exceeded: ... Upgrade plan" repeats nothing asked after
      // "\"Workspace limit reached\": ... Upgrade or remove unused members" for "do we auto
      // upgrade?" (parallel_case).
      const auto lead_stems = text::kb_content_stems(answer);
      auto new_to_lead = [&](std::vector<std::string> ws) {
        std::erase_if(ws, [&](const std::string& w) {
          return std::find(lead_stems.begin(), lead_stems.end(), w) != lead_stems.end();
        });
        return ws;
      };
      const auto beyond_new = new_to_lead(beyond), narrative_new = new_to_lead(narrative);
      const ParallelCases cases(in.content, lead_line);
      const bool tried_something = !tried.did.empty();
      // An item whose own label is question words stays too ("- Member – Access to ..." for
      // "member or viewer?" under "Managing Team Members"; not "Board limits: ..." for a
      // question that names only the board).
      auto item_label = [](const std::string& l) -> std::string {
        std::size_t end = std::string::npos;
        for (std::string_view sep : {": ", " – ", " — ", " - "})
          end = std::min(end, l.find(sep, 2));
        return end != std::string::npos && end <= 40 ? l.substr(0, end) : std::string();
      };
      std::vector<std::string> kept;
      // Prose keeps the old, looser rule (any question word): it states conditions next to the
      // answer ("SSO requires Admin access and SAML 2.0 configuration").
      auto prose = [](const std::string& l) {
        const auto t = text::trim(l);
        return !(t.rfind("- ", 0) == 0 || t.rfind("* ", 0) == 0 || t.rfind("+ ", 0) == 0);
      };
      for (const auto& l : lines) {
        const bool parallel = cases.of_lead_kind(l);
        if (numbered(l) || label(l) || !stems_in(parallel ? beyond_new : beyond, l).empty() ||
            (prose(l) && !stems_in(q, l).empty()) ||
            stems_in(parallel ? narrative_new : narrative, l).size() >= 2 ||
            (!text::kb_content_stems(item_label(l)).empty() &&
             stems_in(q, item_label(l)).size() == text::kb_content_stems(item_label(l)).size())) {
          kept.push_back(l);
        } else if (tried_something && !parallel) {
          // A fix the customer has not tried stays for a customer who tried one ("Verify the
          // address is spelled correctly" after "checked spam"), though it shares no word with
          // the question: it is what is left to do.
          std::string fixes;
          for (const auto& u : prose(l) ? text::sentences(l) : std::vector<std::string>{l})
            if (offers_fix(u) && !already_tried(u, tried)) fixes += (fixes.empty() ? "" : " ") + u;
          if (!fixes.empty()) kept.push_back(fixes);
        }
      }
      // Labels left without their lines go too.
      std::vector<std::string> out;
      for (std::size_t i = 0; i < kept.size(); ++i) {
        if (label(kept[i]) && (i + 1 == kept.size() || label(kept[i + 1]))) continue;
        out.push_back(kept[i]);
      }
      lines = std::move(out);
    }
  }
  const bool steps_left =
      std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return numbered(l); });
  std::string lead, intro, close;
  NoFix no_fix = NoFix::none;  // a problem report answered by setup steps that name no new fix
  // The close when the reply does not hold the fix: a person if it does not solve it.
  const std::string_view still_stuck =
      in.channel == Channel::whatsapp
          ? "Still stuck? Reply and a teammate will look into it."
          : "If this does not solve it, just reply and a member of our team will look into it.";
  switch (in.channel) {
    case Channel::email:
      close = "I hope this helps.";
      break;
    case Channel::webform:
      close = "If anything is unclear, just reply and we will be happy to help.";
      break;
    case Channel::whatsapp:
      close = "Anything else I can help with?";
      break;
  }
  if (in.uncertain) {
    // A middling confidence: the best section is still answered from, lead first (a reader
    // finds a hedged quote less useful than the answer), and the close offers a person
    // instead of claiming the question is settled.
    switch (in.channel) {
      case Channel::email:
        close =
            "If this is not what you were asking about, a member of our team will look into it.";
        break;
      case Channel::webform:
        close = "If this is not what you meant, just reply and a member of our team will help.";
        break;
      case Channel::whatsapp:
        close = "Not what you meant? Reply and a teammate will look into it.";
        break;
    }
  }
  if (!answer.empty()) {
    lead = answer;
    if (!asks.amount) {  // a yes/no or how-to question (yes_no_verdict tells which)
      std::string quoted;
      for (const auto& l : lines) quoted += l + "\n";
      const std::string verdict = yes_no_verdict({in.question, leaf, answer, quoted});
      if (!verdict.empty()) lead = verdict + " " + lead;
    }
    if (!lines.empty()) intro = steps_left ? "Here's how:" : "";
    if (const NoFix nf = no_fix_for_problem(asks, in.title, lines, tried);
        steps_left && nf != NoFix::none && !kb::troubleshooting_line(answer)) {
      // As below, with the lead kept: the setup steps are not presented as the fix.
      no_fix = nf;
    } else if (!steps_left && lead == answer &&
               problem_without_fix(asks, in.question, in.title, answer, lines)) {
      no_fix = NoFix::missing;
    }
    if (no_fix != NoFix::none) close = still_stuck;
  } else if (steps && no_fix_for_problem(asks, in.title, lines, tried) != NoFix::none) {
    // A problem report answered by a setup procedure that names no fix (or only fixes the
    // customer tried): said plainly (the opener below), the steps offered to compare with what the
    // customer did, and a person if that does not solve it (each sentence under grounding's three
    // fact stems, or the section's own title).
    no_fix = no_fix_for_problem(asks, in.title, lines, tried);
    close = still_stuck;
    if (in.channel == Channel::whatsapp) {
      lead = "Here's how (*" + leaf + "*):";
    } else {
      lead = "Here are the steps for " + leaf + ". Please compare them with what you did:";
    }
  } else if (in.channel == Channel::whatsapp) {
    lead = std::string(steps ? "Here's how" : "From our docs") + " (*" + leaf + "*):";
  } else {
    lead = (steps ? "Here are the steps for " : "Here is what our documentation says about ") +
           leaf + ":";
  }
  // A problem whose only fix in a prose or FAQ unit is one the customer says they tried ("If
  // the e-mail does not arrive, check spam" after "checked spam too"): what is left is what they
  // did, so the reply says they tried what the docs suggest, as for a procedure, instead of "I
  // have left out what you tried" before the steps they did. Not when anything left is a fix or a
  // check to make (offers_fix).
  if (no_fix == NoFix::none && dropped_fix && !steps_left && !repeated &&
      (asks.problem || !tried.did.empty()) && !untried_fix(in.content, tried)) {
    no_fix = NoFix::tried;
    close = still_stuck;
  }
  std::string opener;
  if (repeated) {
    opener = ack_follow_up;
  } else if (in.returning_customer && in.channel != Channel::whatsapp) {
    opener = "Thank you for getting back to us.";
  }
  if (dropped_tried && no_fix != NoFix::tried) opener += (opener.empty() ? "" : " ") + ack_tried;
  const std::string not_found =
      no_fix == NoFix::tried
          ? (in.channel == Channel::whatsapp
                 ? "You've already tried what our docs suggest for this."
                 : "You have already tried what our documentation suggests for this.")
          : (in.channel == Channel::whatsapp
                 ? "I couldn't find this exact problem in our docs."
                 : "I could not find this exact problem in our documentation.");
  // Steps the customer did are not cut out of a procedure, but the reply says it knows
  // (grounding: under three content stems, no fact).
  if (kept_tried_step && !dropped_tried && !repeated && no_fix != NoFix::tried) {
    const bool still_steps =
        std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return numbered(l); });
    if (still_steps)
      opener += std::string(opener.empty() ? "" : " ") +
                (in.channel == Channel::whatsapp ? "I know you tried some of the steps below."
                                                 : "I know you have already tried some of the "
                                                   "steps below.");
  }
  if (no_fix != NoFix::none) opener += (opener.empty() ? "" : " ") + not_found;
  std::string body;
  if (!opener.empty()) body += opener + (lead.back() == ':' && answer.empty() ? " " : "\n");
  if (!in.confirmed.empty()) body += "Yes. " + in.confirmed + "\n";
  body += lead + "\n";
  if (!intro.empty()) body += intro + "\n";
  for (const auto& l : lines) body += l + "\n";
  if (!also_lines.empty()) {
    body += "\n";
    body += in.channel == Channel::whatsapp ? "Also (*" + also_leaf + "*):\n"
                                            : "See also " + also_leaf + ":\n";
    for (const auto& l : also_lines) body += strip_markup(l) + "\n";
  }
  body += "\n" + close;
  return body;
}

std::string feedback_reply(std::string_view message, Channel channel) {
  const auto ws = text::words(message);
  const text::WordIndex index(ws);  // ~40 phrases looked up below
  bool request = false;
  for (std::string_view p : {"feature request",     "feature suggestion",
                             "share some feedback", "some feedback",
                             "my feedback",         "our feedback",
                             "quick feedback",      "product feedback",
                             "a suggestion",        "would love to see",
                             "would love it if",    "would be great if",
                             "would be nice if",    "would be a game changer",
                             "would be awesome if", "would be amazing if",
                             "please add",          "plans to add",
                             "plan to add",         "consider adding",
                             "request a",           "requesting a"})
    request = request || text::has_phrase(ws, p);
  if (!request && !ws.empty() && (ws.front() == "feedback" || ws.front() == "suggestion"))
    request = true;
  if (!request || kb::reports_problem(message)) return {};
  // Each sentence keeps under grounding's three content stems (grounding.h): nothing here states
  // a fact about the product, so no documentation needs citing.
  // Praise or an opinion without an ask ("just wanted to share how much we like ..."): no date
  // to disclaim.
  bool asks = false;
  for (std::string_view p :
       {"feature request", "feature suggestion", "would love to see", "would love it if",
        "would be great if", "would be nice if", "would be awesome if", "would be amazing if",
        "please add", "plans to add", "plan to add", "consider adding", "request a", "requesting a",
        "roadmap", "any plans"})
    asks = asks || text::has_phrase(ws, p);
  asks = asks || message.find('?') != std::string_view::npos;
  if (!asks)
    return channel == Channel::whatsapp
               ? "Thanks for the feedback! It is recorded with your ticket for our product team."
               : "Thank you for your feedback.\n\nIt is "
                 "recorded with your ticket for our product team. If there is anything you need "
                 "help with, just reply.";
  return channel == Channel::whatsapp
             ? "Thanks for the feedback! It is recorded with your ticket for our product team. "
               "I can't promise a date."
             : "Thank you for your feedback.\n\nIt is recorded with your ticket for our product "
               "team. I cannot promise a date. If there is anything you need help with in the "
               "meantime, just reply.";
}

std::string small_talk_reply(std::string_view message, Channel channel) {
  static const std::unordered_set<std::string_view> kThanks = {
      "thanks",     "thank",     "thx",       "ty",      "cheers", "appreciated",
      "appreciate", "great",     "perfect",   "awesome", "cool",   "ok",
      "okay",       "worked",    "works",     "solved",  "fixed",  "helpful",
      "brilliant",  "excellent", "wonderful", "nice",    "got"};
  static const std::unordered_set<std::string_view> kHello = {
      "hi", "hello", "hey", "morning", "afternoon", "evening", "good", "there", "hiya"};
  static const std::unordered_set<std::string_view> kFiller = {
      "you",   "so",   "much", "very",       "a",       "lot", "that",  "it",     "this",
      "now",   "all",  "is",   "it's",       "that's",  "for", "the",   "help",   "your",
      "again", "team", "guys", "bye",        "goodbye", "yes", "great", "really", "just",
      "has",   "have", "been", "everything", "sorted",  "i"};
  const auto ws = text::words(message);
  if (ws.empty() || ws.size() > 12) return {};
  bool thanks = false, hello = false;
  for (const auto& w : ws) {
    if (kThanks.count(w)) {
      thanks = true;
    } else if (kHello.count(w)) {
      hello = true;
    } else if (!kFiller.count(w)) {
      return {};
    }
  }
  if (thanks) {
    return channel == Channel::whatsapp
               ? "You're welcome! Message us any time if you need anything else."
               : "You're welcome, and thank you for letting us know. If you need anything "
                 "else, just reply and we will be glad to help.";
  }
  if (hello) {
    return channel == Channel::whatsapp
               ? "How can I help you today?"
               : "Thank you for getting in touch. How can we help you today? Please describe "
                 "your question and we will be glad to assist.";
  }
  return {};
}

}  // namespace fte::agent
