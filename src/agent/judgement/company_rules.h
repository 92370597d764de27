// CompanyRules: a company's own escalation policy (issue 14), read from the markdown it already
// writes for its support staff (escalation-rules.md) — nothing company-specific lives in code.
//
// What is read (any company's document; unknown parts are ignored, never an error):
//   - a heading (or a row of a table whose first header cell says "Trigger") names a category;
//     reason_for_heading() maps it onto our reason codes by its words ("Billing & Financial" →
//     billing_dispute, "Legal & Compliance" → legal_threat, "Pricing Negotiation" →
//     pricing_inquiry, ...; nothing fits → "other");
//   - its bullets (a trigger table's "Description" cell) are the situations it escalates:
//     labelled examples for the similarity layer (company_similarity.h);
//   - quoted or `backticked` phrases on a line that declares them ("Keyword triggers:",
//     "Customer says:", "mentions:", "trigger words") are keyword triggers, matched like the
//     built-in phrase rules (text::keys words, whole words, negation and "the legal team"-style
//     innocent-use guards, phrase_guard.h); a line that names WhatsApp makes them WhatsApp
//     keywords (the whole message is the keyword);
//   - "Route to: … Queue: `x`" (or the first `backticked` name / mail box local part, and
//     "escalate to name@…" in a bullet) is the team the category's cases go to; it is carried
//     in the escalation's context ("route to x") and compared with the label's team by fte eval;
//   - bullets under a heading that says not to escalate ("NEVER Escalate", "Non-Escalation",
//     "Anti-Escalation") are routine examples (the similarity layer's counter-examples);
//   - a heading saying "conditional", "soft", "after … attempt(s)", "tier 2/3" or "judg(e)ment"
//     marks the categories below it conditional (not immediate).
// Company rules add trips after the built-in rules; they never remove the constitution's.
//
// Where the policy comes from (CompanyRules::locate): FTE_ESCALATION_RULES, else
// escalation-rules.md in the knowledge-base folder (that file is never imported as KB text:
// is_policy_file()). `fte eval --rules FILE` sets it for one evaluation.
// Thread-safe: a parsed CompanyRules is immutable; shared()/set_shared() swap an atomic pointer.
// parse() never throws except std::bad_alloc; load() throws fte::Error for an unreadable file.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/domain.h"

namespace fte::agent {

struct CompanyRule {
  std::string name;    // the heading or trigger cell, as written (markup and numbering removed)
  std::string reason;  // our reason code
  std::string team;    // the team/queue it routes to; "" when the policy names none
  bool immediate = true;
  std::vector<std::string> keywords;           // folded key lines ("money back")
  std::vector<std::string> whatsapp_keywords;  // whole-message keywords on WhatsApp
  std::vector<std::string> examples;           // the situations it describes
};

struct CompanyTrip {
  const CompanyRule* rule = nullptr;
  std::string evidence;  // the keyword, or "example 0.71: <the policy's bullet>"
  double score = 1;      // the similarity layer's coverage (1 for a keyword)
};

// The similarity layer's threshold: the share of a policy example's content words (IDF-weighted
// over the policy's examples) a message must carry. Chosen on our own corpus, never on a shared
// set: `fte rules corpus --calibrate data/intents/validation.txt` writes a policy from
// data/intents/train.txt (8 sentences per class as bullets, 16 routine ones) and prints, per
// threshold, the validation messages it matches (routine ones, and hard-rule ones with their own
// class); this is the lowest threshold whose routine matches stay at or under 1 % (docs/EVAL.md).
inline constexpr double kCompanyExampleThreshold = 0.7;
inline constexpr std::size_t kCompanyExampleMinWords = 2;  // shared content words, at least

class CompanyRules {
 public:
  static CompanyRules parse(std::string_view markdown, std::string source = "");
  static CompanyRules load(const std::string& path);  // throws fte::Error(invalid_argument)

  const std::vector<CompanyRule>& rules() const { return rules_; }
  const std::vector<std::string>& routine_examples() const { return routine_; }
  const std::string& source() const { return source_; }
  std::size_t keyword_count() const;
  // How the policy was read, one category a line (`fte rules FILE` prints it).
  std::string describe() const;

  // The first keyword trigger in subject + body (guards applied); WhatsApp keywords look at the
  // body alone. Rules whose reason is "other" never trip (no route to decide).
  std::optional<CompanyTrip> keyword_trigger(Channel channel, std::string_view text,
                                             std::string_view body) const;
  // The similarity layer: the policy example (of any category with a reason code, conditional
  // ones included) that the message covers best, when its coverage reaches `threshold`, it
  // shares at least kCompanyExampleMinWords content words, and no routine example is covered
  // as well.
  std::optional<CompanyTrip> nearest_example(std::string_view text,
                                             double threshold = kCompanyExampleThreshold) const;
  // Whether a word of the policy's categories and examples starts with `prefix` (folded).
  bool mentions(std::string_view prefix) const;
  // Whether a category of the policy has this reason code.
  bool has_reason(std::string_view reason) const;
  // The team the policy routes `reason` to: the first rule of that reason naming one, then the
  // rules of a sibling reason (refund_request ↔ billing_dispute; human_requested,
  // negative_sentiment, repeat_contact); "" when none.
  std::string team_for(std::string_view reason) const;

  // The process's policy (nullptr: none). set_shared(nullptr) turns it off.
  static std::shared_ptr<const CompanyRules> shared();
  static void set_shared(std::shared_ptr<const CompanyRules> rules);
  // FTE_ESCALATION_RULES when set, else <kb_path>/escalation-rules.md when kb_path is a folder
  // holding one, else "".
  static std::string locate(const std::string& kb_path);
  // Loads locate(kb_path) into shared() (nullptr when there is none); returns the path used.
  // Throws fte::Error when the file named by FTE_ESCALATION_RULES cannot be read.
  static std::string install(const std::string& kb_path);

 private:
  std::vector<CompanyRule> rules_;
  std::vector<std::string> routine_;
  std::string source_;
  struct Example {
    int rule = -1;  // index in rules_; -1 for a routine example
    std::vector<std::string> stems;
    double weight = 0;  // sum of the stems' idf
    std::string text;
  };
  std::vector<Example> examples_;
  std::unordered_map<std::string, double> idf_;
  std::vector<std::string> rule_keys_;  // key words of every rule's examples and name (mentions())
  void index_examples();
};

inline constexpr std::string_view kPolicyFileName = "escalation-rules.md";
// Whether a knowledge-base source (file name) is the escalation policy, not product docs.
bool is_policy_file(std::string_view source_name);
// Our reason code for a category's heading, by its words; "other" when nothing fits.
std::string reason_for_heading(std::string_view heading);
// Whether a team name and a label share a distinctive word ("billing-team" / "billing";
// "enterprise-csm" / "escalate_enterprise_csm"); "team", "support", "queue" do not count.
bool team_matches(std::string_view team, std::string_view label);

}  // namespace fte::agent
