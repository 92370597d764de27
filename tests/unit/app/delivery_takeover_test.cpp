// The deliver role when a worker died between claiming a reply and the provider's answer (a real
// SQLite store, a recording sender): the next worker that gets the event takes the send over once
// the claim's lease is over (telling the sender it resumes an interrupted attempt) and sends it
// exactly once; a finished send is never repeated, and is skipped without waiting.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>

#include "app/pipeline.h"
#include "channels/channel.h"
#include "core/clock.h"
#include "core/ids.h"
#include "ops/log.h"
#include "ops/metrics.h"
#include "store/store.h"

using namespace fte;

namespace {

std::vector<std::string> g_log_lines;
void capture_log(std::string_view line) { g_log_lines.emplace_back(line); }

class RecordingSender final : public channels::ChannelSender {
 public:
  channels::DeliveryResult send(const channels::OutboundReply& r) override {
    std::lock_guard lk(mu_);
    sends.push_back(r);
    channels::DeliveryResult res;
    res.ok = true;
    res.status = "sent";
    res.provider_id = "msg-" + std::to_string(sends.size());
    return res;
  }
  std::vector<channels::OutboundReply> sent() {
    std::lock_guard lk(mu_);
    return sends;
  }

 private:
  std::mutex mu_;
  std::vector<channels::OutboundReply> sends;
};

class DeliveryTakeover : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("fte-takeover-" + new_uuid());
    std::filesystem::create_directories(dir_);
    StoreOptions so;
    so.url = "sqlite://" + (dir_ / "fte.db").string();
    store_ = open_sqlite_store(so);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A stored agent reply to a web-form ticket, to go out by email (or shown on the status page,
  // channel webform); its outbound event.
  Envelope reply_event(Channel channel = Channel::email) {
    InboundMessage m;
    m.channel = Channel::webform;
    m.channel_message_id = "form-" + new_uuid();
    m.ticket_id = new_uuid();
    m.customer_name = "Ana Lima";
    m.email = "ana@example.com";
    m.subject = "Export";
    m.body = "How do I export my data?";
    m.received_at_ms = now_ms();
    m.correlation_id = new_uuid();
    auto in = store_->ingest(m, nullptr);
    AgentOutcome o;
    o.idempotency_key = "in:webform:" + in.message_id;
    o.ticket_id = in.ticket_id;
    o.conversation_id = in.conversation_id;
    o.channel = channel;
    o.reply_parts = {"Hi Ana,\n\nUse Settings > Export."};
    o.reply_message_id = new_uuid();
    o.engine = "local";
    EXPECT_TRUE(store_->commit_agent_outcome(o, {}));
    channels::OutboundReply r;
    r.ticket_id = in.ticket_id;
    r.message_id = o.reply_message_id;
    r.conversation_id = in.conversation_id;
    r.customer_id = in.customer_id;
    r.channel = channel;
    r.parts = o.reply_parts;
    r.to_email = "ana@example.com";
    r.correlation_id = m.correlation_id;
    return app::outbound_events(r).at(0).second;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  ops::Metrics metrics_;
};

TEST_F(DeliveryTakeover, AClaimLeftByACrashedWorkerIsTakenOverAfterTheLeaseAndSentOnce) {
  auto e = reply_event();
  auto r = channels::outbound_from_json(e.payload);
  // The first worker claimed the send and was SIGKILLed before the provider answered.
  ASSERT_EQ(store_->claim_delivery_leased(e.idempotency_key, r.message_id, 300),
            DeliveryClaim::claimed);

  auto sender = std::make_shared<RecordingSender>();
  app::DeliveryWorker deliver(*store_, metrics_, {.attempts = 1, .backoff_initial_ms = 1, .lease_ms = 300});
  deliver.set_sender(Channel::email, sender);
  g_log_lines.clear();
  ops::set_log_sink(&capture_log);
  deliver.handle(e);  // the bus redelivers the uncommitted event to the next worker
  ops::set_log_sink(nullptr);
  auto sent = sender->sent();
  // The takeover is logged under the ticket's correlation id, without the customer's address.
  const auto takeover = std::find_if(g_log_lines.begin(), g_log_lines.end(), [](const std::string& l) {
    return l.find("delivery taken over") != std::string::npos;
  });
  ASSERT_NE(takeover, g_log_lines.end());
  EXPECT_NE(takeover->find("\"correlation_id\":\"" + r.correlation_id + "\""), std::string::npos) << *takeover;
  EXPECT_EQ(takeover->find("ana@example.com"), std::string::npos) << *takeover;
  ASSERT_EQ(sent.size(), 1u) << "the interrupted send was never retried";
  EXPECT_TRUE(sent[0].resumed) << "the sender must know a first attempt may have arrived";
  EXPECT_EQ(sent[0].dedup_key, e.idempotency_key);
  auto view = store_->ticket_view(r.ticket_id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->messages.back().delivery_status, "sent");

  // Redelivered once more (e.g. the offset commit was lost): finished, so skipped at once.
  auto t0 = std::chrono::steady_clock::now();
  deliver.handle(e);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(250));
  EXPECT_EQ(sender->sent().size(), 1u);
}

TEST_F(DeliveryTakeover, AFirstSendIsNotMarkedResumedAndIsNeverRepeated) {
  auto e = reply_event();
  auto sender = std::make_shared<RecordingSender>();
  app::DeliveryWorker deliver(*store_, metrics_, {.attempts = 1, .backoff_initial_ms = 1, .lease_ms = 0});
  deliver.set_sender(Channel::email, sender);
  deliver.handle(e);
  deliver.handle(e);  // even with no lease at all: the finished claim is never taken over
  auto sent = sender->sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_FALSE(sent[0].resumed);
}

TEST_F(DeliveryTakeover, AWebFormReplyIsDeliveredOnceWithItsStatusEventInTheSameWrite) {
  auto e = reply_event(Channel::webform);
  auto r = channels::outbound_from_json(e.payload);
  const auto before = store_->last_event_seq();
  app::DeliveryWorker deliver(*store_, metrics_, {.attempts = 1, .backoff_initial_ms = 1, .lease_ms = 60000});
  int published = 0;
  deliver.set_status_publisher([&](const std::string&, const Envelope&) { ++published; });
  deliver.set_status_in_store("pfx.");  // the local bus: its log is the store's event table
  deliver.handle(e);
  deliver.handle(e);  // redelivered: finished, nothing written again
  EXPECT_EQ(published, 0) << "the status event goes with the delivery's store write";
  auto events = store_->read_events({}, before, 100);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].topic, "pfx." + topics::channel_topic("webform", "status"));
  EXPECT_EQ(events[0].envelope.type, "delivery.status");
  EXPECT_NE(events[0].envelope.payload.find("\"status\":\"delivered\""), std::string::npos);
  EXPECT_EQ(store_->ticket_view(r.ticket_id)->messages.back().delivery_status, "delivered");
}

}  // namespace
