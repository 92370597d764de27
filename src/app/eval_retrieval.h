// Retrieval quality (`fte eval TICKETS --kb DOCS --retrieval LABELS.tsv`): for each labelled
// ticket, the knowledge base (DOCS, chunked and indexed as in production, with FTE_EMBEDDER's
// embedder) is searched with what the local engine searches (subject + ". " + message) and the
// top hits' leaf headings are compared with the expected ones.
//   LABELS.tsv  one line per ticket: id <TAB> heading|heading... ('#' lines are comments); a hit
//               matches when its heading path's last part equals one of them (case-insensitive).
//   recall@1    share of labelled tickets whose first hit matches; recall@3 within the top 3;
//   confident   share whose first hit is at or above the relevance threshold, and how many of
//               those are wrong (a confident reply from a wrong section).
// Tickets: a JSON array or {"tickets": [...]}, fields id|ticket_id, subject, content|message|body.
// `split` (all|dev|test) keeps only that half of the labelled tickets (app/eval.h).
// Prints a table (or JSON); returns 0, or 1 when the files cannot be read (message on stderr).
#pragma once
#include <string>

#include "app/config.h"

namespace fte::app {

int run_retrieval_eval_cli(const Config& c, const std::string& tickets_path,
                           const std::string& kb_path, const std::string& labels_path, bool json,
                           const std::string& split = "all");

}  // namespace fte::app
