// SQLite-specific behaviour of the embedded store: migrations, URL handling, the constraints as
// the database itself enforces them, the group-commit writer's limits, and durability across a
// SIGKILL of the process.
#include "store/sqlite/sqlite_store.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sql.h"
#include "store_conformance.h"
#include "store_helpers.h"

namespace fte::storetest {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "fte-sqlite-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string db() const { return (path_ / "fte.db").string(); }
  std::string url() const { return "sqlite://" + db(); }

 private:
  fs::path path_;
};

// A plain connection to the store's file, for looking at what the database itself holds.
class Raw {
 public:
  explicit Raw(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("open failed");
    exec("PRAGMA foreign_keys = ON");
  }
  ~Raw() { sqlite3_close(db_); }
  // Runs sql; returns "" on success or SQLite's error message.
  std::string exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = rc == SQLITE_OK ? "" : (err ? err : "error");
    sqlite3_free(err);
    return msg;
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr);
    std::string out;
    if (s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

std::unique_ptr<Store> open_at(const TempDir& d, int write_queue = 10000) {
  StoreOptions o;
  o.url = d.url();
  o.write_queue = write_queue;
  return open_sqlite_store(o);
}

// SQLite's plan for one statement of the store, its detail column joined with "; " (empty and a
// test failure when the statement does not prepare).
std::string query_plan(const TempDir& d, const char* q) {
  sqlite3* db = nullptr;
  std::string plan;
  if (sqlite3_open(d.db().c_str(), &db) != SQLITE_OK) {
    ADD_FAILURE() << "open " << d.db();
    sqlite3_close(db);
    return plan;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, (std::string("EXPLAIN QUERY PLAN ") + q).c_str(), -1, &st, nullptr) !=
      SQLITE_OK) {
    ADD_FAILURE() << "prepare " << q << ": " << sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(st) == SQLITE_ROW)
      plan += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 3))) + "; ";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return plan;
}

}  // namespace

TEST(SqliteMigrations, EmbeddedCopiesMatchTheSqlFilesByteForByte) {
  fs::path dir = fs::path(FTE_SOURCE_DIR) / "src/store/migrations/sqlite";
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".sql") files.insert(e.path().filename().string());
  std::set<std::string> embedded;
  int previous = 0;
  for (const auto& m : sqlite::migrations()) {
    embedded.insert(std::string(m.name));
    // Increasing; a gap is allowed (numbers are handed out per branch; each runs once anyway).
    EXPECT_GT(m.version, previous) << "migrations are numbered in increasing order";
    previous = m.version;
    EXPECT_EQ(std::stoi(std::string(m.name.substr(0, 4))), m.version);
    std::ifstream in(dir / std::string(m.name), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), std::string(m.sql))
        << m.name << " differs from its copy in src/store/sqlite/migrations.cpp";
  }
  EXPECT_EQ(files, embedded) << "every .sql file is embedded, and nothing else";
}

TEST(SqliteMigrations, AppliedOnceAndRecorded) {
  TempDir d;
  open_at(d).reset();
  open_at(d).reset();
  Raw raw(d.db());
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(sqlite::migrations().size()));
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
}

// 0005 rewrites the CHECK lists of 0001 as equalities in a database that has 0001-0004 (as an
// older release left it): no IN list is left, the database is intact, its rows stay, and the
// constraints still refuse what they refused.
TEST(SqliteMigrations, CheckListsBecomeEqualitiesInAnOlderDatabaseAndStillRefuseOtherValues) {
  TempDir d;
  {
    Raw raw(d.db());
    ASSERT_EQ(raw.exec("PRAGMA journal_mode = WAL; " + std::string(sqlite::sql::kCreateSchemaMigrations)), "");
    for (const auto& m : sqlite::migrations()) {
      if (m.version >= 5) continue;
      ASSERT_EQ(raw.exec(std::string(m.sql)), "") << m.name;
      ASSERT_EQ(raw.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                         ", '" + std::string(m.name) + "', 0)"),
                "");
    }
    ASSERT_EQ(raw.exec("INSERT INTO customers(id, created_at) VALUES ('c1', 1); "
                       "INSERT INTO conversations(id, customer_id, initial_channel, last_channel, "
                       "started_at, last_inbound_at) VALUES ('v1', 'c1', 'email', 'email', 1, 1)"),
              "");
    ASSERT_NE(raw.text("SELECT COUNT(*) FROM sqlite_schema WHERE sql LIKE '%CHECK (% IN (%'"), "0");
  }
  open_at(d).reset();
  Raw raw(d.db());
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM sqlite_schema WHERE sql LIKE '% IN (%'"), "0");
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'fte_schema_reload'"), "0");
  EXPECT_EQ(raw.text("SELECT last_channel FROM conversations WHERE id = 'v1'"), "email");
  EXPECT_NE(raw.exec("UPDATE conversations SET last_channel = 'fax' WHERE id = 'v1'"), "");
  EXPECT_NE(raw.exec("INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
                     "created_at) VALUES ('m1', 'v1', 'email', 'sideways', 'customer', 'x', 1)"),
            "");
  EXPECT_EQ(raw.exec("INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
                     "created_at) VALUES ('m2', 'v1', 'webform', 'inbound', 'customer', 'x', 1)"),
            "");
  EXPECT_NE(raw.exec("INSERT INTO tickets(id, customer_id, conversation_id, source_channel, status, "
                     "created_at, updated_at) VALUES ('t1', 'c1', 'v1', 'email', 'lost', 1, 1)"),
            "");
}

// 0006 rebuilds `customers` without the UNIQUE on email (a table that every other table
// references) in a database as a version-5 release left it: rows and references stay, a customer
// email without its identifier row gets one, foreign keys are enforced again afterwards, and an
// email still belongs to one customer only (through customer_identifiers).
TEST(SqliteMigrations, CustomersLoseTheirEmailIndexButKeepRowsReferencesAndUniqueEmails) {
  TempDir d;
  {
    Raw raw(d.db());
    ASSERT_EQ(raw.exec("PRAGMA journal_mode = WAL; " + std::string(sqlite::sql::kCreateSchemaMigrations)), "");
    for (const auto& m : sqlite::migrations()) {
      if (m.version >= 6) continue;
      ASSERT_EQ(raw.exec(std::string(m.sql)), "") << m.name;
      ASSERT_EQ(raw.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                         ", '" + std::string(m.name) + "', 0)"),
                "");
    }
    ASSERT_EQ(raw.exec("INSERT INTO customers(id, name, email, created_at) VALUES "
                       "('c1', 'Ana', 'ana@example.com', 1), ('c2', 'Bo', 'bo@example.com', 2); "
                       "INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
                       "VALUES ('c1', 'email', 'ana@example.com', 1); "
                       "INSERT INTO conversations(id, customer_id, initial_channel, last_channel, "
                       "started_at, last_inbound_at) VALUES ('v1', 'c1', 'email', 'email', 1, 1); "
                       "INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
                       "created_at) VALUES ('m1', 'v1', 'email', 'inbound', 'customer', 'x', 1)"),
              "");
    ASSERT_NE(raw.text("SELECT sql FROM sqlite_schema WHERE name = 'customers'").find("UNIQUE"),
              std::string::npos);
  }
  {
    auto store = open_at(d);
    auto ana = store->find_customer(IdentifierType::email, "bo@example.com");
    ASSERT_TRUE(ana) << "the email without an identifier row got one";
    EXPECT_EQ(ana->id, "c2");
  }
  Raw raw(d.db());
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM pragma_foreign_key_check"), "0");
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM schema_migrations WHERE version = 6"), "1");
  EXPECT_EQ(raw.text("SELECT sql FROM sqlite_schema WHERE name = 'customers'").find("UNIQUE"),
            std::string::npos);
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM pragma_index_list('customers')"), "1") << "only the id";
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'customers_new'"), "0");
  EXPECT_EQ(raw.text("SELECT name || email FROM customers WHERE id = 'c1'"), "Anaana@example.com");
  EXPECT_EQ(raw.text("SELECT customer_id FROM conversations WHERE id = 'v1'"), "c1");
  // The children's references now point at the new table and are enforced.
  EXPECT_NE(raw.exec("INSERT INTO conversations(id, customer_id, initial_channel, last_channel, "
                     "started_at, last_inbound_at) VALUES ('v2', 'nobody', 'email', 'email', 1, 1)"),
            "");
  EXPECT_NE(raw.exec("DELETE FROM customers WHERE id = 'c1'"), "");
  // Email stays unique per customer through the identifiers.
  EXPECT_NE(raw.exec("INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
                     "VALUES ('c2', 'email', 'ana@example.com', 3)"),
            "");
}

// 0007 turns the two "outbound needs a ticket" triggers into a named CHECK (the foreign key does
// the rest) in a version-6 database with rows: the triggers are gone, the rows and the database
// intact, and an outbound message still cannot be stored without an existing ticket, on insert or
// on update; an inbound one still needs none.
TEST(SqliteMigrations, OutboundTicketTriggersBecomeACheckAndStillRefuseTheSameRows) {
  TempDir d;
  {
    Raw raw(d.db());
    ASSERT_EQ(raw.exec("PRAGMA journal_mode = WAL; " + std::string(sqlite::sql::kCreateSchemaMigrations)), "");
    for (const auto& m : sqlite::migrations()) {
      if (m.version >= 7) continue;
      ASSERT_EQ(raw.exec("PRAGMA foreign_keys = OFF; BEGIN; " + std::string(m.sql) +
                         "; INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                         ", '" + std::string(m.name) + "', 0); COMMIT; PRAGMA foreign_keys = ON"),
                "")
          << m.name;
    }
    ASSERT_EQ(raw.exec("INSERT INTO customers(id, name, created_at) VALUES ('c1', 'Ana', 1); "
                       "INSERT INTO conversations(id, customer_id, initial_channel, last_channel, "
                       "started_at, last_inbound_at) VALUES ('v1', 'c1', 'email', 'email', 1, 1); "
                       "INSERT INTO tickets(id, customer_id, conversation_id, source_channel, "
                       "created_at, updated_at) VALUES ('t1', 'c1', 'v1', 'email', 1, 1); "
                       "INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
                       "created_at) VALUES ('m1', 'v1', 'email', 'inbound', 'customer', 'x', 1); "
                       "INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, "
                       "content, created_at) VALUES ('m2', 'v1', 't1', 'email', 'outbound', 'agent', "
                       "'y', 2)"),
              "");
    ASSERT_EQ(raw.text("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger'"), "2");
  }
  open_at(d).reset();
  Raw raw(d.db());
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM schema_migrations WHERE version = 7"), "1");
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger'"), "0");
  EXPECT_NE(raw.text("SELECT sql FROM sqlite_schema WHERE name = 'messages'")
                .find("CONSTRAINT ticket_before_response CHECK"),
            std::string::npos);
  EXPECT_EQ(raw.text("SELECT group_concat(id) FROM (SELECT id FROM messages ORDER BY id)"), "m1,m2");
  auto outbound = [&](const std::string& id, const std::string& ticket) {
    return raw.exec("INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, "
                    "content, created_at) VALUES ('" + id + "', 'v1', " + ticket +
                    ", 'email', 'outbound', 'agent', 'z', 3)");
  };
  EXPECT_NE(outbound("m3", "NULL").find("ticket_before_response"), std::string::npos);
  EXPECT_NE(outbound("m4", "'t-none'").find("FOREIGN KEY"), std::string::npos);
  EXPECT_EQ(outbound("m5", "'t1'"), "");
  EXPECT_NE(raw.exec("UPDATE messages SET ticket_id = NULL WHERE id = 'm2'"), "");
  EXPECT_NE(raw.exec("UPDATE messages SET ticket_id = 't-none' WHERE id = 'm2'"), "");
  EXPECT_NE(raw.exec("UPDATE messages SET direction = 'outbound' WHERE id = 'm1'"), "")
      << "an inbound message without a ticket cannot become outbound";
  EXPECT_EQ(raw.exec("INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
                     "created_at) VALUES ('m6', 'v1', 'email', 'inbound', 'customer', 'w', 4)"),
            "");
}

// 0008 rebuilds processed_events, deliveries and consumer_offsets WITHOUT ROWID (one B-tree each
// instead of a table and its key's index) in a database that has 0001-0007: their rows stay, the
// keys stay unique, the store's statements on them find rows by key (no scan, no automatic index),
// and an idempotency mark, a delivery claim and an offset behave as before.
TEST(SqliteMigrations, KeyedTablesLoseTheirRowidAndKeepRowsAndKeys) {
  TempDir d;
  {
    Raw raw(d.db());
    ASSERT_EQ(
        raw.exec("PRAGMA journal_mode = WAL; " + std::string(sqlite::sql::kCreateSchemaMigrations)),
        "");
    for (const auto& m : sqlite::migrations()) {
      if (m.version >= 8) continue;
      ASSERT_EQ(raw.exec("PRAGMA foreign_keys = OFF; BEGIN; " + std::string(m.sql) +
                         "; INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                         ", '" + std::string(m.name) + "', 0); COMMIT; PRAGMA foreign_keys = ON"),
                "")
          << m.name;
    }
    ASSERT_EQ(
        raw.exec("INSERT INTO processed_events VALUES ('in:webform:a', 1), ('in:webform:b', 2); "
                 "INSERT INTO deliveries VALUES ('reply:m1', 'm1', 3), ('done:reply:m1', 'm1', 4); "
                 "INSERT INTO consumer_offsets VALUES ('agent', 'fte.tickets.incoming', 41, 5)"),
        "");
    ASSERT_EQ(
        raw.text(
            "SELECT COUNT(*) FROM sqlite_schema WHERE name LIKE 'sqlite_autoindex_processed%'"),
        "1");
  }
  auto s = open_at(d);
  {
    Raw raw(d.db());
    EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(raw.text("SELECT COUNT(*) FROM schema_migrations WHERE version = 8"), "1");
    for (const char* t : {"processed_events", "deliveries", "consumer_offsets"}) {
      EXPECT_NE(raw.text(std::string("SELECT sql FROM sqlite_schema WHERE name = '") + t + "'")
                    .find("WITHOUT ROWID"),
                std::string::npos)
          << t;
      EXPECT_EQ(raw.text(std::string("SELECT COUNT(*) FROM sqlite_schema WHERE tbl_name = '") + t +
                         "' AND type = 'index'"),
                "0")
          << t << ": one B-tree, no separate index";
    }
    EXPECT_EQ(
        raw.text(
            "SELECT group_concat(idempotency_key || '=' || processed_at) FROM processed_events"),
        "in:webform:a=1,in:webform:b=2");
    EXPECT_EQ(raw.text("SELECT group_concat(dedup_key || '=' || message_id || '/' || created_at) "
                       "FROM deliveries"),
              "done:reply:m1=m1/4,reply:m1=m1/3");
    EXPECT_NE(raw.exec("INSERT INTO processed_events VALUES ('in:webform:a', 9)"), "");
    EXPECT_NE(raw.exec("INSERT INTO deliveries VALUES ('reply:m1', 'm2', 9)"), "");
    EXPECT_NE(
        raw.exec("INSERT INTO consumer_offsets VALUES ('agent', 'fte.tickets.incoming', 1, 9)"),
        "");
    // Every statement of the store on these tables looks its row up by key.
    for (const char* q : {sqlite::sql::kMarkProcessed, sqlite::sql::kIsProcessed,
                          sqlite::sql::kClaimDelivery, sqlite::sql::kTakeOverDelivery,
                          sqlite::sql::kDeliveryRecorded, sqlite::sql::kSetDeliveryStatusByProvider,
                          sqlite::sql::kLoadOffset, sqlite::sql::kCommitOffset}) {
      const std::string plan = query_plan(d, q);
      for (const char* t :
           {"SCAN processed_events", "SCAN deliveries", "SCAN d", "SCAN consumer_offsets"})
        EXPECT_EQ(plan.find(t), std::string::npos) << q << "\n" << plan;
      EXPECT_EQ(plan.find("AUTOMATIC"), std::string::npos) << q << "\n" << plan;
    }
  }
  EXPECT_TRUE(s->is_processed("in:webform:b"));
  EXPECT_FALSE(s->is_processed("in:webform:c"));
  EXPECT_EQ(s->claim_delivery_leased("reply:m1", "m1", 60000), DeliveryClaim::finished);
  EXPECT_EQ(s->claim_delivery_leased("reply:m9", "m9", 60000), DeliveryClaim::claimed);
  EXPECT_EQ(s->load_offset("agent", "fte.tickets.incoming"), 41);
  s->commit_offset("agent", "fte.tickets.incoming", 40);
  EXPECT_EQ(s->load_offset("agent", "fte.tickets.incoming"), 41) << "offsets move forward only";
  s->commit_offset("agent", "fte.tickets.incoming", 44);
  EXPECT_EQ(s->load_offset("agent", "fte.tickets.incoming"), 44);
}

TEST(SqliteMigrations, ADatabaseNewerThanTheBinaryIsRefused) {
  TempDir d;
  open_at(d).reset();
  {
    Raw raw(d.db());
    ASSERT_EQ(raw.exec("INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 0)"), "");
  }
  try {
    open_at(d);
    FAIL() << "opened a database from the future";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
    EXPECT_NE(std::string(e.what()).find("FTE_DATABASE_URL"), std::string::npos);
  }
}

TEST(SqliteUrl, BadUrlsNameTheVariable) {
  for (std::string url : {"mysql://db", "sqlite://", "sqlite:///tmp/x.db?cache=shared"}) {
    try {
      open_sqlite_store(StoreOptions{url});
      ADD_FAILURE() << url;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("FTE_DATABASE_URL"), std::string::npos) << e.what();
    }
  }
  try {
    open_sqlite_store(StoreOptions{"sqlite:///nonexistent-dir/fte/fte.db"});
    ADD_FAILURE() << "opened a file in a missing directory";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
    EXPECT_NE(std::string(e.what()).find("FTE_DATABASE_URL"), std::string::npos) << e.what();
  }
}

TEST(SqliteUrl, ParsesPathAndSynchronousOption) {
  auto a = sqlite::parse_sqlite_url("sqlite://var/fte.db");
  EXPECT_EQ(a.path, "var/fte.db");
  EXPECT_FALSE(a.synchronous_full);
  auto b = sqlite::parse_sqlite_url("sqlite:///srv/fte.db?synchronous=full");
  EXPECT_EQ(b.path, "/srv/fte.db");
  EXPECT_TRUE(b.synchronous_full);
  EXPECT_FALSE(
      sqlite::parse_sqlite_url("sqlite:///srv/fte.db?synchronous=normal").synchronous_full);
  EXPECT_TRUE(sqlite::parse_sqlite_url("sqlite::memory:").temporary);
  auto c = sqlite::parse_sqlite_url("sqlite://x.db?checkpoint_pages=16000&synchronous=full");
  EXPECT_EQ(c.path, "x.db");
  EXPECT_EQ(c.checkpoint_pages, 16000);
  EXPECT_TRUE(c.synchronous_full);
  EXPECT_THROW(sqlite::parse_sqlite_url("sqlite://x.db?checkpoint_pages=7"), Error);
  EXPECT_THROW(sqlite::parse_sqlite_url("sqlite://x.db?synchronous=off"), Error);
  EXPECT_GT(a.gather_us, 0);  // outcomes, deliveries and offsets wait for company by default
  EXPECT_EQ(sqlite::parse_sqlite_url("sqlite://x.db?gather_us=0").gather_us, 0);
  EXPECT_EQ(sqlite::parse_sqlite_url("sqlite://x.db?gather_us=5000").gather_us, 5000);
  EXPECT_THROW(sqlite::parse_sqlite_url("sqlite://x.db?gather_us=-1"), Error);
  EXPECT_THROW(sqlite::parse_sqlite_url("sqlite://x.db?gather_us=1000001"), Error);
}

TEST(SqliteUrl, MemoryUrlIsAPrivateFileRemovedAtClose) {
  auto s = open_sqlite_store(StoreOptions{"sqlite::memory:"});
  auto* impl = dynamic_cast<sqlite::SqliteStore*>(s.get());
  ASSERT_NE(impl, nullptr);
  std::string path = impl->path();
  auto r = s->ingest(form_message("mem@example.com"), nullptr);
  EXPECT_TRUE(s->ticket_view(r.ticket_id));
  EXPECT_TRUE(fs::exists(path));
  s.reset();
  EXPECT_FALSE(fs::exists(path));
}

// A channel message id generated for the message (channel_message_id_fresh) is not looked up
// before the intake writes: a message carrying one that is already stored is refused by the unique
// index (an error, nothing written), not answered as the earlier message's duplicate; the same
// message without the flag is that duplicate. Fresh ids still deduplicate nothing else away.
TEST(SqliteIntake, AFreshChannelMessageIdIsNotLookedUpAndACollisionIsAnErrorNotADuplicate) {
  TempDir d;
  auto s = open_at(d);
  auto first_msg = form_message("fresh@example.com");
  first_msg.channel_message_id_fresh = true;
  auto first = s->ingest(first_msg, nullptr);
  EXPECT_FALSE(first.duplicate);
  auto seq = s->last_event_seq();

  auto collide = form_message("other@example.com");
  collide.channel_message_id = first_msg.channel_message_id;
  collide.channel_message_id_fresh = true;
  EXPECT_EQ(error_of([&] { s->ingest(collide, nullptr); }), ErrorKind::conflict);
  EXPECT_FALSE(s->ticket_view(collide.ticket_id)) << "nothing of it was written";
  EXPECT_EQ(s->last_event_seq(), seq);

  collide.channel_message_id_fresh = false;
  auto dup = s->ingest(collide, nullptr);
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.ticket_id, first.ticket_id);
}

// A returning customer's conversation, open ticket and phone identity are looked up without a
// sort (round 14: the statements return the customer's few rows and the intake keeps the one it
// needs, instead of SQLite sorting them in a temporary B-tree on the writer for ORDER BY …
// LIMIT 1), and the choice is the same: the latest inbound message wins, the later conversation
// on a tie; a follow-up joins the open ticket; a number found as a phone is the same customer
// over WhatsApp.
TEST(SqliteIntake, AReturningCustomersConversationIsFoundWithoutASortAndTheLatestWins) {
  TempDir d;
  auto s = open_at(d);
  auto now = now_ms();
  auto a = email_message("tie@example.com", "thread-a");
  a.received_at_ms = now;
  auto b = email_message("tie@example.com", "thread-b");
  b.received_at_ms = now;
  auto older = email_message("tie@example.com", "thread-c");
  older.received_at_ms = now - 1000;
  auto ra = s->ingest(a, nullptr), rb = s->ingest(b, nullptr), rc = s->ingest(older, nullptr);
  ASSERT_NE(ra.conversation_id, rb.conversation_id);
  ASSERT_NE(rb.conversation_id, rc.conversation_id);
  auto chat = whatsapp_message("+14155550177", "one more thing");
  chat.email = "tie@example.com";
  chat.received_at_ms = now + 1;
  EXPECT_EQ(s->ingest(chat, nullptr).conversation_id, rb.conversation_id)
      << "same last inbound time: the later conversation";
  auto again = email_message("tie@example.com", "thread-a", "Re: again");
  again.received_at_ms = now + 2;
  auto again_r = s->ingest(again, nullptr);
  EXPECT_EQ(again_r.conversation_id, ra.conversation_id) << "its own thread";
  EXPECT_EQ(again_r.ticket_id, ra.ticket_id) << "the thread's open ticket";
  auto form = form_message("phone-first@example.com");
  form.phone = "+14155550188";
  auto rf = s->ingest(form, nullptr);
  auto wa = whatsapp_message("+14155550188", "hello again");
  EXPECT_EQ(s->ingest(wa, nullptr).customer_id, rf.customer_id);
  auto wa2 = whatsapp_message("+14155550188", "and again");
  EXPECT_EQ(s->ingest(wa2, nullptr).customer_id, rf.customer_id) << "both types recorded now";
  s.reset();

  for (const char* q : {sqlite::sql::kFindConversationByThread, sqlite::sql::kFindRecentConversation,
                        sqlite::sql::kFindRecentUnthreadedConversation, sqlite::sql::kFindActiveTicket,
                        sqlite::sql::kFindCustomerByPhone}) {
    const std::string plan = query_plan(d, q);
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << q << "\n" << plan;
    EXPECT_EQ(plan.find("SCAN conversations"), std::string::npos) << q << "\n" << plan;
  }
}

TEST(SqliteConstraints, AnOutboundMessageNeedsAnExistingTicket) {
  TempDir d;
  auto s = open_at(d);
  auto r = s->ingest(form_message("zed@example.com"), nullptr);
  Raw raw(d.db());
  auto insert = [&](const std::string& ticket) {
    return raw.exec(
        "INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, content, "
        "created_at) VALUES ('" +
        new_uuid() + "', '" + r.conversation_id + "', " + ticket +
        ", 'webform', 'outbound', 'agent', 'hi', 1)");
  };
  // A missing ticket: the named CHECK; a ticket that does not exist: the foreign key (0007).
  EXPECT_NE(insert("NULL").find("ticket_before_response"), std::string::npos);
  EXPECT_NE(insert("'" + new_uuid() + "'").find("FOREIGN KEY"), std::string::npos);
  EXPECT_EQ(insert("'" + r.ticket_id + "'"), "");
  // Every message references a conversation; every conversation a customer.
  EXPECT_NE(raw.exec("INSERT INTO messages(id, conversation_id, channel, direction, role, content, "
                     "created_at) VALUES ('m1', 'nope', 'webform', 'inbound', 'customer', 'x', 1)"),
            "");
  EXPECT_NE(raw.exec("INSERT INTO conversations(id, customer_id, initial_channel, last_channel, "
                     "started_at, last_inbound_at) VALUES ('c1', 'nope', 'email', 'email', 1, 1)"),
            "");
  // A customer email is unique through its identifier row (customers.email has no index of its
  // own since 0006; every path writes the identifier with it).
  ASSERT_EQ(raw.exec("INSERT INTO customers(id, created_at) VALUES ('x', 1)"), "");
  EXPECT_NE(raw.exec("INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
                     "VALUES ('x', 'email', 'zed@example.com', 1)"),
            "")
      << "customer email is unique";
  EXPECT_NE(raw.exec("INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
                     "VALUES ('" +
                     r.customer_id + "', 'fax', '123', 1)"),
            "");
}

TEST(SqliteConstraints, AnIdentityConflictIsAuditedWithoutTheNumber) {
  TempDir d;
  auto s = open_at(d);
  s->ingest(form_message("amy@example.com"), nullptr);
  s->ingest(whatsapp_message("+14155550100"), nullptr);
  s->ingest(form_message("amy@example.com", "+14155550100"), nullptr);
  Raw raw(d.db());
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM audit_log WHERE kind = 'identity_conflict'"), "1");
  auto detail = raw.text("SELECT detail FROM audit_log WHERE kind = 'identity_conflict'");
  EXPECT_EQ(detail.find("4155550100"), std::string::npos) << detail;
  EXPECT_NE(detail.find("email_customer_preferred"), std::string::npos);
}

TEST(SqliteWriter, AFullWriteQueueSaysBusy) {
  TempDir d;
  auto s = open_at(d, /*write_queue=*/1);
  // The first ingest blocks the writer inside its transaction until released.
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, release = false;
  OutboxFn blocking = [&](const IngestResult&) {
    std::unique_lock lk(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lk, [&] { return release; });
    return std::vector<std::pair<std::string, Envelope>>{};
  };
  Signal done;
  std::vector<IngestOutcome> outcomes(3);
  auto cb = [&](int i) {
    return [&, i](IngestOutcome o) {
      outcomes[static_cast<std::size_t>(i)] = std::move(o);
      done.raise();
    };
  };
  s->ingest_async(form_message("q0@example.com"), blocking, cb(0));
  {
    std::unique_lock lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, std::chrono::seconds(20), [&] { return entered; }));
  }
  s->ingest_async(form_message("q1@example.com"), nullptr, cb(1));  // fills the queue
  s->ingest_async(form_message("q2@example.com"), nullptr, cb(2));  // refused at once
  ASSERT_TRUE(done.wait_for_count(1));
  ASSERT_TRUE(outcomes[2].error);
  try {
    std::rethrow_exception(outcomes[2].error);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::busy);
    EXPECT_TRUE(e.retryable());
  }
  EXPECT_EQ(error_of([&] { s->audit("x", "", "{}"); }), ErrorKind::busy);
  {
    std::lock_guard lk(mu);
    release = true;
  }
  cv.notify_all();
  ASSERT_TRUE(done.wait_for_count(3));
  EXPECT_FALSE(outcomes[0].error);
  EXPECT_FALSE(outcomes[1].error);
}

TEST(SqliteWriter, ACompletionMayWriteAgainWithoutDeadlock) {
  TempDir d;
  auto s = open_at(d);
  Signal done;
  bool audited = false;
  s->ingest_async(form_message("cb@example.com"), nullptr, [&](const IngestOutcome& o) {
    if (!o.error) {
      s->audit("intake_acknowledged", "", "{}");  // runs inline on the writer thread
      audited = true;
    }
    done.raise();
  });
  ASSERT_TRUE(done.wait_for_count(1));
  EXPECT_TRUE(audited);
  Raw raw(d.db());
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM audit_log WHERE kind = 'intake_acknowledged'"), "1");
}

TEST(SqliteWriter, AWriteFromInsideATransactionIsRefused) {
  TempDir d;
  auto s = open_at(d);
  OutboxFn nested = [&](const IngestResult&) {
    s->audit("nested", "", "{}");
    return std::vector<std::pair<std::string, Envelope>>{};
  };
  EXPECT_EQ(error_of([&] { s->ingest(form_message("nest@example.com"), nested); }),
            ErrorKind::internal);
  EXPECT_FALSE(s->find_customer(IdentifierType::email, "nest@example.com"));
}

TEST(SqliteWriter, ConcurrentWritesShareTransactions) {
  TempDir d;
  auto s = open_at(d);
  auto* impl = dynamic_cast<sqlite::SqliteStore*>(s.get());
  ASSERT_NE(impl, nullptr);
  auto before = impl->writer_stats();
  std::vector<std::thread> ts;
  for (int t = 0; t < 8; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::string who = "g";
        who += std::to_string(t * 1000 + i);
        s->ingest(form_message(who + "@example.com"), nullptr);
      }
    });
  for (auto& t : ts) t.join();
  auto after = impl->writer_stats();
  auto ops = after.ops - before.ops, batches = after.batches - before.batches;
  EXPECT_EQ(ops, 400u);
  EXPECT_LT(batches, ops) << "concurrent writers were grouped into shared commits";
}

// The agent's read before a run (the processed check and the customer's history) is served by the
// writer's own connection when no batch holds it (issue 18, round 15): it sees the intake just
// committed, as a reader would, and a handled key reads as processed.
TEST(SqliteWriter, TheAgentsReadBeforeARunUsesTheIdleWritersConnection) {
  TempDir d;
  auto s = open_at(d);
  auto* impl = dynamic_cast<sqlite::SqliteStore*>(s.get());
  ASSERT_NE(impl, nullptr);
  auto r = s->ingest(form_message("idle-read@example.com"), nullptr);
  const auto before = impl->writer_stats().idle_reads;
  auto in = s->agent_run_inputs("k-idle-read", r.customer_id, 20);
  EXPECT_EQ(impl->writer_stats().idle_reads, before + 1);
  EXPECT_FALSE(in.processed);
  ASSERT_TRUE(in.history);
  EXPECT_EQ(in.history->customer.id, r.customer_id);
  ASSERT_EQ(in.history->messages.size(), 1u);
  EXPECT_EQ(in.history->messages[0].id, r.message_id);
  AgentOutcome o;
  o.idempotency_key = "k-idle-read";
  o.ticket_id = r.ticket_id;
  o.conversation_id = r.conversation_id;
  o.channel = Channel::webform;
  o.escalated = true;
  o.escalation_reason = "human_requested";
  ASSERT_TRUE(s->commit_agent_outcome(o, {}));
  auto again = s->agent_run_inputs("k-idle-read", r.customer_id, 20);
  EXPECT_TRUE(again.processed);
  EXPECT_FALSE(again.history);
  EXPECT_EQ(impl->writer_stats().idle_reads, before + 2);
}

// Operations that may wait (agent outcomes, reply deliveries, offsets: call_gathered) do not start
// a transaction of their own while the writer gathers: queued behind a batch, such an operation
// waits (here up to a minute) and shares the next transaction with what arrives meanwhile — an
// operation that may not wait (an intake) starts it at once. Without gathering the writer would
// not wait (the test would find no wait counted) and they would run in two transactions.
TEST(SqliteWriter, OperationsThatMayWaitShareTheNextTransactionWithTheNextWrite) {
  TempDir d;
  { auto s = open_at(d); }  // the schema
  sqlite::Connection::Options co;
  co.path = d.db();
  Signal batch_done;
  sqlite::GroupCommitWriter w(
      std::make_unique<sqlite::Connection>(co), 100, 1024, [&] { batch_done.raise(); },
      std::chrono::minutes(1), 64);
  std::mutex mu;
  std::condition_variable cv;
  bool release = false, entered = false;
  std::vector<std::string> ran;  // each operation's name and its batch number
  Signal completed;
  auto op = [&](std::string name, bool may_wait, bool block) {
    sqlite::GroupCommitWriter::Op o;
    o.may_wait = may_wait;
    o.run = [&, name, block](sqlite::Connection&, sqlite::OpContext&) {
      std::unique_lock lk(mu);
      if (block) {
        entered = true;
        cv.notify_all();
        cv.wait(lk, [&] { return release; });
      }
      ran.push_back(name + "@" + std::to_string(batch_done.count()));
    };
    o.complete = [&](std::exception_ptr e) {
      EXPECT_FALSE(e);
      completed.raise();
    };
    return o;
  };
  w.submit(op("first", false, true));  // holds the writer inside its batch
  {
    std::unique_lock lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, std::chrono::seconds(20), [&] { return entered; }));
  }
  w.submit(op("outcome", true, false));  // queued behind the running batch
  {
    std::lock_guard lk(mu);
    release = true;
  }
  cv.notify_all();
  ASSERT_TRUE(batch_done.wait_for_count(1));
  // The writer now waits for company (it says so in its stats before it waits).
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (w.stats().gathered == 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::yield();
  ASSERT_EQ(w.stats().gathered, 1u);
  EXPECT_EQ(completed.count(), 1);
  w.submit(op("intake", false, false));
  ASSERT_TRUE(completed.wait_for_count(3));
  {
    std::lock_guard lk(mu);
    EXPECT_EQ(ran, (std::vector<std::string>{"first@0", "outcome@1", "intake@1"}));
  }
  EXPECT_EQ(w.stats().batches, 2u);
  EXPECT_EQ(w.stats().gathered, 1u);

  // Enough of them start the batch without waiting for the deadline.
  sqlite::GroupCommitWriter w2(std::make_unique<sqlite::Connection>(co), 100, 1024, {},
                               std::chrono::minutes(1), 3);
  EXPECT_EQ(w2.call([](sqlite::Connection&, sqlite::OpContext&) { return 7; }), 7);  // intakes flow
  std::atomic<int> ops{0};
  for (int i = 0; i < 3; ++i) {
    sqlite::GroupCommitWriter::Op o;
    o.may_wait = true;
    o.run = [&](sqlite::Connection&, sqlite::OpContext&) { ++ops; };
    o.complete = [&](std::exception_ptr) { completed.raise(); };
    w2.submit(std::move(o));
  }
  ASSERT_TRUE(completed.wait_for_count(6));
  EXPECT_EQ(ops.load(), 3);
}

// An operation that may wait only briefly (the agent's outcome: its lane waits for the commit)
// starts the batch at its own deadline, a quarter of the writer's gather, also when it joins one
// that may wait longer (a delivery) — here 2 s instead of the 8 s the first would wait.
TEST(SqliteWriter, ABriefWaiterStartsTheBatchAtItsOwnDeadline) {
  TempDir d;
  { auto s = open_at(d); }
  sqlite::Connection::Options co;
  co.path = d.db();
  sqlite::GroupCommitWriter w(std::make_unique<sqlite::Connection>(co), 100, 1024, {},
                              std::chrono::seconds(8), 64);
  w.call([](sqlite::Connection&, sqlite::OpContext&) {});  // an intake: company is expected
  Signal completed;
  std::atomic<int> batch_of_long{-1}, batch_of_brief{-1};
  auto op = [&](bool briefly, std::atomic<int>& batch) {
    sqlite::GroupCommitWriter::Op o;
    o.may_wait = true;
    o.briefly = briefly;
    o.run = [&](sqlite::Connection&, sqlite::OpContext&) {
      batch = static_cast<int>(w.stats().batches);
    };
    o.complete = [&](std::exception_ptr e) {
      EXPECT_FALSE(e);
      completed.raise();
    };
    return o;
  };
  w.submit(op(false, batch_of_long));
  w.submit(op(true, batch_of_brief));
  ASSERT_TRUE(completed.wait_for_count(2, std::chrono::seconds(6)))
      << "the batch waited for the longer deadline";
  EXPECT_EQ(batch_of_long.load(), batch_of_brief.load());
  EXPECT_EQ(w.stats().gathered, 1u);
}

// No company is waited for while no operation that may not wait arrives (a backlog of tickets
// drained by the agent, no intakes): an outcome would only hold its lane back. Here the gather is a
// minute, so a wait would miss the 20-s deadline.
TEST(SqliteWriter, WithoutIntakesArrivingNothingWaitsForCompany) {
  TempDir d;
  { auto s = open_at(d); }
  sqlite::Connection::Options co;
  co.path = d.db();
  sqlite::GroupCommitWriter w(std::make_unique<sqlite::Connection>(co), 100, 1024, {},
                              std::chrono::minutes(1), 64);
  Signal completed;
  for (int i = 0; i < 2; ++i) {
    sqlite::GroupCommitWriter::Op o;
    o.may_wait = true;
    o.run = [](sqlite::Connection&, sqlite::OpContext&) {};
    o.complete = [&](std::exception_ptr e) {
      EXPECT_FALSE(e);
      completed.raise();
    };
    w.submit(std::move(o));
    ASSERT_TRUE(completed.wait_for_count(i + 1));
  }
  EXPECT_EQ(w.stats().gathered, 0u);
  EXPECT_EQ(w.call_gathered([](sqlite::Connection&, sqlite::OpContext&) { return 5; }), 5);
}

// Batches run without a savepoint per operation; an operation that fails after it wrote rolls the
// whole transaction back and its batch runs again isolated, so the others still commit once each:
// their rows and events are there exactly once (seqs consecutive, committed-events feed included),
// the failed one left nothing behind, and a batch without failures is not run twice.
TEST(SqliteWriter, AnOperationFailingAfterItWroteFailsAloneInABatchRunWithoutSavepoints) {
  TempDir d;
  auto s = open_at(d);
  auto* impl = dynamic_cast<sqlite::SqliteStore*>(s.get());
  ASSERT_NE(impl, nullptr);
  std::vector<std::int64_t> fed;  // seqs handed to the committed-events listener
  std::mutex fed_mu;
  Signal fed_signal;  // once per event (the listener runs after the batch's completions)
  s->on_events_committed([&](const std::shared_ptr<const CommittedEvents>& c) {
    std::lock_guard lk(fed_mu);
    for (const auto& e : c->events) {
      fed.push_back(e.seq);
      fed_signal.raise();
    }
  });
  // The first intake holds the writer inside its transaction, so the next ones queue into one batch.
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, release = false;
  OutboxFn blocking = [&](const IngestResult& r) {
    std::unique_lock lk(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lk, [&] { return release; });
    return incoming_event()(r);
  };
  OutboxFn failing = [](const IngestResult&) -> std::vector<std::pair<std::string, Envelope>> {
    throw Error(ErrorKind::invalid_argument, "refused after the rows were written", "outbox");
  };
  auto runs = std::make_shared<std::atomic<int>>(0);
  Signal done;
  std::vector<IngestOutcome> out(5);
  auto cb = [&](int i) {
    return [&, i](IngestOutcome o) {
      out[static_cast<std::size_t>(i)] = std::move(o);
      done.raise();
    };
  };
  const auto seq0 = s->last_event_seq();
  s->ingest_async(form_message("hold@example.com"), blocking, cb(0));
  {
    std::unique_lock lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, std::chrono::seconds(20), [&] { return entered; }));
  }
  s->ingest_async(form_message("first@example.com"), incoming_event(runs), cb(1));
  s->ingest_async(form_message("broken@example.com"), failing, cb(2));
  s->ingest_async(form_message("last@example.com"), incoming_event(runs), cb(3));
  auto before = impl->writer_stats();
  {
    std::lock_guard lk(mu);
    release = true;
  }
  cv.notify_all();
  ASSERT_TRUE(done.wait_for_count(4));
  auto after = impl->writer_stats();
  EXPECT_FALSE(out[0].error);
  EXPECT_FALSE(out[1].error);
  ASSERT_TRUE(out[2].error);
  EXPECT_EQ(error_of([&] { std::rethrow_exception(out[2].error); }), ErrorKind::invalid_argument);
  EXPECT_FALSE(out[3].error);
  EXPECT_EQ(after.isolated_reruns - before.isolated_reruns, 1u);
  EXPECT_EQ(runs->load(), 3) << "the one before the failure ran twice, the one after once";

  EXPECT_TRUE(s->find_customer(IdentifierType::email, "first@example.com"));
  EXPECT_TRUE(s->find_customer(IdentifierType::email, "last@example.com"));
  EXPECT_FALSE(s->find_customer(IdentifierType::email, "broken@example.com"));
  EXPECT_FALSE(s->ticket_view(out[2].result.ticket_id));
  Raw raw(d.db());
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM customers"), "3");
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM messages"), "3");
  auto events = s->read_events({}, seq0, 100);
  ASSERT_EQ(events.size(), 3u);
  for (std::size_t i = 0; i < events.size(); ++i)
    EXPECT_EQ(events[i].seq, seq0 + 1 + static_cast<std::int64_t>(i));
  ASSERT_TRUE(fed_signal.wait_for_count(3));
  {
    std::lock_guard lk(fed_mu);
    EXPECT_EQ(fed, (std::vector<std::int64_t>{seq0 + 1, seq0 + 2, seq0 + 3}));
  }

  // Without a failure, a shared batch runs once (the next batches are isolated for a while after
  // a failure, so this uses a fresh store).
  TempDir d2;
  auto s2 = open_at(d2);
  auto* impl2 = dynamic_cast<sqlite::SqliteStore*>(s2.get());
  auto calls = std::make_shared<std::atomic<int>>(0);
  Signal done2;
  for (int i = 0; i < 20; ++i)
    s2->ingest_async(form_message("ok" + std::to_string(i) + "@example.com"), incoming_event(calls),
                     [&](const IngestOutcome& o) {
                       EXPECT_FALSE(o.error);
                       done2.raise();
                     });
  ASSERT_TRUE(done2.wait_for_count(20));
  EXPECT_EQ(calls->load(), 20);
  EXPECT_EQ(impl2->writer_stats().isolated_reruns, 0u);
}

class SqliteDurability : public ::testing::TestWithParam<std::string> {};

// Both sync levels: a process crash never takes back an acknowledged write.
TEST_P(SqliteDurability, AcknowledgedIngestsSurviveSigkill) {
  TempDir d;
  auto open_at = [&](const TempDir& dir) {
    return open_sqlite_store(StoreOptions{dir.url() + "?synchronous=" + GetParam()});
  };
  open_at(d).reset();  // create the schema before the child starts
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child: ingest from 4 threads, report each ticket id once its ingest was acknowledged.
    ::close(fds[0]);
    try {
      auto s = open_at(d);
      std::vector<std::thread> ts;
      for (int t = 0; t < 4; ++t)
        ts.emplace_back([&, t] {
          for (int i = 0;; ++i) {
            auto r = s->ingest(
                form_message("kill" + std::to_string(t) + "-" + std::to_string(i) + "@example.com"),
                incoming_event());
            std::string line = r.ticket_id + "\n";
            if (::write(fds[1], line.data(), line.size()) != static_cast<ssize_t>(line.size()))
              _exit(3);
          }
        });
      for (auto& t : ts) t.join();
    } catch (...) {
      _exit(2);
    }
    _exit(0);
  }
  ::close(fds[1]);
  std::string buf;
  std::vector<std::string> acked;
  char chunk[4096];
  auto read_lines = [&] {
    ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n <= 0) return false;
    buf.append(chunk, static_cast<std::size_t>(n));
    for (auto nl = buf.find('\n'); nl != std::string::npos; nl = buf.find('\n')) {
      acked.push_back(buf.substr(0, nl));
      buf.erase(0, nl + 1);
    }
    return true;
  };
  while (acked.size() < 400 && read_lines()) {
  }
  ASSERT_GE(acked.size(), 400u) << "the child stopped early";
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  while (read_lines()) {  // acknowledgements still in the pipe count too
  }
  ::close(fds[0]);

  auto s = open_at(d);
  std::size_t missing = 0;
  for (const auto& id : acked) missing += !s->ticket_view(id).has_value();
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged ingests";
  auto events = s->read_events({std::string(topics::tickets_incoming)}, 0, 1000000);
  EXPECT_GE(events.size(), acked.size()) << "each acknowledged ingest kept its outbox event";
  s.reset();
  EXPECT_EQ(Raw(d.db()).text("PRAGMA integrity_check"), "ok");
}

INSTANTIATE_TEST_SUITE_P(SyncLevels, SqliteDurability, ::testing::Values("normal", "full"));

}  // namespace fte::storetest
