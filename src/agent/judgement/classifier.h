// Ticket category and priority when the channel gave none (email and WhatsApp never do; the web
// form does). A keyword scorer: each category has weighted words and phrases; the highest total
// wins, ties go to the earlier category in (bug_report, billing, technical, feedback); no hit at
// all is "general". Priority: high for legal threats and very negative messages or words such as
// "urgent", "outage", "down for everyone"; low for feedback; medium otherwise.
// Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>

namespace fte::agent {

// general|technical|billing|bug_report|feedback
std::string classify_category(std::string_view text);
bool valid_category(std::string_view c);

// low|medium|high
std::string derive_priority(std::string_view text, std::string_view category, double sentiment,
                            bool legal);
bool valid_priority(std::string_view p);

}  // namespace fte::agent
