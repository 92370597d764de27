// PostgreSQL-specific behaviour of the store, on the real test server: migrations (embedded copy,
// several processes starting at once), URL handling, the server going away and coming back, lost
// connections, create races between processes, the event log's order across processes and its
// LISTEN/NOTIFY wake-up, a batch of intakes as one server call, the pool's limits and the
// statement timeout.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "core/envelope.h"
#include "postgres_batch.h"
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
  // The store answers a ping again within 20 s (after a server restart), by itself.
  static bool reconnects(Store& s) {
    return testing::wait_until(
        [&] {
          try {
            s.ping();
            return true;
          } catch (const Error&) {
            return false;
          }
        },
        20s);
  }
  // The reader's first non-empty batch after `after`, waited for up to 10 s (empty if none came).
  static std::vector<StoredEvent> first_batch(Store& reader, std::int64_t after) {
    std::vector<StoredEvent> batch;
    testing::wait_until(
        [&] {
          batch = reader.read_events({}, after, 100);
          return !batch.empty();
        },
        10s);
    return batch;
  }
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
  int previous = 0;
  for (const auto& m : pg::migrations()) {
    // Increasing; a gap is allowed (numbers are handed out per branch; each runs once anyway).
    EXPECT_GT(m.version, previous) << "migrations are numbered in increasing order";
    previous = m.version;
    EXPECT_EQ(std::stoi(std::string(m.name.substr(0, 4))), m.version);
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
  EXPECT_EQ(pg_of(*s).schema_version(), pg::migrations().back().version);
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

// 0006 drops customers' own UNIQUE on email in a database as a version-5 release left it: the
// rows stay, a customer email without its identifier row gets one, and an email still belongs to
// one customer only (through customer_identifiers).
TEST_F(PostgresStoreTest, CustomersLoseTheirEmailIndexButEmailsStayUniqueThroughIdentifiers) {
  {
    pg::Connection::Options o;
    o.conninfo = world_->url();
    pg::Connection c(o);
    c.simple(pg::sql::kCreateSchemaMigrations);
    for (const auto& m : pg::migrations()) {
      if (m.version >= 6) continue;
      c.simple(std::string(m.sql));
      c.run(pg::sql::kRecordMigration, m.version, std::string(m.name), std::int64_t{0});
    }
    c.simple(
        "INSERT INTO customers(id, name, email, created_at) VALUES "
        "('c1', 'Ana', 'ana@example.com', 1), ('c2', 'Bo', 'bo@example.com', 2); "
        "INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
        "VALUES ('c1', 'email', 'ana@example.com', 1)");
  }
  const std::string email_indexes =
      "SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
      "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = 'customers'::regclass "
      "AND a.attname = 'email'";
  ASSERT_EQ(count(email_indexes), "1") << "version 5 has the UNIQUE";
  auto s = open();
  EXPECT_EQ(pg_of(*s).schema_version(), pg::migrations().back().version);
  EXPECT_EQ(count(email_indexes), "0");
  auto bo = s->find_customer(IdentifierType::email, "bo@example.com");
  ASSERT_TRUE(bo) << "the email without an identifier row got one";
  EXPECT_EQ(bo->id, "c2");
  EXPECT_EQ(count("SELECT name || email FROM customers WHERE id = 'c1'"), "Anaana@example.com");
  EXPECT_THROW(count("INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
                     "VALUES ('c2', 'email', 'ana@example.com', 3)"),
               std::exception)
      << "an email stays with one customer";
  // The intake still finds the customer by email and creates no second one.
  auto r = s->ingest(form_message("ana@example.com"), nullptr);
  EXPECT_EQ(r.customer_id, "c1");
  EXPECT_EQ(count("SELECT count(*) FROM customers WHERE email = 'ana@example.com'"), "1");
}

// 0008: an intake writes no B-tree that no query reads. A version-6 database with rows migrates:
// customer_identifiers keyed by (type, value) under the name of the UNIQUE it replaces (its `id`
// index gone), events without events_topic; the rows stay, an identifier stays with one customer,
// and the intake and the reads by identifier and by topic answer as before.
TEST_F(PostgresStoreTest, TheIntakeWritesOnlyIndexesThatAQueryReads) {
  {
    pg::Connection::Options o;
    o.conninfo = world_->url();
    pg::Connection c(o);
    c.simple(pg::sql::kCreateSchemaMigrations);
    for (const auto& m : pg::migrations()) {
      if (m.version >= 8) continue;
      c.simple(std::string(m.sql));
      c.run(pg::sql::kRecordMigration, m.version, std::string(m.name), std::int64_t{0});
    }
    c.simple(
        "INSERT INTO customers(id, name, email, phone, created_at) VALUES "
        "('c1', 'Ana', 'ana@example.com', '+15550001', 1); "
        "INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
        "VALUES ('c1', 'email', 'ana@example.com', 1), ('c1', 'whatsapp', '+15550001', 1)");
  }
  const std::string indexes =
      "SELECT string_agg(i.indexrelid::regclass::text || CASE WHEN i.indisprimary THEN '*' "
      "ELSE '' END, ' ' ORDER BY i.indexrelid::regclass::text) FROM pg_index i "
      "WHERE i.indrelid IN ('customer_identifiers'::regclass, 'events'::regclass)";
  ASSERT_EQ(count(indexes),
            "customer_identifiers_pkey* customer_identifiers_type_value_key events_pkey* "
            "events_topic")
      << "version 6";
  auto s = open();
  EXPECT_EQ(count(indexes), "customer_identifiers_type_value_key* events_pkey*");
  EXPECT_EQ(count("SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM pg_index i, "
                  "unnest(i.indkey) WITH ORDINALITY k(att, n), pg_attribute a "
                  "WHERE i.indrelid = 'customer_identifiers'::regclass AND i.indisprimary "
                  "AND a.attrelid = i.indrelid AND a.attnum = k.att"),
            "type,value");
  EXPECT_EQ(count("SELECT count(*) FROM customer_identifiers WHERE customer_id = 'c1'"), "2");
  EXPECT_THROW(count("INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
                     "VALUES ('c1', 'email', 'ana@example.com', 3)"),
               std::exception)
      << "an identifier stays with one customer";
  auto ana = s->find_customer(IdentifierType::whatsapp, "+15550001");
  ASSERT_TRUE(ana);
  EXPECT_EQ(ana->id, "c1");
  // The intake finds the known customer by either identifier and records new ones.
  EXPECT_EQ(s->ingest(form_message("ana@example.com"), nullptr).customer_id, "c1");
  auto bo = s->ingest(form_message("bo@example.com"), incoming_event());
  EXPECT_NE(bo.customer_id, "c1");
  EXPECT_EQ(count("SELECT count(*) FROM customer_identifiers"), "3");
  auto events = s->read_events({"fte.nothing"}, 0, 100);
  EXPECT_TRUE(events.empty()) << "a read by topic keeps its filter without the topic index";
  events = s->read_events({}, 0, 100);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(s->read_events({events[0].topic}, 0, 100).size(), 1u);
}

// The event append sends topics, keys and envelopes as binary text arrays (pq.h
// binary_text_array): the stored texts are exactly the serialised envelopes, whatever they hold —
// quotes, backslashes, JSON escapes, non-ASCII, a 20 KB payload, an empty key — in batch order.
TEST_F(PostgresStoreTest, TheEventAppendStoresEachEnvelopeTextAsSerialised) {
  auto s = open();
  std::vector<std::pair<std::string, Envelope>> batch;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"k\"quote\\", "{\"text\":\"she said \\\"hi\\\" \\\\ back\\nslash\"}"},
      {"", "{\"text\":\"caf\u00e9 \u2014 \u65e5\u672c \\u00e9 \\u0001\"}"},
      {"{[,]}", "{\"long\":\"" + std::string(20000, 'x') + "\"}"},
  };
  for (const auto& [key, payload] : cases)
    batch.push_back({std::string(topics::metrics), make_envelope("t", key, payload, "", "")});
  auto last = s->append_events(batch);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& e = batch[i].second;
    EXPECT_EQ(count("SELECT envelope = $fte$" + to_json_keeping_payload(e) +
                    "$fte$ AND key = $fte$" + e.key + "$fte$ AND topic = $fte$" + batch[i].first +
                    "$fte$ FROM events WHERE seq = " +
                    std::to_string(last - 2 + static_cast<std::int64_t>(i))),
              "t")
        << "event " << i;
  }
  auto read = s->read_events({std::string(topics::metrics)}, last - 3, 10);
  ASSERT_EQ(read.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(read[i].envelope.key, cases[i].first);
    EXPECT_EQ(read[i].envelope.event_id, batch[i].second.event_id);
  }
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
      fails("INSERT INTO customers(id, created_at) VALUES ('x', 0); "
            "INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
            "VALUES ('x', 'email', 'rules@example.com', 0)"))
      << "email unique when present (through the identifiers, migration 0006)";
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
                          "postgres://h/db?ingest_batch_max=0",
                          "postgres://h/db?ingest_batch_max=257", "postgresql://[::1/db"}) {
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
  ASSERT_TRUE(reconnects(*s)) << "the store did not reconnect by itself";
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
  ASSERT_TRUE(reconnects(*s));
  for (const auto& r : acked) EXPECT_TRUE(s->ticket_view(r.ticket_id)) << r.ticket_id;
}

TEST_F(PostgresStoreTest, LostConnectionsAreRetriedTransparently) {
  world_->set_url_options("?writers=1");  // both intakes on the one writer connection killed
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
  world_->set_url_options("?writers=4");  // commits out of seq order within a store too
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
  // A gap it waits at (a seq not committed yet) may hold it back for a while; a seq it skipped is
  // never seen.
  const std::size_t want = 2 * kThreads * kPerThread;
  std::chrono::steady_clock::time_point deadline{};
  std::thread consumer([&] {
    for (;;) {
      bool last = done.load();
      if (last && deadline == std::chrono::steady_clock::time_point{})
        deadline = std::chrono::steady_clock::now() + 10s;
      auto batch = reader->read_events({}, cursor, 500);
      for (const auto& e : batch) {
        EXPECT_GT(e.seq, cursor);
        cursor = e.seq;
        ++seen;
      }
      if (last && batch.empty() && (seen >= want || std::chrono::steady_clock::now() > deadline))
        return;
      if (batch.empty()) std::this_thread::sleep_for(1ms);
    }
  });
  for (auto& t : ts) t.join();
  done = true;
  consumer.join();
  EXPECT_EQ(seen, want)
      << "a cursor-following reader skipped events: seqs committed out of order";
  EXPECT_EQ(reader->last_event_seq(), cursor);
}

// A transaction of its own that draws the next seq and holds it uncommitted, as a slow writer of
// another connection would: a later append commits a higher seq first.
class HeldSeq {
 public:
  explicit HeldSeq(PostgresWorld& w) {
    pg::Connection::Options o;
    o.conninfo = w.url();
    c_ = std::make_unique<pg::Connection>(o);
    c_->simple(
        "BEGIN; SELECT pg_current_xact_id(); INSERT INTO events(topic, key, envelope, created_at) "
        "SELECT topic, key, envelope, created_at FROM events ORDER BY seq DESC LIMIT 1");
  }
  void commit() { c_->simple("COMMIT"); }
  void rollback() { c_->simple("ROLLBACK"); }

 private:
  std::unique_ptr<pg::Connection> c_;
};

TEST_F(PostgresStoreTest, AReaderDoesNotPassASeqThatIsStillToCommit) {
  auto s = open(), reader = open();
  const std::string topic(topics::metrics);
  auto first = s->append_events(one_event(topic, "first"));
  HeldSeq held(*world_);  // draws first + 1
  auto third = s->append_events(one_event(topic, "third"));
  ASSERT_EQ(third, first + 2);
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(reader->read_events({}, first, 100).empty())
        << "the reader would move past seq " << first + 1 << ", which commits later";
  held.commit();
  auto batch = reader->read_events({topic}, first, 100);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].seq, first + 1);
  EXPECT_EQ(batch[1].seq, third);
}

TEST_F(PostgresStoreTest, AReaderPassesTheSeqOfATransactionThatRolledBack) {
  auto s = open(), reader = open();
  const std::string topic(topics::metrics);
  auto first = s->append_events(one_event(topic, "first"));
  std::optional<HeldSeq> held(*world_);
  auto third = s->append_events(one_event(topic, "third"));
  EXPECT_TRUE(reader->read_events({}, first, 100).empty());
  held->rollback();
  auto batch = first_batch(*reader, first);
  ASSERT_FALSE(batch.empty()) << "a gap left by a rollback stops the reader";
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].seq, third);
}

TEST_F(PostgresStoreTest, AReaderIsNotHeldBackByATransactionThatWroteNoEvent) {
  auto s = open(), reader = open();
  const std::string topic(topics::metrics);
  auto first = s->append_events(one_event(topic, "first"));
  pg::Connection::Options o;
  o.conninfo = world_->url();
  pg::Connection unrelated(o);  // open, with an xid, for the whole test
  unrelated.simple("BEGIN; SELECT pg_current_xact_id()");
  std::optional<HeldSeq> held(*world_);
  auto third = s->append_events(one_event(topic, "third"));
  EXPECT_TRUE(reader->read_events({}, first, 100).empty());
  held->rollback();
  auto batch = first_batch(*reader, first);
  ASSERT_FALSE(batch.empty()) << "the reader waits for a transaction that never touched the event log";
  EXPECT_EQ(batch[0].seq, third);
  unrelated.simple("ROLLBACK");
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

// --- intake as one server call per batch (fte_ingest)
// ---------------------------------------------

TEST_F(PostgresStoreTest, ABatchOfIntakesIsOneServerCallWithEveryIntakeRule) {
  world_->set_url_options("?writers=1");  // the gate holds the event-log lock one writer takes
  auto s = open();
  auto known = s->ingest(form_message("known@example.com", "+14155550300"), incoming_event());
  auto seq0 = s->last_event_seq();
  auto stats0 = pg_of(*s).writer_stats();

  EventLogGate gate(*world_);
  Outcomes out(11);
  out.submit(*s, 0, form_message("first@example.com"), incoming_event());
  ASSERT_TRUE(gate.writer_waiting()) << "the first batch did not reach the event append";

  auto dup_a = form_message("new1@example.com");
  dup_a.channel_message_id = "dup-in-one-batch";
  auto dup_b = dup_a;  // the same channel message again, in the same batch (a retried webhook)
  dup_b.ticket_id = new_uuid();
  dup_b.body = "the retry's body";
  auto calls = std::make_shared<std::atomic<int>>(0);
  out.submit(*s, 1, dup_a, incoming_event(calls));
  out.submit(*s, 2, dup_b, incoming_event(calls));
  out.submit(*s, 3, form_message("new2@example.com", "+14155550301"), incoming_event());
  out.submit(*s, 4, whatsapp_message("+14155550301", "me again, on WhatsApp"), incoming_event());
  out.submit(*s, 5, whatsapp_message("+14155550300", "any news?"), incoming_event());
  auto known_form = form_message("known@example.com");
  out.submit(*s, 6, known_form, incoming_event());
  out.submit(*s, 7, form_message("not-an-email"), incoming_event());
  auto stolen = form_message("thief@example.com");
  stolen.ticket_id = known.ticket_id;  // a ticket id of another conversation
  out.submit(*s, 8, stolen, incoming_event());
  out.submit(*s, 9, email_message("new3@example.com", "thread-9"), incoming_event());
  out.submit(*s, 10, form_message("new4@example.com", "+1 415 555 0302"), nullptr);
  gate.release();
  ASSERT_TRUE(out.done.wait_for_count(11));

  auto stats1 = pg_of(*s).writer_stats();
  EXPECT_EQ(stats1.batches - stats0.batches, 2u)
      << "the first ingest, then the ten queued behind it";
  EXPECT_EQ(stats1.group_calls - stats0.group_calls, 2u)
      << "each batch's intakes went to the server as one fte_ingest call";

  out.ok(0);
  // A channel message id twice in one call: the second is a duplicate with the first one's ids.
  const auto& a = out.ok(1);
  const auto& b = out.ok(2);
  EXPECT_FALSE(a.duplicate);
  EXPECT_TRUE(b.duplicate);
  EXPECT_EQ(b.message_id, a.message_id);
  EXPECT_EQ(b.ticket_id, a.ticket_id);
  EXPECT_EQ(b.conversation_id, a.conversation_id);
  EXPECT_EQ(b.customer_id, a.customer_id);
  EXPECT_EQ(calls->load(), 1) << "no outbox for the duplicate";
  EXPECT_FALSE(s->ticket_view(dup_b.ticket_id));
  auto msgs = s->conversation_messages(a.conversation_id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].content, dup_a.body);

  // A customer created earlier in the same call is found by the later message and linked.
  const auto& n2 = out.ok(3);
  const auto& n2wa = out.ok(4);
  EXPECT_EQ(n2wa.customer_id, n2.customer_id);
  EXPECT_EQ(n2wa.conversation_id, n2.conversation_id) << "continued across channels";
  EXPECT_EQ(n2wa.ticket_id, n2.ticket_id) << "joins the received ticket";
  auto by_wa = s->find_customer(IdentifierType::whatsapp, "+14155550301");
  ASSERT_TRUE(by_wa);
  EXPECT_EQ(by_wa->id, n2.customer_id);

  // Known customers (created in an earlier transaction) mixed with new ones.
  const auto& k5 = out.ok(5);
  EXPECT_EQ(k5.customer_id, known.customer_id);
  EXPECT_EQ(k5.conversation_id, known.conversation_id);
  EXPECT_EQ(k5.ticket_id, known.ticket_id);
  const auto& k6 = out.ok(6);
  EXPECT_EQ(k6.customer_id, known.customer_id);
  EXPECT_EQ(k6.conversation_id, known.conversation_id);
  EXPECT_EQ(k6.ticket_id, known_form.ticket_id) << "a web form is a new ticket";

  // Failures stay with their own message.
  EXPECT_EQ(out.error(7), ErrorKind::invalid_argument);
  EXPECT_EQ(out.error(8), ErrorKind::conflict);
  EXPECT_FALSE(s->find_customer(IdentifierType::email, "thief@example.com"))
      << "the failed intake wrote nothing";
  EXPECT_TRUE(s->ticket_view(out.ok(9).ticket_id));
  auto n4 = s->find_customer(IdentifierType::phone, "+14155550302");
  ASSERT_TRUE(n4);
  EXPECT_EQ(n4->id, out.ok(10).customer_id);
  EXPECT_NE(out.ok(10).customer_id, out.ok(3).customer_id);

  // One event per new message with an outbox, in order, nothing for the rest.
  auto events = s->read_events({}, seq0, 100);
  ASSERT_EQ(events.size(), 7u);  // 0, 1, 3, 4, 5, 6, 9
  std::vector<std::string> want;
  for (std::size_t i : {0, 1, 3, 4, 5, 6, 9}) want.push_back("in:" + out.v[i].result.message_id);
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].envelope.idempotency_key, want[i]) << i;
    if (i) {
      EXPECT_GT(events[i].seq, events[i - 1].seq);
    }
  }
  EXPECT_EQ(count("SELECT count(*) FROM customers"), "6");  // known, first, new1..new4
}

TEST_F(PostgresStoreTest, AnIntakeWhoseOutboxThrowsIsUndoneAndTheRestOfItsCallCommits) {
  world_->set_url_options("?writers=1");
  auto s = open();
  auto stats0 = pg_of(*s).writer_stats();
  EventLogGate gate(*world_);
  Outcomes out(4);
  out.submit(*s, 0, form_message("gate@example.com"), incoming_event());
  ASSERT_TRUE(gate.writer_waiting());
  out.submit(*s, 1, form_message("before@example.com"), incoming_event());
  out.submit(*s, 2, form_message("throws@example.com"),
             [](const IngestResult&) -> std::vector<std::pair<std::string, Envelope>> {
               throw Error(ErrorKind::invalid_argument, "cannot build the event");
             });
  out.submit(*s, 3, form_message("after@example.com", "+14155550303"), incoming_event());
  gate.release();
  ASSERT_TRUE(out.done.wait_for_count(4));
  EXPECT_EQ(out.error(2), ErrorKind::invalid_argument);
  EXPECT_FALSE(s->find_customer(IdentifierType::email, "throws@example.com"))
      << "its rows were written by the call, and undone";
  for (std::size_t i : {0, 1, 3}) EXPECT_TRUE(s->ticket_view(out.ok(i).ticket_id)) << i;
  EXPECT_EQ(count("SELECT count(*) FROM events"), "3");
  auto stats1 = pg_of(*s).writer_stats();
  EXPECT_EQ(stats1.group_calls - stats0.group_calls, 3u)
      << "the gate's batch, the batch of three, and that batch again without the failed one";
  EXPECT_EQ(stats1.retried_batches - stats0.retried_batches, 0u) << "not a transient retry";
}

// After a batch of four, an intake arrives alone and three more 50 ms later: the writer, told to
// wait up to 1 s for as many as its previous batch held, takes the four as one batch. Without the
// wait (batch_fill_us=0, checked) the first one commits alone within those 50 ms.
TEST_F(PostgresStoreTest, AWriterUnderLoadWaitsBrieflyForItsBatchToFill) {
  world_->set_url_options("?writers=1&batch_fill_us=1000000");
  auto s = open();
  {
    EventLogGate gate(*world_);
    Outcomes first(5);
    first.submit(*s, 0, form_message("fill-gate@example.com"), incoming_event());
    ASSERT_TRUE(gate.writer_waiting());
    for (std::size_t i = 1; i < 5; ++i)
      first.submit(*s, i, form_message("fill" + std::to_string(i) + "@example.com"),
                   incoming_event());
    gate.release();
    ASSERT_TRUE(first.done.wait_for_count(5));
  }
  const auto before = pg_of(*s).writer_stats();
  Outcomes next(4);
  next.submit(*s, 0, form_message("next0@example.com"), incoming_event());
  EXPECT_FALSE(next.done.wait_for_count(1, std::chrono::milliseconds(50)))
      << "the lone intake waits for company";
  for (std::size_t i = 1; i < 4; ++i)
    next.submit(*s, i, form_message("next" + std::to_string(i) + "@example.com"),
                incoming_event());
  ASSERT_TRUE(next.done.wait_for_count(4));
  for (std::size_t i = 0; i < 4; ++i) EXPECT_FALSE(next.ok(i).duplicate);
  const auto after = pg_of(*s).writer_stats();
  EXPECT_EQ(after.ops - before.ops, 4u);
  EXPECT_EQ(after.batches - before.batches, 1u) << "the four as one batch";
}

// --- several writers take turns (writer.h) ---------------------------------------------------

// A connection of the test's own holding a table lock in an open transaction.
static std::unique_ptr<pg::Connection> lock_table(PostgresWorld& w, const std::string& table) {
  pg::Connection::Options o;
  o.conninfo = w.url();
  auto c = std::make_unique<pg::Connection>(o);
  c->simple("BEGIN; LOCK TABLE " + table + " IN SHARE MODE");
  return c;
}

TEST_F(PostgresStoreTest, WithTwoWritersTheNextBatchRunsWhileTheFirstCommits) {
  world_->set_url_options("?writers=2");
  auto s = open();
  const auto seq0 = s->last_event_seq();
  // The event append waits for this lock: a batch that reached its COMMIT's round trip waits.
  auto blocker = lock_table(*world_, "events");
  Outcomes out(2);
  out.submit(*s, 0, form_message("turn-first@example.com"), incoming_event());
  ASSERT_TRUE(testing::wait_until([&] { return lock_waiters(*world_, "relation") == "1"; }, 20s))
      << "the first batch did not reach its event append";
  out.submit(*s, 1, form_message("turn-second@example.com"), incoming_event());
  EXPECT_TRUE(testing::wait_until([&] { return lock_waiters(*world_, "relation") == "2"; }, 20s))
      << "the second batch did not run its statements on the other connection while the first "
         "one was committing";
  EXPECT_EQ(count("SELECT count(*) FROM customers"), "0") << "nothing committed yet";
  blocker->simple("COMMIT");
  ASSERT_TRUE(out.done.wait_for_count(2));
  const auto& a = out.ok(0);
  const auto& b = out.ok(1);
  EXPECT_FALSE(a.duplicate);
  EXPECT_FALSE(b.duplicate);
  std::set<std::string> keys;
  for (const auto& e : s->read_events({}, seq0, 10)) keys.insert(e.envelope.key);
  EXPECT_EQ(keys, (std::set<std::string>{a.customer_id, b.customer_id}));
}

TEST_F(PostgresStoreTest, WithTwoWritersWhatQueuesWhileABatchRunsItsStatementsIsOneBatch) {
  world_->set_url_options("?writers=2");
  auto s = open();
  const auto before = pg_of(*s).writer_stats();
  // A table lock that the intake's inserts wait for: the first batch holds the turn meanwhile.
  auto blocker = lock_table(*world_, "customers");
  Outcomes out(5);
  out.submit(*s, 0, form_message("turn-held@example.com"), incoming_event());
  ASSERT_TRUE(testing::wait_until([&] { return lock_waiters(*world_, "relation") == "1"; }, 20s))
      << "the first batch did not reach its insert";
  out.submit(*s, 1, form_message("turn-queued1@example.com"), incoming_event());
  // (As in AWriterUnderLoadWaitsBrieflyForItsBatchToFill: what must not happen, for a while.)
  EXPECT_FALSE(testing::wait_until([&] { return lock_waiters(*world_, "relation") == "2"; }, 300ms))
      << "the other writer ran a batch while the first one held the turn";
  for (std::size_t i = 2; i < 5; ++i)
    out.submit(*s, i, form_message("turn-queued" + std::to_string(i) + "@example.com"),
               incoming_event());
  blocker->simple("COMMIT");
  ASSERT_TRUE(out.done.wait_for_count(5));
  for (std::size_t i = 0; i < 5; ++i) EXPECT_FALSE(out.ok(i).duplicate);
  const auto after = pg_of(*s).writer_stats();
  EXPECT_EQ(after.ops - before.ops, 5u);
  EXPECT_EQ(after.batches - before.batches, 2u)
      << "the other writer took no batch while the first one ran its statements: the four "
         "queued behind it are one batch";
  EXPECT_EQ(count("SELECT count(*) FROM customers"), "5");
}

TEST_F(PostgresStoreTest, IngestBatchMaxSplitsABatchIntoSeveralCalls) {
  world_->set_url_options("?ingest_batch_max=2&writers=1");
  auto s = open();
  auto stats0 = pg_of(*s).writer_stats();
  EventLogGate gate(*world_);
  Outcomes out(6);
  out.submit(*s, 0, form_message("gate2@example.com"), incoming_event());
  ASSERT_TRUE(gate.writer_waiting());
  for (std::size_t i = 1; i < 6; ++i)
    out.submit(*s, i, form_message("split" + std::to_string(i) + "@example.com"), incoming_event());
  gate.release();
  ASSERT_TRUE(out.done.wait_for_count(6));
  for (std::size_t i = 0; i < 6; ++i) out.ok(i);
  auto stats1 = pg_of(*s).writer_stats();
  EXPECT_EQ(stats1.batches - stats0.batches, 2u);
  EXPECT_EQ(stats1.group_calls - stats0.group_calls, 4u) << "1, then 2 + 2 + 1 in one transaction";
}

TEST_F(PostgresStoreTest, AnIntakeBlockedPastTheStatementTimeoutFailsWithTimeoutAndNothingStays) {
  world_->set_url_options("?statement_timeout_ms=300");
  auto s = open();
  s->ingest(form_message("warm-up@example.com"), incoming_event());
  auto seq0 = s->last_event_seq();
  // Another session creates a customer with the same email (and its identifier) and does not
  // commit: the intake's insert waits on the unique index until its statement timeout cancels
  // the fte_ingest call.
  pg::Connection::Options o;
  o.conninfo = world_->url();
  pg::Connection blocker(o);
  blocker.simple(
      "BEGIN; INSERT INTO customers(id, email, created_at) VALUES ('blocker', "
      "'slow@example.com', 0); INSERT INTO customer_identifiers(customer_id, type, value, "
      "created_at) VALUES ('blocker', 'email', 'slow@example.com', 0)");
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of([&] { s->ingest(form_message("slow@example.com"), incoming_event()); }),
            ErrorKind::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  blocker.simple("ROLLBACK");
  EXPECT_FALSE(s->find_customer(IdentifierType::email, "slow@example.com"));
  EXPECT_EQ(s->last_event_seq(), seq0) << "no event of the failed intake";
  auto r = s->ingest(form_message("slow@example.com"), incoming_event());
  EXPECT_TRUE(s->ticket_view(r.ticket_id)) << "the store goes on; the caller's retry succeeds";
}

// --- pipelines (pq.h)
// -------------------------------------------------------------------------------

TEST_F(PostgresStoreTest, APipelineReportsItsFailingStepAndLeavesTheConnectionUsable) {
  pg::Connection::Options o;
  o.conninfo = world_->url();
  pg::Connection c(o);
  c.simple("CREATE TABLE pipe_t (x integer PRIMARY KEY)");
  static constexpr pg::Sql kBegin{"", "BEGIN"};
  static constexpr pg::Sql kInsert{"test_pipe_insert", "INSERT INTO pipe_t VALUES ($1)"};
  static constexpr pg::Sql kCount{"test_pipe_count", "SELECT count(*) FROM pipe_t"};
  static constexpr pg::Sql kDivide{"test_pipe_divide", "SELECT 1 / $1::integer"};
  pg::Params one, zero, two;
  one.add(1);
  zero.add(0);
  two.add(2);

  auto r = c.pipeline({{&kBegin}, {&kInsert, &one}, {&kCount}});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[2].first_i64(), 1);
  EXPECT_TRUE(c.in_transaction());
  c.simple("ROLLBACK");

  int failed = -7;
  auto kind = error_of([&] {
    c.pipeline({{&kBegin}, {&kInsert, &one}, {&kDivide, &zero}, {&kInsert, &two}}, &failed);
  });
  EXPECT_EQ(kind, ErrorKind::invalid_argument) << "22012, division by zero";
  EXPECT_EQ(failed, 2) << "the step that failed; the server skipped the one after it";
  EXPECT_TRUE(c.ok());
  c.simple("ROLLBACK");
  EXPECT_EQ(c.run(kCount).first_i64(), 0);

  // BEGIN with the next statement, COMMIT with the last one.
  c.begin_with_next();
  c.run(kInsert, 1);
  EXPECT_TRUE(c.in_transaction());
  c.exec_and_commit(kInsert, two, &failed);
  EXPECT_FALSE(c.in_transaction());
  EXPECT_EQ(count("SELECT count(*) FROM pipe_t"), "2") << "committed, seen by another session";

  c.begin_with_next();
  EXPECT_EQ(error_of([&] { c.exec_and_commit(kInsert, two, &failed); }), ErrorKind::conflict);
  EXPECT_EQ(failed, 0) << "the statement failed, COMMIT did not run";
  EXPECT_TRUE(c.in_transaction());
  c.simple("ROLLBACK");
  c.begin_with_next();
  c.commit();  // nothing was begun: nothing is sent
  EXPECT_FALSE(c.in_transaction());
  EXPECT_EQ(c.run(kCount).first_i64(), 2);
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
  c.simple("INSERT INTO customers(id, created_at) VALUES ('a', 0), ('b', 0)");
  static constexpr pg::Sql kInsert{
      "test_insert_email",
      "INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
      "VALUES ($1, 'email', $2, 0)"};
  c.run(kInsert, "a", "secret.person@example.com");
  try {
    c.run(kInsert, "b", "secret.person@example.com");
    FAIL() << "a second customer with the same email was stored";
  } catch (const pg::DbError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::conflict);
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_EQ(e.constraint(), "customer_identifiers_type_value_key");
    EXPECT_FALSE(e.transient());
    EXPECT_EQ(std::string(e.what()).find("secret.person"), std::string::npos)
        << "PostgreSQL's DETAIL (the row's values) must not reach messages and logs: " << e.what();
  }
}

}  // namespace
}  // namespace fte::storetest
