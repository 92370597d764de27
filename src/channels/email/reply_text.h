// What the agent reads of a customer's mail: the new text only. Removes the quoted earlier
// conversation ("On … wrote:" and its localised forms, "> " lines, Outlook's
// "-----Original Message-----" and "From: … Sent: …" header blocks, a "____" rule before them) and
// the signature (a "-- " line, "Sent from my iPhone" and similar device footers). When stripping
// would leave nothing, the full text is returned. The full text is stored separately (raw_body).
// Line-based and linear; thread-safe; never throws (except bad_alloc).
#pragma once
#include <string>
#include <string_view>

namespace fte::channels::email {

std::string strip_quoted_reply(std::string_view text);

// Normalises line ends to "\n", trims trailing spaces on lines, collapses runs of more than one
// blank line and trims blank lines at both ends.
std::string tidy_text(std::string_view text);

}  // namespace fte::channels::email
