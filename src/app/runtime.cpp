#include "app/runtime.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <iostream>

#include "agent/runtime/agent.h"
#include "agent/judgement/company_rules.h"
#include "app/admin_routes.h"
#include "app/console_routes.h"
#include "app/channels_wiring.h"
#include "app/event_pruner.h"
#include "app/instance_leases.h"
#include "app/outbox_relay.h"
#include "app/pipeline.h"
#include "app/static_pages.h"
#include "bus/kafka/kafka_bus.h"
#include "bus/kafka/mock_cluster.h"
#include "bus/local/local_bus.h"
#include "channels/webform/webform.h"
#include "core/error.h"
#include "http/server.h"
#include "app/embedder_wiring.h"
#include "app/knowledge_gaps_routes.h"
#include "app/knowledge_reloader.h"
#include "kb/knowledge_base.h"
#include "ops/log.h"
#include "ops/metrics.h"
#include "store/postgres/postgres_store.h"
#include "store/store.h"

namespace fs = std::filesystem;

namespace fte::app {

namespace {

ops::Level parse_level(const std::string& s) {
  if (s == "debug") return ops::Level::debug;
  if (s == "warn") return ops::Level::warn;
  if (s == "error") return ops::Level::error;
  return ops::Level::info;
}

std::unique_ptr<Store> open_store(const Config& c) {
  StoreOptions o;
  o.url = c.database_url;
  o.writers = c.pg_writers;
  o.thread_slice_us = c.thread_slice_us;
  if (c.database_url.rfind("sqlite://", 0) == 0) {
    auto path = c.database_url.substr(9);
    auto dir = fs::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty()) fs::create_directories(dir, ec);
    return open_sqlite_store(o);
  }
  if (c.database_url.rfind("postgres://", 0) == 0 || c.database_url.rfind("postgresql://", 0) == 0)
    return open_postgres_store(o);
  throw ConfigError("FTE_DATABASE_URL: expected sqlite://PATH or postgres://USER@HOST:PORT/DB");
}

// The local bus is the store's own event log, private to one database: FTE_TOPIC_PREFIX applies to
// Kafka topics only, so the outbox (which the pipeline writes with plain topic names) and the local
// bus always agree.
std::unique_ptr<Bus> open_local(const Config& c, Store& store, ops::Metrics& m) {
  LocalBusOptions lo;
  lo.lanes = c.agent_lanes;
  BusOptions o;
  o.on_dead_letter = [&m](const std::string& t) { m.counter("fte_dlq_events_total", {{"topic", t}}).inc(); };
  return open_local_bus(store, o, lo);
}

std::unique_ptr<Bus> open_bus(const Config& c, Store& store, ops::Metrics& m) {
  if (c.bus == "local") return open_local(c, store, m);
  if (c.bus.rfind("kafka://", 0) == 0) {
    BusOptions o;
    o.topic_prefix = c.topic_prefix;
    o.on_dead_letter = [&m](const std::string& t) { m.counter("fte_dlq_events_total", {{"topic", t}}).inc(); };
    auto brokers = c.bus.substr(8);
    if (brokers.empty()) throw ConfigError("FTE_BUS: kafka:// needs HOST:PORT[,HOST:PORT…]");
    KafkaOptions ko;
    ko.session_timeout_ms = c.kafka_session_timeout_ms;
    ko.heartbeat_interval_ms = std::min(ko.heartbeat_interval_ms, std::max(100, ko.session_timeout_ms / 3));
    ko.socket_timeout_ms = std::max(ko.socket_timeout_ms, ko.session_timeout_ms + 4000);
    if (c.kafka_assignment == "lease") {
      ko.lease_store = &store;
      ko.instance_id = c.instance_id;
      ko.lease_ttl_ms = c.kafka_lease_ms;
      ko.lease_renew_ms = std::max(100, c.kafka_lease_ms / 4);
    }
    return open_kafka_bus(brokers, o, ko);
  }
  throw ConfigError("FTE_BUS: expected local or kafka://HOST:PORT[,HOST:PORT…], got " + c.bus);
}

std::string default_kb_path() {
#ifdef FTE_SOURCE_DIR
  if (fs::exists(fs::path(FTE_SOURCE_DIR) / "data" / "kb")) return std::string(FTE_SOURCE_DIR) + "/data/kb";
#endif
  if (fs::exists("data/kb")) return "data/kb";
  return "/usr/share/fte/kb";
}

// Imports FTE_KB_PATH (or, on first start with an empty knowledge base, the sample KB) into the
// store, then loads the store's chunks into the in-memory index.
void load_knowledge(const Config& c, Store& store, kb::KnowledgeBase& kb) {
  auto chunks = store.load_knowledge();
  std::string path = c.kb_path;
  if (path.empty() && chunks.empty()) path = default_kb_path();
  if (!path.empty()) {
    if (!fs::exists(path)) throw ConfigError("FTE_KB_PATH: no such file or folder: " + path);
    auto fresh = kb::load_path(path);
    std::erase_if(fresh, [](const KnowledgeChunk& ch) { return agent::is_policy_file(ch.source); });
    std::map<std::string, std::vector<KnowledgeChunk>> by_source;
    for (auto& ch : fresh) by_source[ch.source].push_back(std::move(ch));
    for (const auto& [src, v] : by_source) store.replace_knowledge(src, v);
    chunks = store.load_knowledge();
  }
  kb.load(std::move(chunks));
  // The company's escalation policy: FTE_ESCALATION_RULES or escalation-rules.md beside the KB.
  const auto rules = agent::CompanyRules::install(c.kb_path.empty() ? default_kb_path() : c.kb_path);
  if (!rules.empty()) ops::info("escalation rules loaded", {}, {{"path", rules}});
}

// With pgvector (a PostgreSQL store whose database has the extension) the vector half of knowledge
// search runs in SQL: the knowledge base's embeddings, folded to kPgvectorDims, are stored in the
// store's vector column and searches ask the store for the nearest chunks; BM25 and the final
// scores stay in process (src/store/postgres/README.md, "pgvector"). Returns whether it is active;
// on failure the in-process index serves.
constexpr std::size_t kPgvectorDims = 1024;
bool use_sql_vector_search(Store& store, kb::KnowledgeBase& kb) {
  auto* pgs = dynamic_cast<pg::PostgresStore*>(&store);
  if (!pgs || pgs->knowledge_mode() != "pgvector" || kb.size() == 0) return false;
  try {
    pgs->set_knowledge_vectors(kb.export_embeddings(kPgvectorDims));
  } catch (const std::exception& e) {
    ops::warn("pgvector knowledge search off; the in-process index serves", {},
              {{"error", e.what()}});
    return false;
  }
  kb.set_vector_search(
      [&store](const std::vector<float>& q, int k) { return store.knowledge_vector_search(q, k); },
      kPgvectorDims);
  return true;
}

void block_signals(sigset_t& set) {
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace

agent::AgentConfig agent_config(const Config& c) {
  agent::AgentConfig a;
  a.engine = c.agent_engine;
  a.company_name = c.company_name;
  a.openai_api_key = c.openai_api_key;
  a.openai_base_url = c.openai_base_url;
  a.openai_model = c.openai_model;
  a.daily_budget_usd = c.llm_daily_budget_usd;
  a.fallback = c.llm_fallback;
  a.llm_prices = c.llm_prices;
  a.openai_timeout_ms = c.llm_timeout_ms;
  a.competitor_names = c.competitor_names;
  a.docs_base_url = c.docs_base_url;
  return a;
}

int run_role(Role role, const Config& c) {
  sigset_t sigs;
  block_signals(sigs);  // before any thread starts: every thread inherits the mask
  ops::set_log_level(parse_level(c.log_level));
  const char* role_name = role == Role::serve     ? "serve"
                          : role == Role::gateway ? "gateway"
                          : role == Role::agent   ? "agent"
                                                  : "deliver";
  ops::Metrics metrics;
  metrics.declare("fte_bus_consumer_lag", "gauge", "Events not yet consumed, by group, topic and partition");
  metrics.declare("fte_up", "gauge", "1 while the process runs");
  metrics.gauge("fte_up", {{"role", role_name}}).set(1);

  auto store = open_store(c);
  release_predecessor_leases(*store, c.instance_id);  // app/instance_leases.h
  metrics.declare("fte_dlq_events_total", "counter", "Events sent to fte.dlq after their retries, by original topic");
  auto bus = open_bus(c, *store, metrics);
  std::unique_ptr<Bus> relay_bus;  // Kafka mode: the relay's producer
  std::unique_ptr<OutboxRelay> relay;
  std::unique_ptr<EventPruner> pruner;
  kb::KnowledgeBase kb;
  std::unique_ptr<agent::SupportAgent> support_agent;
  std::unique_ptr<AgentWorker> agent_worker;
  std::unique_ptr<DeliveryWorker> delivery_worker;
  StoreIntake intake(*store, metrics);

  bool run_gateway = role == Role::serve || role == Role::gateway;
  bool run_agent = role == Role::serve || role == Role::agent;
  bool run_deliver = role == Role::serve || role == Role::deliver;

  bool kb_sql = false;  // the vector half of knowledge search runs in SQL (pgvector)
  std::unique_ptr<KnowledgeReloader> kb_reloader;
  if (run_agent) {
    configure_embedder(c, *store, kb);
    load_knowledge(c, *store, kb);
    const auto kb_revision = store->knowledge_revision();
    kb_sql = use_sql_vector_search(*store, kb);
    std::function<void()> after_reload;
    if (kb_sql)
      after_reload = [&store, &kb] {
        if (auto* pgs = dynamic_cast<pg::PostgresStore*>(store.get()))
          pgs->set_knowledge_vectors(kb.export_embeddings(kPgvectorDims));
      };
    kb_reloader = std::make_unique<KnowledgeReloader>(*store, kb, metrics, std::move(after_reload));
    kb_reloader->loaded(kb_revision);
    auto acfg = agent_config(c);
    acfg.shared_spend = agent::shared_spend_in(*store);  // one daily budget for all replicas
    support_agent = std::make_unique<agent::SupportAgent>(*store, kb, acfg, metrics);
    agent_worker = std::make_unique<AgentWorker>(*store, *support_agent, metrics);
  }
  if (run_deliver) delivery_worker = std::make_unique<DeliveryWorker>(*store, metrics);
  ChannelSet channels(c, *store, intake, metrics);
  if (delivery_worker) channels.attach_senders(*delivery_worker);
  if (delivery_worker)
    delivery_worker->set_status_publisher([&bus](const std::string& t, const Envelope& e) { bus->publish(t, e); });
  if (delivery_worker && bus->kind() == "local") delivery_worker->set_status_in_store(c.topic_prefix);

  http::Router router;
  ReadinessProbe probe;
  probe.store_ping = [&] { store->ping(); };
  // A gateway on Kafka accepts into the store's outbox while the brokers are away (its relay
  // catches up), so a broker outage must not take every gateway out of the Service.
  if (!(role == Role::gateway && bus->kind() == "kafka")) probe.bus_ping = [&] { bus->ping(); };
  probe.store_backend = store->backend();
  probe.bus_kind = bus->kind();
  if (run_agent) {
    // The agent's vector search runs in SQL with pgvector, else on its in-process index (then the
    // store says what PostgreSQL supports).
    std::string mode = "in-process index (" + std::to_string(kb.size()) + " chunks)";
    if (kb_sql)
      mode = "pgvector (" + std::to_string(kb.size()) + " chunks; BM25 in process)";
    else if (store->backend() == "postgres")
      mode += ", store: " + postgres_knowledge_mode(*store);
    probe.kb_mode = mode;
  }
  register_health_routes(router, metrics, probe);
  if (auto* pgs = dynamic_cast<pg::PostgresStore*>(store.get())) {
    metrics.declare("fte_store_pool_connections", "gauge", "PostgreSQL read pool connections, by state");
    metrics.declare("fte_store_pool_exhausted_total", "counter",
                    "PostgreSQL pool acquires refused (wait queue full or deadline passed)");
    metrics.add_collector([pgs](ops::Metrics& m) {
      auto st = pgs->pool_stats();
      m.gauge("fte_store_pool_connections", {{"state", "open"}}).set(st.size);
      m.gauge("fte_store_pool_connections", {{"state", "idle"}}).set(st.idle);
      m.gauge("fte_store_pool_connections", {{"state", "waiting"}}).set(st.waiting);
      auto& c = m.counter("fte_store_pool_exhausted_total");
      if (auto d = static_cast<double>(st.exhausted) - c.value(); d > 0) c.inc(d);
    });
  }
  metrics.add_collector([&bus, &relay](ops::Metrics& m) {
    auto put = [&m](const std::vector<Bus::Lag>& lags) {
      for (const auto& l : lags)
        m.gauge("fte_bus_consumer_lag", {{"group", l.group}, {"topic", l.topic}, {"partition", std::to_string(l.partition)}})
            .set(static_cast<double>(l.lag));
    };
    put(bus->lag());
    if (relay) put(relay->lag());
  });
  if (run_gateway) {
    channels::webform::register_routes(router, intake, *store, metrics,
                                       {.submit_rate_per_minute = c.submit_rate_per_minute,
                                        .cors_origins = c.cors_origins,
                                        .client_ip_header = c.client_ip_header,
                                        .submit_rate_per_customer_per_hour = c.submit_rate_per_customer_per_hour});
    channels.register_routes(router);
    register_admin_routes(router, *store, c.admin_token);
    register_console_routes(router, *store, metrics, c.admin_token,
                            {.company_name = c.company_name});
    register_knowledge_gaps_routes(router, *store, c.admin_token);
    register_static_routes(router, {.web_dir = resolve_web_dir(c.web_dir),
                                    .form_frame_ancestors = c.form_frame_ancestors});
  }

  http::ServerOptions so;
  so.bind = c.http_bind;
  so.port = c.http_port;
  so.io_threads = c.http_threads;
  so.thread_slice_us = c.thread_slice_us;
  so.direct_answers = c.http_direct_answers;
  so.max_connections = c.http_max_connections;
  so.request_timeout_s = c.http_request_timeout_s;
  so.worker_threads = c.http_workers;
  so.worker_queue = static_cast<std::size_t>(c.http_worker_queue);
  http::HttpServer server(so, router, metrics);
  server.start();

  if (bus->kind() == "kafka") {
    // Kafka mode keeps the transactional outbox; every process is a candidate relay for all of
    // it and the store's lease makes exactly one of them active (app/outbox_relay.h).
    // Its own producer, whose publish gives up after a third of the lease: a leader blocked on a
    // broker outage still renews its lease between attempts instead of losing it mid-publish.
    KafkaOptions rko;
    rko.publish_timeout_ms = std::max(1000, c.relay_lease_seconds * 1000 / 3);
    relay_bus = open_kafka_bus(c.bus.substr(8), BusOptions{.topic_prefix = c.topic_prefix}, rko);
    RelayOptions ro;
    ro.lease_ms = c.relay_lease_seconds * 1000LL;
    ro.lanes = std::max(1, c.agent_lanes);
    ro.holder = lease_holder(c.instance_id);
    relay = std::make_unique<OutboxRelay>(*store, *relay_bus, metrics, std::move(ro));
  }
  pruner = std::make_unique<EventPruner>(*store, metrics, PrunerOptions{.retention_hours = c.event_retention_hours});
  if (run_gateway) channels.start();
  if (kb_reloader) kb_reloader->start(c.kb_reload_seconds);

  if (agent_worker)
    bus->subscribe("fte-agent", {std::string(topics::tickets_incoming)},
                   [w = agent_worker.get()](const Envelope& e, const std::string&) { w->handle(e); });
  if (delivery_worker)
    bus->subscribe("fte-deliver",
                   {topics::channel_topic("email", "outbound"), topics::channel_topic("whatsapp", "outbound"),
                    topics::channel_topic("webform", "outbound")},
                   [w = delivery_worker.get()](const Envelope& e, const std::string&) { w->handle(e); });

  ops::info("fte started", {},
            {{"role", role_name}, {"port", std::to_string(server.port())}, {"store", store->backend()},
             {"bus", bus->kind()}, {"engine", c.agent_engine}, {"channels", channels.summary()},
             {"knowledge_base", run_agent ? (kb_sql ? "pgvector, " : "in-process index, ") + std::to_string(kb.size()) + " chunks" : "n/a"}});

  int sig = 0;
  sigwait(&sigs, &sig);
  ops::info("fte stopping", {}, {{"signal", std::to_string(sig)}});
  server.stop(c.drain_seconds * 1000);  // stop intake first; answer what is in flight
  channels.stop();                      // no more Gmail polls
  if (kb_reloader) kb_reloader->stop();
  if (relay) relay->stop();             // finish the batch in hand, release the relay lease
  if (relay_bus) relay_bus->stop();
  pruner->stop();
  bus->stop();                          // finish in-flight handlers, commit offsets
  ops::info("fte stopped");
  return 0;
}

int run_migrate(const Config& c) {
  auto store = open_store(c);
  store->ping();
  std::cout << "migrations applied (" << store->backend() << ")\n";
  return 0;
}

int run_kb_import(const Config& c, const std::string& path) {
  auto store = open_store(c);
  auto chunks = kb::load_path(path);
  std::erase_if(chunks, [](const KnowledgeChunk& ch) { return agent::is_policy_file(ch.source); });
  std::map<std::string, std::vector<KnowledgeChunk>> by_source;
  for (auto& ch : chunks) by_source[ch.source].push_back(std::move(ch));
  for (const auto& [src, v] : by_source) store->replace_knowledge(src, v);
  std::cout << "imported " << chunks.size() << " chunks from " << by_source.size() << " file(s)\n";
  return 0;
}

int run_kb_search(const Config& c, const std::string& query, int k) {
  auto store = open_store(c);
  kb::KnowledgeBase kb;
  configure_embedder(c, *store, kb);
  load_knowledge(c, *store, kb);
  use_sql_vector_search(*store, kb);
  for (const auto& h : kb.search(query, k)) {
    std::cout << h.score << "\t" << h.title << "\t(" << h.source << ")\n";
  }
  std::cout << "relevance threshold: " << kb.relevance_threshold() << "\n";
  return 0;
}

int run_dev_kafka_cli(int brokers) {
  const char* prefix = std::getenv("FTE_TOPIC_PREFIX");
  return run_dev_kafka(brokers, prefix ? prefix : "");
}

}  // namespace fte::app
