// jsonu::is_json: Boost.JSON's own parser driven by a handler that keeps nothing, so a document is
// validated by exactly the rules json::parse applies (default parse_options: no comments, no
// trailing commas, valid UTF-8, depth 32) without allocating its values.
#include "core/json_util.h"

#include <boost/json/basic_parser_impl.hpp>

namespace fte::jsonu {
namespace {

namespace json = boost::json;

// The limits json::parser's own handler declares, so that sizes fail exactly as they do there.
struct Discard {
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();
  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return true; }
  bool on_object_end(std::size_t, json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t, json::error_code&) { return true; }
  bool on_key_part(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_key(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string_part(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, json::error_code&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return true; }
  bool on_double(double, json::string_view, json::error_code&) { return true; }
  bool on_bool(bool, json::error_code&) { return true; }
  bool on_null(json::error_code&) { return true; }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }
};

}  // namespace

bool is_json(std::string_view text) {
  json::basic_parser<Discard> p{json::parse_options{}};
  json::error_code ec;
  std::size_t n = p.write_some(false, text.data(), text.size(), ec);
  return !ec && n == text.size();
}

}  // namespace fte::jsonu
