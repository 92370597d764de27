#include "app/config.h"

#include "agent/engines/llm_cost.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fte::app {

const std::vector<OptionDoc>& option_docs() {
  static const std::vector<OptionDoc> docs = {
      {"FTE_HTTP_PORT", "8080", "TCP port of the HTTP server (0 = any free port)"},
      {"FTE_HTTP_BIND", "0.0.0.0", "address the HTTP server binds"},
      {"FTE_HTTP_THREADS", "2", "HTTP I/O threads"},
      {"FTE_THREAD_SLICE_US", "0",
       "a shorter scheduler time slice (µs, 100..100000; Linux >= 6.12) for the threads on an "
       "intake's path (HTTP I/O threads, the SQLite writer): woken on a busy machine they run "
       "sooner; 0 keeps the kernel's default (docs/BENCHMARKS.md, round 13)"},
      {"FTE_HTTP_DIRECT_ANSWERS", "0",
       "1: an answer made on another thread (the store's commit, a worker) is sent by that thread "
       "at once; 0: it waits for the connection's I/O thread (docs/BENCHMARKS.md, round 14)"},
      {"FTE_HTTP_MAX_CONNECTIONS", "4096",
       "open HTTP connections at most (lowered to fit the descriptor limit); at the cap the oldest "
       "idle one is closed, then 503"},
      {"FTE_HTTP_REQUEST_TIMEOUT_SECONDS", "10",
       "a new connection must send a complete request within this time (slow clients are closed)"},
      {"FTE_HTTP_WORKERS", "8", "threads running HTTP handlers that touch the store (I/O threads never do)"},
      {"FTE_HTTP_WORKER_QUEUE", "1024", "HTTP requests waiting for a worker at most; beyond it 503 + Retry-After"},
      {"FTE_FORM_FRAME_ANCESTORS", "*",
       "who may frame the support form (embed.js): CSP frame-ancestors sources, space-separated, "
       "e.g. 'self' https://www.example.com (console and status pages are never frameable)"},
      {"FTE_DATABASE_URL", "sqlite://var/fte.db", "store: sqlite://PATH or postgres://USER@HOST:PORT/DB"},
      {"FTE_PG_WRITERS", "1",
       "PostgreSQL: group-commit writer connections (1..32); more than 1 pays off when the database "
       "has cores of its own and a slow WAL flush (docs/BENCHMARKS.md)"},
      {"FTE_BUS", "local", "event bus: local (durable log in the store) or kafka://HOST:PORT[,HOST:PORT]"},
      {"FTE_TOPIC_PREFIX", "", "prefix for every topic name (shared Kafka clusters)"},
      {"FTE_KB_PATH", "", "knowledge base: a markdown file or a folder of them, imported at start"},
      {"FTE_KB_RELOAD_SECONDS", "30",
       "how often agents check for a new knowledge-base import (fte kb import) and reload it (0 = never)"},
      {"FTE_WEB_DIR", "", "folder of the web pages (support form, console); default: the built-in path"},
      {"FTE_ADMIN_TOKEN", "", "bearer token for admin endpoints and the console (empty = admin API off)", true},
      {"FTE_PUBLIC_URL", "", "public base URL behind the proxy (Twilio signatures, links)"},
      {"FTE_LOG_LEVEL", "info", "debug|info|warn|error"},
      {"FTE_AGENT_LANES", "4", "agent runs in parallel per process (by customer)"},
      {"FTE_DRAIN_SECONDS", "30", "on SIGTERM, how long in-flight work may take to finish"},
      {"FTE_COMPANY_NAME", "Support", "company name used in reply signatures"},
      {"FTE_AGENT_ENGINE", "", "local|openai (default: openai when OPENAI_API_KEY is set, else local)"},
      {"OPENAI_API_KEY", "", "API key of the OpenAI-compatible service", true},
      {"OPENAI_BASE_URL", "https://api.openai.com/v1", "base URL of the OpenAI-compatible service"},
      {"OPENAI_MODEL", "gpt-4o-mini", "chat model"},
      {"FTE_EMBEDDER", "hash",
       "hash|openai: knowledge-base embeddings offline (feature hashing) or from OPENAI_BASE_URL/embeddings "
       "(any OpenAI-compatible server: OpenAI, Ollama, vLLM, llama.cpp, TEI; OPENAI_API_KEY optional)"},
      {"FTE_EMBEDDING_MODEL", "text-embedding-3-small", "embeddings model (FTE_EMBEDDER=openai)"},
      {"FTE_DOCS_BASE_URL", "", "public base URL of the product docs: replies and the console link cited sections"},
      {"FTE_LLM_DAILY_BUDGET_USD", "0", "daily model budget; past it the local engine answers (0 = none)"},
      {"FTE_LLM_FALLBACK", "local",
       "local|human: who answers when the model service is down (a spent budget always uses local)"},
      {"FTE_LLM_PRICES", "",
       "model prices, USD per 1M input/output tokens: gpt-4o-mini=0.15/0.60,other=1/2 (built in: "
       "gpt-4o-mini, gpt-4o, gpt-4.1, gpt-4.1-mini, gpt-4.1-nano, gpt-3.5-turbo)"},
      {"FTE_LLM_TIMEOUT_MS", "20000", "timeout of one model HTTP attempt (retries: 3 attempts in all)"},
      {"FTE_COMPETITORS", "", "comma-separated competitor names the agent never talks about"},
      {"TWILIO_ACCOUNT_SID", "", "Twilio account SID (WhatsApp)"},
      {"TWILIO_AUTH_TOKEN", "", "Twilio auth token: verifies webhooks, authenticates sends", true},
      {"TWILIO_WHATSAPP_FROM", "", "sender, e.g. whatsapp:+14155238886"},
      {"TWILIO_API_BASE", "https://api.twilio.com", "Twilio REST base URL"},
      {"TWILIO_TEMPLATE_SID", "", "approved template ContentSid for replies outside the 24 h window"},
      {"TWILIO_TEMPLATE_VARIABLES", "", "ContentVariables JSON for that template"},
      {"META_APP_SECRET", "", "Meta app secret: verifies X-Hub-Signature-256 on /webhooks/whatsapp/meta", true},
      {"META_VERIFY_TOKEN", "", "token Meta's webhook subscription check must present (hub.verify_token)", true},
      {"META_ACCESS_TOKEN", "", "Meta Cloud API access token (WhatsApp sends)", true},
      {"META_PHONE_NUMBER_ID", "", "the business phone number id (sends; inbound for other numbers is skipped)"},
      {"META_GRAPH_BASE", "https://graph.facebook.com/v21.0", "Meta Graph API base URL, with its version"},
      {"META_TEMPLATE_NAME", "", "approved template for WhatsApp replies outside the 24 h window (Meta)"},
      {"META_TEMPLATE_LANGUAGE", "en", "that template's language code"},
      {"FTE_WHATSAPP_PROVIDER", "auto",
       "auto|twilio|meta: who sends WhatsApp replies (auto: Twilio when configured, else Meta)"},
      {"GMAIL_CLIENT_ID", "", "OAuth client id (Gmail)"},
      {"GMAIL_CLIENT_SECRET", "", "OAuth client secret (Gmail)", true},
      {"GMAIL_REFRESH_TOKEN", "", "OAuth refresh token of the support mailbox", true},
      {"GMAIL_USER", "me", "Gmail user id"},
      {"GMAIL_API_BASE", "https://gmail.googleapis.com", "Gmail API base URL"},
      {"GMAIL_TOKEN_URL", "https://oauth2.googleapis.com/token", "OAuth token endpoint"},
      {"FTE_GMAIL_PUSH_AUDIENCE", "", "expected `aud` of Pub/Sub push tokens"},
      {"FTE_GMAIL_PUSH_SERVICE_ACCOUNT", "", "expected `email` of Pub/Sub push tokens"},
      {"FTE_GMAIL_JWKS_URL", "https://www.googleapis.com/oauth2/v3/certs", "Google JWKS URL"},
      {"FTE_GMAIL_POLL_SECONDS", "0", "poll Gmail every N seconds instead of push (0 = off)"},
      {"FTE_GMAIL_PUBSUB_TOPIC", "", "projects/P/topics/T for users.watch, renewed before expiry (empty = no watch)"},
      {"FTE_SUPPORT_EMAIL", "", "From address of email replies"},
      {"FTE_CORS_ORIGINS", "",
       "comma-separated browser origins (scheme://host[:port]) allowed to call the public web-form "
       "API from their own pages, or * for any; empty = none (the form and its iframe need none)"},
      {"FTE_SUBMIT_RATE_PER_MINUTE", "30",
       "web form submissions per client IP (IPv6: per /64) per minute, bursts up to the same "
       "number; over it: 429 with Retry-After (0 = no limit)"},
      {"FTE_SUBMIT_RATE_PER_CUSTOMER_PER_HOUR", "0",
       "web form submissions per customer email address per hour, counted in the store across "
       "all replicas; over it: 429 with Retry-After (0 = no limit)"},
      {"FTE_EVENT_RETENTION_HOURS", "168",
       "events (the outbox / local log) older than this are deleted once every consumer and the "
       "Kafka relay have passed them (0 = keep forever)"},
      {"FTE_RELAY_LEASE_SECONDS", "10",
       "Kafka mode: lease of the one active outbox relay per store; when its process dies another "
       "takes over within this time"},
      {"FTE_KAFKA_SESSION_TIMEOUT_MS", "6000",
       "Kafka mode: a consumer that stops heartbeating (a killed replica) loses its partitions "
       "after this; below 6000 only if the brokers' group.min.session.timeout.ms allows it"},
      {"FTE_KAFKA_ASSIGNMENT", "lease",
       "Kafka mode: lease = partitions held as store leases (a killed replica's partitions move "
       "within FTE_KAFKA_LEASE_MS, the others keep running); group = a Kafka consumer group"},
      {"FTE_KAFKA_LEASE_MS", "2000", "Kafka mode, lease assignment: partition lease time (renewed every quarter)"},
      {"FTE_INSTANCE_ID", "",
       "unique among running processes (the chart sets the pod name); a process restarted under the "
       "same id takes its dead predecessor's leases (relay, Kafka partitions) at once"},
      {"FTE_CLIENT_IP_HEADER", "",
       "behind a reverse proxy: header whose rightmost address is the client's, e.g. "
       "X-Forwarded-For (empty = the TCP peer address)"},
  };
  return docs;
}

std::string options_help() {
  std::ostringstream o;
  o << "Environment:\n";
  for (const auto& d : option_docs()) {
    o << "  " << d.name;
    for (std::size_t i = d.name.size(); i < 32; ++i) o << ' ';
    o << d.description;
    if (!d.default_value.empty()) o << " [default: " << d.default_value << "]";
    if (d.secret) o << " (secret; " << d.name << "_FILE reads it from a file)";
    o << '\n';
  }
  return o.str();
}

namespace {

struct Env {
  const std::map<std::string, std::string>* map;
  std::string get(const std::string& k, const std::string& def = {}) const {
    if (map) {
      auto it = map->find(k);
      if (it != map->end()) return it->second;
      auto f = map->find(k + "_FILE");
      if (f != map->end()) return read_file(k, f->second);
      return def;
    }
    if (const char* v = std::getenv(k.c_str())) return v;
    if (const char* f = std::getenv((k + "_FILE").c_str())) return read_file(k, f);
    return def;
  }
  static std::string read_file(const std::string& k, const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError(k + "_FILE: cannot read " + path);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
  }
};

int to_int(const std::string& name, const std::string& v, int lo, int hi) {
  try {
    std::size_t pos = 0;
    long x = std::stol(v, &pos);
    if (pos != v.size() || x < lo || x > hi) throw 1;
    return static_cast<int>(x);
  } catch (...) {
    throw ConfigError(name + ": expected an integer in [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "], got '" + v + "'");
  }
}

double to_double(const std::string& name, const std::string& v) {
  try {
    std::size_t pos = 0;
    double x = std::stod(v, &pos);
    if (pos != v.size() || x < 0) throw 1;
    return x;
  } catch (...) {
    throw ConfigError(name + ": expected a non-negative number, got '" + v + "'");
  }
}

std::string one_of(const std::string& name, const std::string& v, std::initializer_list<const char*> set) {
  for (auto* s : set)
    if (v == s) return v;
  std::string all;
  for (auto* s : set) all += std::string(all.empty() ? "" : "|") + s;
  throw ConfigError(name + ": expected " + all + ", got '" + v + "'");
}

}  // namespace

Config load_config(const std::map<std::string, std::string>* env_map) {
  Env env{env_map};
  Config c;
  c.http_port = to_int("FTE_HTTP_PORT", env.get("FTE_HTTP_PORT", "8080"), 0, 65535);
  c.http_bind = env.get("FTE_HTTP_BIND", c.http_bind);
  c.http_threads = to_int("FTE_HTTP_THREADS", env.get("FTE_HTTP_THREADS", "2"), 1, 64);
  c.thread_slice_us = to_int("FTE_THREAD_SLICE_US", env.get("FTE_THREAD_SLICE_US", "0"), 0, 100000);
  if (c.thread_slice_us > 0 && c.thread_slice_us < 100)
    throw ConfigError("FTE_THREAD_SLICE_US: expected 0 or an integer in [100, 100000], got '" +
                      std::to_string(c.thread_slice_us) + "'");
  c.http_direct_answers =
      to_int("FTE_HTTP_DIRECT_ANSWERS", env.get("FTE_HTTP_DIRECT_ANSWERS", "0"), 0, 1) == 1;
  c.http_max_connections =
      to_int("FTE_HTTP_MAX_CONNECTIONS", env.get("FTE_HTTP_MAX_CONNECTIONS", "4096"), 16, 1000000);
  c.http_request_timeout_s = to_int("FTE_HTTP_REQUEST_TIMEOUT_SECONDS",
                                    env.get("FTE_HTTP_REQUEST_TIMEOUT_SECONDS", "10"), 1, 3600);
  c.http_workers = to_int("FTE_HTTP_WORKERS", env.get("FTE_HTTP_WORKERS", "8"), 1, 256);
  c.http_worker_queue =
      to_int("FTE_HTTP_WORKER_QUEUE", env.get("FTE_HTTP_WORKER_QUEUE", "1024"), 1, 1000000);
  c.form_frame_ancestors = env.get("FTE_FORM_FRAME_ANCESTORS", "*");
  for (char ch : c.form_frame_ancestors)
    if (ch == ';' || ch == ',' || static_cast<unsigned char>(ch) < 0x20 || ch == '"')
      throw ConfigError("FTE_FORM_FRAME_ANCESTORS: expected space-separated CSP sources (*, 'self', "
                        "https://host), got '" + c.form_frame_ancestors + "'");
  if (c.form_frame_ancestors.find_first_not_of(' ') == std::string::npos)
    c.form_frame_ancestors = "'none'";
  c.database_url = env.get("FTE_DATABASE_URL", c.database_url);
  if (!(c.database_url.rfind("sqlite://", 0) == 0 || c.database_url.rfind("postgres://", 0) == 0 ||
        c.database_url.rfind("postgresql://", 0) == 0))
    throw ConfigError("FTE_DATABASE_URL: expected sqlite://PATH or postgres://..., got '" +
                      c.database_url + "'");
  c.bus = env.get("FTE_BUS", c.bus);
  if (c.bus != "local" && (c.bus.rfind("kafka://", 0) != 0 || c.bus.size() <= 8))
    throw ConfigError("FTE_BUS: expected local or kafka://HOST:PORT[,...], got '" + c.bus + "'");
  c.topic_prefix = env.get("FTE_TOPIC_PREFIX");
  c.kb_path = env.get("FTE_KB_PATH");
  c.kb_reload_seconds = to_int("FTE_KB_RELOAD_SECONDS", env.get("FTE_KB_RELOAD_SECONDS", "30"), 0, 86400);
  c.web_dir = env.get("FTE_WEB_DIR");
  c.admin_token = env.get("FTE_ADMIN_TOKEN");
  c.public_url = env.get("FTE_PUBLIC_URL");
  while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
  if (!c.public_url.empty() && c.public_url.rfind("http://", 0) != 0 && c.public_url.rfind("https://", 0) != 0)
    throw ConfigError("FTE_PUBLIC_URL: expected an http(s):// URL, got '" + c.public_url + "'");
  c.log_level = one_of("FTE_LOG_LEVEL", env.get("FTE_LOG_LEVEL", "info"), {"debug", "info", "warn", "error"});
  c.agent_lanes = to_int("FTE_AGENT_LANES", env.get("FTE_AGENT_LANES", "4"), 1, 256);
  c.pg_writers = to_int("FTE_PG_WRITERS", env.get("FTE_PG_WRITERS", "1"), 1, 32);
  c.drain_seconds = to_int("FTE_DRAIN_SECONDS", env.get("FTE_DRAIN_SECONDS", "30"), 0, 3600);
  c.company_name = env.get("FTE_COMPANY_NAME", c.company_name);
  c.openai_api_key = env.get("OPENAI_API_KEY");
  c.openai_base_url = env.get("OPENAI_BASE_URL", c.openai_base_url);
  c.openai_model = env.get("OPENAI_MODEL", c.openai_model);
  c.embedder = one_of("FTE_EMBEDDER", env.get("FTE_EMBEDDER", "hash"), {"hash", "openai"});
  c.embedding_model = env.get("FTE_EMBEDDING_MODEL", c.embedding_model);
  if (c.embedding_model.empty() || c.embedding_model.size() > 200)
    throw ConfigError("FTE_EMBEDDING_MODEL: expected a model name of 1-200 characters");
  if (c.embedder == "openai" && c.openai_base_url.rfind("http://", 0) != 0 &&
      c.openai_base_url.rfind("https://", 0) != 0)
    throw ConfigError("OPENAI_BASE_URL: FTE_EMBEDDER=openai needs an http(s):// URL, got '" +
                      c.openai_base_url + "'");
  c.docs_base_url = env.get("FTE_DOCS_BASE_URL");
  if (!c.docs_base_url.empty() && c.docs_base_url.rfind("http://", 0) != 0 &&
      c.docs_base_url.rfind("https://", 0) != 0)
    throw ConfigError("FTE_DOCS_BASE_URL: expected an http(s):// URL, got '" + c.docs_base_url + "'");
  auto engine = env.get("FTE_AGENT_ENGINE");
  if (engine.empty()) engine = c.openai_api_key.empty() ? "local" : "openai";
  c.agent_engine = one_of("FTE_AGENT_ENGINE", engine, {"local", "openai"});
  if (c.agent_engine == "openai" && c.openai_api_key.empty())
    throw ConfigError("FTE_AGENT_ENGINE: openai needs OPENAI_API_KEY");
  c.llm_daily_budget_usd = to_double("FTE_LLM_DAILY_BUDGET_USD", env.get("FTE_LLM_DAILY_BUDGET_USD", "0"));
  c.llm_fallback = one_of("FTE_LLM_FALLBACK", env.get("FTE_LLM_FALLBACK", "local"), {"local", "human"});
  c.llm_prices = env.get("FTE_LLM_PRICES");
  try {
    auto prices = agent::PriceTable::parse(c.llm_prices);
    if (c.agent_engine == "openai" && c.llm_daily_budget_usd > 0 && !prices.find(c.openai_model))
      throw ConfigError("FTE_LLM_PRICES: no price for OPENAI_MODEL '" + c.openai_model +
                        "', so FTE_LLM_DAILY_BUDGET_USD cannot be enforced; add " + c.openai_model + "=IN/OUT");
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("FTE_LLM_PRICES: ") + e.what());
  }
  c.llm_timeout_ms = to_int("FTE_LLM_TIMEOUT_MS", env.get("FTE_LLM_TIMEOUT_MS", "20000"), 100, 600000);
  {
    auto list = env.get("FTE_COMPETITORS");
    for (std::size_t b = 0; b <= list.size();) {
      auto e = list.find(',', b);
      if (e == std::string::npos) e = list.size();
      auto name = list.substr(b, e - b);
      while (!name.empty() && name.front() == ' ') name.erase(name.begin());
      while (!name.empty() && name.back() == ' ') name.pop_back();
      if (name.size() > 100) throw ConfigError("FTE_COMPETITORS: a name is longer than 100 characters");
      if (!name.empty()) c.competitor_names.push_back(name);
      b = e + 1;
    }
  }
  c.twilio_account_sid = env.get("TWILIO_ACCOUNT_SID");
  c.twilio_auth_token = env.get("TWILIO_AUTH_TOKEN");
  c.twilio_whatsapp_from = env.get("TWILIO_WHATSAPP_FROM");
  c.twilio_api_base = env.get("TWILIO_API_BASE", c.twilio_api_base);
  c.twilio_template_sid = env.get("TWILIO_TEMPLATE_SID");
  c.twilio_template_variables = env.get("TWILIO_TEMPLATE_VARIABLES");
  c.meta_app_secret = env.get("META_APP_SECRET");
  c.meta_verify_token = env.get("META_VERIFY_TOKEN");
  c.meta_access_token = env.get("META_ACCESS_TOKEN");
  c.meta_phone_number_id = env.get("META_PHONE_NUMBER_ID");
  c.meta_graph_base = env.get("META_GRAPH_BASE", c.meta_graph_base);
  c.meta_template_name = env.get("META_TEMPLATE_NAME");
  c.meta_template_language = env.get("META_TEMPLATE_LANGUAGE", c.meta_template_language);
  c.whatsapp_provider =
      one_of("FTE_WHATSAPP_PROVIDER", env.get("FTE_WHATSAPP_PROVIDER", "auto"), {"auto", "twilio", "meta"});
  {
    const bool twilio = !c.twilio_account_sid.empty() && !c.twilio_auth_token.empty() &&
                        !c.twilio_whatsapp_from.empty();
    const bool meta = !c.meta_access_token.empty() && !c.meta_phone_number_id.empty();
    if (c.whatsapp_provider == "twilio" && !twilio)
      throw ConfigError(
          "FTE_WHATSAPP_PROVIDER: twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM");
    if (c.whatsapp_provider == "meta" && !meta)
      throw ConfigError("FTE_WHATSAPP_PROVIDER: meta needs META_ACCESS_TOKEN and META_PHONE_NUMBER_ID");
    if (c.whatsapp_provider == "auto") c.whatsapp_provider = twilio ? "twilio" : meta ? "meta" : "";
  }
  c.gmail_client_id = env.get("GMAIL_CLIENT_ID");
  c.gmail_client_secret = env.get("GMAIL_CLIENT_SECRET");
  c.gmail_refresh_token = env.get("GMAIL_REFRESH_TOKEN");
  c.gmail_user = env.get("GMAIL_USER", c.gmail_user);
  c.gmail_api_base = env.get("GMAIL_API_BASE", c.gmail_api_base);
  c.gmail_token_url = env.get("GMAIL_TOKEN_URL", c.gmail_token_url);
  c.gmail_push_audience = env.get("FTE_GMAIL_PUSH_AUDIENCE");
  c.gmail_push_service_account = env.get("FTE_GMAIL_PUSH_SERVICE_ACCOUNT");
  c.gmail_jwks_url = env.get("FTE_GMAIL_JWKS_URL", c.gmail_jwks_url);
  c.gmail_poll_seconds = to_int("FTE_GMAIL_POLL_SECONDS", env.get("FTE_GMAIL_POLL_SECONDS", "0"), 0, 86400);
  c.support_email = env.get("FTE_SUPPORT_EMAIL");
  c.gmail_pubsub_topic = env.get("FTE_GMAIL_PUBSUB_TOPIC");
  auto cors = env.get("FTE_CORS_ORIGINS");
  for (std::size_t b = 0; b < cors.size();) {
    auto e = cors.find(',', b);
    if (e == std::string::npos) e = cors.size();
    auto o = cors.substr(b, e - b);
    while (!o.empty() && o.front() == ' ') o.erase(o.begin());
    while (!o.empty() && (o.back() == ' ' || o.back() == '/')) o.pop_back();
    if (!o.empty()) {
      auto scheme_end = o.find("://");
      bool ok = o == "*" ||
                ((o.rfind("http://", 0) == 0 || o.rfind("https://", 0) == 0) &&
                 o.size() > scheme_end + 3 && o.find('/', scheme_end + 3) == std::string::npos);
      if (!ok)
        throw ConfigError(
            "FTE_CORS_ORIGINS: expected comma-separated scheme://host[:port] origins or *, got '" +
            o + "'");
      c.cors_origins.push_back(o);
    }
    b = e + 1;
  }
  c.submit_rate_per_minute =
      to_int("FTE_SUBMIT_RATE_PER_MINUTE", env.get("FTE_SUBMIT_RATE_PER_MINUTE", "30"), 0, 1000000);
  c.submit_rate_per_customer_per_hour = to_int("FTE_SUBMIT_RATE_PER_CUSTOMER_PER_HOUR",
                                                env.get("FTE_SUBMIT_RATE_PER_CUSTOMER_PER_HOUR", "0"), 0, 1000000);
  c.event_retention_hours =
      to_int("FTE_EVENT_RETENTION_HOURS", env.get("FTE_EVENT_RETENTION_HOURS", "168"), 0, 24 * 3650);
  c.relay_lease_seconds = to_int("FTE_RELAY_LEASE_SECONDS", env.get("FTE_RELAY_LEASE_SECONDS", "10"), 2, 300);
  c.kafka_session_timeout_ms = to_int("FTE_KAFKA_SESSION_TIMEOUT_MS",
                                      env.get("FTE_KAFKA_SESSION_TIMEOUT_MS", "6000"), 1000, 300000);
  c.kafka_assignment = one_of("FTE_KAFKA_ASSIGNMENT", env.get("FTE_KAFKA_ASSIGNMENT", "lease"), {"lease", "group"});
  c.kafka_lease_ms = to_int("FTE_KAFKA_LEASE_MS", env.get("FTE_KAFKA_LEASE_MS", "2000"), 400, 300000);
  c.instance_id = env.get("FTE_INSTANCE_ID");
  c.client_ip_header = env.get("FTE_CLIENT_IP_HEADER");
  for (auto& ch : c.client_ip_header)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return c;
}

}  // namespace fte::app
