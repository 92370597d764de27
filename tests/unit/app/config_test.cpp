#include <gtest/gtest.h>

#include "app/config.h"

using namespace fte::app;

TEST(Config, DefaultsAreUsable) {
  std::map<std::string, std::string> env;
  auto c = load_config(&env);
  EXPECT_EQ(c.http_port, 8080);
  EXPECT_EQ(c.bus, "local");
  EXPECT_EQ(c.agent_engine, "local");
  EXPECT_EQ(c.database_url.rfind("sqlite://", 0), 0u);
}

TEST(Config, BadValuesNameTheOption) {
  struct Case {
    std::string key, value;
  } cases[] = {{"FTE_HTTP_PORT", "eighty"}, {"FTE_HTTP_PORT", "70000"}, {"FTE_DATABASE_URL", "mysql://x"},
               {"FTE_BUS", "rabbit://x"}, {"FTE_LOG_LEVEL", "loud"}, {"FTE_PUBLIC_URL", "ftp://x"},
               {"FTE_AGENT_ENGINE", "magic"}, {"FTE_LLM_DAILY_BUDGET_USD", "-1"},
               {"FTE_WHATSAPP_PROVIDER", "signal"}, {"FTE_WHATSAPP_PROVIDER", "meta"},
               {"FTE_WHATSAPP_PROVIDER", "twilio"}};
  for (const auto& c : cases) {
    std::map<std::string, std::string> env{{c.key, c.value}};
    try {
      load_config(&env);
      ADD_FAILURE() << c.key << "=" << c.value << " was accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(c.key), std::string::npos) << e.what();
    }
  }
}

TEST(Config, OpenAiEngineIsChosenWhenAKeyIsSet) {
  std::map<std::string, std::string> env{{"OPENAI_API_KEY", "sk-test"}};
  EXPECT_EQ(load_config(&env).agent_engine, "openai");
  std::map<std::string, std::string> env2{{"FTE_AGENT_ENGINE", "openai"}};
  EXPECT_THROW(load_config(&env2), ConfigError);
}

TEST(Config, HelpListsEveryOption) {
  auto h = options_help();
  for (const auto& d : option_docs()) EXPECT_NE(h.find(d.name), std::string::npos) << d.name;
}

TEST(Config, WhatsAppProviderIsTheConfiguredOne) {
  std::map<std::string, std::string> none;
  EXPECT_EQ(load_config(&none).whatsapp_provider, "");
  std::map<std::string, std::string> meta{{"META_ACCESS_TOKEN", "EAAG"}, {"META_PHONE_NUMBER_ID", "1065"}};
  EXPECT_EQ(load_config(&meta).whatsapp_provider, "meta");
  std::map<std::string, std::string> both = meta;
  both.insert({{"TWILIO_ACCOUNT_SID", "AC1"}, {"TWILIO_AUTH_TOKEN", "t"}, {"TWILIO_WHATSAPP_FROM", "+1415"}});
  EXPECT_EQ(load_config(&both).whatsapp_provider, "twilio") << "auto prefers Twilio";
  both["FTE_WHATSAPP_PROVIDER"] = "meta";
  EXPECT_EQ(load_config(&both).whatsapp_provider, "meta");
}

TEST(Config, HttpHardeningOptionsAreValidated) {
  std::map<std::string, std::string> none;
  auto d = load_config(&none);
  EXPECT_EQ(d.http_max_connections, 4096);
  EXPECT_EQ(d.http_request_timeout_s, 10);
  EXPECT_EQ(d.http_workers, 8);
  EXPECT_EQ(d.http_worker_queue, 1024);
  EXPECT_EQ(d.form_frame_ancestors, "*");
  std::map<std::string, std::string> set{{"FTE_FORM_FRAME_ANCESTORS", "'self' https://shop.example"},
                                         {"FTE_HTTP_MAX_CONNECTIONS", "500"}};
  auto c = load_config(&set);
  EXPECT_EQ(c.form_frame_ancestors, "'self' https://shop.example");
  EXPECT_EQ(c.http_max_connections, 500);
  for (auto [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"FTE_HTTP_MAX_CONNECTIONS", "0"}, {"FTE_HTTP_MAX_CONNECTIONS", "many"},
           {"FTE_HTTP_REQUEST_TIMEOUT_SECONDS", "0"}, {"FTE_HTTP_WORKERS", "0"},
           {"FTE_HTTP_WORKER_QUEUE", "-1"}, {"FTE_FORM_FRAME_ANCESTORS", "*; script-src *"},
           {"FTE_FORM_FRAME_ANCESTORS", "https://a.example, https://b.example"}}) {
    std::map<std::string, std::string> env{{k, v}};
    try {
      load_config(&env);
      ADD_FAILURE() << k << "=" << v << " was accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(k), std::string::npos) << e.what();
    }
  }
}
