// bench_multichannel: the parent specification's "24-hour multi-channel test", compressed into
// minutes and repeatable. Starts a real PostgreSQL 15, librdkafka's mock Kafka cluster (in this
// process, so a broker can be taken down), fake Gmail and Twilio speaking their real APIs, and the
// real `fte` binary as N gateways + M agents + K deliver processes; sends web-form, email (pushed and
// polled) and WhatsApp messages, some customers on several channels, while chaos runs (SIGKILL of a
// random replica every few seconds, one PostgreSQL restart, one broker outage); then reports
// availability, latency, escalations, identification, losses, duplicates, publishes per message
// and the DLQ. --check turns the aims into the exit code (ctest: label `chaos`, --preset ci).
// Exit codes: 0 ok, 1 a check failed, 2 usage, 77 PostgreSQL cannot run here (skip).
#include <CLI/CLI.hpp>
#include <iostream>
#include <random>

#include "bus/kafka/mock_cluster.h"
#include "chaos.h"
#include "clients.h"
#include "db.h"
#include "fleet.h"
#include "providers.h"
#include "report.h"
#include "scenario.h"
#include "support/postgres_server.h"
#include "topic_reader.h"

using namespace fte::bench;
using namespace std::chrono_literals;

namespace {

struct Options {
  ScenarioOptions scenario;
  int gateways = 2, agents = 2, delivers = 1, partitions = 3;
  ChaosOptions chaos;
  double pg_restart_at = 0.4, broker_outage_at = 0.65;  // fractions of the duration (< 0: none)
  int gmail_poll_s = 2, accept_deadline_s = 120, settle_deadline_s = 240, client_threads = 16;
  bool check = false, keep = false;
  Thresholds thresholds;
  std::string preset;
  std::vector<std::string> fte_env;  // KEY=VALUE for every replica
};

void log(const std::string& s) { std::cerr << "[multichannel] " << s << std::endl; }

// Runs a one-shot `fte` command to completion; true when it exits 0.
bool run_once(std::vector<std::string> args, const std::map<std::string, std::string>& env,
              const std::filesystem::path& log_file) {
  fte::testing::FteProcess p(std::move(args), env, log_file);
  return p.wait() == 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"The 24-hour multi-channel test, compressed: replicas on PostgreSQL + Kafka under chaos"};
  auto& s = o.scenario;
  app.add_option("--preset", o.preset, "ci: the reduced run of the test command (24/12/12 messages, 60 s)")
      ->check(CLI::IsMember({"ci", "full"}));
  app.add_option("--webform", s.webform, "web-form messages");
  app.add_option("--email", s.email, "email messages (half pushed, half polled)");
  app.add_option("--whatsapp", s.whatsapp, "WhatsApp messages");
  app.add_option("--cross-channel", s.cross_channel, "customers who write on two or more channels");
  app.add_option("--duration", s.duration_s, "seconds over which the messages are sent");
  app.add_option("--seed", s.seed, "workload seed");
  app.add_option("--gateways", o.gateways, "fte gateway replicas");
  app.add_option("--agents", o.agents, "fte agent replicas");
  app.add_option("--delivers", o.delivers, "fte deliver replicas");
  app.add_option("--partitions", o.partitions, "partitions per Kafka topic");
  app.add_option("--kill-every", o.chaos.kill_period_s, "seconds between SIGKILLs of a random replica (0 = none)");
  app.add_option("--pg-restart-at", o.pg_restart_at, "PostgreSQL restart, as a fraction of the duration (<0 = none)");
  app.add_option("--broker-outage-at", o.broker_outage_at, "broker outage start, fraction of the duration (<0 = none)");
  app.add_option("--broker-outage-seconds", o.chaos.broker_outage_s, "broker outage length");
  app.add_option("--kill-roles", o.chaos.kill_roles, "roles whose replicas may be killed (default: all)")
      ->check(CLI::IsMember({"gateway", "agent", "deliver"}));
  app.add_option("--quiet-around-faults", o.chaos.quiet_s, "no kills this many seconds around a restart/outage");
  app.add_option("--gmail-poll-seconds", o.gmail_poll_s, "gateways' Gmail polling interval");
  app.add_option("--accept-deadline", o.accept_deadline_s, "seconds a client keeps retrying one message");
  app.add_option("--settle-deadline", o.settle_deadline_s, "seconds to wait for every reply after the traffic");
  app.add_option("--client-threads", o.client_threads, "concurrent clients");
  app.add_flag("--check", o.check, "exit 1 when an aim is missed");
  app.add_option("--min-availability", o.thresholds.min_availability, "--check: front-door availability");
  app.add_option("--min-identification", o.thresholds.min_identification, "--check: cross-channel identification");
  app.add_option("--max-publishes", o.thresholds.max_publishes_per_message,
                 "--check: most records of one message on fte.tickets.incoming");
  app.add_option("--max-mean-publishes", o.thresholds.max_mean_publishes,
                 "--check: records per message on fte.tickets.incoming, on average");
  app.add_flag("--keep", o.keep, "keep the logs folder");
  app.add_option("--fte-env", o.fte_env, "KEY=VALUE added to every replica's environment (repeatable)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (o.preset == "ci") {  // the reduced run: same chaos kinds, a quarter of the traffic, one minute
    auto given = [&](const char* name) { return app.get_option(name)->count() > 0; };
    if (!given("--webform")) s.webform = 24;
    if (!given("--email")) s.email = 12;
    if (!given("--whatsapp")) s.whatsapp = 12;
    if (!given("--cross-channel")) s.cross_channel = 4;
    if (!given("--duration")) s.duration_s = 60;
    if (!given("--kill-every")) o.chaos.kill_period_s = 4;
    if (!given("--accept-deadline")) o.accept_deadline_s = 90;
    if (!given("--settle-deadline")) o.settle_deadline_s = 150;
  }
  o.chaos.pg_restart_at_s = o.pg_restart_at < 0 ? -1 : o.pg_restart_at * s.duration_s;
  o.chaos.broker_outage_at_s = o.broker_outage_at < 0 ? -1 : o.broker_outage_at * s.duration_s;
  o.chaos.seed = s.seed + 1;

  Scenario scenario;
  try {
    scenario = make_scenario(s);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }

  std::string why;
  auto pg = fte::testing::PostgresServer::start(why);
  if (!pg) {
    std::cerr << "bench_multichannel: PostgreSQL cannot run here: " << why << "\n";
    return 77;
  }
  auto db_name = pg->create_database("multichannel");
  Db db(pg->conninfo(db_name));
  fte::KafkaMockCluster kafka(fte::KafkaMockOptions{1, o.partitions, ""});
  TimedGoogle google;
  fte::e2e::FakeTwilio twilio(kAccountSid, kAuthToken, kWhatsAppFrom);
  TwilioWatch twilio_watch(twilio);
  auto dir = fte::testing::temp_dir("fte-multichannel");
  log("logs in " + dir.string());

  std::map<std::string, std::string> env = {
      {"FTE_DATABASE_URL", pg->url(db_name)},
      {"FTE_BUS", "kafka://" + kafka.bootstrap()},
      {"FTE_AGENT_ENGINE", "local"},
      {"FTE_KB_PATH", ""},
      {"FTE_ADMIN_TOKEN", kAdminToken},
      {"FTE_PUBLIC_URL", kPublicUrl},
      {"FTE_COMPANY_NAME", "Example"},
      {"FTE_DRAIN_SECONDS", "30"},  // the chart's value (tests/scripts/deploy_proven_defaults.sh)
      {"FTE_CLIENT_IP_HEADER", "X-Forwarded-For"},
      {"TWILIO_ACCOUNT_SID", kAccountSid},
      {"TWILIO_AUTH_TOKEN", kAuthToken},
      {"TWILIO_WHATSAPP_FROM", kWhatsAppFrom},
      {"TWILIO_API_BASE", twilio.url()},
      {"GMAIL_CLIENT_ID", "multichannel.apps.googleusercontent.com"},
      {"GMAIL_CLIENT_SECRET", "multichannel-client-secret"},
      {"GMAIL_REFRESH_TOKEN", google.google.expected_refresh_token},
      {"GMAIL_API_BASE", google.url()},
      {"GMAIL_TOKEN_URL", google.url() + "/token"},
      {"FTE_GMAIL_JWKS_URL", google.url() + "/oauth2/v3/certs"},
      {"FTE_GMAIL_PUSH_AUDIENCE", kAudience},
      {"FTE_GMAIL_PUSH_SERVICE_ACCOUNT", kPushAccount},
      {"FTE_SUPPORT_EMAIL", kSupportEmail},
  };
  for (const auto& kv : o.fte_env) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "--fte-env: expected KEY=VALUE, got " << kv << "\n";
      return 2;
    }
    env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  if (!run_once({"migrate"}, env, dir / "migrate.log") ||
      !run_once({"kb", "import", std::string(FTE_SOURCE_DIR) + "/data/kb"}, env, dir / "kb-import.log")) {
    log("fte migrate / kb import failed; see " + dir.string());
    return 1;
  }
  Fleet fleet(dir, env, {{"gateway", {{"FTE_GMAIL_POLL_SECONDS", std::to_string(o.gmail_poll_s)}}}});
  fleet.add("gateway", o.gateways);
  fleet.add("agent", o.agents);
  fleet.add("deliver", o.delivers);
  if (!fleet.start(60s)) {
    log("the replicas did not become ready; see " + dir.string());
    return 1;
  }
  log("fleet ready: " + std::to_string(o.gateways) + " gateways, " + std::to_string(o.agents) + " agents, " +
      std::to_string(o.delivers) + " deliver; " + std::to_string(scenario.messages.size()) + " messages over " +
      std::to_string(s.duration_s) + " s");

  Chaos chaos(o.chaos, fleet, [&] { return pg->stop() && pg->restart(); },
              [&](bool up) { up ? kafka.broker_up(1) : kafka.broker_down(1); });
  const auto start_ms = wall_ms() + 200;
  chaos.start(start_ms);
  Clients clients(scenario, fleet, google, db, o.client_threads, o.accept_deadline_s);
  clients.run(start_ms);
  log("traffic done after " + std::to_string((wall_ms() - start_ms) / 1000) + " s");
  // The scheduled one-off faults always happen, even when the traffic ended first.
  fte::testing::wait_until([&] {
    return (o.chaos.pg_restart_at_s < 0 || chaos.pg_restarted()) &&
           (o.chaos.broker_outage_at_s < 0 || chaos.broker_outage_done());
  }, std::chrono::seconds(s.duration_s + 60));
  chaos.stop();
  if (!fte::testing::wait_until([&] { return fleet.all_ready(); }, 60s)) log("not every replica is ready after the chaos");

  // Settle: every stored message answered, then nothing new for three looks in a row.
  Observed seen{scenario, clients.results(), db, {}, {}, fleet.ports("gateway"), {}, {}};
  auto look = [&] {
    seen.gmail = google.sends();
    seen.twilio = twilio_watch.sends();
    return measure(seen);
  };
  bool answered = fte::testing::wait_until([&] {
    auto r = look();
    return r.lost == 0;
  }, std::chrono::seconds(o.settle_deadline_s));
  std::string last;
  int same = 0;
  fte::testing::wait_until([&] {
    auto ev = db.query("SELECT (SELECT count(*) FROM messages WHERE direction = 'outbound'), (SELECT max(seq) FROM events)");
    std::string sig = std::to_string(google.sends().size()) + "/" + std::to_string(twilio_watch.sends().size()) + "/" +
                      (ev && !ev->empty() ? (*ev)[0][0] + "/" + (*ev)[0][1] : std::string("?"));
    same = sig == last ? same + 1 : 0;
    last = sig;
    if (same < 3) std::this_thread::sleep_for(1s);  // spacing of the quiet looks
    return same >= 3;
  }, 60s);
  log(std::string("settled") + (answered ? "" : " (some messages still without a reply at the deadline)"));

  auto incoming = read_topic(kafka.bootstrap(), "fte.tickets.incoming", 30s);
  auto dlq = read_topic(kafka.bootstrap(), "fte.dlq", 30s);
  if (!incoming || !dlq) log("could not read fte.tickets.incoming / fte.dlq to the end");
  seen.incoming = incoming.value_or(std::vector<TopicRecord>{});
  seen.dlq = dlq.value_or(std::vector<TopicRecord>{});
  auto report = look();

  std::cout << "\n== multi-channel test: " << scenario.messages.size() << " messages (" << s.webform << " web form, "
            << s.email << " email, " << s.whatsapp << " WhatsApp; " << s.cross_channel
            << " cross-channel customers) over " << s.duration_s << " s; " << o.gateways << " gateways, "
            << o.agents << " agents, " << o.delivers << " deliver; PostgreSQL 15 + Kafka (mock, 1 broker, "
            << o.partitions << " partitions) ==\n";
  report.print(std::cout);
  std::cout << "chaos: " << chaos.kills() << " SIGKILLs, " << fleet.crash_report() << "\n";
  for (const auto& l : chaos.log()) std::cout << "  " << l << "\n";
  auto unclean = fleet.stop();
  std::cout << "graceful stop (SIGTERM): " << (unclean.empty() ? "every replica exited 0" : unclean) << "\n";

  int rc = 0;
  if (o.check) {
    auto f = report.failures(o.thresholds);
    if (!unclean.empty()) f.push_back("a replica did not stop cleanly on SIGTERM: " + unclean);
    if (fleet.crashes() > 0) f.push_back("a replica crashed (a signal the harness did not send): " + fleet.crash_report());
    for (const auto& x : f) std::cout << "CHECK FAILED: " << x << "\n";
    if (!f.empty()) {
      std::cout << "logs kept in " << dir << "\n";
      return 1;
    }
    std::cout << "all checks passed\n";
  }
  if (!o.keep && rc == 0) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  } else {
    std::cout << "logs kept in " << dir << "\n";
  }
  return rc;
}
