#include "bus/kafka/mock_cluster.h"

#include <arpa/inet.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "bus/kafka/kafka_conf.h"
#include "core/envelope.h"
#include "core/error.h"
#include "ops/log.h"

namespace fte {

// librdkafka 2.0.2's mock thread sometimes misses the wake-up for a control call (create topic,
// broker down, ...) and serves it only after its 1 s poll timeout. It serves control calls after
// any wake-up, so while a call is pending a helper thread opens and closes a TCP connection to an
// up broker every few milliseconds: each call then takes milliseconds instead of up to a second.
struct KafkaMockCluster::Impl {
  rd_kafka_t* rk = nullptr;  // the handle the cluster is attached to (librdkafka's bookkeeping)
  rd_kafka_mock_cluster_t* cluster = nullptr;
  std::string bootstrap;
  int brokers = 0;
  std::vector<int> ports;  // broker id i+1 listens on ports[i]

  std::mutex mu;
  std::condition_variable cv;
  int pending = 0;  // control calls in progress
  bool stopping = false;
  std::vector<bool> up;  // guarded by mu
  std::thread nudger;

  ~Impl() {
    if (!nudger.joinable()) return;
    {
      std::lock_guard lk(mu);
      stopping = true;
    }
    cv.notify_all();
    nudger.join();
  }

  void start_nudger() {
    nudger = std::thread([this] {
      std::unique_lock lk(mu);
      for (;;) {
        cv.wait(lk, [&] { return stopping || pending > 0; });
        if (stopping) return;
        int port = 0;
        for (std::size_t i = 0; i < up.size(); ++i)
          if (up[i]) {
            port = ports[i];
            break;
          }
        lk.unlock();
        if (port) poke(port);
        lk.lock();
        cv.wait_for(lk, std::chrono::milliseconds(5), [&] { return stopping || pending == 0; });
      }
    });
  }

  static void poke(int port) {
    int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::close(s);
  }

  // Runs one control call of the mock cluster with the nudger active.
  template <class F>
  auto call(F f) {
    {
      std::lock_guard lk(mu);
      ++pending;
    }
    cv.notify_all();
    struct Done {
      Impl* self;
      ~Done() {
        std::lock_guard lk(self->mu);
        --self->pending;
      }
    } done{this};
    return f();
  }
};

namespace {

void check(rd_kafka_resp_err_t err, const std::string& what) {
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw Error(ErrorKind::internal, "kafka mock " + what + ": " + rd_kafka_err2str(err));
}

}  // namespace

std::vector<std::string> spec_topic_names() {
  std::vector<std::string> t = {std::string(topics::tickets_incoming)};
  for (const char* ch : {"email", "whatsapp", "webform"})
    for (const char* kind : {"inbound", "outbound", "status"})
      t.push_back(topics::channel_topic(ch, kind));
  t.emplace_back(topics::escalations);
  t.emplace_back(topics::metrics);
  t.emplace_back(topics::dlq);
  return t;
}

KafkaMockCluster::KafkaMockCluster(const KafkaMockOptions& o) : impl_(std::make_unique<Impl>()) {
  if (o.brokers < 1) throw Error(ErrorKind::invalid_argument, "kafka mock: brokers must be >= 1");
  // No bootstrap servers: this handle never connects anywhere, it only hosts the cluster (its
  // "no bootstrap.servers" notice is below log_level 4 and stays out of the logs).
  impl_->rk = kafka::new_client(
      RD_KAFKA_PRODUCER, kafka::make_conf({{"client.id", "fte-mock"}, {"log_level", "4"}}, {}));
  impl_->cluster = rd_kafka_mock_cluster_new(impl_->rk, o.brokers);
  if (!impl_->cluster) {
    rd_kafka_destroy(impl_->rk);
    throw Error(ErrorKind::internal, "kafka mock: cannot create the cluster");
  }
  impl_->bootstrap = rd_kafka_mock_cluster_bootstraps(impl_->cluster);
  impl_->brokers = o.brokers;
  for (std::size_t pos = 0; pos < impl_->bootstrap.size();) {  // "127.0.0.1:P1,127.0.0.1:P2"
    auto end = impl_->bootstrap.find(',', pos);
    if (end == std::string::npos) end = impl_->bootstrap.size();
    auto colon = impl_->bootstrap.rfind(':', end);
    impl_->ports.push_back(std::stoi(impl_->bootstrap.substr(colon + 1, end - colon - 1)));
    pos = end + 1;
  }
  impl_->up.assign(impl_->ports.size(), true);
  impl_->start_nudger();
  create_spec_topics(o.topic_prefix, o.partitions);
}

KafkaMockCluster::~KafkaMockCluster() {
  impl_->call([&] {
    rd_kafka_mock_cluster_destroy(impl_->cluster);
    return 0;
  });
  rd_kafka_destroy(impl_->rk);
}

const std::string& KafkaMockCluster::bootstrap() const {
  return impl_->bootstrap;
}
int KafkaMockCluster::brokers() const {
  return impl_->brokers;
}

void KafkaMockCluster::create_topic(const std::string& name, int partitions) {
  check(impl_->call([&] {
    return rd_kafka_mock_topic_create(impl_->cluster, name.c_str(), std::max(1, partitions),
                                      std::min(3, impl_->brokers));
  }),
        "create topic " + name);
}

void KafkaMockCluster::create_spec_topics(const std::string& prefix, int partitions) {
  for (const auto& t : spec_topic_names()) create_topic(prefix + t, partitions);
}

void KafkaMockCluster::broker_down(int id) {
  check(impl_->call([&] { return rd_kafka_mock_broker_set_down(impl_->cluster, id); }),
        "broker down");
  std::lock_guard lk(impl_->mu);
  if (id >= 1 && id <= static_cast<int>(impl_->up.size())) impl_->up[id - 1] = false;
}
void KafkaMockCluster::broker_up(int id) {
  check(impl_->call([&] { return rd_kafka_mock_broker_set_up(impl_->cluster, id); }), "broker up");
  std::lock_guard lk(impl_->mu);
  if (id >= 1 && id <= static_cast<int>(impl_->up.size())) impl_->up[id - 1] = true;
}
void KafkaMockCluster::set_broker_rtt(int id, int rtt_ms) {
  check(impl_->call([&] { return rd_kafka_mock_broker_set_rtt(impl_->cluster, id, rtt_ms); }),
        "broker rtt");
}

void KafkaMockCluster::push_request_errors(KafkaApi api, const std::vector<int>& errors) {
  std::vector<rd_kafka_resp_err_t> e;
  for (int x : errors) e.push_back(static_cast<rd_kafka_resp_err_t>(x));
  impl_->call([&] {
    rd_kafka_mock_push_request_errors_array(impl_->cluster, static_cast<std::int16_t>(api),
                                            e.size(), e.data());
    return 0;
  });
}

void KafkaMockCluster::push_broker_request_errors(
    int id, KafkaApi api, const std::vector<std::pair<int, int>>& errors_and_rtt_ms) {
  for (const auto& entry : errors_and_rtt_ms) {
    const int err = entry.first, rtt = entry.second;  // plain locals: lambdas capture them
    check(impl_->call([&] {
      return rd_kafka_mock_broker_push_request_error_rtts(
          impl_->cluster, id, static_cast<std::int16_t>(api), 1,
          static_cast<rd_kafka_resp_err_t>(err), rtt);
    }),
          "push broker error");
  }
}

std::size_t KafkaMockCluster::pending_broker_errors(int id, KafkaApi api) const {
  size_t n = 0;
  check(impl_->call([&] {
    return rd_kafka_mock_broker_error_stack_cnt(impl_->cluster, id, static_cast<std::int16_t>(api),
                                                &n);
  }),
        "error stack count");
  return n;
}

void KafkaMockCluster::clear_request_errors(KafkaApi api) {
  impl_->call([&] {
    rd_kafka_mock_clear_request_errors(impl_->cluster, static_cast<std::int16_t>(api));
    return 0;
  });
}

int run_dev_kafka(int brokers, const std::string& topic_prefix) {
  // Block the stop signals before the cluster's threads start (they inherit the mask), then wait
  // for one synchronously: no async-signal handler needed.
  sigset_t stop_signals, previous;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
  int code = 0;
  try {
    KafkaMockOptions o;
    o.brokers = brokers;
    o.topic_prefix = topic_prefix;
    KafkaMockCluster cluster(o);
    std::printf("bootstrap=%s\n", cluster.bootstrap().c_str());
    std::fflush(stdout);
    ops::info("kafka mock cluster running", {},
              {{"bootstrap", cluster.bootstrap()},
               {"brokers", std::to_string(brokers)},
               {"topics", std::to_string(spec_topic_names().size())},
               {"prefix", topic_prefix}});
    int sig = 0;
    sigwait(&stop_signals, &sig);
    ops::info("kafka mock cluster stopping", {}, {{"signal", std::to_string(sig)}});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fte dev kafka: %s\n", e.what());
    code = 1;
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return code;
}

}  // namespace fte
