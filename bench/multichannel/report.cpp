#include "report.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "http/client.h"

namespace fte::bench {

double Report::percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

namespace {

// Web replies a customer sees on the status page of a ticket (-1: page not readable).
int web_replies(const std::vector<int>& ports, const std::string& ticket) {
  thread_local auto client = http::make_curl_client();
  for (int port : ports) {
    http::ClientRequest r;
    r.url = "http://127.0.0.1:" + std::to_string(port) + "/support/ticket/" + ticket;
    r.timeout_ms = 5000;
    auto resp = client->send(r);
    if (resp.status != 200) continue;
    boost::json::error_code ec;
    auto v = boost::json::parse(resp.body, ec);
    if (ec || !v.is_object()) continue;
    int n = 0;
    if (auto* ms = v.as_object().if_contains("messages"); ms && ms->is_array())
      for (const auto& m : ms->as_array())
        n += m.at("direction") == "outbound" && m.at("channel") == "webform";
    return n;
  }
  return -1;
}

}  // namespace

Report measure(const Observed& o) {
  Report r;
  const auto& msgs = o.scenario.messages;
  r.messages = static_cast<int>(msgs.size());

  // The store: inbound messages → customer, web replies, agent runs.
  std::map<std::string, std::string> customer_of;  // channel + "\t" + cmid → customer id
  std::map<std::string, std::string> web_cmid;     // ticket id → the web form's channel message id
  if (auto rows = o.db.query(
          "SELECT m.channel, m.channel_message_id, c.customer_id, COALESCE(m.ticket_id, '') FROM messages m "
          "JOIN conversations c ON c.id = m.conversation_id WHERE m.direction = 'inbound'"))
    for (auto& row : *rows) {
      customer_of[row[0] + "\t" + row[1]] = row[2];
      if (row[0] == "webform") web_cmid[row[3]] = row[1];
    }
  // The store's channel message id of a scenario message ("" when not stored).
  auto cmid = [&](const Message& m) {
    if (m.via != Via::webform) return m.channel_message_id();
    const auto& t = o.deliveries[static_cast<std::size_t>(m.index)].ticket_id;
    auto it = web_cmid.find(t);
    return t.empty() || it == web_cmid.end() ? std::string() : it->second;
  };
  auto event_key = [&](const Message& m) { return std::string("in:") + to_string(m.via) + ":" + cmid(m); };
  std::map<std::string, std::int64_t> web_reply_at;  // ticket → first web reply stored
  if (auto rows = o.db.query(
          "SELECT ticket_id, min(created_at) FROM messages WHERE direction = 'outbound' "
          "AND channel = 'webform' GROUP BY ticket_id"))
    for (auto& row : *rows) web_reply_at[row[0]] = std::stoll(row[1]);
  std::map<std::string, bool> run_escalated;
  std::map<std::string, std::int64_t> run_at;  // event key → first agent run committed
  if (auto rows = o.db.query(
          "SELECT idempotency_key, bool_or(escalated), min(created_at) FROM agent_runs GROUP BY idempotency_key"))
    for (auto& row : *rows) run_escalated[row[0]] = row[1] == "t", run_at[row[0]] = std::stoll(row[2]);
  std::map<std::string, std::int64_t> stored_at;  // channel + "\t" + cmid → inbound stored
  if (auto rows = o.db.query("SELECT channel, channel_message_id, created_at FROM messages WHERE direction = 'inbound'"))
    for (auto& row : *rows) stored_at[row[0] + "\t" + row[1]] = std::stoll(row[2]);

  // Provider sends, by thread / recipient.
  std::map<std::string, std::vector<const ProviderSend*>> by_thread, notices_to, wa_to;
  for (const auto& s : o.gmail) (s.thread.empty() ? notices_to[s.to] : by_thread[s.thread]).push_back(&s);
  for (const auto& s : o.twilio) wa_to[s.to].push_back(&s);

  std::map<std::string, int> published;
  std::map<std::string, std::int64_t> published_at;  // event key → first publish (record time)
  for (const auto& rec : o.incoming) {
    auto it = rec.headers.find("idempotency_key");
    if (it == rec.headers.end()) continue;
    ++published[it->second];
    auto [at, fresh] = published_at.emplace(it->second, rec.timestamp_ms);
    if (!fresh && rec.timestamp_ms >= 0 && rec.timestamp_ms < at->second) at->second = rec.timestamp_ms;
  }

  std::map<std::string, std::vector<double>> lat;
  std::map<int, std::set<std::string>> ids_of_customer;  // harness customer → store customer ids
  std::map<int, int> failures;
  for (const auto& m : msgs) {
    const auto& d = o.deliveries[static_cast<std::size_t>(m.index)];
    const auto& c = o.scenario.customers[static_cast<std::size_t>(m.customer)];
    if (d.front_door) {
      ++r.front_door_messages;
      r.first_try_ok += d.first_try_ok;
      r.requests += d.attempts;
      int bad = 0;
      for (auto [st, n] : d.failures) failures[st] += n, bad += n;
      r.requests_ok += d.attempts - bad;
      r.ingress_next_upstream += d.ingress_next_upstream;
    }
    auto cid = customer_of.find(std::string(to_string(m.via)) + "\t" + cmid(m));
    bool stored = cid != customer_of.end();
    if (stored) {
      ++r.stored;
      ids_of_customer[m.customer].insert(cid->second);
    }
    std::int64_t reply_at = 0;
    if (m.via == Via::webform) {
      if (auto it = web_reply_at.find(d.ticket_id); !d.ticket_id.empty() && it != web_reply_at.end()) reply_at = it->second;
      if (!d.ticket_id.empty()) {
        int n = web_replies(o.gateway_ports, d.ticket_id);
        if (n > 1) {
          r.duplicate_replies += n - 1;
          r.duplicate_detail.push_back("web status page of message " + std::to_string(m.index) + ": " + std::to_string(n) + " replies");
        }
      }
      auto& notices = notices_to[c.email];
      if (notices.size() > 1) {
        r.duplicate_replies += static_cast<int>(notices.size()) - 1;
        r.duplicate_detail.push_back("email notification of message " + std::to_string(m.index) + " sent " +
                                     std::to_string(notices.size()) + " times");
      }
    } else if (m.via == Via::email) {
      auto& sends = by_thread[m.thread];
      if (!sends.empty()) reply_at = sends.front()->at_ms;
      if (sends.size() > 1) {
        r.duplicate_replies += static_cast<int>(sends.size()) - 1;
        r.duplicate_detail.push_back("email reply to message " + std::to_string(m.index) + " sent " +
                                     std::to_string(sends.size()) + " times");
      }
    } else {
      auto& sends = wa_to["whatsapp:" + c.phone];
      if (!sends.empty()) reply_at = sends.front()->at_ms;
      std::set<std::string> bodies;
      for (auto* s : sends) bodies.insert(s->body);
      if (sends.size() > bodies.size()) {
        r.duplicate_replies += static_cast<int>(sends.size() - bodies.size());
        r.duplicate_detail.push_back("WhatsApp reply to message " + std::to_string(m.index) + ": " +
                                     std::to_string(sends.size() - bodies.size()) + " parts sent twice");
      }
    }
    // Where the time went: accepted → agent run committed → customer-visible.
    auto st_it = stored_at.find(std::string(to_string(m.via)) + "\t" + cmid(m));
    auto run_it = run_at.find(event_key(m));
    // (A store time far from the send time is a date the channel supplied, e.g. a message's own
    // timestamp, not when it was stored: left out of the stages.)
    if (st_it != stored_at.end() && run_it != run_at.end() && std::llabs(st_it->second - d.sent_ms) < 600000) {
      lat["stage: sent → stored"].push_back(static_cast<double>(st_it->second - d.sent_ms) / 1000.0);
      lat["stage: stored → agent run"].push_back(static_cast<double>(run_it->second - st_it->second) / 1000.0);
      if (auto p = published_at.find(event_key(m)); p != published_at.end() && p->second > 0) {
        lat["stage:  stored → published"].push_back(static_cast<double>(p->second - st_it->second) / 1000.0);
        lat["stage:  published → agent run"].push_back(static_cast<double>(run_it->second - p->second) / 1000.0);
      }
      if (reply_at > 0 && m.via != Via::webform)
        lat["stage: agent run → provider"].push_back(static_cast<double>(reply_at - run_it->second) / 1000.0);
    }
    if (stored && reply_at > 0) {
      ++r.answered;
      double s = static_cast<double>(reply_at - d.sent_ms) / 1000.0;
      lat[to_string(m.via)].push_back(s);
      lat["all"].push_back(s);
    } else {
      ++r.lost;
      r.lost_detail.push_back("message " + std::to_string(m.index) + " (" + to_string(m.via) + ", sent at " +
                              std::to_string(m.at_ms / 1000) + " s): " + (stored ? "stored, no reply" : "not stored"));
    }
    if (auto it = run_escalated.find(event_key(m)); it != run_escalated.end()) {
      ++r.runs;
      r.escalated += it->second;
    }
    int n = stored ? published[event_key(m)] : 0;
    r.publishes += n;
    r.publish_max = std::max(r.publish_max, n);
    r.messages_published_more_than_once += n > 1;
    r.messages_not_published += stored && n == 0;
  }
  for (auto [st, n] : failures) r.failure_statuses.emplace_back(st, n);
  r.availability = r.front_door_messages ? static_cast<double>(r.first_try_ok) / r.front_door_messages : 1;
  r.request_availability = r.requests ? static_cast<double>(r.requests_ok) / r.requests : 1;
  for (const char* k : {"webform", "email", "whatsapp", "all", "stage: sent → stored", "stage: stored → agent run",
                        "stage:  stored → published", "stage:  published → agent run", "stage: agent run → provider"})
    r.latency_s.emplace_back(k, lat[k]);

  // Identification: a cross-channel customer is identified when all their messages are stored
  // under one customer; a false merge is a store customer holding two of the harness's customers.
  std::map<std::string, std::set<int>> customers_of_id;
  for (const auto& [cust, ids] : ids_of_customer)
    for (const auto& id : ids) customers_of_id[id].insert(cust);
  for (const auto& c : o.scenario.customers) {
    if (!c.cross_channel) continue;
    ++r.cross_customers;
    bool all_stored = true;
    for (const auto& m : msgs)
      if (m.customer == c.id) all_stored = all_stored && customer_of.count(std::string(to_string(m.via)) + "\t" + cmid(m));
    auto it = ids_of_customer.find(c.id);
    r.cross_identified += all_stored && it != ids_of_customer.end() && it->second.size() == 1;
  }
  for (const auto& [id, custs] : customers_of_id) r.false_merges += static_cast<int>(custs.size()) - 1;

  for (const auto& rec : o.dlq) {
    std::string line = "partition " + std::to_string(rec.partition) + " offset " + std::to_string(rec.offset);
    for (const auto& [k, v] : rec.headers)
      if (k == "type" || k == "idempotency_key" || k == "error" || k == "original_topic" || k == "dlq_reason" ||
          k.find("topic") != std::string::npos || k.find("error") != std::string::npos)
        line += " " + k + "=" + v.substr(0, 160);
    r.dlq.push_back(line);
  }
  return r;
}

void Report::print(std::ostream& out) const {
  char buf[256];
  auto line = [&](const char* fmt, auto... a) {
    std::snprintf(buf, sizeof buf, fmt, a...);
    out << buf << "\n";
  };
  line("messages                      %d (stored %d, answered %d)", messages, stored, answered);
  line("messages lost                 %d", lost);
  for (const auto& l : lost_detail) out << "  " << l << "\n";
  line("front-door availability       %.4f  (first try accepted: %d of %d messages)", availability, first_try_ok,
       front_door_messages);
  line("request success               %.4f  (%d of %d requests)", request_availability, requests_ok, requests);
  std::string f;
  for (auto [st, n] : failure_statuses) {
    f.append(" ").append(st == 0 ? std::string("no-connection") : st < 0 ? std::string("no-ready-gateway") : std::to_string(st));
    f.append("×").append(std::to_string(n));
  }
  if (!f.empty()) out << "  failed attempts:" << f << "\n";
  line("ingress next upstream         %d  (connections refused by a killed gateway, passed on to another)",
       ingress_next_upstream);
  for (const auto& [ch, v] : latency_s)
    line(ch.rfind("stage", 0) == 0 ? "  %-28s P50 %.2f s  P95 %.2f s  max %.2f s  (n=%zu)"
                                   : "message → reply %-9s    P50 %.2f s  P95 %.2f s  max %.2f s  (n=%zu)",
         ch.c_str(), percentile(v, 0.5),
         percentile(v, 0.95), v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()), v.size());
  line("escalation rate               %.3f  (%d of %d agent runs)", runs ? static_cast<double>(escalated) / runs : 0.0,
       escalated, runs);
  line("cross-channel identification  %.3f  (%d of %d customers), false merges %d",
       cross_customers ? static_cast<double>(cross_identified) / cross_customers : 1.0, cross_identified,
       cross_customers, false_merges);
  line("customer-visible duplicates   %d", duplicate_replies);
  for (const auto& d : duplicate_detail) out << "  " << d << "\n";
  line("fte.tickets.incoming          %d records for %d messages: %.2f per message, max %d, %d published more than once, %d stored but not published",
       publishes, messages, messages ? static_cast<double>(publishes) / messages : 0.0, publish_max,
       messages_published_more_than_once, messages_not_published);
  line("fte.dlq                       %zu records", dlq.size());
  for (std::size_t i = 0; i < dlq.size() && i < 20; ++i) out << "  " << dlq[i] << "\n";
}

std::vector<std::string> Report::failures(const Thresholds& t) const {
  std::vector<std::string> f;
  if (stored != messages) f.push_back("not every message was eventually accepted");
  if (lost != 0) f.push_back("messages lost: " + std::to_string(lost));
  if (duplicate_replies != 0) f.push_back("customer-visible duplicate replies: " + std::to_string(duplicate_replies));
  if (availability < t.min_availability) f.push_back("front-door availability below " + std::to_string(t.min_availability));
  double ident = cross_customers ? static_cast<double>(cross_identified) / cross_customers : 1.0;
  if (ident < t.min_identification) f.push_back("cross-channel identification below " + std::to_string(t.min_identification));
  if (false_merges != 0) f.push_back("false merges: " + std::to_string(false_merges));
  if (publish_max > t.max_publishes_per_message)
    f.push_back("a message was published " + std::to_string(publish_max) + " times on fte.tickets.incoming (max " +
                std::to_string(t.max_publishes_per_message) + ")");
  double mean = messages ? static_cast<double>(publishes) / messages : 0;
  if (mean > t.max_mean_publishes)
    f.push_back("records per message on fte.tickets.incoming: " + std::to_string(mean) + " on average (max " +
                std::to_string(t.max_mean_publishes) + ")");
  if (messages_not_published != 0) f.push_back("stored messages never published: " + std::to_string(messages_not_published));
  return f;
}

}  // namespace fte::bench
