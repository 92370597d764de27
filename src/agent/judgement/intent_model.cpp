#include "agent/judgement/intent_model.h"

#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "agent/judgement/input_guardrails.h"
#include "agent/judgement/text.h"
#include "core/error.h"
#include "ops/log.h"
#include "text/normalize.h"

#ifndef FTE_INTENT_MODEL_DEFAULT
#define FTE_INTENT_MODEL_DEFAULT ""
#endif

namespace fte::agent {

namespace fs = std::filesystem;

struct IntentModel::Impl {
  fasttext::FastText ft;
  std::map<std::string, double, std::less<>> thresholds;
  int input_form = 0;
};

IntentModel::IntentModel(const std::string& path) : impl_(std::make_unique<Impl>()) {
  if (!fs::is_regular_file(path))
    throw Error(ErrorKind::invalid_argument, "intent model not found: " + path);
  try {
    impl_->ft.loadModel(path);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::invalid_argument, "intent model unreadable: " + path + ": " + e.what());
  }
  // Optional: the per-class thresholds the build chose on the validation split.
  std::ifstream th(path + ".thresholds");
  std::string label;
  double p = 0;
  while (th >> label >> p)
    if (p > 0 && p < 1) impl_->thresholds[label] = p;
  std::ifstream form(path + ".input");
  std::string key;
  if (!(form >> key >> impl_->input_form) || key != "model_input") impl_->input_form = 0;
  if (impl_->input_form != kModelInputForm)
    ops::warn("intent model trained on another input form than this build reads; retrain it "
              "with `fte intents train`",
              {},
              {{"path", path},
               {"model_input_form", std::to_string(impl_->input_form)},
               {"expected_form", std::to_string(kModelInputForm)}});
}

int IntentModel::input_form() const { return impl_->input_form; }

double IntentModel::threshold(std::string_view label, double floor) const {
  const auto it = impl_->thresholds.find(label);
  return it == impl_->thresholds.end() ? floor : std::max(floor, it->second);
}

double intent_threshold_utility(const std::vector<double>& caught,
                                const std::vector<double>& false_alarms, double threshold,
                                double false_alarm_cost) {
  auto at = [threshold](const std::vector<double>& v) {
    return double(std::count_if(v.begin(), v.end(), [threshold](double p) { return p >= threshold; }));
  };
  return at(caught) - false_alarm_cost * at(false_alarms);
}

std::vector<std::pair<std::string, double>> choose_intent_thresholds(
    const IntentModel& model, const std::vector<std::pair<std::string, std::string>>& validation,
    double floor, double false_alarm_cost) {
  std::map<std::string, std::vector<double>> hit;  // class -> p of its examples predicted as it
  std::map<std::string, std::vector<double>> false_alarm;  // class -> p of routine lines read as it
  std::map<std::string, int> support;
  for (const auto& [label, text] : validation) {
    ++support[label];
    const auto p = model.predict(text);
    if (p.label == label) hit[label].push_back(p.probability);
    if (label == "none" && p.label != "none") false_alarm[p.label].push_back(p.probability);
  }
  std::vector<std::pair<std::string, double>> out;
  for (const auto& c : model.labels()) {
    if (c == "none" || support[c] == 0) continue;
    const double base = intent_threshold_utility(hit[c], {}, floor, 0);
    double best = floor;
    // Too few validation examples of a class (or hardly any found at the floor) to move it.
    if (support[c] < kMinThresholdSupport || base < kMinThresholdSupport) {
      out.emplace_back(c, floor);
      continue;
    }
    double best_u = intent_threshold_utility(hit[c], false_alarm[c], floor, false_alarm_cost);
    for (int i = int(floor * 100 + 0.5) + 1; i <= 99; ++i) {
      const double u = intent_threshold_utility(hit[c], false_alarm[c], i / 100.0,
                                                false_alarm_cost);
      if (u > best_u + 1e-9) best_u = u, best = i / 100.0;  // ties keep the lower threshold
    }
    out.emplace_back(c, best);
  }
  return out;
}

void write_intent_thresholds(const std::string& path,
                             const std::vector<std::pair<std::string, double>>& thresholds) {
  std::ofstream out(path);
  for (const auto& [c, t] : thresholds) out << c << ' ' << t << '\n';
  if (!out) throw Error(ErrorKind::internal, "cannot write " + path);
}

IntentModel::~IntentModel() = default;

IntentPrediction IntentModel::predict(std::string_view text) const {
  IntentPrediction p;
  // The first 200 words: customers state what they want early, and a long quoted thread would
  // only cost time (latency grows with the words and their character n-grams).
  std::string line = text::model_input(text, 200);
  if (line.empty()) return p;
  line.push_back('\n');
  std::istringstream in(line);
  std::vector<std::pair<fasttext::real, std::string>> out;
  impl_->ft.predictLine(in, out, 2, 0.0);
  auto strip = [](const std::string& l) {
    return l.rfind("__label__", 0) == 0 ? l.substr(9) : l;
  };
  if (!out.empty()) {
    p.label = strip(out[0].second);
    p.probability = out[0].first;
  }
  if (out.size() > 1) {
    p.second = strip(out[1].second);
    p.second_probability = out[1].first;
  }
  return p;
}

std::vector<std::string> IntentModel::labels() const {
  std::vector<std::string> out;
  auto d = impl_->ft.getDictionary();
  for (int i = 0; i < d->nlabels(); ++i) out.push_back(d->getLabel(i).substr(9));
  return out;
}

std::string IntentModel::default_path() {
  if (const char* e = std::getenv("FTE_INTENT_MODEL"); e && *e) return e;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const auto& c : {exe.parent_path() / "intents.bin",
                          exe.parent_path() / ".." / "share" / "fte" / "intents.bin"})
      if (fs::is_regular_file(c, ec)) return c.string();
  }
  return FTE_INTENT_MODEL_DEFAULT;
}

const IntentModel* IntentModel::shared() {
  static std::once_flag once;
  static std::unique_ptr<IntentModel> model;
  std::call_once(once, [] {
    const std::string path = default_path();
    try {
      model = std::make_unique<IntentModel>(path);
    } catch (const std::exception& e) {
      ops::warn("intent model not loaded; the phrase rules alone decide", {},
                {{"path", path}, {"error", e.what()}});
    }
  });
  return model.get();
}

std::vector<std::pair<std::string, double>> write_thresholds_from_validation(
    const std::string& corpus_dir, const std::string& model_path) {
  const auto val = fs::path(corpus_dir) / "validation.txt";
  std::error_code ec;
  fs::remove(model_path + ".thresholds", ec);
  if (!fs::is_regular_file(val)) return {};
  const IntentModel model(model_path);
  auto th = choose_intent_thresholds(model, read_intent_examples(val.string()), kIntentThreshold);
  write_intent_thresholds(model_path + ".thresholds", th);
  return th;
}

std::vector<std::pair<std::string, std::string>> read_intent_examples(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::invalid_argument, "cannot read intent corpus: " + path);
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("__label__", 0) != 0) continue;  // comments, blank lines
    const auto sp = line.find(' ');
    if (sp == std::string::npos) continue;
    out.emplace_back(line.substr(9, sp - 9), line.substr(sp + 1));
  }
  return out;
}

std::vector<std::string> intent_corpus_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    // Every heldout*.txt (the generated split and hand-written ones) and validation.txt are
    // measurement, never training.
    if (e.path().extension() == ".txt" &&
        e.path().filename().string().rfind("heldout", 0) != 0 &&
        e.path().filename() != "validation.txt")
      out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t IntentModel::train(const IntentTrainOptions& o) {
  if (o.corpus_files.empty()) throw Error(ErrorKind::invalid_argument, "no intent corpus files");
  const fs::path tmp = fs::path(o.output).string() + ".train-" + std::to_string(::getpid());
  std::size_t n = 0;
  {
    std::ofstream out(tmp);
    for (const auto& f : o.corpus_files) {
      const bool hand_written =
          fs::path(f).filename().string().rfind(kHandWrittenPrefix, 0) == 0;
      const int reps = hand_written ? std::max(1, o.hand_written_weight) : 1;
      const auto examples = read_intent_examples(f);
      // The file `reps` times over, in its order (the same corpus gives the same model bytes).
      for (int rep = 0; rep < reps; ++rep)
        for (const auto& [label, text] : examples) {
          const auto line = text::model_input(text);
          if (line.empty()) continue;
          out << "__label__" << label << ' ' << line << '\n';
          ++n;
        }
    }
    if (!out) throw Error(ErrorKind::internal, "cannot write " + tmp.string());
  }
  fasttext::Args a;
  a.input = tmp.string();
  a.output = o.output;
  a.model = fasttext::model_name::sup;
  // One-vs-all (a sigmoid per class) rather than softmax: softmax must spread all the mass over
  // the classes, so a routine message unlike any training example still gets ~0.9 for some
  // hard-rule class; with one-vs-all it scores low on all of them (measured in docs/EVAL.md).
  a.loss = fasttext::loss_name::ova;
  a.dim = o.dim;
  a.epoch = o.epoch;
  a.lr = o.lr;
  a.wordNgrams = o.word_ngrams;
  a.minn = o.minn;
  a.maxn = o.maxn;
  a.bucket = o.bucket;
  a.minCount = 1;
  a.thread = 1;
  a.seed = o.seed;
  a.verbose = 0;
  try {
    fasttext::FastText ft;
    ft.train(a);
    ft.saveModel(o.output);
    std::ofstream form(o.output + ".input");
    form << "model_input " << kModelInputForm << '\n';
    if (!form) throw Error(ErrorKind::internal, "cannot write " + o.output + ".input");
  } catch (const std::exception& e) {
    fs::remove(tmp);
    throw Error(ErrorKind::internal, std::string("intent model training failed: ") + e.what());
  }
  fs::remove(tmp);
  return n;
}

}  // namespace fte::agent
