// The VADER sentiment lexicon (Hutto & Gilbert 2014), its booster/dampener words and negations,
// as generated at build time from the npm package vader-sentiment (third_party/vader: package.json,
// package-lock.json, gen_lexicon.js → <build>/generated/vader_lexicon.cpp). Words only, lower-case;
// valences in [-4, 4]; booster values +0.293 (intensifier) or -0.293 (dampener).
// Thread-safe: constant data.
#pragma once
#include <cstddef>

namespace fte::agent::vader {

struct Entry {
  const char* word;
  float value;
};

extern const Entry kLexicon[];
extern const std::size_t kLexiconSize;
extern const Entry kBoosters[];
extern const std::size_t kBoostersSize;
extern const char* const kNegations[];
extern const std::size_t kNegationsSize;

}  // namespace fte::agent::vader
