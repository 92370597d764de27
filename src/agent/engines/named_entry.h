// The entry of another retrieved section that confirms what a two-part question names ("Can I
// connect it to Ledgerly? How?"): the quoted section answers the how (a procedure that names no
// app), and a list item or table row of another section of the same run names the thing asked
// about ("CRM: Ledgerly, Pipewise"), so the reply can open "Yes. Available Apps — CRM: Ledgerly,
// Pipewise." before the steps instead of leaving the first question unanswered.
//
// Said only when
//   - the message asks a yes/no question ("can I", "is there", "does it", ...; not negated) and
//     also how ("how?", "how do I", "if so");
//   - the yes/no question's words that the quoted section lacks (generic verbs aside) are one or
//     two, and one entry (a "- " item or a table row) of another section holds every one of them
//     that its section holds, and denies nothing ("not", "cannot", ...). A word that two or more
//     other sections hold (the product's name) names no one thing and is not looked for.
// Nothing is company-specific: the entry is the docs' own line. Thread-safe: pure function.
// Never throws except std::bad_alloc.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fte::agent {

struct NamedEntry {
  std::size_t section = static_cast<std::size_t>(-1);  // index into `others`; npos when none
  std::string sentence;  // "<leaf heading> — <entry>." as the reply says it
};

// `title`/`content`: the section the reply quotes; `others`: the run's other sections (title,
// markdown), best first.
NamedEntry named_entry(std::string_view question, std::string_view title, std::string_view content,
                       const std::vector<std::pair<std::string, std::string>>& others);

}  // namespace fte::agent
