// The PostgreSQL backend of the Store conformance suite, on a real PostgreSQL 15 server that this
// test binary starts itself (tests/support/postgres_server.h): one server per process, a fresh
// database per test, dropped afterwards. Skipped (not failed) when the machine cannot run one:
// not root, or postgresql-15 not installed.
#include "postgres_world.h"

namespace fte::storetest {

INSTANTIATE_TEST_SUITE_P(postgres, StoreConformance,
                         ::testing::Values(StoreBackend{"postgres", make_postgres_world}),
                         backend_name);

}  // namespace fte::storetest
