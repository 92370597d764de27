#include "kb/problem_report.h"

#include <algorithm>
#include <string>
#include <vector>

#include "kb/text.h"

namespace fte::kb {
namespace {

bool starts_with(const std::string& w, std::string_view p) {
  return w.size() >= p.size() && w.compare(0, p.size(), p) == 0;
}

bool ing_verb(const std::string& w) {
  return w.size() > 5 && w.compare(w.size() - 3, 3, "ing") == 0;
}

bool strong_cue(const std::string& w) {
  static constexpr std::string_view kPrefixes[] = {"error", "fail", "crash", "freez", "glitch"};
  static constexpr std::string_view kWords[] = {"broken", "bug", "bugs", "buggy", "stopped",
                                                "stuck", "froze", "frozen", "hangs", "errored"};
  for (auto p : kPrefixes)
    if (starts_with(w, p)) return true;
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool weak_cue(const std::string& w) {
  static constexpr std::string_view kWords[] = {
      "cant",  "cannot",  "unable",  "wont",   "doesnt",   "didnt",       "isnt",    "arent",
      "wasnt", "missing", "wrong",   "blank",  "problem",  "problems",    "issue",   "issues",
      "disappeared", "vanished", "lost", "incorrect"};
  if (starts_with(w, "duplicat")) return true;
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool any_word(const std::vector<std::string>& ws, std::initializer_list<std::string_view> set) {
  for (const auto& w : ws)
    for (auto s : set)
      if (w == s) return true;
  return false;
}

}  // namespace

bool problem_word(std::string_view lower_word) {
  const std::string w(lower_word);
  if (strong_cue(w) || weak_cue(w)) return true;
  if (starts_with(w, "troubleshoot") || starts_with(w, "issue") || starts_with(w, "problem") ||
      starts_with(w, "fix") || starts_with(w, "limitation") || starts_with(w, "work"))
    return true;
  return w == "not" || w == "known" || w == "common" || w == "help" || w == "support";
}

bool heading_on_topic(std::string_view heading_path, std::string_view message) {
  std::vector<std::string> topic;
  for (const auto& w : split_words(message))
    if (!problem_word(w) && !is_stopword(w)) topic.push_back(stem(w));
  for (const auto& w : split_words(heading_path)) {
    if (problem_word(w) || is_stopword(w)) continue;
    if (std::find(topic.begin(), topic.end(), stem(w)) != topic.end()) return true;
  }
  return false;
}

bool reports_problem(std::string_view message) {
  const auto ws = split_words(message);
  int weak = 0;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    const auto& w = ws[i];
    if (strong_cue(w)) return true;
    const std::string next = i + 1 < ws.size() ? ws[i + 1] : std::string();
    if ((w == "not" || w == "keeps" || w == "keep") && ing_verb(next)) return true;
    if ((w == "not" || w == "doesnt" || w == "dont" || w == "isnt" || w == "stop") &&
        (next == "work" || next == "working" || next == "works"))
      return true;
    if (w == "no" && next == "longer") return true;
    if (w == "instead" && next == "of") return true;
    if (weak_cue(w)) ++weak;
  }
  return weak >= 2;
}

bool troubleshooting_heading(std::string_view heading_path) {
  const auto ws = split_words(heading_path);
  for (std::size_t i = 0; i < ws.size(); ++i) {
    const auto& w = ws[i];
    if (starts_with(w, "troubleshoot") || starts_with(w, "error") || w == "issue" ||
        w == "issues" || w == "problem" || w == "problems" || w == "fix" || w == "fixes" ||
        w == "limitation" || w == "limitations")
      return true;
    if (w == "not" && i + 1 < ws.size() && (ing_verb(ws[i + 1]) || ws[i + 1] == "work"))
      return true;
  }
  return false;
}

bool troubleshooting_line(std::string_view line) {
  const auto ws = split_words(line);
  if (ws.empty()) return false;
  // "Automation not firing? Check: ..." — a symptom asked, then its fix.
  const auto q = line.find('?');
  if (q != std::string_view::npos && q + 1 < line.size()) {
    const auto before = split_words(line.substr(0, q));
    if (!before.empty() && before.size() <= 10) return true;
  }
  if (any_word(ws, {"troubleshoot", "troubleshooting", "workaround", "fix", "fixes", "fixed"}))
    return true;
  if (ws.size() >= 2 && ws[0] == "known" && (ws[1] == "issue" || ws[1] == "issues")) return true;
  if (ws[0] == "if" || ws[0] == "when")
    return std::any_of(ws.begin(), ws.end(), [](const std::string& w) { return problem_word(w); });
  return false;
}

}  // namespace fte::kb
