// Opening the PostgreSQL store (URL, migrations, pool, writer) and its writes; reads are in
// reads.cpp, the intake transaction in ingest.cpp.
#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <bit>
#include <charconv>

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "ops/log.h"
#include "store/postgres/migrations.h"
#include "store/postgres/rows.h"
#include "store/postgres/sql.h"

namespace fte {

std::unique_ptr<Store> open_postgres_store(const StoreOptions& o) {
  return std::make_unique<pg::PostgresStore>(o);
}

std::string postgres_knowledge_mode(const Store& s) {
  auto* p = dynamic_cast<const pg::PostgresStore*>(&s);
  return p ? p->knowledge_mode() : std::string();
}

namespace pg {
namespace {

constexpr std::size_t kMaxBatch = 256;       // operations per group-commit transaction
constexpr int kMaxWriters = 32;
constexpr int kDefaultWriters = 1;           // more pay off only with a slow WAL flush (BENCHMARKS)
constexpr int kMigrationTimeoutMs = 120000;  // migrations may wait for another process's
constexpr const char* kUrlOption = "FTE_DATABASE_URL";

Error bad_url(const std::string& what) {
  return Error(ErrorKind::invalid_argument, std::string(kUrlOption) + ": " + what, kUrlOption);
}

int int_option(const std::string& k, const std::string& v, int lo, int hi) {
  int n = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), n);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < lo || n > hi)
    throw bad_url(k + " must be a number in " + std::to_string(lo) + ".." + std::to_string(hi));
  return n;
}

// postgres://user:secret@host/db → postgres://user:***@host/db
std::string redact_password(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto auth_end = url.find_first_of("/?", scheme + 3);
  auto at = url.rfind('@', auth_end == std::string::npos ? std::string::npos : auth_end);
  if (at == std::string::npos || at < scheme) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

PostgresLocation parse_postgres_url(const std::string& url) {
  if (url.rfind("postgres://", 0) != 0 && url.rfind("postgresql://", 0) != 0)
    throw bad_url("expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE");
  PostgresLocation loc;
  std::string base = url, query;
  if (auto q = url.find('?'); q != std::string::npos) {
    base = url.substr(0, q);
    query = url.substr(q + 1);
  }
  std::vector<std::string> kept;
  std::size_t from = 0;
  while (from < query.size()) {
    auto amp = query.find('&', from);
    std::string kv = query.substr(from, amp == std::string::npos ? std::string::npos : amp - from);
    from = amp == std::string::npos ? query.size() : amp + 1;
    if (kv.empty()) continue;
    auto eq = kv.find('=');
    std::string k = kv.substr(0, eq), v = eq == std::string::npos ? "" : kv.substr(eq + 1);
    if (k == "statement_timeout_ms")
      loc.statement_timeout_ms = int_option(k, v, 1, 3600000);
    else if (k == "acquire_timeout_ms")
      loc.acquire_timeout_ms = int_option(k, v, 0, 600000);
    else if (k == "pool_max_waiters")
      loc.max_waiters = int_option(k, v, 0, 1000000);
    else if (k == "hnsw_ef_search")
      loc.hnsw_ef_search = int_option(k, v, 1, 1000);
    else if (k == "writers")
      loc.writers = int_option(k, v, 1, kMaxWriters);
    else if (k == "ingest") {
      if (v != "set" && v != "rows") throw bad_url("ingest must be set or rows");
      loc.ingest_set = v == "set";
    }
    else if (k == "batch_fill_us")
      loc.batch_fill_us = int_option(k, v, 0, 1000000);
    else if (k == "ingest_batch_max")
      loc.ingest_batch_max = int_option(k, v, 1, static_cast<int>(kMaxBatch));
    else
      kept.push_back(kv);  // libpq's own parameters (sslmode, connect_timeout, ...)
  }
  loc.conninfo = base;
  for (std::size_t i = 0; i < kept.size(); ++i) loc.conninfo += (i ? "&" : "?") + kept[i];
  loc.redacted = redact_password(url);
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(loc.conninfo.c_str(), &err);
  if (!opts) {
    std::string msg = err ? err : "unparsable";
    if (err) PQfreemem(err);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    throw bad_url("not a valid PostgreSQL URL (" + msg + ")");
  }
  PQconninfoFree(opts);
  return loc;
}

PostgresStore::PostgresStore(const StoreOptions& o)
    : loc_(parse_postgres_url(o.url)), instance_id_(new_uuid()) {
  conn_.conninfo = loc_.conninfo;
  conn_.statement_timeout_ms = loc_.statement_timeout_ms;
  try {
    auto migrate = conn_;
    migrate.statement_timeout_ms = kMigrationTimeoutMs;
    Connection c(migrate);
    auto m = apply_migrations(c);
    pgvector_ = m.pgvector;
    schema_version_ = m.version;
    migrations_applied_ = m.applied;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::unavailable,
                std::string(kUrlOption) + ": cannot open the PostgreSQL store at " + loc_.redacted +
                    ": " + e.what(),
                kUrlOption);
  }
  Pool::Options po;
  po.connection = conn_;
  po.max_size = std::max(1, o.pool_size);
  po.max_waiters = loc_.max_waiters;
  po.acquire_timeout = std::chrono::milliseconds(
      loc_.acquire_timeout_ms >= 0 ? loc_.acquire_timeout_ms : std::max(0, o.busy_timeout_ms));
  pool_ = std::make_unique<Pool>(po);
  const int writers = loc_.writers > 0  ? loc_.writers
                      : o.writers > 0   ? std::min(o.writers, kMaxWriters)
                                        : kDefaultWriters;
  Writer::Options wo;
  wo.ordered_append = writers == 1;
  wo.connection = conn_;
  wo.capacity = static_cast<std::size_t>(std::max(1, o.write_queue));
  wo.max_batch = kMaxBatch;
  wo.max_group = static_cast<std::size_t>(loc_.ingest_batch_max);
  wo.fill_wait = std::chrono::microseconds(loc_.batch_fill_us);
  wo.retry = retry_;
  wo.shared = Writer::make_shared(wo.capacity);
  wo.instance_id = instance_id_;
  for (int i = 0; i < writers; ++i) writers_.push_back(std::make_unique<Writer>(wo));
  ops::info("postgres store open", {},
            {{"schema_version", std::to_string(schema_version_)},
             {"migrations_applied", std::to_string(migrations_applied_)},
             {"knowledge", knowledge_mode()},
             {"pool_size", std::to_string(po.max_size)},
             {"writers", std::to_string(writers)}});
}

PostgresStore::~PostgresStore() {
  {
    std::lock_guard lk(listener_mu_);
    listener_.reset();
  }
  // They run what is queued (completions may still read and write), then stop; all of them
  // before any is destroyed: they share one queue, and a completion may route a call to any.
  for (auto& w : writers_) w->stop();
  writers_.clear();
  pool_.reset();
}

void PostgresStore::ping() {
  // Readiness answers at once: a short policy, not the one that rides out a restart.
  static const RetryPolicy kPingRetry{3, std::chrono::milliseconds(20), std::chrono::milliseconds(250)};
  try {
    with_retries(
        kPingRetry,
        [&] {
          auto c = pool_->acquire();
          c->run(sql::kPing);
        },
        [this](const DbError& e) {
          if (e.connection_lost()) pool_->drop_idle();
        });
  } catch (const std::exception& e) {
    throw Error(ErrorKind::unavailable,
                std::string("the PostgreSQL store is not reachable: ") + e.what());
  }
}

Writer& PostgresStore::writer() {
  // On a writer's thread (a completion's call runs inline there); elsewhere any writer: they share
  // one queue.
  for (auto& w : writers_)
    if (w->on_writer_thread()) return *w;
  return *writers_[0];
}

Writer::Stats PostgresStore::writer_stats() const {
  Writer::Stats t;
  for (const auto& w : writers_) {
    auto s = w->stats();
    t.batches += s.batches;
    t.ops += s.ops;
    t.retried_batches += s.retried_batches;
    t.retried_ops += s.retried_ops;
    t.connects += s.connects;
    t.group_calls += s.group_calls;
    t.set_ops += s.set_ops;
  }
  return t;
}

// --- intake -------------------------------------------------------------------------------------

void PostgresStore::ingest_async(InboundMessage msg, OutboxFn outbox,
                                 std::function<void(IngestOutcome)> done) {
  auto st =
      std::make_shared<IngestOp>(IngestOp{std::move(msg), std::move(outbox), std::move(done), {}});
  Writer::Op op;
  op.group = loc_.ingest_set ? &ingest_group : &ingest_group_rows;
  op.payload = st;
  op.complete = [st](std::exception_ptr e, const OpContext&) {
    IngestOutcome o;
    if (e)
      o.error = std::move(e);
    else
      o.result = std::move(st->result);
    if (st->done) st->done(std::move(o));
  };
  try {
    writer().submit(std::move(op));
  } catch (...) {
    IngestOutcome o;
    o.error = std::current_exception();
    if (st->done) st->done(std::move(o));
  }
}

// --- agent tools --------------------------------------------------------------------------------

Ticket upsert_ticket_in_tx(Connection& c, const TicketUpsert& t) {
  if (t.ticket_id.empty())
    throw Error(ErrorKind::invalid_argument, "a ticket needs an id", "ticket_id");
  std::int64_t now = now_ms();
  auto existing = c.run(sql::kSelectTicket, t.ticket_id);
  if (existing.rows() > 0) {
    if (!t.customer_id.empty() && t.customer_id != existing.text(0, 1))
      throw Error(ErrorKind::conflict, "the ticket belongs to another customer", "customer_id");
    c.run(sql::kUpdateTicketFromAgent, t.ticket_id, t.subject, t.category, t.priority, now);
  } else {
    if (t.customer_id.empty() || t.conversation_id.empty())
      throw Error(ErrorKind::invalid_argument, "a new ticket needs its customer and conversation",
                  t.customer_id.empty() ? "customer_id" : "conversation_id");
    c.run(sql::kInsertTicket, t.ticket_id, t.customer_id, t.conversation_id, to_string(t.channel),
          t.subject, t.category, t.priority.empty() ? std::string("medium") : t.priority,
          ticket_status::open, now, now);
  }
  auto r = c.run(sql::kSelectTicket, t.ticket_id);
  if (r.rows() == 0) throw Error(ErrorKind::internal, "ticket vanished after upsert");
  return ticket_row(r, 0);
}

Ticket PostgresStore::upsert_ticket(const TicketUpsert& t) {
  return writer().call([&](Connection& c, OpContext&) { return upsert_ticket_in_tx(c, t); });
}

bool PostgresStore::commit_agent_outcome(
    const AgentOutcome& o, const std::vector<std::pair<std::string, Envelope>>& outbox) {
  return writer().call(
      [&](Connection& c, OpContext& cx) { return agent_outcome_in_tx(c, cx, o, outbox); });
}

// --- delivery and feedback ----------------------------------------------------------------------

bool PostgresStore::claim_delivery(const std::string& dedup_key, const std::string& message_id) {
  if (dedup_key.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery needs a dedup key", "dedup_key");
  return writer().call([&](Connection& c, OpContext&) {
    return c.run(sql::kClaimDelivery, dedup_key, message_id, now_ms()).affected() == 1;
  });
}

namespace {

DeliveryClaim claim_leased_in_tx(Connection& c, const std::string& dedup_key,
                                 const std::string& message_id, std::int64_t lease_ms) {
  const std::string done = std::string(kDeliveryDonePrefix) + dedup_key;
  const std::int64_t now = now_ms();
  if (c.run(sql::kClaimDelivery, dedup_key, message_id, now).affected() == 1)
    return DeliveryClaim::claimed;
  if (c.run(sql::kDeliveryRecorded, done).rows() > 0) return DeliveryClaim::finished;
  if (c.run(sql::kTakeOverDelivery, dedup_key, now, now - lease_ms, done).affected() == 1)
    return DeliveryClaim::resumed;
  return DeliveryClaim::in_progress;
}

void set_delivery_status_in_tx(Connection& c, const std::string& message_id,
                               const std::string& status, const std::vector<std::string>& ids) {
  const std::string last = ids.empty() ? std::string() : ids.back();
  if (c.run(sql::kSetDeliveryStatus, message_id, status, NullIfEmpty{last}).affected() == 0) {
    // Provider status callbacks know only the provider's id (e.g. a Twilio MessageSid).
    c.run(sql::kSetDeliveryStatusByProvider, message_id, status, NullIfEmpty{last});
    return;
  }
  // A reply sent as several provider messages: each part's id finds the message.
  if (ids.size() > 1)
    for (const auto& id : ids) c.run(sql::kClaimDelivery, std::string(kProviderKeyPrefix) + id, message_id, now_ms());
}

}  // namespace

DeliveryClaim PostgresStore::claim_delivery_leased(const std::string& dedup_key,
                                                  const std::string& message_id,
                                                  std::int64_t lease_ms) {
  if (dedup_key.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery needs a dedup key", "dedup_key");
  return writer().call([&](Connection& c, OpContext&) {
    return claim_leased_in_tx(c, dedup_key, message_id, lease_ms);
  });
}

void PostgresStore::finish_delivery(const std::string& dedup_key, const std::string& message_id) {
  const std::string done = std::string(kDeliveryDonePrefix) + dedup_key;
  writer().call([&](Connection& c, OpContext&) {
    c.run(sql::kClaimDelivery, done, message_id, now_ms());
    return true;
  });
}

void PostgresStore::set_delivery_status(const std::string& message_id, const std::string& status,
                                        const std::string& provider_id) {
  if (status.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery status is required", "status");
  const auto ids = split_provider_ids(provider_id);
  writer().call([&](Connection& c, OpContext&) { set_delivery_status_in_tx(c, message_id, status, ids); });
}

// One transaction instead of three (or four with the status event).
DeliveryClaim PostgresStore::deliver_without_provider(
    const std::string& dedup_key, const std::string& message_id, const std::string& status,
    std::int64_t lease_ms, const std::vector<std::pair<std::string, Envelope>>& outbox) {
  if (dedup_key.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery needs a dedup key", "dedup_key");
  if (status.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery status is required", "status");
  const std::string done = std::string(kDeliveryDonePrefix) + dedup_key;
  return writer().call([&](Connection& c, OpContext& cx) {
    const auto claim = claim_leased_in_tx(c, dedup_key, message_id, lease_ms);
    if (claim == DeliveryClaim::claimed || claim == DeliveryClaim::resumed) {
      c.run(sql::kClaimDelivery, done, message_id, now_ms());
      set_delivery_status_in_tx(c, message_id, status, {});
      append_events_in_tx(cx, outbox);
    }
    return claim;
  });
}

void PostgresStore::record_feedback(const std::string& ticket_id, bool helpful) {
  writer().call([&](Connection& c, OpContext&) {
    if (c.run(sql::kTicketExists, ticket_id).rows() == 0)
      throw Error(ErrorKind::not_found, "no such ticket", "ticket_id");
    c.run(sql::kUpsertFeedback, ticket_id, helpful, now_ms());
  });
}

// --- human console ------------------------------------------------------------------------------

void PostgresStore::record_human_reply(
    const HumanReply& r, const std::vector<std::pair<std::string, Envelope>>& outbox) {
  if (r.text.empty()) throw Error(ErrorKind::invalid_argument, "a reply needs text", "message");
  writer().call([&](Connection& c, OpContext& cx) {
    auto t = c.run(sql::kSelectTicket, r.ticket_id);
    if (t.rows() == 0) throw Error(ErrorKind::not_found, "no such ticket", "ticket_id");
    Ticket ticket = ticket_row(t, 0);
    std::int64_t now = now_ms();
    c.run(sql::kInsertHumanMessage, r.message_id.empty() ? new_row_id() : r.message_id,
          ticket.conversation_id, r.ticket_id, to_string(ticket.source_channel), r.text, now);
    c.run(sql::kTicketHumanReplied, r.ticket_id, now);
    c.run(sql::kAssignEscalations, r.ticket_id, now);
    append_events_in_tx(cx, outbox);
  });
}

void PostgresStore::set_ticket_status(const std::string& ticket_id, const std::string& status) {
  if (status != "open" && status != "resolved" && status != "closed")
    throw Error(ErrorKind::invalid_argument, "status must be open, resolved or closed", "status");
  writer().call([&](Connection& c, OpContext&) {
    std::int64_t now = now_ms();
    if (c.run(sql::kSetTicketStatus, ticket_id, status, now).affected() == 0)
      throw Error(ErrorKind::not_found, "no such ticket", "ticket_id");
    if (status != "open") c.run(sql::kResolveEscalations, ticket_id, now);
  });
}

// --- knowledge base -----------------------------------------------------------------------------

void PostgresStore::replace_knowledge(const std::string& source,
                                      const std::vector<KnowledgeChunk>& chunks) {
  if (source.empty())
    throw Error(ErrorKind::invalid_argument, "knowledge needs a source", "source");
  writer().call([&](Connection& c, OpContext&) {
    auto stamp = c.run(sql::kKnowledgeStamp, now_ms());
    std::int64_t now = stamp.rows() ? stamp.i64(0, 0) : now_ms();
    c.run(sql::kDeleteKnowledgeSource, source);
    for (const auto& k : chunks) {
      Params p;
      p.add(k.id.empty() ? new_row_id() : k.id).add(k.title).add(k.content).add(k.category);
      p.add(source);
      if (k.embedding.empty()) {
        p.add(std::nullopt);
      } else {
        std::vector<float> le = k.embedding;
        if constexpr (std::endian::native == std::endian::big)
          for (auto& f : le)
            f = std::bit_cast<float>(__builtin_bswap32(std::bit_cast<std::uint32_t>(f)));
        p.add(Bytes{le.data(), le.size() * sizeof(float)});
      }
      p.add(now);
      c.exec(sql::kInsertKnowledge, p);
    }
  });
}

// --- event log ----------------------------------------------------------------------------------

std::int64_t PostgresStore::append_events(const std::vector<std::pair<std::string, Envelope>>& ev) {
  if (ev.empty()) return last_event_seq();
  return writer().call_for_seq([&](Connection&, OpContext& cx) { append_events_in_tx(cx, ev); });
}

void PostgresStore::commit_offset(const std::string& group, const std::string& topic,
                                  std::int64_t seq) {
  writer().call(
      [&](Connection& c, OpContext&) { c.run(sql::kCommitOffset, group, topic, seq, now_ms()); });
}

void PostgresStore::on_events_appended(std::function<void()> cb) {
  for (auto& w : writers_) w->on_events_appended(cb);
  std::lock_guard lk(listener_mu_);
  if (!listener_)  // every writer has every listener: waking through the first wakes them all
    listener_ = std::make_unique<EventListener>(conn_, instance_id_,
                                                [w = writers_[0].get()] { w->notify_listeners(); });
}

// --- audit --------------------------------------------------------------------------------------

void PostgresStore::audit(const std::string& kind, const std::string& correlation_id,
                          const std::string& detail_json) {
  if (kind.empty())
    throw Error(ErrorKind::invalid_argument, "an audit record needs a kind", "kind");
  writer().call(
      [&](Connection& c, OpContext&) { audit_in_tx(c, kind, correlation_id, detail_json); });
}

}  // namespace pg
}  // namespace fte
