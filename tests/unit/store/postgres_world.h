// A fresh PostgreSQL database on the shared test server, as a StoreWorld (store_conformance.h),
// shared by the conformance instantiation (postgres_backend.cpp) and the PostgreSQL-specific
// tests (postgres_store_test.cpp).
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "store/postgres/postgres_store.h"
#include "store_conformance.h"
#include "support/postgres_server.h"

namespace fte::storetest {

class PostgresWorld final : public StoreWorld {
 public:
  explicit PostgresWorld(testing::PostgresServer& s) : server_(s), db_(s.create_database("t")) {}
  ~PostgresWorld() override {
    try {
      server_.exec("postgres", "DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
  std::unique_ptr<Store> open(StoreOptions o) override {
    o.url = url() + query_;
    return open_postgres_store(o);
  }
  std::string url() const { return server_.url(db_); }
  const std::string& database() const { return db_; }
  testing::PostgresServer& server() { return server_; }
  // Store options appended to the URL by open(), e.g. "?acquire_timeout_ms=100".
  void set_url_options(std::string q) { query_ = std::move(q); }

 private:
  testing::PostgresServer& server_;
  std::string db_;
  std::string query_;
};

// nullptr (with the reason) where PostgreSQL cannot run; throws when it should and did not start.
inline std::unique_ptr<PostgresWorld> make_postgres_world_of(std::string& why_not) {
  if (!testing::PostgresServer::can_run_here(why_not)) return nullptr;
  auto* s = testing::shared_postgres_server(why_not);
  if (!s) throw std::runtime_error("the PostgreSQL test server did not start: " + why_not);
  return std::make_unique<PostgresWorld>(*s);
}
inline std::unique_ptr<StoreWorld> make_postgres_world(std::string& why_not) {
  return make_postgres_world_of(why_not);
}

// Stops the shared server when the test program ends.
class PostgresEnvironment final : public ::testing::Environment {
 public:
  void TearDown() override { testing::shutdown_shared_postgres_server(); }
};
inline ::testing::Environment* const kPostgresEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

}  // namespace fte::storetest
