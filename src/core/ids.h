// Identifiers: random 128-bit UUIDs (version 4 layout) for rows, tickets and events. Ticket ids are the
// public reference a customer sees; 122 random bits from the OS CSPRNG cannot be guessed or enumerated.
// Time-ordered UUIDs (version 7) for internal keys that are indexed but never shown as references.
// Thread-safe.
#pragma once
#include <string>
#include <string_view>

namespace fte {

std::string new_uuid();                       // "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", lower-case
bool is_uuid(std::string_view s) noexcept;    // syntax check only
// RFC 9562 UUIDv7: 48-bit Unix milliseconds, version 7, a 12-bit sequence (rand_a, "method 1"),
// the variant, 62 random bits. Within a process each id sorts strictly after the previous one (the
// sequence counts up inside a millisecond; past 4096 in one millisecond it borrows the next one),
// so a B-tree keyed by them only appends. Not for public references: the time and order are visible.
std::string new_time_ordered_id();
// From getrandom(2), small requests through a per-thread block refilled 256 bytes at a time (a
// fork discards the blocks); throws Error(internal) on failure.
void random_bytes(void* out, std::size_t n);
std::string random_hex(std::size_t bytes);

}  // namespace fte
