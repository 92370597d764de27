// fte-intents-train CORPUS_DIR OUTPUT: the build step that trains the intent model
// (agent/judgement/intent_model.h) from data/intents into the build folder. `fte intents train` does the
// same for an installed binary.
#include <iostream>

#include "agent/judgement/intent_model.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fte-intents-train CORPUS_DIR OUTPUT\n";
    return 2;
  }
  try {
    fte::agent::IntentTrainOptions o;
    o.corpus_files = fte::agent::intent_corpus_files(argv[1]);
    o.output = argv[2];
    const auto n = fte::agent::IntentModel::train(o);
    std::cerr << "intent model: " << n << " examples -> " << o.output << "\n";
    const auto th = fte::agent::write_thresholds_from_validation(argv[1], o.output);
    if (!th.empty()) {
      std::cerr << "thresholds (validation split):";
      for (const auto& [c, t] : th) std::cerr << ' ' << c << '=' << t;
      std::cerr << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "fte-intents-train: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
