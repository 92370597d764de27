#include "kb/confidence.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "kb/text.h"

namespace fte::kb {

namespace {

// Fitted weights (logistic regression, L2 0.01, on 119 dev-half tickets of the four shared sets +
// the 10 sample tickets, 48 positives; see docs/EVAL.md); features in [0, 1]. AUC on that set:
// model 0.80, top alone 0.78, coverage 0.76, margin 0.75, heading 0.67.
constexpr double kBias = -2.21;
constexpr double kTop = 1.31;
constexpr double kMargin = 0.92;
constexpr double kCoverage = 1.61;
constexpr double kHeading = 0.87;

}  // namespace

AnswerConfidence assess_answer(std::string_view question, std::string_view title,
                               std::string_view content, double top, double second) {
  AnswerConfidence c;
  c.top = std::clamp(top, 0.0, 1.0);
  c.margin = std::clamp(top - second, 0.0, 1.0);
  std::vector<std::string> q = index_terms(question);
  std::sort(q.begin(), q.end());
  q.erase(std::unique(q.begin(), q.end()), q.end());
  const auto head_terms = index_terms(title);
  const std::unordered_set<std::string> head(head_terms.begin(), head_terms.end());
  std::unordered_set<std::string> unit(head);
  for (auto& t : index_terms(content)) unit.insert(std::move(t));
  std::size_t covered = 0, in_head = 0;
  for (const auto& w : q) {
    covered += unit.count(w);
    in_head += head.count(w);
  }
  c.coverage = q.empty() ? 0 : static_cast<double>(covered) / static_cast<double>(q.size());
  c.heading = static_cast<double>(std::min<std::size_t>(in_head, 2)) / 2.0;
  const double z = kBias + kTop * c.top + kMargin * c.margin + kCoverage * c.coverage +
                   kHeading * c.heading;
  c.p = 1.0 / (1.0 + std::exp(-z));
  c.level = c.p >= kAnswerAt    ? AnswerConfidence::Level::answer
            : c.p >= kClosestAt ? AnswerConfidence::Level::closest
                                : AnswerConfidence::Level::none;
  return c;
}

}  // namespace fte::kb
