#include "app/pipeline.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <boost/json.hpp>

#include "channels/whatsapp/reply_parts.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/json_util.h"
#include "ops/log.h"
#include "ops/metrics.h"

namespace json = boost::json;

namespace fte::app {

namespace {

// The ticket event's payload in two halves: the message's own fields, serialised once before the
// store is involved (on the caller's thread, not the store's single writer thread), and the ids the
// store allocates, put in front of them inside the transaction.
std::string inbound_fields_json(const InboundMessage& m) {
  // Written directly, in the order and with the text json::serialize gives the same object
  // (jsonu::append_string), without building it.
  std::string out;
  out.reserve(256 + m.body.size() + m.subject.size() + m.references.size());
  auto field = [&](const char* name, std::string_view v) {
    out += name;
    jsonu::append_string(out, v);
  };
  field("{\"channel\":", to_string(m.channel));
  field(",\"channel_message_id\":", m.channel_message_id);
  field(",\"thread_id\":", m.thread_id);
  field(",\"rfc822_message_id\":", m.rfc822_message_id);
  field(",\"references\":", m.references);
  field(",\"customer_name\":", m.customer_name);
  field(",\"email\":", m.email);
  field(",\"phone\":", m.phone);
  field(",\"subject\":", m.subject);
  field(",\"category\":", m.category);
  field(",\"priority\":", m.priority);
  field(",\"body\":", m.body);
  out += ",\"attachments\":[";
  for (std::size_t i = 0; i < m.attachments.size(); ++i) {
    const auto& a = m.attachments[i];
    field(i ? ",{\"filename\":" : "{\"filename\":", a.filename);
    field(",\"content_type\":", a.content_type);
    out += ",\"size\":";
    out += std::to_string(a.size);
    field(",\"text\":", a.text);
    out += '}';
  }
  out += "],\"received_at_ms\":";
  out += std::to_string(m.received_at_ms);
  field(",\"correlation_id\":", m.correlation_id);
  out += '}';
  return out;
}

std::string with_ids(std::string_view fields, const IngestResult& ids) {
  std::string out;
  out.reserve(fields.size() + 192);
  auto add = [&](const char* key, const std::string& v) {
    out += out.empty() ? "{\"" : ",\"";
    out += key;
    out += "\":";
    jsonu::append_string(out, v);
  };
  add("ticket_id", ids.ticket_id);
  add("customer_id", ids.customer_id);
  add("conversation_id", ids.conversation_id);
  add("message_id", ids.message_id);
  out += ',';
  out.append(fields.substr(1));  // the fields' object without its '{'
  return out;
}

}  // namespace

std::string inbound_to_json(const InboundMessage& m, const IngestResult& ids) {
  return with_ids(inbound_fields_json(m), ids);
}

agent::AgentRequest agent_request_from_json(std::string_view payload) {
  json::error_code ec;
  auto v = json::parse(payload, ec);
  if (ec || !v.is_object()) throw Error(ErrorKind::invalid_argument, "ticket event payload is not JSON");
  const auto& o = v.get_object();
  agent::AgentRequest r;
  auto& m = r.message;
  auto ch = parse_channel(jsonu::str(o, "channel"));
  if (!ch) throw Error(ErrorKind::invalid_argument, "ticket event has no channel", "channel");
  m.channel = *ch;
  m.channel_message_id = jsonu::str(o, "channel_message_id");
  m.ticket_id = jsonu::str(o, "ticket_id");
  m.thread_id = jsonu::str(o, "thread_id");
  m.rfc822_message_id = jsonu::str(o, "rfc822_message_id");
  m.references = jsonu::str(o, "references");
  m.customer_name = jsonu::str(o, "customer_name");
  m.email = jsonu::str(o, "email");
  m.phone = jsonu::str(o, "phone");
  m.subject = jsonu::str(o, "subject");
  m.category = jsonu::str(o, "category");
  m.priority = jsonu::str(o, "priority");
  m.body = jsonu::str(o, "body");
  if (auto* a = o.if_contains("attachments"); a && a->is_array())
    for (const auto& x : a->get_array())
      if (x.is_object()) {
        const auto& ao = x.get_object();
        m.attachments.push_back({jsonu::str(ao, "filename"), jsonu::str(ao, "content_type"),
                                 jsonu::i64(ao, "size"), jsonu::str(ao, "text")});
      }
  m.received_at_ms = jsonu::i64(o, "received_at_ms");
  m.correlation_id = jsonu::str(o, "correlation_id");
  r.ids.ticket_id = m.ticket_id;
  r.ids.customer_id = jsonu::str(o, "customer_id");
  r.ids.conversation_id = jsonu::str(o, "conversation_id");
  r.ids.message_id = jsonu::str(o, "message_id");
  if (r.ids.ticket_id.empty() || r.ids.customer_id.empty())
    throw Error(ErrorKind::invalid_argument, "ticket event lacks ticket or customer id");
  return r;
}

// ---------------------------------------------------------------- gateway

StoreIntake::StoreIntake(Store& store, ops::Metrics& m) : store_(store), metrics_(m) {
  metrics_.declare("fte_tickets_total", "counter", "Inbound messages accepted, by channel");
  metrics_.declare("fte_intake_duplicates_total", "counter", "Inbound messages deduplicated, by channel");
  for (auto c : {Channel::email, Channel::whatsapp, Channel::webform}) {
    auto i = static_cast<std::size_t>(c);
    accepted_[i] = &metrics_.counter("fte_tickets_total", {{"channel", to_string(c)}});
    duplicates_[i] = &metrics_.counter("fte_intake_duplicates_total", {{"channel", to_string(c)}});
  }
}

void StoreIntake::accept(InboundMessage msg, std::function<void(IngestOutcome)> done) {
  if (msg.correlation_id.empty()) msg.correlation_id = new_uuid();
  if (msg.received_at_ms == 0) msg.received_at_ms = now_ms();
  auto channel = msg.channel;
  // The event is completed inside the transaction, once the ids are known: its payload gets them
  // and its partition key is the customer id, so one customer's messages are handled in order.
  // Everything else (event id, time, traceparent, the message's fields as JSON) is made here, on
  // the caller's thread, not on the store's single writer (docs/BENCHMARKS.md, round 14).
  struct Event {
    std::string fields;
    Envelope envelope;  // without key and payload
  };
  auto ev = std::make_shared<Event>(Event{
      inbound_fields_json(msg),
      make_envelope("ticket.incoming", {}, {}, msg.correlation_id,
                    "in:" + std::string(to_string(msg.channel)) + ":" + msg.channel_message_id)});
  OutboxFn outbox = [ev](const IngestResult& ids) {
    std::vector<std::pair<std::string, Envelope>> out;
    auto& [topic, e] = out.emplace_back(std::string(topics::tickets_incoming), ev->envelope);
    e.key = ids.customer_id;
    e.payload = with_ids(ev->fields, ids);
    e.payload_is_json = true;  // written here as JSON: the writer does not parse it again
    return out;
  };
  auto i = static_cast<std::size_t>(channel);
  store_.ingest_async(std::move(msg), std::move(outbox),
                      [done = std::move(done), accepted = accepted_[i], duplicate = duplicates_[i]](IngestOutcome o) {
                        if (!o.error) (o.result.duplicate ? duplicate : accepted)->inc();
                        done(std::move(o));
                      });
}

// ---------------------------------------------------------------- agent

AgentWorker::AgentWorker(Store& store, agent::SupportAgent& agent, ops::Metrics& m)
    : store_(store), agent_(agent), metrics_(m) {
  metrics_.declare("fte_agent_events_total", "counter", "Ticket events handled by the agent worker, by result");
}

void AgentWorker::count(std::atomic<ops::Counter*>& slot, const char* result) {
  // Looked up on first use (a series shows once it has counted), then kept.
  auto* c = slot.load(std::memory_order_acquire);
  if (!c) {
    c = &metrics_.counter("fte_agent_events_total", {{"result", result}});
    slot.store(c, std::memory_order_release);
  }
  c->inc();
}

void AgentWorker::handle(const Envelope& e) {
  // The processed check and the customer's history in one read (one snapshot, one transaction);
  // an event that does not parse is checked first, as before, so a handled one stays a duplicate.
  agent::AgentRequest req;
  try {
    req = agent_request_from_json(e.payload);
  } catch (const Error&) {
    if (store_.is_processed(e.idempotency_key)) {
      count(duplicate_, "duplicate");
      return;
    }
    throw;
  }
  AgentRunInputs in;
  try {
    in = store_.agent_run_inputs(e.idempotency_key, req.ids.customer_id, agent_.history_messages());
    req.history_read = !in.processed;
    req.history = std::move(in.history);
  } catch (const Error&) {
    // As before this read existed: the processed check, then the run reads the history (and
    // counts and logs a failed run when that read fails).
    in.processed = store_.is_processed(e.idempotency_key);
  }
  if (in.processed) {
    count(duplicate_, "duplicate");
    return;
  }
  req.idempotency_key = e.idempotency_key;
  req.correlation_id = e.correlation_id;
  auto outcome = agent_.run(req);
  outcome.idempotency_key = e.idempotency_key;
  if (outcome.ticket_id.empty()) outcome.ticket_id = req.ids.ticket_id;
  if (outcome.conversation_id.empty()) outcome.conversation_id = req.ids.conversation_id;
  // Time-ordered (UUIDv7) like the store's own row ids: the reply's message row and its two
  // delivery keys ("reply:<id>", "done:reply:<id>") then append to their indexes instead of each
  // writing a random page per ticket. It is not a public reference (the ticket id is).
  if (outcome.reply_message_id.empty()) outcome.reply_message_id = new_time_ordered_id();

  std::vector<std::pair<std::string, Envelope>> outbox;
  if (!outcome.reply_parts.empty()) {
    channels::OutboundReply r;
    r.ticket_id = outcome.ticket_id;
    r.message_id = outcome.reply_message_id;
    r.conversation_id = outcome.conversation_id;
    r.customer_id = req.ids.customer_id;
    r.channel = outcome.channel;
    r.parts = outcome.reply_parts;
    r.customer_name = req.message.customer_name;
    r.to_email = req.message.email;
    r.to_phone = req.message.phone;
    r.subject = req.message.subject;
    r.thread_id = req.message.thread_id;
    r.in_reply_to = req.message.rfc822_message_id;
    r.references = req.message.references.empty()
                       ? req.message.rfc822_message_id
                       : req.message.references + " " + req.message.rfc822_message_id;
    r.last_inbound_at_ms = req.message.received_at_ms;
    r.correlation_id = e.correlation_id;
    for (auto& ev : outbound_events(std::move(r))) outbox.push_back(std::move(ev));
  }
  if (outcome.escalated) {
    json::object p{{"ticket_id", outcome.ticket_id},
                   {"customer_id", req.ids.customer_id},
                   {"channel", to_string(req.message.channel)},
                   {"reason", outcome.escalation_reason},
                   {"urgency", outcome.escalation_urgency},
                   {"context", outcome.escalation_context}};
    outbox.emplace_back(std::string(topics::escalations),
                        make_envelope("ticket.escalated", req.ids.customer_id, json::serialize(p),
                                      e.correlation_id, "esc:" + outcome.ticket_id + ":" + e.idempotency_key));
  }
  // One fte.metrics event per run (no message text, no customer identifiers): what a metrics
  // consumer or a data warehouse needs to follow answer and escalation rates and cost.
  json::object run{{"ticket_id", outcome.ticket_id},
                   {"channel", to_string(req.message.channel)},
                   {"outcome", outcome.escalated ? "escalated" : (outcome.reply_parts.empty() ? "none" : "answered")},
                   {"reason", outcome.escalation_reason},
                   {"category", outcome.category},
                   {"engine", outcome.engine},
                   {"latency_ms", outcome.latency_ms},
                   {"tokens_in", outcome.tokens_in},
                   {"tokens_out", outcome.tokens_out}};
  outbox.emplace_back(std::string(topics::metrics),
                      make_envelope("agent.run", req.ids.customer_id, json::serialize(run), e.correlation_id,
                                    "run:" + e.idempotency_key));
  bool fresh = store_.commit_agent_outcome(outcome, outbox);
  fresh ? count(committed_, "committed") : count(duplicate_, "duplicate");
}

// ---------------------------------------------------------------- deliver

DeliveryWorker::DeliveryWorker(Store& store, ops::Metrics& m, DeliveryOptions o)
    : store_(store), metrics_(m), o_(o) {
  metrics_.declare("fte_deliveries_total", "counter", "Replies handed to a channel, by channel and status");
  metrics_.declare("fte_delivery_retries_total", "counter", "Provider attempts retried after a transient failure");
}

void DeliveryWorker::set_sender(Channel c, std::shared_ptr<channels::ChannelSender> s) {
  senders_[c] = std::move(s);
}

void DeliveryWorker::set_status_publisher(std::function<void(const std::string&, const Envelope&)> p) {
  publish_ = std::move(p);
}

void DeliveryWorker::set_status_in_store(std::string topic_prefix) {
  status_prefix_ = std::move(topic_prefix);
}

std::pair<std::string, Envelope> DeliveryWorker::status_event(const channels::OutboundReply& r,
                                                              const channels::DeliveryResult& res) const {
  json::object p{{"ticket_id", r.ticket_id},          {"message_id", r.message_id},
                 {"channel", to_string(r.channel)},   {"ok", res.ok},
                 {"status", res.status},              {"provider_id", res.provider_id},
                 {"error", res.error}};
  return {topics::channel_topic(to_string(r.channel), "status"),
          make_envelope("delivery.status", r.customer_id, json::serialize(p), r.correlation_id,
                        "status:" + r.message_id + ":" + res.status)};
}

void DeliveryWorker::publish_status(const channels::OutboundReply& r, const channels::DeliveryResult& res) {
  if (!publish_) return;
  try {
    auto [topic, e] = status_event(r, res);
    publish_(topic, e);
  } catch (const std::exception& ex) {
    ops::warn("delivery status not published", r.correlation_id, {{"ticket_id", r.ticket_id}, {"error", ex.what()}});
  }
}

channels::DeliveryResult DeliveryWorker::send_with_retries(channels::ChannelSender& s,
                                                           const channels::OutboundReply& r) {
  int backoff = o_.backoff_initial_ms;
  channels::OutboundReply rest = r;  // what the provider has not accepted yet
  std::string accepted;              // provider ids of the messages accepted so far, in order
  for (int attempt = 1;; ++attempt) {
    channels::DeliveryResult res;
    try {
      res = s.send(rest);
    } catch (const std::exception& ex) {  // senders should not throw; treat it as transient
      res.ok = false;
      res.retryable = true;
      res.status = "failed";
      res.error = "sender threw";
    }
    bool retry = !res.ok && res.retryable && attempt < o_.attempts;
    if (retry && r.channel == Channel::whatsapp && !res.provider_id.empty()) {
      // The sender sends one message per piece of the parts (split at Twilio's limit) and reports
      // the ids of those Twilio accepted: a retry sends only the rest, never a piece twice.
      std::vector<std::string> pieces;
      for (const auto& p : rest.parts)
        for (auto& piece : channels::whatsapp::split_reply(p)) pieces.push_back(std::move(piece));
      auto done = static_cast<std::size_t>(
          std::count(res.provider_id.begin(), res.provider_id.end(), ',') + 1);
      rest.parts.assign(pieces.begin() + static_cast<std::ptrdiff_t>(std::min(done, pieces.size())),
                        pieces.end());
      if (rest.parts.empty()) retry = false;
    }
    if (!res.provider_id.empty()) accepted += (accepted.empty() ? "" : ",") + res.provider_id;
    res.provider_id = accepted;
    if (!retry) return res;
    metrics_.counter("fte_delivery_retries_total", {{"channel", to_string(r.channel)}}).inc();
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
    backoff = std::min(backoff * 2, 10000);
  }
}

void DeliveryWorker::notify_by_email(const channels::OutboundReply& r) {
  auto it = senders_.find(Channel::email);
  if (it == senders_.end() || !it->second || r.to_email.empty()) return;
  channels::OutboundReply mail = r;  // channel stays webform: the sender writes a new message
  mail.dedup_key = r.dedup_key + ":email";
  auto c = claim(mail.dedup_key, r.message_id, r.correlation_id);
  if (c == DeliveryClaim::finished) return;
  mail.resumed = c == DeliveryClaim::resumed;
  auto res = send_with_retries(*it->second, mail);
  store_.finish_delivery(mail.dedup_key, r.message_id);
  metrics_.counter("fte_deliveries_total", {{"channel", "webform_email"}, {"status", res.ok ? "ok" : "failed"}}).inc();
  if (!res.ok)
    ops::warn("web-form email notification failed", r.correlation_id,
              {{"ticket_id", r.ticket_id}, {"error", res.error}});
}

channels::DeliveryResult DeliveryWorker::email_fallback(const channels::OutboundReply& r,
                                                        channels::DeliveryResult failed) {
  auto it = senders_.find(Channel::email);
  if (it == senders_.end() || !it->second) return failed;
  channels::OutboundReply mail = r;
  if (mail.to_email.empty() && !r.customer_id.empty()) {
    // A WhatsApp message carries no address: use the one on the customer's record (given on a web
    // form or by email before).
    try {
      if (auto h = store_.customer_history(r.customer_id, 1)) mail.to_email = h->customer.email;
    } catch (const std::exception&) {
      return failed;
    }
  }
  if (mail.to_email.empty()) return failed;
  mail.channel = Channel::email;
  mail.thread_id.clear();  // a new mail, not a Gmail thread reply
  mail.in_reply_to.clear();
  mail.references.clear();
  mail.dedup_key = r.dedup_key + ":email";
  auto c = claim(mail.dedup_key, r.message_id, r.correlation_id);
  if (c == DeliveryClaim::finished) return failed;
  mail.resumed = c == DeliveryClaim::resumed;
  auto res = send_with_retries(*it->second, mail);
  store_.finish_delivery(mail.dedup_key, r.message_id);
  if (!res.ok) return failed;
  res.status = "fallback_email";
  return res;
}

void DeliveryWorker::escalate_undeliverable(const channels::OutboundReply& r,
                                            const channels::DeliveryResult& res) {
  AgentOutcome o;
  o.idempotency_key = "undeliverable:" + r.message_id;
  o.ticket_id = r.ticket_id;
  o.conversation_id = r.conversation_id;
  o.channel = r.channel;
  o.escalated = true;
  o.escalation_reason = "delivery_failed";
  o.escalation_urgency = "high";
  o.escalation_context = res.error;
  o.engine = "delivery";
  json::object p{{"ticket_id", r.ticket_id},   {"customer_id", r.customer_id},
                 {"channel", to_string(r.channel)}, {"reason", "delivery_failed"},
                 {"urgency", "high"},          {"context", res.error}};
  std::vector<std::pair<std::string, Envelope>> outbox;
  outbox.emplace_back(std::string(topics::escalations),
                      make_envelope("ticket.escalated", r.customer_id, json::serialize(p),
                                    r.correlation_id, "esc:" + o.idempotency_key));
  store_.commit_agent_outcome(o, outbox);
}

DeliveryClaim DeliveryWorker::claim(const std::string& dedup_key, const std::string& message_id,
                                    const std::string& correlation_id) {
  // In progress elsewhere: wait until it finishes or its claim expires (a crashed worker's).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(o_.lease_ms + 5000);
  for (;;) {
    auto c = store_.claim_delivery_leased(dedup_key, message_id, o_.lease_ms);
    if (c != DeliveryClaim::in_progress) {
      if (c == DeliveryClaim::resumed)
        ops::warn("delivery taken over from an interrupted attempt", correlation_id,
                  {{"message_id", message_id}, {"dedup_key", dedup_key}});
      return c;
    }
    if (std::chrono::steady_clock::now() >= deadline)
      throw Error(ErrorKind::unavailable, "delivery claimed by another worker");  // bus retries
    std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp<std::int64_t>(o_.lease_ms / 40, 10, 250)));
  }
}

void DeliveryWorker::handle(const Envelope& e) {
  auto r = channels::outbound_from_json(e.payload);
  if (r.dedup_key.empty()) r.dedup_key = e.idempotency_key;
  if (r.channel == Channel::webform) {
    // Nothing to send (the reply is shown on the status page): claimed, finished and marked
    // delivered in one store write. Held by another worker: the general path below waits for it.
    channels::DeliveryResult res;
    res.ok = true;
    res.status = "delivered";
    std::vector<std::pair<std::string, Envelope>> outbox;
    if (status_prefix_) {
      auto [topic, ev] = status_event(r, res);
      outbox.emplace_back(*status_prefix_ + topic, std::move(ev));
    }
    auto c = store_.deliver_without_provider(r.dedup_key, r.message_id, res.status, o_.lease_ms, outbox);
    if (c != DeliveryClaim::in_progress) {
      const bool fresh = c != DeliveryClaim::finished;
      metrics_.counter("fte_deliveries_total", {{"channel", to_string(r.channel)}, {"status", fresh ? "ok" : "duplicate"}}).inc();
      if (fresh && !status_prefix_) publish_status(r, res);
      notify_by_email(r);
      return;
    }
  }
  auto c = claim(r.dedup_key, r.message_id, r.correlation_id);
  if (c == DeliveryClaim::finished) {
    // Sent (or given up) before: never send twice. A web-form reply's notification has its own
    // claim, which a crash may have left undone.
    metrics_.counter("fte_deliveries_total", {{"channel", to_string(r.channel)}, {"status", "duplicate"}}).inc();
    if (r.channel == Channel::webform) notify_by_email(r);
    return;
  }
  r.resumed = c == DeliveryClaim::resumed;
  auto it = senders_.find(r.channel);
  channels::DeliveryResult res;
  if (r.channel == Channel::webform) {
    res.ok = true;  // shown on the status page; the email notification is best effort
    res.status = "delivered";
  } else if (it == senders_.end() || !it->second) {
    res.status = "not_configured";
    res.error = "no sender configured for the channel";
  } else {
    res = send_with_retries(*it->second, r);
  }
  if (!res.ok && r.channel == Channel::whatsapp) res = email_fallback(r, std::move(res));
  store_.finish_delivery(r.dedup_key, r.message_id);  // first: the provider has answered
  // A reply sent as several WhatsApp messages has one provider id per message ("SM1,SM2"); the
  // store records each, so a status callback about any part finds the reply.
  store_.set_delivery_status(r.message_id, res.ok ? (res.status.empty() ? "sent" : res.status)
                                                  : (res.status.empty() ? "failed" : res.status),
                             res.provider_id);
  metrics_.counter("fte_deliveries_total", {{"channel", to_string(r.channel)}, {"status", res.ok ? "ok" : "failed"}}).inc();
  publish_status(r, res);
  if (!res.ok) {
    ops::warn("delivery failed; escalating", r.correlation_id,
              {{"ticket_id", r.ticket_id}, {"channel", to_string(r.channel)}, {"error", res.error}});
    escalate_undeliverable(r, res);
  }
  if (r.channel == Channel::webform) notify_by_email(r);
}

}  // namespace fte::app

namespace fte::app {

// ---------------------------------------------------------------- replies (agent and console)

std::vector<std::pair<std::string, Envelope>> outbound_events(channels::OutboundReply r) {
  if (r.message_id.empty()) throw Error(ErrorKind::invalid_argument, "a reply needs a message id");
  if (r.parts.empty()) throw Error(ErrorKind::invalid_argument, "a reply needs text", "message");
  if (r.dedup_key.empty()) r.dedup_key = "reply:" + r.message_id;
  auto topic = topics::channel_topic(to_string(r.channel), "outbound");
  auto e = make_envelope("reply.outbound", r.customer_id, channels::to_json(r), r.correlation_id,
                         r.dedup_key);
  std::vector<std::pair<std::string, Envelope>> out;
  out.emplace_back(std::move(topic), std::move(e));
  return out;
}

}  // namespace fte::app
