// The model options of the agent: FTE_LLM_FALLBACK, FTE_LLM_PRICES, FTE_LLM_TIMEOUT_MS,
// FTE_COMPETITORS — defaults, validation naming the option, and the mapping to AgentConfig.
#include <gtest/gtest.h>

#include "app/config.h"

using namespace fte::app;

TEST(LlmConfig, DefaultsAndValues) {
  std::map<std::string, std::string> env;
  auto c = load_config(&env);
  EXPECT_EQ(c.llm_fallback, "local");
  EXPECT_EQ(c.llm_timeout_ms, 20000);
  EXPECT_TRUE(c.competitor_names.empty());
  env = {{"FTE_LLM_FALLBACK", "human"},
         {"FTE_LLM_PRICES", "my-model=1/2"},
         {"FTE_LLM_TIMEOUT_MS", "1500"},
         {"FTE_COMPETITORS", " Acme Boards , TaskCo,,"}};
  c = load_config(&env);
  EXPECT_EQ(c.llm_fallback, "human");
  EXPECT_EQ(c.llm_prices, "my-model=1/2");
  EXPECT_EQ(c.llm_timeout_ms, 1500);
  EXPECT_EQ(c.competitor_names, (std::vector<std::string>{"Acme Boards", "TaskCo"}));
}

TEST(LlmConfig, BadValuesNameTheOption) {
  struct Case {
    std::map<std::string, std::string> env;
    std::string option;
  } cases[] = {
      {{{"FTE_LLM_FALLBACK", "robot"}}, "FTE_LLM_FALLBACK"},
      {{{"FTE_LLM_PRICES", "gpt-4o-mini=cheap"}}, "FTE_LLM_PRICES"},
      {{{"FTE_LLM_PRICES", "gpt-4o-mini"}}, "FTE_LLM_PRICES"},
      {{{"FTE_LLM_TIMEOUT_MS", "0"}}, "FTE_LLM_TIMEOUT_MS"},
      // A budget needs a price for the model.
      {{{"OPENAI_API_KEY", "k"}, {"OPENAI_MODEL", "llama3"}, {"FTE_LLM_DAILY_BUDGET_USD", "5"}},
       "FTE_LLM_PRICES"},
  };
  for (const auto& c : cases) {
    try {
      load_config(&c.env);
      ADD_FAILURE() << c.option << " was accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(c.option), std::string::npos) << e.what();
    }
  }
  std::map<std::string, std::string> ok{{"OPENAI_API_KEY", "k"},
                                        {"OPENAI_MODEL", "llama3"},
                                        {"FTE_LLM_DAILY_BUDGET_USD", "5"},
                                        {"FTE_LLM_PRICES", "llama3=0.1/0.2"}};
  EXPECT_NO_THROW(load_config(&ok));
}
