// The items of a quoted section that a comparison question names, so that the reply can lead
// with all of them side by side ("what's the difference between member and viewer?" is answered
// "Member – Access to assigned workspaces only. Viewer – Read-only access to shared dashboards.",
// not with one of the two and the other further down under an unrelated label).
//
// An item is a list item or table row ("- Label – text", "- Label: text", the label at most 40
// characters); it is named when every content word of its label is in the question. The question
// must compare: a comparison word ("difference", "differ", "vs", "versus", "compare",
// "comparison") or "or" between two named labels ("should I invite them as viewer or member?").
// Nothing is company-specific: the labels are the section's own.
// Thread-safe: pure function. Never throws except std::bad_alloc.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fte::agent {

// Indices into `lines` (markdown lines as compose_answer quotes them) of the named items, in
// document order; empty unless at least two are named and the question compares.
std::vector<std::size_t> compared_items(std::string_view question,
                                        const std::vector<std::string>& lines);

}  // namespace fte::agent
