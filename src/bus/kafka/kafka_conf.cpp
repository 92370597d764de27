#include "bus/kafka/kafka_conf.h"

#include "core/error.h"
#include "ops/log.h"

namespace fte::kafka {
namespace {

// librdkafka's log lines (syslog levels) → ops. They name brokers and states, never payloads.
void on_log(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  ops::Level l = level <= 3   ? ops::Level::error
                 : level == 4 ? ops::Level::warn
                 : level <= 6 ? ops::Level::info
                              : ops::Level::debug;
  ops::log(l, "librdkafka", {},
           {{"client", rd_kafka_name(rk)}, {"facility", fac}, {"detail", buf}});
}

void on_error(rd_kafka_t* rk, int err, const char* reason, void*) {
  auto code = static_cast<rd_kafka_resp_err_t>(err);
  bool fatal = code == RD_KAFKA_RESP_ERR__FATAL;
  ops::log(fatal ? ops::Level::error : ops::Level::warn, "kafka client error", {},
           {{"client", rd_kafka_name(rk)}, {"error", rd_kafka_err2name(code)}, {"reason", reason}});
}

}  // namespace

ConfPtr make_conf(const Properties& props, const KafkaOptions& ko) {
  ConfPtr conf(rd_kafka_conf_new());
  char err[512];
  auto set = [&](const std::string& k, const std::string& v) {
    if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
      throw Error(ErrorKind::invalid_argument, "kafka property " + k + ": " + err, k);
  };
  set("log_level", "5");  // notice and above; info-level chatter stays out of the logs
  set("log.connection.close", "false");
  for (const auto& [k, v] : props) set(k, v);
  for (const auto& [k, v] : ko.properties) set(k, v);
  rd_kafka_conf_set_log_cb(conf.get(), on_log);
  rd_kafka_conf_set_error_cb(conf.get(), on_error);
  return conf;
}

rd_kafka_t* new_client(rd_kafka_type_t type, ConfPtr conf) {
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err, sizeof err);
  if (!rk) throw Error(ErrorKind::invalid_argument, std::string("kafka client: ") + err);
  conf.release();  // owned by rk now
  return rk;
}

std::string strip_scheme(const std::string& brokers) {
  constexpr std::string_view scheme = "kafka://";
  if (brokers.rfind(scheme, 0) == 0) return brokers.substr(scheme.size());
  return brokers;
}

}  // namespace fte::kafka
