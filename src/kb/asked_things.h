// Asked things: what a customer's question names as the thing it asks about, and which of those
// the documentation never mentions (issue 15, "when the docs say nothing, say so"). The local
// engine escalates knowledge_gap on them instead of quoting the nearest section
// (agent/engines/local_engine.cpp); designed on data/eval/answerability, numbers in docs/EVAL.md
// round 9. Pure functions; thread-safe; never throw except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace fte::kb {

// The things a question asks about by name. Asking sentences end in '?' or open with a question
// word ("how", "can", "does", "is", ...); a text without one is read from its first two
// sentences (a WhatsApp line without "?"). In them, a thing is named in the one or two words
// (articles skipped, up to a stop word) after
//   - a verb of having or offering in a question: "is there a *dark* *mode*", "do you have an
//     *api*", "does it support *matter*", "does Quillbill accept *bitcoin* payments";
//   - a word of working together: "work with *fingerprint* *scanners*", "integrate with
//     *paypal*", "pay with *apple* *pay*", "export to *quickbooks*", "import from *excel*".
// Anywhere else a noun is mostly the customer's setting ("I clocked in on a train", "can I give a
// house sitter access", "a client wants to pay a deposit"): measured on data/eval/answerability,
// any noun after an indefinite article cost covered questions. AskedThing::words are the stems of
// the slot's words; AskedThing::terms those that can name a thing: not a word of asking itself or
// a generic adjective ("a way", "a feature", "an option", "a simple fix", "a paid plan"), not a
// problem word or a word that names no topic (on_topic's), no digits, no -ly/-ing/-ed form.
// Pure; thread-safe.
struct AskedThing {
  std::vector<std::string> words, terms;
};
std::vector<AskedThing> asked_things(std::string_view text);

// Every AskedThing::terms of `text`, stemmed, each once, in order.
std::vector<std::string> asked_terms(std::string_view text);

// What `question` asks about by name that the documentation never mentions: the asked terms
// (asked_things) that are in `unknown`, the question's topic terms no section uses
// (KnowledgeBase::unknown_terms, the search tool's `unknown_terms`). With a section's heading
// path `title`, a thing whose words the heading shares (thesaurus included) is left out: "is
// there a vacation mode?" against "Away Mode and Geofencing" may be the customer's word for what
// the section describes. Each once, in order. The local engine escalates knowledge_gap on them
// below the confident level when the best section is off topic (agent/engines/local_engine.cpp,
// docs/EVAL.md round 9).
std::vector<std::string> docs_silent_terms(std::string_view question,
                                           const std::vector<std::string>& unknown,
                                           std::string_view title = {});

// What a capability question asks about that the documentation never mentions: the terms of
// `unknown` (as above) among the words of an asking sentence that asks whether something can be
// done or exists ("can I send invoices by *whatsapp*?", "can clients pay with *apple* pay", "is
// there a *dark* mode", "does it support ...": "can"/"could" not followed by "not", or a verb of
// having in a question, asked_things' frames). Unlike docs_silent_terms, any word of the sentence
// counts, not only a noun slot: in a capability question the unknown word is mostly the thing
// asked for (a channel, a payment method, a file type), while a how-to question's unknown words
// are mostly the customer's setting. Used by the local engine only when the best section is not on
// the question's topic by the KB's heading statistics (kb::on_distinct_topic), where covered
// questions of the answerability set had none (docs/EVAL.md round 12). Only a word right after a
// preposition of means or an article counts ("by fax", "with Zapcoin", "a dark mode"; not "my
// saturday shift", not "a way to combine": the customer's setting, an infinitive's verb); with a
// section's heading path `title`, as docs_silent_terms, not a word whose heading shares it or the
// word after it ("a vacation mode" and "Away Mode"). Stems, each once, in order.
std::vector<std::string> capability_unknown_terms(std::string_view question,
                                                  const std::vector<std::string>& unknown,
                                                  std::string_view title = {});

// The codes `question` quotes that the documentation never mentions: the terms of `unknown` (as
// above) that read as an error or status code, a letter first and a digit in at most six
// characters ("E9", "x12"; not "10pm", "2019" or an order number). A code the docs do not list
// is not answered by the section that lists the others (designed on data/eval/answerability:
// "screen says E9" where the error table lists E1, E4 and E7; docs/EVAL.md round 10).
std::vector<std::string> unknown_codes(std::string_view question,
                                       const std::vector<std::string>& unknown);

}  // namespace fte::kb
