// Knowledge-base embeddings from configuration: FTE_EMBEDDER=openai gives the knowledge base an
// OpenAiEmbedder on OPENAI_BASE_URL (FTE_EMBEDDING_MODEL, OPENAI_API_KEY when set) with the
// store's embedding cache (Store::cached_embeddings, migrations sqlite 0004 / postgres 0005);
// `hash` leaves it on its offline embedder. Takes effect at the knowledge base's next load().
// The store must outlive the knowledge base's use of the cache. Never throws for a model that is
// down: the knowledge base falls back (kb/knowledge_base.h, "Dense embeddings").
#pragma once
#include <memory>

#include "app/config.h"
#include "kb/knowledge_base.h"
#include "store/store.h"

namespace fte::app {

// The configured model embedder; nullptr for FTE_EMBEDDER=hash.
std::shared_ptr<kb::Embedder> make_embedder(const Config& c);
void configure_embedder(const Config& c, Store& store, kb::KnowledgeBase& kb);

}  // namespace fte::app
