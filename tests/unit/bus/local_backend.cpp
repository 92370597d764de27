// The local backend of the Bus conformance suite: the store's durable event log (SQLite in a temp
// dir). Each "process" of a test is another Bus on the same database, as when several fte roles
// share one database file. Members of one group do not split the work on `local` (each
// subscription reads the log in order), hence balances_groups = false.
#include <filesystem>

#include "bus/local/local_bus.h"
#include "bus_conformance.h"
#include "store/store.h"
#include "support/process.h"

namespace fte::bustest {
namespace {

class LocalWorld final : public BusWorld {
 public:
  LocalWorld() : dir_(fte::testing::temp_dir("fte-bus-local")) {
    StoreOptions so;
    so.url = "sqlite://" + (dir_ / "bus.db").string();
    store_ = open_sqlite_store(so);
  }
  ~LocalWorld() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::unique_ptr<Bus> open(const BusOptions& o) override {
    LocalBusOptions lo;
    lo.poll_ms = 20;
    return open_local_bus(*store_, o, lo);
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(local, BusConformance,
                         ::testing::Values(BusBackend{
                             "local", [] { return std::make_unique<LocalWorld>(); }, false}),
                         backend_name);

}  // namespace fte::bustest
