// The intent side of `fte eval` and `fte intents train` (issue 14).
//   judgement_class(check)   the class a message was judged as: the deciding input check's reason
//                            mapped to a corpus class (pricing_inquiry → pricing, refund_request →
//                            billing_dispute, ...), "none" when nothing tripped;
//   label_class(reason)      a ticket set's free-text escalation label mapped to the same classes
//                            (reads the label, never the message);
//   eval_intents(file)       per-class precision / recall and the confusion matrix of the full
//                            judgement (phrase rules + model + sentiment) on a labelled corpus
//                            file, e.g. data/intents/heldout.txt, which training never reads.
// Not thread-safe (CLI use). Throws fte::Error for unreadable input.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "app/eval.h"

namespace fte::app {

// Classes in report order; "none" last.
const std::vector<std::string>& intent_classes();
std::string reason_class(const std::string& reason_code);
std::string label_class(const std::string& label_reason);
// The classes a label accepts as the right reason, label_class first. A label naming a team
// ("legal-team", "escalate_billing", "enterprise_csm") also accepts the other reasons that team
// handles (legal: privacy requests and compliance paperwork; billing: pricing; security: privacy
// requests; privacy: compliance paperwork; an enterprise CSM: compliance, a request for a person,
// an outage); a reason label ("legal_threat") accepts only its own class.
std::vector<std::string> label_accepts(const std::string& label_reason);

struct ConfusionMatrix {
  std::vector<std::string> classes;
  std::map<std::string, std::map<std::string, int>> counts;  // expected → predicted → n
  // Routine ("none") examples escalated, by the guardrail that decided (a phrase rule's label,
  // "sentiment", "intent_model", ...): whether a false alarm is a rule's or the model's.
  std::map<std::string, int> routine_escalated_by;
  void add(const std::string& expected, const std::string& predicted);
  double precision(const std::string& c) const;
  double recall(const std::string& c) const;
  int support(const std::string& c) const;
  std::string text() const;  // per-class P/R/F1 table + the matrix
};

ConfusionMatrix eval_intents(const std::string& corpus_file);

// The judgement section of `fte eval` on a ticket set: escalation F1 (raw and with the
// constitution's re-label: pricing / refund asks escalate even where labelled resolve), hard-rule
// recall and right-reason rate, routine questions escalated, and the class confusion matrix
// (expected = label_class of the label's reason, "none" for resolve; judged = reason_class).
std::string judgement_text(const EvalReport& r);

int run_intents_train(const std::string& corpus_dir, const std::string& out);
// misses: also print every misjudged example (refused for heldout*.txt files: measurement sets).
int run_intents_eval_cli(const std::string& corpus_file, bool misses = false);

// `fte rules POLICY --calibrate CORPUS`: for thresholds 0.30..0.95, how many routine ("none")
// examples of CORPUS the policy's similarity layer escalates and how many hard-rule examples it
// gives their own class; prints the lowest threshold with routine matches <= 1 %.
int run_rules_calibrate(const std::string& policy, const std::string& corpus);

}  // namespace fte::app
