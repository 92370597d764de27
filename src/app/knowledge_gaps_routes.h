// The knowledge-gaps report: what customers asked that the documentation could not answer, so the
// docs team knows what to write next.
//
//   GET /console/api/knowledge-gaps[?limit=N]   (bearer FTE_ADMIN_TOKEN, like every console route)
//   → {"total": questions, "gaps": [{"topic": "export csv archive", "count": n,
//        "terms": [...], "examples": [{"ticket_id", "channel", "question", "created_at_ms"}]}]}
//
// Questions: the open escalations with reason knowledge_gap (Store::open_escalations, at most
// 5,000), each ticket's subject and first inbound message, emails and phone numbers redacted,
// clipped to 240 characters. Grouping (group_knowledge_gaps): each question's index terms
// (kb::index_terms: stemmed, stop words dropped) are compared with every group's term counts; a
// question joins the most similar group when they share at least two terms (one for a one-term
// question) and the overlap coefficient |q ∩ g| / min(|q|, |g's top 8 terms|) reaches 0.25 (customers
// wrap the same two or three content words — "dark mode", "export csv" — in different narrative),
// else it starts a group. Groups are sorted by count; the topic is the group's three most
// frequent terms; at most 3 examples each, newest first. limit: groups returned (1-200, default
// 50). Deterministic for a given input. Thread-safe (the store is).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "http/http.h"

namespace fte {
class Store;
}

namespace fte::app {

struct GapQuestion {
  std::string ticket_id;
  std::string channel;
  std::string question;
  std::int64_t created_at_ms = 0;
};

struct GapGroup {
  std::string topic;
  std::vector<std::string> terms;       // most frequent first
  std::vector<GapQuestion> examples;    // newest first, at most 3
  int count = 0;
};

std::vector<GapGroup> group_knowledge_gaps(const std::vector<GapQuestion>& questions);

void register_knowledge_gaps_routes(http::Router& r, Store& store, const std::string& admin_token);

}  // namespace fte::app
