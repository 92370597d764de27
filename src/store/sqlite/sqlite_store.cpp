// Opening the SQLite store (URL, migrations, threads) and its writes; reads are in reads.cpp.
#include "store/sqlite/sqlite_store.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/row_ids.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sql.h"

namespace fte {

std::unique_ptr<Store> open_sqlite_store(const StoreOptions& o) {
  return std::make_unique<sqlite::SqliteStore>(o);
}

namespace sqlite {
namespace {

constexpr std::size_t kMaxBatch = 1024;  // operations per group-commit transaction
constexpr std::chrono::milliseconds kCheckpointInterval{1000};  // at the latest after a commit

std::string make_temp_dir() {
  auto base = std::filesystem::temp_directory_path() / "fte-sqlite-XXXXXX";
  std::string tmpl = base.string();
  if (!mkdtemp(tmpl.data()))
    throw Error(ErrorKind::unavailable, "cannot create a temporary directory");
  return tmpl;
}

}  // namespace

SqliteLocation parse_sqlite_url(const std::string& url) {
  SqliteLocation loc;
  if (url == "sqlite::memory:") {
    loc.temporary = true;
    return loc;
  }
  if (url.rfind("sqlite://", 0) != 0)
    throw Error(ErrorKind::invalid_argument,
                "FTE_DATABASE_URL: expected sqlite://PATH or sqlite::memory:", "FTE_DATABASE_URL");
  std::string rest = url.substr(9);
  if (auto q = rest.find('?'); q != std::string::npos) {
    std::string query = rest.substr(q + 1);
    rest.resize(q);
    auto bad = [](const std::string& what) {
      return Error(
          ErrorKind::invalid_argument,
          "FTE_DATABASE_URL: " + what +
              " (SQLite options: synchronous=normal|full, checkpoint_pages=N, gather_us=N)",
          "FTE_DATABASE_URL");
    };
    // An integer option's value within [lo, hi] (anything else names the option and its range).
    auto int_in = [&bad](const std::string& k, const std::string& v, int lo, int hi) {
      int n = lo - 1;
      try {
        n = std::stoi(v);
      } catch (...) {
      }
      if (n < lo || n > hi)
        throw bad(k + " must be " + std::to_string(lo) + ".." + std::to_string(hi));
      return n;
    };
    std::size_t from = 0;
    while (from <= query.size() && !query.empty()) {
      auto amp = query.find('&', from);
      std::string kv =
          query.substr(from, amp == std::string::npos ? std::string::npos : amp - from);
      auto eq = kv.find('=');
      std::string k = kv.substr(0, eq), v = eq == std::string::npos ? "" : kv.substr(eq + 1);
      if (k == "synchronous" && (v == "normal" || v == "full")) {
        loc.synchronous_full = v == "full";
      } else if (k == "checkpoint_pages") {
        loc.checkpoint_pages = int_in(k, v, 100, 1000000);
      } else if (k == "gather_us") {
        loc.gather_us = int_in(k, v, 0, 100000);
      } else {
        throw bad("unknown option '" + kv + "'");
      }
      if (amp == std::string::npos) break;
      from = amp + 1;
    }
  }
  if (rest.empty())
    throw Error(ErrorKind::invalid_argument, "FTE_DATABASE_URL: sqlite:// needs a file path",
                "FTE_DATABASE_URL");
  loc.path = rest;
  return loc;
}

SqliteStore::SqliteStore(const StoreOptions& o) : loc_(parse_sqlite_url(o.url)) {
  try {
    if (loc_.temporary) {
      temp_dir_ = make_temp_dir();
      loc_.path = temp_dir_ + "/fte.db";
    }
    Connection::Options w;
    w.path = loc_.path;
    w.busy_timeout_ms = o.busy_timeout_ms;
    w.synchronous_full = loc_.synchronous_full;
    auto conn = std::make_unique<Connection>(w);
    apply_migrations(*conn);
    // A migration may have edited table definitions in place (0005): the connection that ran it
    // keeps its parsed schema, so the writer starts on a fresh one.
    conn = std::make_unique<Connection>(w);
    checkpointer_ = std::make_unique<Checkpointer>(loc_.path, o.busy_timeout_ms,
                                                   loc_.checkpoint_pages, kCheckpointInterval);
    checkpointer_->install(conn->raw());
    writer_ = std::make_unique<GroupCommitWriter>(
        std::move(conn), static_cast<std::size_t>(std::max(1, o.write_queue)), kMaxBatch,
        [ck = checkpointer_.get()] { ck->after_batch(); },
        std::chrono::microseconds(loc_.gather_us), 64, o.thread_slice_us);
    readers_ = std::make_unique<ReadPool>(loc_.path, o.pool_size, o.busy_timeout_ms);
  } catch (const std::exception& e) {
    writer_.reset();
    checkpointer_.reset();
    if (!temp_dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(temp_dir_, ec);
    }
    throw Error(
        ErrorKind::unavailable,
        "FTE_DATABASE_URL: cannot open the SQLite store at '" + loc_.path + "': " + e.what(),
        "FTE_DATABASE_URL");
  }
}

SqliteStore::~SqliteStore() {
  writer_.reset();  // runs what is queued (completions may still read), then stops
  readers_.reset();
  checkpointer_.reset();  // the last connection: SQLite checkpoints and removes the WAL
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
}

void SqliteStore::ping() {
  try {
    auto c = readers_->acquire();
    ReadTransaction tx(*c);
    c->prepare(sql::kSchemaVersion).run();
  } catch (const Error& e) {
    throw Error(ErrorKind::unavailable, std::string("the SQLite store is not usable: ") + e.what());
  }
}

// --- intake -------------------------------------------------------------------------------------

void SqliteStore::ingest_async(InboundMessage msg, OutboxFn outbox,
                               std::function<void(IngestOutcome)> done) {
  struct State {
    InboundMessage msg;
    OutboxFn outbox;
    std::function<void(IngestOutcome)> done;
    IngestResult result;
  };
  auto st = std::make_shared<State>(State{std::move(msg), std::move(outbox), std::move(done), {}});
  GroupCommitWriter::Op op;
  op.run = [st](Connection& c, OpContext& cx) {
    st->result = ingest_in_tx(c, cx, st->msg, st->outbox);
  };
  op.complete = [st](std::exception_ptr e) {
    IngestOutcome o;
    if (e)
      o.error = std::move(e);
    else
      o.result = std::move(st->result);
    if (st->done) st->done(std::move(o));
  };
  try {
    writer_->submit(std::move(op));
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
  std::optional<Ticket> existing;
  {
    auto s = c.prepare(sql::kSelectTicket);
    s.bind(t.ticket_id);
    if (s.step()) existing = ticket_row(s);
  }
  if (existing) {
    if (!t.customer_id.empty() && t.customer_id != existing->customer_id)
      throw Error(ErrorKind::conflict, "the ticket belongs to another customer", "customer_id");
    c.prepare(sql::kUpdateTicketFromAgent)
        .bind(t.ticket_id, t.subject, t.category, t.priority, now)
        .run();
  } else {
    if (t.customer_id.empty() || t.conversation_id.empty())
      throw Error(ErrorKind::invalid_argument, "a new ticket needs its customer and conversation",
                  t.customer_id.empty() ? "customer_id" : "conversation_id");
    c.prepare(sql::kInsertTicket)
        .bind(t.ticket_id, t.customer_id, t.conversation_id, to_string(t.channel), t.subject,
              t.category, t.priority.empty() ? std::string("medium") : t.priority,
              ticket_status::open, now, now)
        .run();
  }
  auto s = c.prepare(sql::kSelectTicket);
  s.bind(t.ticket_id);
  if (!s.step()) throw Error(ErrorKind::internal, "ticket vanished after upsert");
  return ticket_row(s);
}

Ticket SqliteStore::upsert_ticket(const TicketUpsert& t) {
  return writer_->call([&](Connection& c, OpContext&) { return upsert_ticket_in_tx(c, t); });
}

bool SqliteStore::commit_agent_outcome(
    const AgentOutcome& o, const std::vector<std::pair<std::string, Envelope>>& outbox) {
  // May wait briefly for company: an intake or another ticket's writes arriving meanwhile share
  // its transaction. Briefly: the agent's lane waits for this commit before its next ticket.
  return writer_->call_gathered(
      [&](Connection& c, OpContext& cx) { return agent_outcome_in_tx(c, cx, o, outbox); },
      /*briefly=*/true);
}

// --- delivery and feedback ----------------------------------------------------------------------

bool SqliteStore::claim_delivery(const std::string& dedup_key, const std::string& message_id) {
  if (dedup_key.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery needs a dedup key", "dedup_key");
  return writer_->call([&](Connection& c, OpContext&) {
    c.prepare(sql::kClaimDelivery).bind(dedup_key, message_id, now_ms()).run();
    return c.changes() == 1;
  });
}

namespace {

DeliveryClaim claim_leased_in_tx(Connection& c, const std::string& dedup_key,
                                 const std::string& message_id, std::int64_t lease_ms) {
  const std::string done = std::string(kDeliveryDonePrefix) + dedup_key;
  const std::int64_t now = now_ms();
  c.prepare(sql::kClaimDelivery).bind(dedup_key, message_id, now).run();
  if (c.changes() == 1) return DeliveryClaim::claimed;
  if (c.prepare(sql::kDeliveryRecorded).bind(done).step()) return DeliveryClaim::finished;
  c.prepare(sql::kTakeOverDelivery).bind(dedup_key, now, now - lease_ms, done).run();
  return c.changes() == 1 ? DeliveryClaim::resumed : DeliveryClaim::in_progress;
}

}  // namespace

DeliveryClaim SqliteStore::claim_delivery_leased(const std::string& dedup_key,
                                                const std::string& message_id,
                                                std::int64_t lease_ms) {
  if (dedup_key.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery needs a dedup key", "dedup_key");
  return writer_->call([&](Connection& c, OpContext&) {
    return claim_leased_in_tx(c, dedup_key, message_id, lease_ms);
  });
}

void SqliteStore::finish_delivery(const std::string& dedup_key, const std::string& message_id) {
  const std::string done = std::string(kDeliveryDonePrefix) + dedup_key;
  writer_->call([&](Connection& c, OpContext&) {
    c.prepare(sql::kClaimDelivery).bind(done, message_id, now_ms()).run();
    return true;
  });
}

namespace {

void set_delivery_status_in_tx(Connection& c, const std::string& message_id,
                               const std::string& status, const std::vector<std::string>& ids) {
  const std::string last = ids.empty() ? std::string() : ids.back();
  c.prepare(sql::kSetDeliveryStatus).bind(message_id, status, NullIfEmpty{last}).run();
  if (c.changes() == 0) {
    // Provider status callbacks know only the provider's id (e.g. a Twilio MessageSid).
    c.prepare(sql::kSetDeliveryStatusByProvider).bind(message_id, status, NullIfEmpty{last}).run();
    return;
  }
  // A reply sent as several provider messages: each part's id finds the message.
  if (ids.size() > 1)
    for (const auto& id : ids)
      c.prepare(sql::kClaimDelivery).bind(std::string(kProviderKeyPrefix) + id, message_id, now_ms()).run();
}

}  // namespace

void SqliteStore::set_delivery_status(const std::string& message_id, const std::string& status,
                                      const std::string& provider_id) {
  if (status.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery status is required", "status");
  const auto ids = split_provider_ids(provider_id);
  writer_->call([&](Connection& c, OpContext&) { set_delivery_status_in_tx(c, message_id, status, ids); });
}

// One write instead of three: the claim, its finish and the status in one transaction.
DeliveryClaim SqliteStore::deliver_without_provider(const std::string& dedup_key,
                                                    const std::string& message_id,
                                                    const std::string& status,
                                                    std::int64_t lease_ms,
                                                    const std::vector<std::pair<std::string, Envelope>>& outbox) {
  if (dedup_key.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery needs a dedup key", "dedup_key");
  if (status.empty())
    throw Error(ErrorKind::invalid_argument, "a delivery status is required", "status");
  const std::string done = std::string(kDeliveryDonePrefix) + dedup_key;
  return writer_->call_gathered([&](Connection& c, OpContext& cx) {
    const auto claim = claim_leased_in_tx(c, dedup_key, message_id, lease_ms);
    if (claim == DeliveryClaim::claimed || claim == DeliveryClaim::resumed) {
      c.prepare(sql::kClaimDelivery).bind(done, message_id, now_ms()).run();
      set_delivery_status_in_tx(c, message_id, status, {});
      append_events_in_tx(c, cx, outbox);
    }
    return claim;
  });
}

void SqliteStore::record_feedback(const std::string& ticket_id, bool helpful) {
  writer_->call([&](Connection& c, OpContext&) {
    if (!c.prepare(sql::kTicketExists).bind(ticket_id).first_int())
      throw Error(ErrorKind::not_found, "no such ticket", "ticket_id");
    c.prepare(sql::kUpsertFeedback).bind(ticket_id, helpful, now_ms()).run();
  });
}

// --- human console ------------------------------------------------------------------------------

void SqliteStore::record_human_reply(const HumanReply& r,
                                     const std::vector<std::pair<std::string, Envelope>>& outbox) {
  if (r.text.empty()) throw Error(ErrorKind::invalid_argument, "a reply needs text", "message");
  writer_->call([&](Connection& c, OpContext& cx) {
    std::optional<Ticket> t;
    {
      auto s = c.prepare(sql::kSelectTicket);
      s.bind(r.ticket_id);
      if (s.step()) t = ticket_row(s);
    }
    if (!t) throw Error(ErrorKind::not_found, "no such ticket", "ticket_id");
    std::int64_t now = now_ms();
    c.prepare(sql::kInsertHumanMessage)
        .bind(r.message_id.empty() ? new_row_id() : r.message_id, t->conversation_id, r.ticket_id,
              to_string(t->source_channel), r.text, now)
        .run();
    c.prepare(sql::kTicketHumanReplied).bind(r.ticket_id, now).run();
    c.prepare(sql::kAssignEscalations).bind(r.ticket_id, now).run();
    append_events_in_tx(c, cx, outbox);
  });
}

void SqliteStore::set_ticket_status(const std::string& ticket_id, const std::string& status) {
  if (status != "open" && status != "resolved" && status != "closed")
    throw Error(ErrorKind::invalid_argument, "status must be open, resolved or closed", "status");
  writer_->call([&](Connection& c, OpContext&) {
    std::int64_t now = now_ms();
    c.prepare(sql::kSetTicketStatus).bind(ticket_id, status, now).run();
    if (c.changes() == 0) throw Error(ErrorKind::not_found, "no such ticket", "ticket_id");
    if (status != "open") c.prepare(sql::kResolveEscalations).bind(ticket_id, now).run();
  });
}

std::vector<AgentRunRow> SqliteStore::agent_runs(const std::string& ticket_id) {
  auto c = readers_->acquire();
  auto s = c->prepare(sql::kSelectAgentRuns);
  s.bind(ticket_id);
  std::vector<AgentRunRow> out;
  while (s.step()) {
    AgentRunRow a;
    a.ticket_id = s.text(0);
    a.idempotency_key = s.text(1);
    a.engine = s.text(2);
    a.escalated = s.i64(3) != 0;
    a.trace_json = s.text(4);
    a.latency_ms = s.i64(5);
    a.tokens_in = s.i64(6);
    a.tokens_out = s.i64(7);
    a.created_at_ms = s.i64(8);
    out.push_back(std::move(a));
  }
  return out;
}

// --- knowledge base -----------------------------------------------------------------------------

void SqliteStore::replace_knowledge(const std::string& source,
                                    const std::vector<KnowledgeChunk>& chunks) {
  if (source.empty())
    throw Error(ErrorKind::invalid_argument, "knowledge needs a source", "source");
  writer_->call([&](Connection& c, OpContext&) {
    auto st = c.prepare(sql::kKnowledgeStamp);
    st.bind(now_ms());
    std::int64_t now = st.step() ? st.i64(0) : now_ms();
    c.prepare(sql::kDeleteKnowledgeSource).bind(source).run();
    for (const auto& k : chunks) {
      auto s = c.prepare(sql::kInsertKnowledge);
      s.bind(k.id.empty() ? new_row_id() : k.id, k.title, k.content, k.category, source);
      s.bind_blob(6, k.embedding.data(), k.embedding.size() * sizeof(float));
      s.bind_at(7, now);
      s.run();
    }
  });
}

// --- event log ----------------------------------------------------------------------------------

std::int64_t SqliteStore::append_events(const std::vector<std::pair<std::string, Envelope>>& ev) {
  if (ev.empty()) return last_event_seq();
  return writer_->call(
      [&](Connection& c, OpContext& cx) { return append_events_in_tx(c, cx, ev); });
}

void SqliteStore::commit_offset(const std::string& group, const std::string& topic,
                                std::int64_t seq) {
  commit_offsets(group, {topic}, seq);
}

// One writer operation for all of them (one wait for the writer instead of one per topic).
void SqliteStore::commit_offsets(const std::string& group, const std::vector<std::string>& topics,
                                 std::int64_t seq) {
  if (topics.empty()) return;
  writer_->call_gathered([&](Connection& c, OpContext&) {
    const std::int64_t now = now_ms();
    for (const auto& t : topics) c.prepare(sql::kCommitOffset).bind(group, t, seq, now).run();
  });
}

void SqliteStore::on_events_appended(std::function<void()> cb) {
  writer_->on_events_appended(std::move(cb));
}

bool SqliteStore::on_events_committed(EventsCommitted cb) {
  writer_->on_events_committed(std::move(cb));
  return true;
}

void SqliteStore::on_events_appended_to(TopicsAppended cb) {
  writer_->on_events_appended_to(std::move(cb));
}

// --- audit --------------------------------------------------------------------------------------

void SqliteStore::audit(const std::string& kind, const std::string& correlation_id,
                        const std::string& detail_json) {
  writer_->call(
      [&](Connection& c, OpContext&) { audit_in_tx(c, kind, correlation_id, detail_json); });
}

}  // namespace sqlite
}  // namespace fte
