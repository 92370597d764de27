// The set-based intake on PostgreSQL (src/store/postgres/ingest.cpp: one statement per batch, the
// rest of a batch through fte_ingest) writes exactly what the row-by-row intake (`ingest=rows`:
// fte_ingest alone) writes: the same scenario — new and returning customers, duplicate channel
// message ids inside a batch and across batches, identifiers linked and in conflict, a refused
// message, a responded ticket reopened, a conflicting ticket id — runs against one database per
// path, batch by batch, and the two databases are compared row by row with their random row ids
// replaced by the message bodies that created them.
#include <algorithm>
#include <map>
#include <sstream>

#include "postgres_batch.h"
#include "postgres_world.h"
#include "store/postgres/sql.h"
#include "store_helpers.h"

namespace fte::storetest {
namespace {

// Every message of the scenario, in batches; the first message of a batch passes the gate alone.
struct Scenario {
  std::vector<std::vector<InboundMessage>> batches;
  std::vector<InboundMessage> before;  // ingested one at a time first
};

InboundMessage numbered(InboundMessage m, int& n) {
  std::ostringstream body;
  body << "m" << (n < 10 ? "0" : "") << n;
  m.body = body.str();
  m.received_at_ms = 1'800'000'000'000 + n * 1000;
  ++n;
  return m;
}

Scenario scenario() {
  Scenario s;
  int n = 0;
  auto form = [&](const std::string& email, const std::string& phone = "") {
    return numbered(form_message(email, phone), n);
  };
  auto wa = [&](const std::string& phone) { return numbered(whatsapp_message(phone), n); };
  auto mail = [&](const std::string& email, const std::string& thread) {
    return numbered(email_message(email, thread), n);
  };
  s.before = {form("known1@example.com", "+14155550400"), wa("+14155550401"),
              mail("known3@example.com", "th-1"), wa("+14155550403"), form("known5@example.com")};
  auto replayed = s.before[1];  // a webhook delivered again later: a duplicate of a stored one
  replayed.ticket_id = new_uuid();
  replayed.body = "a replayed webhook";

  std::vector<InboundMessage> b1 = {form("gate1@example.com")};
  for (auto m : {form("new-a@example.com"), form("new-b@example.com", "+14155550410"),
                 form("known1@example.com"), wa("+14155550401"), mail("known3@example.com", "th-1"),
                 wa("+14155550403"), mail("known5@example.com", "th-k5"), form("not-an-email"),
                 replayed, mail("new-e@example.com", "th-2")})
    b1.push_back(m);
  for (int i = 0; i < 12; ++i) {
    auto email = "many" + std::to_string(i) + "@example.com";
    b1.push_back(i % 3 == 0   ? form(email, "+1415555050" + std::to_string(i % 10))
                 : i % 3 == 1 ? mail(email, "th-many-" + std::to_string(i))
                              : form(email));
  }
  auto dup_a = form("new-c@example.com");
  dup_a.channel_message_id = "dup-in-one-batch";
  auto dup_b = form("new-c2@example.com");
  dup_b.channel_message_id = "dup-in-one-batch";
  for (auto m : {dup_a, dup_b, form("new-d@example.com"), wa("+14155550410"),
                 form("known1@example.com", "+14155550401"), form("new-a@example.com"),
                 form("many4@example.com", "+14155550499")})
    b1.push_back(m);
  s.batches.push_back(b1);

  // A returning customer twice at the start: the statement stops after the first one.
  std::vector<InboundMessage> b2 = {form("gate2@example.com")};
  for (auto m : {wa("+14155550401"), wa("+14155550401"), form("new-f@example.com"),
                 wa("+14155550403"), mail("new-e@example.com", "th-2"), form("new-h@example.com")})
    b2.push_back(m);
  s.batches.push_back(b2);

  // A ticket id that exists already: the statement fails, the whole batch goes through fte_ingest.
  auto stolen = form("thief@example.com");
  stolen.ticket_id = s.before[0].ticket_id;
  std::vector<InboundMessage> b3 = {form("gate3@example.com")};
  for (auto m : {form("new-g@example.com"), stolen, form("known1@example.com"), wa("+14155550499"),
                 form("new-i@example.com"), form("new-j@example.com")})
    b3.push_back(m);
  s.batches.push_back(b3);
  return s;
}

// The database's intake rows with every row id replaced by the body of the message that created
// the row (customers, conversations) or its own text (ticket ids are the messages'); times the
// store takes from its clock (created_at of customers, updated_at) left out. One line per row.
constexpr const char* kDump = R"SQL(
WITH mm AS (SELECT m.*, c.customer_id FROM messages m JOIN conversations c ON c.id = m.conversation_id),
cl AS (SELECT DISTINCT ON (customer_id) customer_id AS id, content AS label FROM mm
       ORDER BY customer_id, pos),
vl AS (SELECT DISTINCT ON (conversation_id) conversation_id AS id, content AS label FROM mm
       ORDER BY conversation_id, pos),
ml AS (SELECT id, content AS label FROM messages)
SELECT string_agg(line, E'\n' ORDER BY k, line) FROM (
  SELECT 1 AS k, format('message %s %s %s cust=%s conv=%s ticket=%s raw=%s att=%s at=%s pos=%s',
    mm.content, mm.channel, mm.channel_message_id, cl.label, vl.label, mm.ticket_id,
    mm.raw_content, mm.attachments, mm.created_at,
    (SELECT count(*) FROM messages x WHERE x.pos < mm.pos)) AS line
  FROM mm JOIN cl ON cl.id = mm.customer_id JOIN vl ON vl.id = mm.conversation_id
  UNION ALL
  SELECT 2, format('customer %s name=%s email=%s phone=%s', cl.label, cu.name, cu.email, cu.phone)
  FROM customers cu LEFT JOIN cl ON cl.id = cu.id
  UNION ALL
  SELECT 3, format('identifier %s %s cust=%s order=%s', i.type, i.value, cl.label,
    (SELECT count(*) FROM customer_identifiers x WHERE x.id < i.id))
  FROM customer_identifiers i LEFT JOIN cl ON cl.id = i.customer_id
  UNION ALL
  SELECT 4, format('conversation %s cust=%s initial=%s last=%s switches=%s status=%s thread=%s '
    'started=%s last_inbound=%s pos=%s', vl.label, cl.label, v.initial_channel, v.last_channel,
    v.channel_switches, v.status, v.thread_id, v.started_at, v.last_inbound_at,
    (SELECT count(*) FROM conversations x WHERE x.pos < v.pos))
  FROM conversations v LEFT JOIN vl ON vl.id = v.id LEFT JOIN cl ON cl.id = v.customer_id
  UNION ALL
  SELECT 5, format('ticket %s cust=%s conv=%s channel=%s subject=%s category=%s priority=%s '
    'status=%s created=%s pos=%s', t.id, cl.label, vl.label, t.source_channel, t.subject,
    t.category, t.priority, t.status, t.created_at,
    (SELECT count(*) FROM tickets x WHERE x.pos < t.pos))
  FROM tickets t LEFT JOIN vl ON vl.id = t.conversation_id LEFT JOIN cl ON cl.id = t.customer_id
  UNION ALL
  SELECT 6, format('switch conv=%s %s->%s message=%s at=%s', vl.label, w.from_channel,
    w.to_channel, ml.label, w.created_at)
  FROM channel_switches w LEFT JOIN vl ON vl.id = w.conversation_id LEFT JOIN ml ON ml.id = w.message_id
  UNION ALL
  SELECT 7, format('audit %s cust=%s other=%s resolution=%s', a.kind, c1.label, c2.label,
    a.detail::json->>'resolution')
  FROM audit_log a
  LEFT JOIN cl c1 ON c1.id = a.detail::json->>'customer_id'
  LEFT JOIN cl c2 ON c2.id = a.detail::json->>'other_customer_id'
  UNION ALL
  SELECT 8, format('event %s %s message=%s', (SELECT count(*) FROM events x WHERE x.seq < e.seq),
    e.topic, ml.label)
  FROM events e LEFT JOIN ml ON 'in:' || ml.id = e.envelope::json->>'idempotency_key'
) z
)SQL";

struct PathRun {
  std::string dump;
  std::vector<std::string> outcomes;  // per message: error kind, or duplicate flag + body
  std::uint64_t set_ops = 0;
};

// Runs the scenario on a fresh database with the given store options.
PathRun run_scenario(PostgresWorld& world, const std::string& options, const Scenario& sc) {
  world.set_url_options(options);
  StoreOptions o;
  auto s = world.open(o);
  PathRun out;
  for (const auto& m : sc.before) s->ingest(m, incoming_event());
  // A responded ticket, reopened by the customer's next WhatsApp message.
  world.server().exec(world.database(), "UPDATE tickets SET status = 'responded' WHERE id = '" +
                                            sc.before[3].ticket_id + "'");
  std::vector<IngestOutcome> all;
  for (const auto& batch : sc.batches) {
    EventLogGate gate(world);
    Outcomes res(batch.size());
    res.submit(*s, 0, batch[0], incoming_event());
    EXPECT_TRUE(gate.writer_waiting());
    for (std::size_t i = 1; i < batch.size(); ++i) res.submit(*s, i, batch[i], incoming_event());
    gate.release();
    EXPECT_TRUE(res.done.wait_for_count(batch.size()));
    for (auto& r : res.v) all.push_back(std::move(r));
  }
  std::map<std::string, std::string> body_of;
  std::istringstream ids(world.server().exec(
      world.database(), "SELECT string_agg(id || ' ' || content, E'\\n') FROM messages"));
  for (std::string id, body; ids >> id >> body;) body_of[id] = body;
  for (const auto& r : all) {
    if (r.error) {
      try {
        std::rethrow_exception(r.error);
      } catch (const Error& e) {
        out.outcomes.push_back(std::string("error ") + to_string(e.kind()));
      } catch (...) {
        out.outcomes.push_back("error ?");
      }
      continue;
    }
    out.outcomes.push_back(std::string(r.result.duplicate ? "duplicate of " : "new ") +
                           body_of[r.result.message_id]);
  }
  out.dump = world.server().exec(world.database(), kDump);
  out.set_ops = dynamic_cast<pg::PostgresStore&>(*s).writer_stats().set_ops;
  return out;
}

TEST(PostgresIntakeSet, WritesExactlyTheRowsOfTheRowByRowIntake) {
  std::string why;
  auto rows_world = make_postgres_world_of(why);
  if (!rows_world) GTEST_SKIP() << "PostgreSQL not available: " << why;
  auto set_world = make_postgres_world_of(why);
  const Scenario sc = scenario();
  PathRun rows = run_scenario(*rows_world, "?writers=1&ingest=rows", sc);
  PathRun set = run_scenario(*set_world, "?writers=1", sc);

  EXPECT_EQ(rows.set_ops, 0u);
  // Batches of fewer than 6 (the five before, the gates) go to fte_ingest alone. Batch 1: 23 of
  // its 29 before the repeated channel message id; batch 2: the first WhatsApp message; batch 3:
  // none (its statement fails on the ticket id).
  EXPECT_EQ(set.set_ops, 23u + 1u) << "the prefixes of the three batches";
  ASSERT_EQ(set.outcomes.size(), rows.outcomes.size());
  for (std::size_t i = 0; i < rows.outcomes.size(); ++i)
    EXPECT_EQ(set.outcomes[i], rows.outcomes[i]) << "message " << i;
  auto lines = [](const std::string& dump) {
    std::vector<std::string> v;
    std::istringstream in(dump);
    for (std::string line; std::getline(in, line);) v.push_back(line);
    return v;
  };
  auto want = lines(rows.dump), got = lines(set.dump);
  EXPECT_EQ(got.size(), want.size());
  int shown = 0;
  for (std::size_t i = 0; i < std::min(got.size(), want.size()) && shown < 5; ++i)
    if (got[i] != want[i]) {
      ADD_FAILURE() << "row-by-row: " << want[i] << "\nset-based:  " << got[i];
      ++shown;
    }

  // The scenario does what it is meant to (checked on the row-by-row path's outcome).
  auto has = [&](const std::string& line) { return rows.dump.find(line) != std::string::npos; };
  EXPECT_TRUE(has("audit identity_conflict")) << rows.dump;
  EXPECT_TRUE(has("switch conv=")) << rows.dump;
  EXPECT_TRUE(has("status=open")) << "the responded ticket was reopened";
  int duplicates = 0, errors = 0;
  for (const auto& o : rows.outcomes) {
    duplicates += o.rfind("duplicate", 0) == 0;
    errors += o.rfind("error", 0) == 0;
  }
  EXPECT_EQ(duplicates, 2) << "the replayed webhook and the second of the same id in a batch";
  EXPECT_EQ(errors, 2) << "the refused email and the conflicting ticket id";
}

// Two processes' batches create the same customers at the same moment, one seeing a number as
// `phone` (web form, with an email), the other as `whatsapp`: no unique constraint catches that,
// the identity locks the statement takes first do (without them: two customers per number). One
// store's batch writes all six through the statement; the other's, after it, finds them (and goes
// to fte_ingest, which links the other identifier type).
TEST(PostgresIntakeSet, TwoStoresCreatingTheSameCustomersInOneBatchEachEndWithOneCustomerEach) {
  std::string why;
  auto world = make_postgres_world_of(why);
  if (!world) GTEST_SKIP() << "PostgreSQL not available: " << why;
  world->set_url_options("?writers=1");
  StoreOptions o;
  auto a = world->open(o), b = world->open(o);
  constexpr std::size_t kRace = 6;
  EventLogGate gate(*world);
  Outcomes out_a(kRace + 1), out_b(kRace + 1);
  out_a.submit(*a, 0, form_message("gate-a@example.com"), incoming_event());
  out_b.submit(*b, 0, form_message("gate-b@example.com"), incoming_event());
  ASSERT_TRUE(testing::wait_until(
      [&] {
        return world->server().exec(
                   world->database(),
                   "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                   "AND wait_event_type = 'Lock' AND wait_event = 'advisory'") == "2";
      },
      std::chrono::seconds(20)))
      << "both writers wait at the event append";
  auto email = [](std::size_t i) { return "race" + std::to_string(i) + "@example.com"; };
  auto phone = [](std::size_t i) { return "+1415555070" + std::to_string(i); };
  for (std::size_t i = 0; i < kRace; ++i) {
    out_a.submit(*a, i + 1, form_message(email(i), phone(i)), incoming_event());
    out_b.submit(*b, i + 1, whatsapp_message(phone(i)), incoming_event());
  }
  gate.release();
  ASSERT_TRUE(out_a.done.wait_for_count(kRace + 1));
  ASSERT_TRUE(out_b.done.wait_for_count(kRace + 1));
  for (std::size_t i = 0; i <= kRace; ++i) {
    const auto& ra = out_a.ok(i);
    const auto& rb = out_b.ok(i);
    if (i == 0) continue;
    EXPECT_EQ(ra.customer_id, rb.customer_id) << i;
    auto by_email = a->find_customer(IdentifierType::email, email(i - 1));
    auto by_phone = a->find_customer(IdentifierType::phone, phone(i - 1));
    auto by_whatsapp = a->find_customer(IdentifierType::whatsapp, phone(i - 1));
    ASSERT_TRUE(by_email && by_phone && by_whatsapp) << i;
    EXPECT_EQ(by_email->id, ra.customer_id) << i;
    EXPECT_EQ(by_phone->id, ra.customer_id) << i;
    EXPECT_EQ(by_whatsapp->id, ra.customer_id) << i;
  }
  EXPECT_EQ(world->server().exec(world->database(), "SELECT count(*) FROM customers"),
            std::to_string(kRace + 2));
  auto set_ops = [](Store& s) {
    return dynamic_cast<pg::PostgresStore&>(s).writer_stats().set_ops;
  };
  EXPECT_EQ(set_ops(*a) + set_ops(*b), kRace) << "the first batch through the statement, whole";
}

// The batch's JSON array is written by hand (ingest.cpp put_string): texts holding quotes,
// backslashes, control characters, JSON-looking and non-ASCII text arrive byte for byte, through
// the statement (a batch of five behind the gate) as through fte_ingest (the gate's message).
TEST(PostgresIntakeSet, TextsArriveByteForByteWhateverTheyHold) {
  std::string why;
  auto world = make_postgres_world_of(why);
  if (!world) GTEST_SKIP() << "PostgreSQL not available: " << why;
  world->set_url_options("?writers=1");
  StoreOptions o;
  auto s = world->open(o);
  const std::vector<std::string> texts = {
      "plain",
      "quote \" and backslash \\ and \\\" both",
      std::string("controls \x01\x08\x0c\x1f\x7f tab\tcr\rnl\n end"),
      "looks like JSON: \"},{\"n\":0,\"bad\":true}] \\u0041 \\n",
      "caf\xc3\xa9 \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x99\x82 $1 $$",
      "</script><b>'single' quotes</b>",
      "percent %s %d %% and a trailing backslash \\",
  };
  EventLogGate gate(*world);
  Outcomes out(texts.size());
  auto message = [&](std::size_t i) {
    auto m = form_message("bytes" + std::to_string(i) + "@example.com", "", texts[i]);
    m.customer_name = texts[(i + 1) % texts.size()];
    m.subject = texts[(i + 2) % texts.size()];
    return m;
  };
  out.submit(*s, 0, message(0), incoming_event());
  ASSERT_TRUE(gate.writer_waiting());
  for (std::size_t i = 1; i < texts.size(); ++i) out.submit(*s, i, message(i), incoming_event());
  gate.release();
  ASSERT_TRUE(out.done.wait_for_count(texts.size()));
  auto quoted = [](const std::string& t) { return "$q7$" + t + "$q7$"; };
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto& r = out.ok(i);
    EXPECT_EQ(world->server().exec(world->database(),
                                   "SELECT m.content = " + quoted(texts[i]) +
                                       " AND c.name = " + quoted(texts[(i + 1) % texts.size()]) +
                                       " AND t.subject = " + quoted(texts[(i + 2) % texts.size()]) +
                                       " FROM messages m, customers c, tickets t WHERE m.id = '" +
                                       r.message_id + "' AND c.id = '" + r.customer_id +
                                       "' AND t.id = '" + r.ticket_id + "'"),
              "t")
        << i;
  }
  EXPECT_EQ(dynamic_cast<pg::PostgresStore&>(*s).writer_stats().set_ops, texts.size() - 1)
      << "the six behind the gate went through the statement";
}

// Where the set-based statement pays: a batch of five intakes goes to fte_ingest alone, a batch of
// six to the statement (ingest.cpp kSetMinBatch; docs/BENCHMARKS.md Round 11 measured 4-5 intakes
// cheaper through fte_ingest). Fails with the crossover of round 6 (4).
TEST(PostgresIntakeSet, BatchesOfFiveGoToTheRowByRowIntakeAndOfSixToTheStatement) {
  std::string why;
  auto world = make_postgres_world_of(why);
  if (!world) GTEST_SKIP() << "PostgreSQL not available: " << why;
  world->set_url_options("?writers=1");
  StoreOptions o;
  auto s = world->open(o);
  auto set_ops = [&] { return dynamic_cast<pg::PostgresStore&>(*s).writer_stats().set_ops; };
  int next = 0;
  for (std::size_t size : {5u, 6u}) {
    const auto before = set_ops();
    EventLogGate gate(*world);
    Outcomes out(size + 1);
    out.submit(*s, 0, form_message("gate-" + std::to_string(next++) + "@example.com"),
               incoming_event());
    ASSERT_TRUE(gate.writer_waiting());
    for (std::size_t i = 1; i <= size; ++i)
      out.submit(*s, i, form_message("size-" + std::to_string(next++) + "@example.com"),
                 incoming_event());
    gate.release();
    ASSERT_TRUE(out.done.wait_for_count(size + 1));
    for (std::size_t i = 0; i <= size; ++i) EXPECT_FALSE(out.ok(i).message_id.empty());
    EXPECT_EQ(set_ops() - before, size == 5 ? 0u : 6u) << "a batch of " << size;
  }
}

// The statement's plan is made once per connection (a generic plan, kept until an ANALYZE
// invalidates it). Made on a new database — tables empty, or analyzed while empty — it must still
// probe indexes: no sequential scan, no index scan without an index condition (both read a whole
// table per batch; before Round 9 the ticket reopening's UPDATE scanned every ticket). And the
// rest of the transaction plans with the session's enable_seqscan again.
TEST(PostgresIntakeSet, PlannedOnEmptyTablesTheStatementProbesIndexesOnly) {
  std::string why;
  auto world = make_postgres_world_of(why);
  if (!world) GTEST_SKIP() << "PostgreSQL not available: " << why;
  world->open(StoreOptions{}).reset();  // migrated
  world->server().exec(world->database(),
                       "ANALYZE customers, customer_identifiers, conversations, tickets, messages, "
                       "channel_switches");
  pg::Connection::Options o;
  o.conninfo = world->url();
  pg::Connection c(o);
  c.simple("BEGIN");
  c.run(pg::sql::kIngestLocks, "{}");
  c.run(pg::sql::kIngestSet, "[]", std::int64_t{0});  // prepares and plans it, as the writer does
  static constexpr pg::Sql kExplain{"test_explain_set", "EXPLAIN (COSTS OFF) EXECUTE fte_ingest_set('[]', 0)"};
  auto plan = c.exec(kExplain, pg::Params{});
  std::vector<std::string> lines;
  for (int i = 0; i < plan.rows(); ++i) lines.push_back(plan.text(i, 0));
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  ASSERT_GT(lines.size(), 20u) << all;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].find("Seq Scan"), std::string::npos) << all;
    const bool index_scan = lines[i].find("Index Scan") != std::string::npos ||
                            lines[i].find("Index Only Scan") != std::string::npos;
    if (index_scan) {
      EXPECT_TRUE(i + 1 < lines.size() && lines[i + 1].find("Index Cond") != std::string::npos)
          << "a whole index read: " << lines[i] << "\n" << all;
    }
  }
  c.pipeline({{&pg::sql::kIngestSetPlanned}});  // as ingest.cpp sends it
  static constexpr pg::Sql kShow{"test_show_seqscan", "SHOW enable_seqscan"};
  EXPECT_EQ(c.exec(kShow, pg::Params{}).text(0, 0), "on");
  c.simple("ROLLBACK");
}

}  // namespace
}  // namespace fte::storetest
