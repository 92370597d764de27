// The SQLite backend of the Store conformance suite: each test gets a fresh database file in its
// own temporary directory (removed afterwards). SQLite is embedded, so it is never skipped.
#include <stdlib.h>

#include <filesystem>

#include "store_conformance.h"

namespace fte::storetest {
namespace {

class SqliteWorld final : public StoreWorld {
 public:
  SqliteWorld() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fte-store-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
  }
  ~SqliteWorld() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::unique_ptr<Store> open(StoreOptions o) override {
    o.url = "sqlite://" + (dir_ / "fte.db").string();
    return open_sqlite_store(o);
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(sqlite, StoreConformance,
                         ::testing::Values(StoreBackend{
                             "sqlite",
                             [](std::string&) -> std::unique_ptr<StoreWorld> {
                               return std::make_unique<SqliteWorld>();
                             }}),
                         backend_name);

}  // namespace fte::storetest
