// The reply a customer gets when their ticket goes to a human: polite, says a person will follow
// up, never repeats the reason in a way that promises anything (no prices, no refunds). The
// channel formatter adds greeting, ticket reference and signature (and "Ref:" on WhatsApp).
// Thread-safe: pure function.
#pragma once
#include <string>
#include <string_view>

#include "core/domain.h"

namespace fte::agent {

std::string acknowledgement(std::string_view reason, Channel channel);

}  // namespace fte::agent
