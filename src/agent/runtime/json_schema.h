// A small JSON-schema validator for tool arguments: the subset that tool definitions use, so that a
// malformed tool call (from a model or a bug) becomes an error result instead of a crash.
//
// Supported: an object schema with "properties", "required" and "additionalProperties": false;
// property schemas with "type" (string, integer, number, boolean, object, array), "enum" (of
// strings), "minLength"/"maxLength" (UTF-8 bytes), "minimum"/"maximum". An integer may arrive as
// a whole double (3.0). Everything else in the schema is ignored.
// Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <boost/json/object.hpp>
#include <optional>
#include <string>

namespace fte::agent {

// nullopt when `args` conforms to `schema`; else a short message naming the field
// ("max_results: must be <= 5").
std::optional<std::string> validate_args(const boost::json::object& schema,
                                         const boost::json::object& args);

}  // namespace fte::agent
