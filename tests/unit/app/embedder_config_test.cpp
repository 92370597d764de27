// FTE_EMBEDDER / FTE_EMBEDDING_MODEL / FTE_DOCS_BASE_URL: defaults, and bad values refused naming
// the option.
#include <gtest/gtest.h>

#include <map>

#include "app/config.h"
#include "app/embedder_wiring.h"

using namespace fte::app;

namespace {

std::string error_of(std::map<std::string, std::string> env) {
  try {
    load_config(&env);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST(EmbedderConfig, OfflineHashEmbedderByDefault) {
  std::map<std::string, std::string> none;
  auto c = load_config(&none);
  EXPECT_EQ(c.embedder, "hash");
  EXPECT_EQ(c.embedding_model, "text-embedding-3-small");
  EXPECT_EQ(make_embedder(c), nullptr);
}

TEST(EmbedderConfig, OpenAiEmbedderOnAnyCompatibleServer) {
  std::map<std::string, std::string> env{{"FTE_EMBEDDER", "openai"},
                                         {"OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"},
                                         {"FTE_EMBEDDING_MODEL", "nomic-embed-text"}};
  auto c = load_config(&env);
  auto e = make_embedder(c);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->model(), "nomic-embed-text");
}

TEST(EmbedderConfig, BadValuesNameTheOption) {
  EXPECT_NE(error_of({{"FTE_EMBEDDER", "bert"}}).find("FTE_EMBEDDER"), std::string::npos);
  EXPECT_NE(error_of({{"FTE_EMBEDDER", "openai"}, {"OPENAI_BASE_URL", "localhost:11434"}})
                .find("OPENAI_BASE_URL"),
            std::string::npos);
  EXPECT_NE(error_of({{"FTE_EMBEDDING_MODEL", ""}, {"FTE_EMBEDDER", "openai"}}).find("FTE_EMBEDDING_MODEL"),
            std::string::npos);
  EXPECT_NE(error_of({{"FTE_DOCS_BASE_URL", "docs.example.com"}}).find("FTE_DOCS_BASE_URL"),
            std::string::npos);
}
