// PostgreSQL-specific behaviour of the store, on the real test server: migrations (embedded copy,
// several processes starting at once), URL handling, the server going away and coming back, lost
// connections, create races between processes, the event log's order across processes and its
// LISTEN/NOTIFY wake-up, the pool's limits and the statement timeout.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "postgres_world.h"
#include "store/postgres/migrations.h"
#include "store/postgres/pool.h"
#include "store/postgres/sql.h"
#include "store_helpers.h"
#include "support/process.h"

namespace fte::storetest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    world_ = make_postgres_world_of(why);
    if (!world_) GTEST_SKIP() << "PostgreSQL not available: " << why;
  }
  std::unique_ptr<Store> open(int pool_size = 8) {
    StoreOptions o;
    o.pool_size = pool_size;
    return world_->open(o);
  }
  pg::PostgresStore& pg_of(Store& s) { return dynamic_cast<pg::PostgresStore&>(s); }
  std::string count(const std::string& sql) {
    return world_->server().exec(world_->database(), sql);
  }

  std::unique_ptr<PostgresWorld> world_;
};

// --- migrations ---------------------------------------------------------------------------------

TEST(PostgresMigrations, EmbeddedCopiesMatchTheSqlFilesByteForByte) {
  fs::path dir = fs::path(FTE_SOURCE_DIR) / "src/store/migrations/postgres";
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".sql") files.insert(e.path().filename().string());
  int expect_version = 1;
  for (const auto& m : pg::migrations()) {
    EXPECT_EQ(m.version, expect_version++) << "migrations are numbered without gaps";
    ASSERT_TRUE(files.erase(std::string(m.name))) << m.name << " has no file";
    std::ifstream in(dir / std::string(m.name), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), std::string(m.sql))
        << m.name << " differs from its copy in src/store/postgres/migrations.cpp";
  }
  EXPECT_TRUE(files.empty()) << "a migration file is not embedded: " << *files.begin();
}

TEST_F(PostgresStoreTest, OpeningMigratesOnceAndReopeningAppliesNothing) {
  auto s = open();
  EXPECT_EQ(pg_of(*s).schema_version(), static_cast<int>(pg::migrations().size()));
  EXPECT_EQ(pg_of(*s).migrations_applied(), static_cast<int>(pg::migrations().size()));
  s.reset();
  s = open();
  EXPECT_EQ(pg_of(*s).migrations_applied(), 0);
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"),
            std::to_string(pg::migrations().size()));
}

TEST_F(PostgresStoreTest, SeveralStoresStartingAtOnceMigrateOnce) {
  constexpr int kStores = 4;
  std::vector<std::unique_ptr<Store>> stores(kStores);
  std::vector<std::string> errors(kStores);
  std::vector<std::thread> ts;
  for (int i = 0; i < kStores; ++i)
    ts.emplace_back([&, i] {
      try {
        stores[static_cast<std::size_t>(i)] = open(2);
      } catch (const std::exception& e) {
        errors[static_cast<std::size_t>(i)] = e.what();
      }
    });
  for (auto& t : ts) t.join();
  int applied = 0;
  for (int i = 0; i < kStores; ++i) {
    ASSERT_TRUE(stores[static_cast<std::size_t>(i)]) << errors[static_cast<std::size_t>(i)];
    applied += pg_of(*stores[static_cast<std::size_t>(i)]).migrations_applied();
  }
  EXPECT_EQ(applied, static_cast<int>(pg::migrations().size())) << "exactly one store migrated";
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"),
            std::to_string(pg::migrations().size()));
  for (auto& s : stores) EXPECT_NO_THROW(s->ping());
}

TEST_F(PostgresStoreTest, ADatabaseNewerThanTheBinaryIsRefused) {
  open().reset();
  count("INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 0)");
  try {
    open();
    FAIL() << "opened a database from the future";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
    EXPECT_NE(std::string(e.what()).find("FTE_DATABASE_URL"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST_F(PostgresStoreTest, TheSchemaEnforcesTheIntegrityRules) {
  auto s = open();
  auto r = s->ingest(form_message("rules@example.com"), nullptr);
  auto fails = [&](const std::string& sql) {
    try {
      count(sql);
      return false;
    } catch (const std::exception&) {
      return true;
    }
  };
  EXPECT_TRUE(
      fails("INSERT INTO customers(id, email, created_at) VALUES ('x', "
            "'rules@example.com', 0)"))
      << "email unique when present";
  EXPECT_FALSE(fails("INSERT INTO customers(id, created_at) VALUES ('y', 0), ('z', 0)"))
      << "several customers without email";
  EXPECT_TRUE(
      fails("INSERT INTO conversations(id, customer_id, initial_channel, last_channel, "
            "started_at, last_inbound_at) VALUES ('c', NULL, 'email', 'email', 0, 0)"))
      << "a conversation needs a customer";
  EXPECT_TRUE(
      fails("INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
            "created_at) VALUES ('m', 'nope', 'email', 'inbound', 'customer', 'x', 0)"))
      << "a message needs an existing conversation";
  EXPECT_TRUE(
      fails("INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
            "created_at) VALUES ('m', '" +
            r.conversation_id + "', 'email', 'outbound', 'agent', 'x', 0)"))
      << "an outbound message needs a ticket";
  EXPECT_TRUE(
      fails("INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, "
            "role, content, created_at) VALUES ('m', '" +
            r.conversation_id + "', 'ghost', 'email', 'outbound', 'agent', 'x', 0)"))
      << "an outbound message needs an existing ticket";
  EXPECT_FALSE(
      fails("INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
            "channel_message_id, created_at) VALUES ('m1', '" +
            r.conversation_id + "', 'email', 'inbound', 'customer', 'x', 'dup', 0)"));
  EXPECT_TRUE(
      fails("INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
            "channel_message_id, created_at) VALUES ('m2', '" +
            r.conversation_id + "', 'email', 'inbound', 'customer', 'x', 'dup', 0)"))
      << "(channel, channel_message_id) unique";
}

// --- URL and start-up ---------------------------------------------------------------------------

TEST(PostgresUrl, BadUrlsAreRefusedNamingTheOption) {
  for (std::string url : {"mysql://x", "postgres://h/db?statement_timeout_ms=abc",
                          "postgres://h/db?acquire_timeout_ms=-5", "postgres://h/db?nonsense=1",
                          "postgresql://[::1/db"}) {
    try {
      pg::parse_postgres_url(url);
      ADD_FAILURE() << url << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid_argument) << url;
      EXPECT_EQ(e.field(), "FTE_DATABASE_URL") << url;
      EXPECT_NE(std::string(e.what()).find("FTE_DATABASE_URL"), std::string::npos) << url;
    }
  }
  auto loc = pg::parse_postgres_url(
      "postgresql://u:pw@h:5433/db?sslmode=disable&statement_timeout_ms=250&pool_max_waiters=3");
  EXPECT_EQ(loc.statement_timeout_ms, 250);
  EXPECT_EQ(loc.max_waiters, 3);
  EXPECT_EQ(loc.conninfo, "postgresql://u:pw@h:5433/db?sslmode=disable")
      << "the store's own options are not handed to libpq";
  EXPECT_EQ(loc.redacted.find("pw"), std::string::npos) << loc.redacted;
}

TEST(PostgresUrl, AnUnreachableServerFailsAtOpenNamingTheOptionWithoutThePassword) {
  StoreOptions o;
  o.url = "postgres://fte:s3cret@127.0.0.1:" + std::to_string(testing::free_port()) + "/fte";
  try {
    open_postgres_store(o);
    FAIL() << "opened a store on a port where nothing listens";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
    EXPECT_EQ(e.field(), "FTE_DATABASE_URL");
    EXPECT_NE(std::string(e.what()).find("FTE_DATABASE_URL"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

TEST_F(PostgresStoreTest, KnowledgeModeSaysWhichSearchPathServes) {
  auto s = open();
  bool has_vector = count("SELECT count(*) FROM pg_extension WHERE extname = 'vector'") == "1";
  EXPECT_EQ(postgres_knowledge_mode(*s), has_vector ? "pgvector" : "in-process index");
  EXPECT_EQ(s->backend(), "postgres");
}

// --- faults -------------------------------------------------------------------------------------

TEST_F(PostgresStoreTest, ServerStoppedMidTestThenRestartedRecoversWithoutReopening) {
  auto s = open();
  auto before = s->ingest(form_message("before@example.com"), incoming_event());
  auto seq_before = s->last_event_seq();
  ASSERT_TRUE(world_->server().stop());

  try {
    s->ping();
    ADD_FAILURE() << "ping succeeded with the server stopped";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable) << e.what();
  }
  auto calls = std::make_shared<std::atomic<int>>(0);
  try {
    s->ingest(form_message("during@example.com"), incoming_event(calls));
    ADD_FAILURE() << "an ingest succeeded with the server stopped";
  } catch (const Error& e) {
    EXPECT_TRUE(e.retryable()) << to_string(e.kind()) << ": " << e.what();
  }
  try {
    s->ticket_view(before.ticket_id);
    ADD_FAILURE() << "a read succeeded with the server stopped";
  } catch (const Error& e) {
    EXPECT_TRUE(e.retryable()) << e.what();
  }

  ASSERT_TRUE(world_->server().restart());
  ASSERT_TRUE(testing::wait_until(
      [&] {
        try {
          s->ping();
          return true;
        } catch (const Error&) {
          return false;
        }
      },
      20s))
      << "the store did not reconnect by itself";
  EXPECT_FALSE(s->find_customer(IdentifierType::email, "during@example.com"))
      << "the failed ingest left nothing behind";
  EXPECT_EQ(s->last_event_seq(), seq_before) << "nor an event";
  EXPECT_TRUE(s->ticket_view(before.ticket_id)) << "what was committed before is there";
  auto after = s->ingest(form_message("during@example.com"), incoming_event());
  EXPECT_FALSE(after.duplicate);
  EXPECT_GT(s->last_event_seq(), seq_before);
  EXPECT_TRUE(s->ticket_view(after.ticket_id));
}

TEST_F(PostgresStoreTest, ACrashedServerComesBackWithEveryAcknowledgedWrite) {
  auto s = open();
  std::vector<IngestResult> acked;
  for (int i = 0; i < 20; ++i)
    acked.push_back(
        s->ingest(form_message("crash" + std::to_string(i) + "@example.com"), incoming_event()));
  ASSERT_TRUE(world_->server().kill());
  ASSERT_TRUE(world_->server().restart());
  ASSERT_TRUE(testing::wait_until(
      [&] {
        try {
          s->ping();
          return true;
        } catch (const Error&) {
          return false;
        }
      },
      20s));
  for (const auto& r : acked) EXPECT_TRUE(s->ticket_view(r.ticket_id)) << r.ticket_id;
}

TEST_F(PostgresStoreTest, LostConnectionsAreRetriedTransparently) {
  auto s = open();
  s->ingest(form_message("warm@example.com"), nullptr);  // the writer and a reader are connected
  ASSERT_TRUE(s->find_customer(IdentifierType::email, "warm@example.com"));
  auto killed =
      count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" +
            world_->database() + "' AND pid <> pg_backend_pid()");
  EXPECT_NE(killed, "0");
  // The next write and read find their connections dead, reconnect and succeed.
  auto r = s->ingest(form_message("after-kill@example.com"), incoming_event());
  EXPECT_TRUE(s->ticket_view(r.ticket_id));
  EXPECT_GE(pg_of(*s).writer_stats().retried_batches, 1u);
  EXPECT_GE(pg_of(*s).pool_stats().dropped, 1u);
}

// --- concurrency across processes ---------------------------------------------------------------

TEST_F(PostgresStoreTest, ConcurrentFindOrCreateFromTwoStoresEndsWithOneCustomer) {
  auto a = open(), b = open();
  constexpr int kRounds = 10, kPerStore = 4;
  for (int round = 0; round < kRounds; ++round) {
    std::string email = "race" + std::to_string(round) + "@example.com";
    std::string phone = "+1415555" + std::to_string(1000 + round);
    std::vector<IngestResult> results(2 * kPerStore);
    std::vector<std::string> errors(2 * kPerStore);
    std::vector<std::thread> ts;
    for (int i = 0; i < 2 * kPerStore; ++i)
      ts.emplace_back([&, i] {
        Store& s = i % 2 ? *a : *b;
        auto m = i % 4 == 0 ? whatsapp_message(phone) : form_message(email, phone);
        try {
          results[static_cast<std::size_t>(i)] = s.ingest(m, nullptr);
        } catch (const std::exception& e) {
          errors[static_cast<std::size_t>(i)] = e.what();
        }
      });
    for (auto& t : ts) t.join();
    std::set<std::string> customers;
    for (std::size_t i = 0; i < results.size(); ++i) {
      EXPECT_EQ(errors[i], "") << "round " << round;
      customers.insert(results[i].customer_id);
    }
    EXPECT_EQ(customers.size(), 1u) << "round " << round;
  }
  EXPECT_EQ(count("SELECT count(*) FROM customers"), std::to_string(kRounds));
}

TEST_F(PostgresStoreTest, EventSequenceNumbersBecomeVisibleInOrderAcrossStores) {
  auto a = open(), b = open(), reader = open();
  constexpr int kThreads = 3, kPerThread = 150;
  const std::string topic(topics::metrics);
  std::atomic<bool> done{false};
  std::vector<std::thread> ts;
  for (int t = 0; t < 2 * kThreads; ++t)
    ts.emplace_back([&, t] {
      Store& s = t % 2 ? *a : *b;
      for (int i = 0; i < kPerThread; ++i) {
        if (i % 3 == 0)
          s.ingest(
              form_message("seq" + std::to_string(t) + "-" + std::to_string(i) + "@example.com"),
              incoming_event());
        else
          s.append_events(one_event(topic, "m"));
      }
    });
  // A consumer that moves its cursor past everything it saw: it must see every event exactly once.
  std::int64_t cursor = 0;
  std::size_t seen = 0;
  std::thread consumer([&] {
    for (;;) {
      bool last = done.load();
      auto batch = reader->read_events({}, cursor, 500);
      for (const auto& e : batch) {
        EXPECT_GT(e.seq, cursor);
        cursor = e.seq;
        ++seen;
      }
      if (last && batch.empty()) return;
    }
  });
  for (auto& t : ts) t.join();
  done = true;
  consumer.join();
  EXPECT_EQ(seen, static_cast<std::size_t>(2 * kThreads * kPerThread))
      << "a cursor-following reader skipped events: seqs committed out of order";
  EXPECT_EQ(reader->last_event_seq(), cursor);
}

TEST_F(PostgresStoreTest, AnotherStoresAppendWakesThisStoresListeners) {
  auto listener = open(), appender = open();
  auto heard = std::make_shared<Signal>();
  listener->on_events_appended([heard] { heard->raise(); });
  // LISTEN starts on its own thread: append until it is heard (each append notifies).
  ASSERT_TRUE(testing::wait_until(
      [&] {
        appender->append_events(one_event(std::string(topics::metrics), "ping"));
        return heard->wait_for_count(1, 100ms);
      },
      20s))
      << "no wake-up from another store's append (LISTEN/NOTIFY)";
}

// --- pool and timeouts --------------------------------------------------------------------------

TEST_F(PostgresStoreTest, ThePoolFailsFastWhenExhaustedAndCountsIt) {
  pg::Pool::Options o;
  o.connection.conninfo = world_->url();
  o.max_size = 1;
  o.max_waiters = 1;
  o.acquire_timeout = 150ms;
  pg::Pool pool(o);
  std::optional<pg::Pool::Lease> held;
  held.emplace(pool.acquire());

  std::atomic<int> waiter_kind{-1};
  std::thread waiter([&] {
    auto t0 = std::chrono::steady_clock::now();
    try {
      pool.acquire();
    } catch (const Error& e) {
      waiter_kind = static_cast<int>(e.kind());
      EXPECT_GE(std::chrono::steady_clock::now() - t0, 140ms) << "gave up before the deadline";
      EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
    }
  });
  ASSERT_TRUE(testing::wait_until([&] { return pool.stats().waiting == 1; }, 5s));
  auto kind = error_of([&] { pool.acquire(); });  // the wait queue (1) is full: refused at once
  EXPECT_EQ(kind, ErrorKind::busy);
  waiter.join();
  EXPECT_EQ(waiter_kind.load(), static_cast<int>(ErrorKind::busy)) << "deadline passed: busy";
  EXPECT_EQ(pool.stats().exhausted, 2u);

  held.reset();  // returned: the next caller gets it
  auto again = pool.acquire();
  EXPECT_EQ(again->run(pg::sql::kPing).first_i64(), 1);
  EXPECT_EQ(pool.stats().size, 1);
  EXPECT_EQ(pool.stats().connects, 1u) << "the connection was reused";
}

TEST_F(PostgresStoreTest, AStatementOverItsTimeoutFailsWithTimeout) {
  pg::Connection::Options o;
  o.conninfo = world_->url();
  o.statement_timeout_ms = 50;
  pg::Connection c(o);
  static constexpr pg::Sql kSlow{"test_slow", "SELECT pg_sleep(2)"};
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of([&] { c.run(kSlow); }), ErrorKind::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms);
  EXPECT_EQ(c.run(pg::sql::kPing).first_i64(), 1) << "the connection stays usable";
}

TEST_F(PostgresStoreTest, DatabaseErrorsCarryNoRowValues) {
  open().reset();  // migrated
  pg::Connection::Options o;
  o.conninfo = world_->url();
  pg::Connection c(o);
  static constexpr pg::Sql kInsert{
      "test_insert_customer", "INSERT INTO customers(id, email, created_at) VALUES ($1, $2, 0)"};
  c.run(kInsert, "a", "secret.person@example.com");
  try {
    c.run(kInsert, "b", "secret.person@example.com");
    FAIL() << "a second customer with the same email was stored";
  } catch (const pg::DbError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::conflict);
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_EQ(e.constraint(), "customers_email_key");
    EXPECT_FALSE(e.transient());
    EXPECT_EQ(std::string(e.what()).find("secret.person"), std::string::npos)
        << "PostgreSQL's DETAIL (the row's values) must not reach messages and logs: " << e.what();
  }
}

}  // namespace
}  // namespace fte::storetest
