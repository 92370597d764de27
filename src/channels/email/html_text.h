// HTML mail turned into plain text for the agent: tags removed, <script>/<style>/<head> content
// dropped, entities decoded, block elements (<br>, <p>, <div>, <li>, <tr>, headings) turned into
// line breaks, <blockquote> content prefixed with "> " so quoted replies can be recognised, spaces
// collapsed outside <pre>. A single linear pass; the output is at most a few times the input.
// Input and output are UTF-8. Thread-safe; never throws (except bad_alloc).
#pragma once
#include <string>
#include <string_view>

namespace fte::channels::email {

std::string html_to_text(std::string_view html);

// Decodes one HTML character reference at s[0] ('&'); returns the characters consumed (0 when it is
// not a reference) and appends the decoded UTF-8 to out.
std::size_t decode_entity(std::string_view s, std::string& out);

}  // namespace fte::channels::email
