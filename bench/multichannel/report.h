// Report: the 24-hour test's numbers, measured after the run from what customers and providers saw
// (the fakes' sends, the web status page), from the store (what was accepted and attributed to
// which customer, agent runs) and from Kafka (records on fte.tickets.incoming, fte.dlq). print()
// writes it for a human; failures() lists the thresholds it misses. Not thread-safe (built once).
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "clients.h"
#include "db.h"
#include "providers.h"
#include "scenario.h"
#include "topic_reader.h"

namespace fte::bench {

struct Thresholds {
  double min_availability = 0.999;
  double min_identification = 0.95;
  double max_publishes_per_message = 1;
  double max_mean_publishes = 1;
};

struct Report {
  int messages = 0, stored = 0, answered = 0, lost = 0;
  int front_door_messages = 0, first_try_ok = 0, requests = 0, requests_ok = 0;
  int ingress_next_upstream = 0;  // requests the ingress passed to a second gateway (never reached the first)
  std::vector<std::pair<int, int>> failure_statuses;  // HTTP status (0 = no connection), count
  double availability = 0, request_availability = 0;
  std::vector<std::pair<std::string, std::vector<double>>> latency_s;  // per channel + "all"
  int runs = 0, escalated = 0;
  int cross_customers = 0, cross_identified = 0, false_merges = 0;
  int duplicate_replies = 0;
  std::vector<std::string> duplicate_detail;
  int publishes = 0, publish_max = 0, messages_published_more_than_once = 0, messages_not_published = 0;
  std::vector<std::string> dlq;
  std::vector<std::string> lost_detail;

  static double percentile(std::vector<double> v, double p);
  void print(std::ostream& out) const;
  std::vector<std::string> failures(const Thresholds& t) const;
};

struct Observed {
  const Scenario& scenario;
  const std::vector<Delivery>& deliveries;
  const Db& db;
  std::vector<ProviderSend> gmail, twilio;
  std::vector<int> gateway_ports;
  std::vector<TopicRecord> incoming, dlq;
};

Report measure(const Observed& o);

}  // namespace fte::bench
