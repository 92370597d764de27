// Operational and admin HTTP routes: /health, /ready, /metrics, /metrics/channels,
// /customers/lookup, /conversations/{id} and the console API (bearer FTE_ADMIN_TOKEN).
#pragma once
#include <functional>
#include <string>

#include "http/http.h"

namespace fte {
class Store;
class Bus;
namespace ops {
class Metrics;
}
}  // namespace fte

namespace fte::app {

struct ReadinessProbe {
  std::function<void()> store_ping;  // throws when not reachable
  std::function<void()> bus_ping;
  std::string kb_mode;  // e.g. "in-process (42 chunks)"
  std::string store_backend, bus_kind;  // "sqlite"/"postgres", "local"/"kafka"
};

void register_health_routes(http::Router& r, ops::Metrics& m, ReadinessProbe probe);
// True when the request carries "Authorization: Bearer <token>" equal to the token (constant time);
// always false when the token is empty (the admin API is off).
bool authorized(const http::Request& req, const std::string& token);
void register_admin_routes(http::Router& r, Store& store, const std::string& admin_token);

}  // namespace fte::app
