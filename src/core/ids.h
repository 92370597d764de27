// Identifiers: random 128-bit UUIDs (version 4 layout) for rows, tickets and events. Ticket ids are the
// public reference a customer sees; 122 random bits from the OS CSPRNG cannot be guessed or enumerated.
// Thread-safe.
#pragma once
#include <string>
#include <string_view>

namespace fte {

std::string new_uuid();                       // "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", lower-case
bool is_uuid(std::string_view s) noexcept;    // syntax check only
// From getrandom(2), small requests through a per-thread block refilled 256 bytes at a time (a
// fork discards the blocks); throws Error(internal) on failure.
void random_bytes(void* out, std::size_t n);
std::string random_hex(std::size_t bytes);

}  // namespace fte
