// The input judgement's latency per message (issue 14 aim: p99 < 1 ms): check_input — phrase
// rules, VADER sentiment, the intent model — and the model's predict() alone, over messages of
// every class and length (short WhatsApp lines to long emails with Unicode punctuation).
// Prints p50 / p99 / max in microseconds over N runs (default 20000) after a warm-up.
// With a company policy (FTE_ESCALATION_RULES, default the sample company's
// data/kb/escalation-rules.md) "check_input with policy" adds its keyword triggers and the
// similarity layer over its examples.
// Usage: bench_judgement [N]   (the model: FTE_INTENT_MODEL or the build's intents.bin)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "agent/judgement/company_rules.h"
#include "agent/judgement/input_guardrails.h"
#include "agent/judgement/intent_model.h"
#include "agent/judgement/sentiment.h"

namespace {

std::vector<std::string> messages() {
  std::vector<std::string> m = {
      "How do I export my tasks to CSV?",
      "What would we pay for 40 seats billed yearly?",
      "I was charged twice this month \u2014 please reverse one of them.",
      "Our counsel will be in touch about the missing data.",
      "put me through to your team pls",
      "Someone logged into my account from another country at 3am, I don\u2019t recognise it.",
      "Please delete all my personal data under GDPR.",
      "Everything is down for our whole team\u2026 again.",
      "We\u2019re thinking about moving to another tool if this isn\u2019t fixed.",
      "Quiero hablar con una persona, por favor.",
      "Thanks, that worked!",
      "human",
  };
  std::string long_mail = "Hi team,\n\n";
  for (int i = 0; i < 25; ++i)
    long_mail += "We\u2019ve been using the calendar view and the automations every day; the "
                 "export sometimes stalls at 90% and I\u2019m not sure why. ";
  long_mail += "\n\nCould you tell me what to check? Thanks \u2014 Sam";
  m.push_back(long_mail);
  return m;
}

void report(const char* what, std::vector<double>& us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[static_cast<std::size_t>(q * (us.size() - 1))]; };
  std::printf("%-28s n=%zu  p50 %7.1f us  p99 %7.1f us  max %8.1f us\n", what, us.size(),
              at(0.5), at(0.99), us.back());
}

}  // namespace

int main(int argc, char** argv) {
  using clock = std::chrono::steady_clock;
  const int n = argc > 1 ? std::atoi(argv[1]) : 20000;
  const auto t0 = clock::now();
  const auto* model = fte::agent::IntentModel::shared();
  const double load_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  if (!model) {
    std::fprintf(stderr, "no intent model at %s\n", fte::agent::IntentModel::default_path().c_str());
    return 1;
  }
  std::printf("model %s loaded in %.1f ms\n", fte::agent::IntentModel::default_path().c_str(),
              load_ms);
  const auto msgs = messages();
  for (int i = 0; i < 500; ++i)
    (void)fte::agent::check_input(fte::Channel::email, "", msgs[i % msgs.size()]);
  const char* policy_env = std::getenv("FTE_ESCALATION_RULES");
  const auto policy = fte::agent::CompanyRules::load(
      policy_env && *policy_env ? std::string(policy_env)
                                : (std::filesystem::path(__FILE__).parent_path().parent_path() / "data" / "kb" /
                                 "escalation-rules.md")
                                    .string());
  std::vector<double> all, predict, shorter, longest, sentiment, rules, with_policy;
  all.reserve(n);
  predict.reserve(n);
  std::size_t sink = 0;
  for (int i = 0; i < n; ++i) {
    const auto& m = msgs[i % msgs.size()];
    auto a = clock::now();
    auto r = fte::agent::check_input(fte::Channel::email, "Question", m);
    auto b = clock::now();
    auto p = model->predict(m);
    auto c = clock::now();
    sink += r.trips.size() + p.label.size();
    all.push_back(std::chrono::duration<double, std::micro>(b - a).count());
    (&m == &msgs.back() ? longest : shorter).push_back(all.back());
    auto d = clock::now();
    (void)fte::agent::analyse_sentiment(m);
    auto e = clock::now();
    (void)fte::agent::check_input(fte::Channel::email, "Question", m, nullptr);
    auto f = clock::now();
    sentiment.push_back(std::chrono::duration<double, std::micro>(e - d).count());
    rules.push_back(std::chrono::duration<double, std::micro>(f - e).count());
    (void)fte::agent::check_input(fte::Channel::email, "Question", m, model, &policy);
    auto g = clock::now();
    with_policy.push_back(std::chrono::duration<double, std::micro>(g - f).count());
    predict.push_back(std::chrono::duration<double, std::micro>(c - b).count());
  }
  report("check_input (all layers)", all);
  report("  messages under 300 chars", shorter);
  report("  the 3,600-char email", longest);
  report("IntentModel::predict", predict);
  report("analyse_sentiment", sentiment);
  report("check_input without model", rules);
  report("check_input with policy", with_policy);
  return sink == 0 ? 2 : 0;
}
