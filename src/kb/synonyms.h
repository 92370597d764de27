// Query expansion for customer vocabulary vs documentation vocabulary: customers "add people",
// docs "invite members"; customers ask about a "fee", docs list a "price". A small hand-written
// thesaurus of software-support words (groups of words used interchangeably by customers of any
// SaaS product: people/users/members/seats, add/invite, remove/delete, fee/price/cost/charge,
// export/download, log in/sign in, ...), not of any one product. WordNet was tried first (round 1,
// docs/EVAL.md) and links too little of this vocabulary ("add" and "invite" share no synset).
//
// expansions(terms, has_term): for each index term (stemmed, kb/text.h) the other stems of its
// groups that the documentation uses (has_term) and the query does not hold. The knowledge base
// scores them at a reduced weight (knowledge_base.h), so a section using the customer's own word
// still wins. Thread-safe (the table is built once, immutable); never throws except bad_alloc.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace fte::kb {

std::vector<std::string> expansions(const std::vector<std::string>& terms,
                                    const std::function<bool(const std::string&)>& has_term);

}  // namespace fte::kb
