#include "agent/runtime/json_schema.h"

#include <boost/json.hpp>
#include <cmath>

#include "core/json_util.h"

namespace fte::agent {

namespace json = boost::json;

namespace {

std::optional<double> as_number(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double()) return v.get_double();
  return std::nullopt;
}

std::string fmt(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  return std::to_string(d);
}

std::optional<std::string> check(const std::string& field, const json::object& s,
                                 const json::value& v) {
  const std::string type = jsonu::str(s, "type");
  auto err = [&](const std::string& what) {
    return std::optional<std::string>(field + ": " + what);
  };
  if (type == "string") {
    if (!v.is_string()) return err("must be a string");
    auto len = static_cast<double>(v.get_string().size());
    if (auto* p = s.if_contains("minLength"); p && as_number(*p) && len < *as_number(*p))
      return err("must be at least " + fmt(*as_number(*p)) + " characters");
    if (auto* p = s.if_contains("maxLength"); p && as_number(*p) && len > *as_number(*p))
      return err("must be at most " + fmt(*as_number(*p)) + " characters");
    if (auto* e = s.if_contains("enum"); e && e->is_array()) {
      bool ok = false;
      std::string options;
      for (const auto& x : e->get_array()) {
        if (x.is_string()) {
          ok = ok || x.get_string() == v.get_string();
          if (!options.empty()) options += '|';
          options.append(x.get_string().data(), x.get_string().size());
        }
      }
      if (!ok) {
        std::string what = "must be one of ";
        what += options;
        return err(what);
      }
    }
    return std::nullopt;
  }
  if (type == "integer" || type == "number") {
    auto n = as_number(v);
    if (!n) return err("must be a number");
    if (type == "integer" && std::floor(*n) != *n) return err("must be an integer");
    if (auto* p = s.if_contains("minimum"); p && as_number(*p) && *n < *as_number(*p))
      return err("must be >= " + fmt(*as_number(*p)));
    if (auto* p = s.if_contains("maximum"); p && as_number(*p) && *n > *as_number(*p))
      return err("must be <= " + fmt(*as_number(*p)));
    return std::nullopt;
  }
  if (type == "boolean" && !v.is_bool()) return err("must be true or false");
  if (type == "object" && !v.is_object()) return err("must be an object");
  if (type == "array" && !v.is_array()) return err("must be an array");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate_args(const json::object& schema, const json::object& args) {
  const json::object empty;
  const json::object* props = &empty;
  if (auto* p = schema.if_contains("properties"); p && p->is_object()) props = &p->get_object();
  if (auto* r = schema.if_contains("required"); r && r->is_array()) {
    for (const auto& name : r->get_array()) {
      if (name.is_string() && !args.contains(name.get_string()))
        return std::string(name.get_string()) + ": is required";
    }
  }
  bool closed = false;
  if (auto* a = schema.if_contains("additionalProperties"); a && a->is_bool())
    closed = !a->get_bool();
  for (const auto& [key, value] : args) {
    auto* ps = props->if_contains(key);
    if (!ps || !ps->is_object()) {
      if (closed) return std::string(key) + ": is not a known argument";
      continue;
    }
    if (auto e = check(std::string(key), ps->get_object(), value)) return e;
  }
  return std::nullopt;
}

}  // namespace fte::agent
