// Config: every option of `fte`, read from the environment (and *_FILE for secrets) in one place,
// each with a description and a default, validated at start-up: a bad value throws ConfigError
// naming the option. Only src/app reads the environment.
#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace fte::app {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionDoc {
  std::string name, default_value, description;
  bool secret = false;
};
const std::vector<OptionDoc>& option_docs();
std::string options_help();  // for `fte serve --help`

struct Config {
  int http_port = 8080;
  std::string http_bind = "0.0.0.0";
  int http_threads = 2;
  int thread_slice_us = 0;  // FTE_THREAD_SLICE_US: I/O threads and the SQLite writer; 0 = kernel default
  bool http_direct_answers = false;  // FTE_HTTP_DIRECT_ANSWERS: the answering thread sends
  int http_max_connections = 4096;   // lowered at start to fit RLIMIT_NOFILE
  int http_request_timeout_s = 10;   // slowloris: a new connection's first request, complete
  int http_workers = 8;              // handler pool (store work never runs on I/O threads)
  int http_worker_queue = 1024;      // beyond it: 503 + Retry-After
  std::string form_frame_ancestors = "*";  // CSP frame-ancestors of the support form only
  std::string database_url = "sqlite://var/fte.db";
  std::string bus = "local";
  std::string topic_prefix;
  std::string kb_path;  // file or folder of markdown; empty = none
  int kb_reload_seconds = 30;  // agents reload the knowledge base after an import (0 = never)
  std::string web_dir;  // static pages
  std::string admin_token;
  std::string public_url;
  std::string log_level = "info";
  int agent_lanes = 4;
  int pg_writers = 1;  // FTE_PG_WRITERS
  int drain_seconds = 30;
  std::string company_name = "Support";
  // agent engine
  std::string agent_engine;  // local|openai; default: openai when OPENAI_API_KEY set
  std::string openai_api_key, openai_base_url = "https://api.openai.com/v1", openai_model = "gpt-4o-mini";
  std::string embedder = "hash";  // hash|openai: knowledge-base embeddings (src/kb/text_embedder.h)
  std::string embedding_model = "text-embedding-3-small";
  std::string docs_base_url;      // links to cited doc sections ("" = none)
  double llm_daily_budget_usd = 0;
  std::string llm_fallback = "local";      // local|human: when the model service is down
  std::string llm_prices;                  // model=IN/OUT,... USD per 1M tokens (over built-ins)
  int llm_timeout_ms = 20000;              // per model HTTP attempt
  std::vector<std::string> competitor_names;  // the agent never talks about these
  // Twilio
  std::string twilio_account_sid, twilio_auth_token, twilio_whatsapp_from;
  std::string twilio_api_base = "https://api.twilio.com";
  std::string twilio_template_sid, twilio_template_variables;
  // Meta WhatsApp Cloud API (a second WhatsApp provider)
  std::string meta_app_secret, meta_verify_token, meta_access_token, meta_phone_number_id;
  std::string meta_graph_base = "https://graph.facebook.com/v21.0";
  std::string meta_template_name, meta_template_language = "en";
  std::string whatsapp_provider = "auto";  // auto|twilio|meta: which one sends WhatsApp replies
  // Gmail
  std::string gmail_client_id, gmail_client_secret, gmail_refresh_token, gmail_user = "me";
  std::string gmail_api_base = "https://gmail.googleapis.com";
  std::string gmail_token_url = "https://oauth2.googleapis.com/token";
  std::string gmail_push_audience, gmail_push_service_account;
  std::string gmail_jwks_url = "https://www.googleapis.com/oauth2/v3/certs";
  std::string support_email;
  int gmail_poll_seconds = 0;
  std::string gmail_pubsub_topic;
  std::vector<std::string> cors_origins;
  int submit_rate_per_minute = 30;
  int submit_rate_per_customer_per_hour = 0;  // per email address, all replicas together; 0 = off
  int event_retention_hours = 168;  // published/consumed events older than this are deleted
  int relay_lease_seconds = 10;     // outbox relay lease: a dead leader is replaced within this
  int kafka_session_timeout_ms = 6000;  // a killed consumer's partitions move after this
  std::string kafka_assignment = "lease";  // "lease" (store partition leases) or "group"
  int kafka_lease_ms = 2000;                // partition lease time in lease mode
  std::string instance_id;                  // FTE_INSTANCE_ID (the pod name); "" = none
  std::string client_ip_header;  // lower-case header name, e.g. x-forwarded-for; "" = peer address
};

// Reads and validates; env is injectable for tests (nullptr = the process environment).
Config load_config(const std::map<std::string, std::string>* env = nullptr);

}  // namespace fte::app
