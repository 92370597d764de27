#include "clients.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "http/client.h"

namespace fte::bench {

using namespace std::chrono_literals;

constexpr int kIngressTries = 3;  // ingress-nginx proxy-next-upstream-tries (the chart sets it)

Clients::Clients(const Scenario& s, Fleet& fleet, TimedGoogle& google, const Db& db, int threads,
                 int accept_deadline_s)
    : s_(s), fleet_(fleet), google_(google), db_(db), threads_(threads), deadline_s_(accept_deadline_s),
      results_(s.messages.size()) {}

void Clients::run(std::int64_t start_ms) {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<const Message*> queue;
  bool done = false;
  std::vector<std::thread> pool;
  for (int i = 0; i < threads_; ++i)
    pool.emplace_back([&] {
      for (;;) {
        const Message* m = nullptr;
        {
          std::unique_lock lk(mu);
          cv.wait(lk, [&] { return done || !queue.empty(); });
          if (queue.empty()) return;
          m = queue.front();
          queue.pop_front();
        }
        handle(*m, results_[static_cast<std::size_t>(m->index)]);
      }
    });
  for (const auto& m : s_.messages) {
    auto wait = start_ms + m.at_ms - wall_ms();
    if (wait > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait));  // the schedule
    std::lock_guard lk(mu);
    queue.push_back(&m);
    cv.notify_one();
  }
  {
    std::lock_guard lk(mu);
    done = true;
  }
  cv.notify_all();
  for (auto& t : pool) t.join();
}

void Clients::handle(const Message& m, Delivery& d) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(deadline_s_);
  if (m.after >= 0) {  // the message that links this customer's channels is stored first
    const auto& prev = s_.messages[static_cast<std::size_t>(m.after)];
    const auto& who = s_.customers[static_cast<std::size_t>(prev.customer)];
    testing::wait_until(
        [&] {
          return prev.via == Via::webform ? db_.web_form_stored(who.email)
                                          : db_.stored(to_string(prev.via), prev.channel_message_id());
        },
        std::chrono::seconds(deadline_s_));
  }
  d.sent_ms = wall_ms();
  d.front_door = m.via != Via::email || m.push;
  if (m.via == Via::email) {
    const auto& c = s_.customers[static_cast<std::size_t>(m.customer)];
    google_.google.deliver({m.key, m.thread, customer_mail(c, m)});
    if (!m.push) return;
  }
  auto backoff = 250ms;
  while (!attempt(m, d)) {
    if (std::chrono::steady_clock::now() + backoff > deadline) return;
    std::this_thread::sleep_for(backoff);  // the provider's retry backoff
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, 2000ms);
  }
}

bool Clients::attempt(const Message& m, Delivery& d) {
  thread_local auto client = http::make_curl_client();
  const auto& c = s_.customers[static_cast<std::size_t>(m.customer)];
  ++d.attempts;
  int status = -1;  // no ready gateway: the Service has no endpoint
  std::string body;
  // The front door is ingress-nginx (deploy/helm ingress): by its default `proxy-next-upstream: error
  // timeout`, tries 3, a request that never reached a gateway (connection refused: the pod was
  // killed after the endpoint list was read) goes to the next endpoint; a POST already sent is not.
  for (int upstream = 0; upstream < kIngressTries; ++upstream) {
    int port = fleet_.pick_gateway();
    if (port == 0) break;
    std::string base = "http://127.0.0.1:" + std::to_string(port);
    http::ClientRequest r;
    r.method = "POST";
    r.timeout_ms = 10000;
    if (m.via == Via::webform) {
      boost::json::object f{{"name", c.name}, {"email", c.email}, {"subject", m.subject},
                            {"category", "general"}, {"priority", "medium"}, {"message", m.text}};
      if (m.web_phone) f["phone"] = c.phone;
      r.url = base + "/support/submit";
      r.body = boost::json::serialize(f);
      r.headers = {{"Content-Type", "application/json"}, {"Idempotency-Key", m.key},
                   {"X-Forwarded-For", c.ip}};
    } else if (m.via == Via::whatsapp) {
      auto params = twilio_inbound(c, m);
      r.url = base + "/webhooks/whatsapp";
      r.body = e2e::form_encode(params);
      r.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"User-Agent", "TwilioProxy/1.1"},
                   {"X-Twilio-Signature", e2e::twilio_signature(kAuthToken, kPublicUrl + "/webhooks/whatsapp", params)}};
    } else {
      r.url = base + "/webhooks/gmail";
      r.body = push_body(google_.google.history_id(), m.index);
      r.headers = {{"Content-Type", "application/json"}, {"User-Agent", "APIs-Google"},
                   {"Authorization", "Bearer " + google_.push_token()}};
    }
    auto resp = client->send(r);
    status = resp.status;
    body = std::move(resp.body);
    if (!resp.not_sent) break;
    ++d.ingress_next_upstream;
  }
  bool ok = status >= 200 && status < 300;
  if (!ok) {
    ++d.failures[status];
    return false;
  }
  if (d.attempts == 1) d.first_try_ok = true;
  d.accepted_ms = wall_ms();
  if (m.via == Via::webform) {
    boost::json::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (!ec && v.is_object())
      if (auto* t = v.as_object().if_contains("ticket_id"); t && t->is_string()) d.ticket_id = t->as_string();
  }
  return true;
}

}  // namespace fte::bench
