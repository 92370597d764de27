#include "agent/sentiment.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "agent/text.h"

namespace fte::agent {

namespace {

constexpr double kScale = 6.0;  // score = 0.5 + 0.5 * tanh(S / kScale)
constexpr double kIntensify = 1.5;
constexpr double kDampen = 0.5;
constexpr double kNegate = -0.6;
constexpr double kCapsBoost = 1.5;
constexpr double kShout = -1.0;
constexpr double kBang = 0.3;
constexpr double kProfanity = -3.5;

const std::unordered_map<std::string_view, double>& lexicon() {
  static const std::unordered_map<std::string_view, double> k = {
      // hostile, insulting, furious
      {"furious", -3},
      {"outraged", -3},
      {"livid", -3},
      {"enraged", -3},
      {"disgusting", -3},
      {"disgusted", -3},
      {"pathetic", -3},
      {"worst", -3},
      {"incompetent", -3},
      {"scam", -3},
      {"scammers", -3},
      {"scammed", -3},
      {"fraud", -3},
      {"fraudulent", -3},
      {"hate", -2.5},
      {"hated", -2.5},
      {"despise", -3},
      {"garbage", -3},
      {"trash", -2.5},
      {"rubbish", -2.5},
      {"awful", -2.5},
      {"terrible", -2.5},
      {"horrible", -2.5},
      {"horrendous", -3},
      {"useless", -2.5},
      {"worthless", -3},
      {"ridiculous", -2},
      {"unacceptable", -2.5},
      {"disgrace", -3},
      {"disgraceful", -3},
      {"appalling", -3},
      {"atrocious", -3},
      {"dreadful", -2.5},
      {"shameful", -2.5},
      {"angry", -2.5},
      {"annoyed", -1.5},
      {"annoying", -1.5},
      {"irritated", -1.5},
      {"frustrated", -1.8},
      {"frustrating", -1.8},
      {"disappointed", -1.8},
      {"disappointing", -1.8},
      {"upset", -1.8},
      {"unhappy", -2},
      {"sucks", -2.5},
      {"suck", -2},
      {"lousy", -2},
      {"clueless", -2},
      {"idiot", -3},
      {"idiots", -3},
      {"stupid", -2},
      {"dumb", -2},
      {"moron", -3},
      {"morons", -3},
      {"nightmare", -2},
      {"shame", -1.5},
      {"absurd", -2},
      {"liar", -3},
      {"liars", -3},
      {"lying", -2},
      {"cheated", -2.5},
      {"robbed", -2.5},
      {"thieves", -3},
      {"hopeless", -2},
      {"bad", -1.5},
      {"poor", -1.2},
      {"worse", -2},
      {"mad", -1.5},
      {"sad", -1},
      {"tired", -0.8},
      {"hell", -1.5},
      {"damn", -1.5},
      {"damned", -1.5},
      {"bloody", -1.5},
      {"ugh", -1},
      {"joke", -1},
      {"insane", -1.5},
      {"unbelievable", -1.2},
      {"unreliable", -1.5},
      {"rude", -2},
      {"ignored", -1.5},
      {"ignoring", -1.5},
      {"threaten", -2},
      // describing a problem: weak on purpose (a calm bug report is not hostile)
      {"broken", -0.5},
      {"fail", -0.3},
      {"failed", -0.3},
      {"failing", -0.3},
      {"wrong", -0.4},
      {"slow", -0.4},
      {"stuck", -0.4},
      {"confused", -0.4},
      {"confusing", -0.5},
      // positive
      {"thanks", 1},
      {"thank", 1},
      {"thx", 0.8},
      {"great", 2},
      {"good", 1.5},
      {"love", 2.5},
      {"loved", 2.5},
      {"awesome", 3},
      {"excellent", 3},
      {"amazing", 3},
      {"helpful", 2},
      {"appreciate", 2},
      {"appreciated", 2},
      {"happy", 2},
      {"glad", 2},
      {"perfect", 2.5},
      {"nice", 1.5},
      {"wonderful", 3},
      {"fantastic", 3},
      {"pleased", 2},
      {"satisfied", 1.5},
      {"brilliant", 3},
      {"best", 2},
      {"kind", 1},
      {"cool", 1},
      {"please", 0.3},
      {"fine", 0.5},
      {"easy", 1},
      {"enjoy", 2},
      {"recommend", 1.5}};
  return k;
}

struct Phrase {
  std::string_view text;
  double valence;
};

const std::vector<Phrase>& phrases() {
  static const std::vector<Phrase> k = {
      {"a joke", -2},      {"waste of time", -2.5}, {"waste of money", -2.5},
      {"rip off", -2.5},   {"ripoff", -2.5},        {"fed up", -2.5},
      {"sick of", -2.5},   {"sick and tired", -3},  {"had enough", -2},
      {"no help", -2},     {"what the hell", -2},   {"give up", -1.2},
      {"screw you", -3.5}, {"shut up", -3},         {"go to hell", -3.5},
      {"best regards", 0}, {"kind regards", 0},     {"warm regards", 0},
      {"good morning", 0}, {"good afternoon", 0},   {"good evening", 0},
      {"thank you", 1.5},  {"kind of", 0},          {"not bad", 0.9},
      {"no problem", 0.5}, {"never mind", 0}};
  return k;
}

const std::unordered_set<std::string_view>& profanity_words() {
  static const std::unordered_set<std::string_view> k = {
      "fuck",         "fucking", "fucked",   "fucker",   "fuckers",   "fck",      "fk",
      "motherfucker", "shit",    "shitty",   "bullshit", "crap",      "crappy",   "asshole",
      "assholes",     "bastard", "bastards", "bitch",    "bitches",   "dickhead", "piss",
      "pissed",       "wtf",     "stfu",     "goddamn",  "goddamned", "arse",     "arsehole",
      "bollocks",     "wanker",  "twat",     "scumbag",  "scumbags"};
  return k;
}

const std::vector<std::string_view>& profanity_phrases() {
  static const std::vector<std::string_view> k = {"screw you", "shut up", "go to hell", "piss off",
                                                  "f off"};
  return k;
}

bool negator(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "not",    "no",     "never",  "nothing", "nobody", "neither", "nor",   "without",
      "hardly", "barely", "cannot", "cant",    "dont",   "doesnt",  "didnt", "isnt",
      "wasnt",  "wont",   "aint",   "arent",   "havent", "hasnt"};
  if (k.count(w)) return true;
  return w.size() > 3 && w.compare(w.size() - 3, 3, "n't") == 0;
}

bool intensifier(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "very",       "really",  "so",         "extremely", "absolutely", "absolute", "totally",
      "completely", "utterly", "incredibly", "super",     "truly",      "such",     "seriously",
      "freaking",   "fucking", "insanely",   "beyond",    "most",       "deeply",   "entirely"};
  return k.count(w) > 0;
}

bool dampener(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "slightly", "somewhat", "bit", "little", "kinda", "mildly", "marginally"};
  return k.count(w) > 0;
}

bool all_caps(std::string_view raw) {
  int letters = 0;
  for (unsigned char c : raw) {
    if (std::islower(c)) return false;
    if (std::isupper(c)) ++letters;
  }
  return letters >= 3;
}

// Length of the phrase of `list` that starts at word i, 0 if none; sets `val`.
std::size_t match_phrase(const std::vector<text::Token>& ts, std::size_t i, double& val) {
  for (const auto& p : phrases()) {
    auto pw = text::words(p.text);
    if (i + pw.size() > ts.size()) continue;
    bool ok = true;
    for (std::size_t k = 0; k < pw.size() && ok; ++k) ok = ts[i + k].low == pw[k];
    if (ok) {
      val = p.valence;
      return pw.size();
    }
  }
  return 0;
}

}  // namespace

SentimentResult analyse_sentiment(std::string_view input) {
  SentimentResult r;
  const auto ts = text::tokens(input);
  double s = 0;
  for (std::size_t i = 0; i < ts.size();) {
    double v = 0;
    std::size_t len = match_phrase(ts, i, v);
    bool phrase = len > 0;
    if (!phrase) {
      len = 1;
      if (profanity_words().count(ts[i].low)) {
        v = kProfanity;
      } else if (auto it = lexicon().find(ts[i].low); it != lexicon().end()) {
        v = it->second;
      }
    }
    if (v != 0) {
      for (std::size_t k = 1; k <= 2 && k <= i; ++k) {
        if (intensifier(ts[i - k].low)) {
          v *= kIntensify;
          break;
        }
        if (dampener(ts[i - k].low)) {
          v *= kDampen;
          break;
        }
      }
      if (!phrase) {
        for (std::size_t k = 1; k <= 3 && k <= i; ++k) {
          if (negator(ts[i - k].low)) {
            v *= kNegate;
            break;
          }
        }
        if (all_caps(ts[i].raw)) v *= kCapsBoost;
      }
      if (v < 0) {
        std::string what;
        for (std::size_t k = 0; k < len; ++k) what += (k ? " " : "") + ts[i + k].low;
        r.negative.push_back(std::move(what));
      }
      s += v;
    }
    i += len;
  }
  int letters = 0, upper = 0, bangs = 0;
  for (unsigned char c : input) {
    if (std::isalpha(c)) {
      ++letters;
      if (std::isupper(c)) ++upper;
    }
    if (c == '!') ++bangs;
  }
  if (letters >= 12 && upper * 10 >= letters * 7) s += kShout;
  if (s != 0) s += (s < 0 ? -1 : 1) * kBang * std::min(bangs, 4);
  r.raw = s;
  r.score = std::clamp(0.5 + 0.5 * std::tanh(s / kScale), 0.0, 1.0);
  return r;
}

std::string find_profanity(std::string_view input) {
  const auto ws = text::words(input);
  for (const auto& w : ws)
    if (profanity_words().count(w)) return w;
  for (auto p : profanity_phrases())
    if (text::has_phrase(ws, p)) return std::string(p);
  return {};
}

}  // namespace fte::agent
