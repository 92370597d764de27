// Calibrated answer confidence (kb/confidence.h): a section that names what is asked, with a clear
// lead over the next hit, is an answer; the same score from a section that holds none of the
// question's words is not; a tie between two sections lowers it.
#include "kb/confidence.h"

#include <gtest/gtest.h>

namespace fte::kb {
namespace {

TEST(AnswerConfidence, CoverageAndMarginDecideTheLevel) {
  const std::string q = "How do I export my timesheets to CSV?";
  const auto good = assess_answer(q, "Time Clock > Exporting Timesheets",
                                  "Go to Timesheets > Export and choose CSV or PDF.", 0.6, 0.3);
  EXPECT_EQ(good.level, AnswerConfidence::Level::answer) << good.p;
  EXPECT_DOUBLE_EQ(good.coverage, 1.0);
  const auto off = assess_answer(q, "Billing > Payment Methods",
                                 "We accept cards and bank transfers.", 0.35, 0.3);
  EXPECT_EQ(off.level, AnswerConfidence::Level::none) << off.p;
  EXPECT_DOUBLE_EQ(off.coverage, 0.0);
  const auto tie = assess_answer(q, "Time Clock > Exporting Timesheets",
                                 "Go to Timesheets > Export and choose CSV or PDF.", 0.6, 0.6);
  EXPECT_LT(tie.p, good.p);
}

}  // namespace
}  // namespace fte::kb
