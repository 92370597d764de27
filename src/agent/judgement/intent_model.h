// IntentModel: the trained intent classifier behind the input guardrails (issue 14). A fastText
// supervised model (Debian libfasttext: word unigrams + bigrams and character 3–5-grams, dim 24)
// over text::model_input() of the message — courtesy sentences dropped, NFKC, case-folded,
// accents removed, the words a negation governs marked "not_" — so it reads "reembolso",
// "Refund…" and "don’t" the same way it was trained, and "it was me" differently from "it
// wasn't me".
//
// Classes (data/intents/*.txt, "__label__CLASS text"): pricing, billing_dispute, legal_threat,
// human_requested, security_incident, privacy_request, outage, churn_risk, none.
//
// The model file is a build artefact (never committed): the build trains it from data/intents
// into <build>/intents.bin with `fte-intents-train` (one thread, fixed seed: reproducible);
// `fte intents train` retrains it from a company's own corpus. Where it is looked for, first hit:
//   FTE_INTENT_MODEL (env), <folder of the running binary>/intents.bin,
//   <folder of the binary>/../share/fte/intents.bin, the build folder it was compiled in.
// Without a model file the rules still run and every message is "none" (one warning logged).
//
// Input form: training also writes <model>.input ("model_input N", kModelInputForm); a model
// without it, or with another N, loads with a warning to retrain (input_form()).
// Per-class thresholds: training also writes <model>.thresholds ("class probability" lines),
// chosen on data/intents/validation.txt (templates carved from the training data, never the
// held-out split): for each class the threshold that maximises its validation examples caught
// minus kThresholdFalseAlarmCost times the routine validation lines the model reads as that class
// at or above it (ties: the lower threshold). threshold() falls back to the floor.
//
// Thread-safe: predict() is const over an immutable model; shared() loads once (call_once).
// predict() never throws except std::bad_alloc; load/train throw fte::Error on a bad file.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fte::agent {

struct IntentPrediction {
  std::string label = "none";  // a class name, "none" when nothing is confident
  double probability = 0;      // of `label` (one-vs-all sigmoid)
  std::string second;          // the runner-up class
  double second_probability = 0;
};

inline constexpr std::string_view kHandWrittenPrefix = "written";
inline constexpr int kHandWrittenWeight = 3;

struct IntentTrainOptions {
  std::vector<std::string> corpus_files;  // "__label__CLASS text" lines; '#' lines skipped
  std::string output;                     // the model file to write
  int dim = 24, epoch = 25, word_ngrams = 2, minn = 3, maxn = 5, bucket = 50000, seed = 14;
  double lr = 0.5;
  // Round 20: each line of a hand-written file (named written*.txt, kHandWrittenPrefix) is read
  // this many times — the leave-one-writer-out study (data/intents/writers.py) measured real
  // writers' lines carrying further to an unseen writer than the templates (docs/EVAL.md).
  int hand_written_weight = kHandWrittenWeight;
};

class IntentModel {
 public:
  explicit IntentModel(const std::string& path);  // throws fte::Error
  ~IntentModel();
  IntentModel(const IntentModel&) = delete;
  IntentModel& operator=(const IntentModel&) = delete;

  IntentPrediction predict(std::string_view text) const;
  std::vector<std::string> labels() const;
  // The probability at which `label` trips: its chosen threshold, or `floor` without one.
  double threshold(std::string_view label, double floor) const;
  // The form of input the model was trained on (<model>.input, written by train()): 0 when the
  // file is missing (a model trained before round 8's negation-marked input). A model whose
  // form differs from kModelInputForm still loads and predicts, with a warning to retrain it.
  int input_form() const;

  // The process's model (nullptr when no file was found or it failed to load).
  static const IntentModel* shared();
  static std::string default_path();

  // Trains and writes opts.output; returns the number of training examples. Throws fte::Error.
  static std::size_t train(const IntentTrainOptions& opts);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Per-class thresholds chosen on (class, text) validation examples: for each class, the threshold
// in [floor, 0.99] with the highest intent_threshold_utility() (ties: the lower one).
// Written by the build next to the model.
// A class with fewer than kMinThresholdSupport validation examples found keeps the floor.
// Round 10 chose 3 (a routine question escalated costs as much as three escalations missed;
// before, the highest threshold costing at most half a point of validation recall, which never
// looked at false alarms). Round 14: 1 — with courtesy sentences out of the model's input
// (text::model_input) the model's own false alarms fell, and 3 then bought on the fold study
// 10 fewer routine escalations for 64 more escalations missed; with 1 a threshold leaves the
// floor only where it removes more validation false alarms than catches (docs/EVAL.md round 14).
inline constexpr double kThresholdFalseAlarmCost = 1;
// What text::model_input() produces; bump it whenever that changes, so that a company's model
// trained on the old form is reported at load (IntentModel::input_form) instead of silently
// reading words it never saw. 2 = negation-marked (not_WORD) input; 3 = without courtesy
// sentences (round 14).
inline constexpr int kModelInputForm = 3;
inline constexpr int kMinThresholdSupport = 30;
std::vector<std::pair<std::string, double>> choose_intent_thresholds(
    const IntentModel& model, const std::vector<std::pair<std::string, std::string>>& validation,
    double floor, double false_alarm_cost = kThresholdFalseAlarmCost);
// A threshold's worth for one class: its examples caught (probabilities in `caught`, the class's
// validation examples the model reads as it) minus `false_alarm_cost` times the routine lines it
// escalates (`false_alarms`, routine validation lines read as the class), both at p >= threshold.
double intent_threshold_utility(const std::vector<double>& caught,
                                const std::vector<double>& false_alarms, double threshold,
                                double false_alarm_cost);
void write_intent_thresholds(const std::string& path,
                             const std::vector<std::pair<std::string, double>>& thresholds);
// After training `model_path` from `corpus_dir`: chooses the thresholds on
// corpus_dir/validation.txt (floor kIntentThreshold) and writes model_path + ".thresholds";
// without a validation file removes a stale one and returns {}. Throws fte::Error.
std::vector<std::pair<std::string, double>> write_thresholds_from_validation(
    const std::string& corpus_dir, const std::string& model_path);

// The corpus files under a folder: every *.txt except heldout*.txt (the generated held-out split
// and hand-written held-out sets) and validation.txt, sorted (what training reads).
std::vector<std::string> intent_corpus_files(const std::string& dir);
// "__label__CLASS text" lines of a file as (class, text) pairs.
std::vector<std::pair<std::string, std::string>> read_intent_examples(const std::string& path);

}  // namespace fte::agent
