#include "fleet.h"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>

#include "http/client.h"

namespace fte::bench {

using namespace std::chrono_literals;

Fleet::Fleet(std::filesystem::path dir, std::map<std::string, std::string> env,
             std::map<std::string, std::map<std::string, std::string>> role_env)
    : dir_(std::move(dir)), env_(std::move(env)), role_env_(std::move(role_env)) {}

Fleet::~Fleet() {
  stopping_ = true;
  if (monitor_.joinable()) monitor_.join();
  std::lock_guard lk(mu_);
  for (auto& r : replicas_) r->proc.reset();  // SIGKILL what is left
}

void Fleet::add(const std::string& role, int count) {
  for (int i = 0; i < count; ++i) {
    auto r = std::make_unique<Replica>();
    r->role = role;
    r->index = i;
    r->port = testing::free_port();
    replicas_.push_back(std::move(r));
  }
}

void Fleet::spawn(Replica& r) {
  auto env = env_;
  for (const auto& [k, v] : role_env_[r.role]) env[k] = v;
  env["FTE_HTTP_PORT"] = std::to_string(r.port);
  // The pod's name: a restarted replica is the same pod (a container restarted in place).
  if (!env.count("FTE_INSTANCE_ID")) env["FTE_INSTANCE_ID"] = r.name();
  r.proc = std::make_unique<testing::FteProcess>(std::vector<std::string>{r.role}, env,
                                                 dir_ / (r.name() + ".log"));
}

bool Fleet::probe(const Replica& r, const char* path) const {
  thread_local auto client = http::make_curl_client();
  http::ClientRequest q;
  q.url = "http://127.0.0.1:" + std::to_string(r.port) + path;
  q.timeout_ms = 1000;
  return client->send(q).status == 200;
}

bool Fleet::start(std::chrono::milliseconds deadline) {
  {
    std::lock_guard lk(mu_);
    for (auto& r : replicas_) spawn(*r);
  }
  bool ok = testing::wait_until(
      [&] {
        for (auto& r : replicas_)
          if (!probe(*r, "/ready")) return false;
        return true;
      },
      deadline);
  for (auto& r : replicas_) r->ready = ok;
  monitor_ = std::thread([this] { monitor(); });
  return ok;
}

// Kubernetes in miniature: restart what died, route to gateways only while /ready says so — as
// the chart's readiness probe does (periodSeconds 5, failureThreshold 2: a ready pod leaves the
// Service once /ready has failed for 5 s; one that was not ready joins at its first success). A
// killed replica leaves at once (kill_random).
constexpr auto kUnreadyAfter = std::chrono::seconds(5);

void Fleet::monitor() {
  while (!stopping_) {
    for (auto& r : replicas_) {
      if (stopping_) break;
      {
        std::lock_guard lk(mu_);
        siginfo_t info{};
        if (r->proc && ::waitid(P_PID, static_cast<id_t>(r->proc->pid()), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            info.si_pid == r->proc->pid()) {
          // Exited by itself: a non-zero exit (e.g. the store unreachable at start-up, which
          // Kubernetes answers with a restart) or a crash (a signal nobody sent).
          int st = r->proc->wait();
          ++(st >= 128 ? r->crashes : r->exits);
          r->ready = false;
          spawn(*r);
        }
      }
      int gen = r->generation;
      bool ok = probe(*r, "/ready");
      auto now = std::chrono::steady_clock::now();
      std::lock_guard lk(mu_);
      if (gen != r->generation) continue;
      if (ok) {
        r->failing = false;
        r->ready = true;
      } else {
        if (!r->failing) r->failing_since = now;
        r->failing = true;
        if (!r->ready || now - r->failing_since >= kUnreadyAfter) r->ready = false;
      }
    }
    std::this_thread::sleep_for(50ms);  // probe period (a readiness probe's periodSeconds)
  }
}

std::string Fleet::kill_random(std::mt19937_64& rng, const std::vector<std::string>& roles) {
  std::vector<Replica*> pool;
  for (auto& r : replicas_)
    if (roles.empty() || std::find(roles.begin(), roles.end(), r->role) != roles.end()) pool.push_back(r.get());
  if (pool.empty()) return "nothing";
  auto& r = *pool[rng() % pool.size()];
  std::lock_guard lk(mu_);
  ++r.generation;
  r.ready = false;  // the endpoint goes first: Kubernetes drops a dead pod from the Service
  if (r.proc) r.proc->kill(SIGKILL);
  ++r.kills;
  spawn(r);
  return r.name();
}

int Fleet::pick_gateway() {
  std::vector<int> up;
  for (auto& r : replicas_)
    if (r->role == "gateway" && r->ready) up.push_back(r->port);
  if (up.empty()) return 0;
  return up[rr_++ % up.size()];
}

std::vector<int> Fleet::ports(const std::string& role) const {
  std::vector<int> out;
  for (auto& r : replicas_)
    if (r->role == role) out.push_back(r->port);
  return out;
}

bool Fleet::all_ready() {
  for (auto& r : replicas_)
    if (!probe(*r, "/ready")) return false;
  return true;
}

std::string Fleet::stop() {
  stopping_ = true;
  if (monitor_.joinable()) monitor_.join();
  std::lock_guard lk(mu_);
  for (auto& r : replicas_)
    if (r->proc) ::kill(r->proc->pid(), SIGTERM);
  std::string bad;
  for (auto& r : replicas_) {
    int st = r->proc ? r->proc->wait() : 0;
    if (st != 0) bad += r->name() + " exited " + std::to_string(st) + "; ";
  }
  return bad;
}

int Fleet::kills() const {
  std::lock_guard lk(mu_);
  int n = 0;
  for (auto& r : replicas_) n += r->kills;
  return n;
}

int Fleet::crashes() const {
  std::lock_guard lk(mu_);
  int n = 0;
  for (auto& r : replicas_) n += r->crashes;
  return n;
}

std::string Fleet::crash_report() const {
  std::lock_guard lk(mu_);
  std::string out;
  for (auto& r : replicas_)
    out += r->name() + ": " + std::to_string(r->kills) + " killed, " + std::to_string(r->exits) +
           " exited (restarted), " + std::to_string(r->crashes) + " crashed; ";
  return out;
}

}  // namespace fte::bench
