// OutboundReply, the payload of fte.channels.<channel>.outbound events: every field survives
// to_json → outbound_from_json, optional fields stay optional, and a payload that is not JSON or
// names no valid channel is refused with invalid_argument naming the field.
#include <gtest/gtest.h>

#include "channels/channel.h"
#include "core/error.h"

using namespace fte;
using fte::channels::OutboundReply;

TEST(OutboundReply, EveryFieldRoundTrips) {
  OutboundReply r;
  r.ticket_id = "6f1c2a9e-0b1d-4c3e-8f00-100000000001";
  r.message_id = "m-1";
  r.conversation_id = "c-1";
  r.customer_id = "cust-1";
  r.channel = Channel::whatsapp;
  r.parts = {"Hi Ana!", "Open the shift and tap Offer swap."};
  r.customer_name = "Ana";
  r.to_email = "ana@example.com";
  r.to_phone = "+15555550101";
  r.subject = "Shift swap";
  r.thread_id = "thread-9";
  r.in_reply_to = "<a@mail.example>";
  r.references = "<z@mail.example> <a@mail.example>";
  r.reply_to_channel_message_id = "gmail-17";
  r.last_inbound_at_ms = 1'767'000'000'123;
  r.correlation_id = "corr-1";
  r.dedup_key = "reply:m-1";
  const OutboundReply back = channels::outbound_from_json(channels::to_json(r));
  EXPECT_EQ(back.ticket_id, r.ticket_id);
  EXPECT_EQ(back.message_id, r.message_id);
  EXPECT_EQ(back.conversation_id, r.conversation_id);
  EXPECT_EQ(back.customer_id, r.customer_id);
  EXPECT_EQ(back.channel, Channel::whatsapp);
  EXPECT_EQ(back.parts, r.parts);
  EXPECT_EQ(back.customer_name, r.customer_name);
  EXPECT_EQ(back.to_email, r.to_email);
  EXPECT_EQ(back.to_phone, r.to_phone);
  EXPECT_EQ(back.subject, r.subject);
  EXPECT_EQ(back.thread_id, r.thread_id);
  EXPECT_EQ(back.in_reply_to, r.in_reply_to);
  EXPECT_EQ(back.references, r.references);
  EXPECT_EQ(back.reply_to_channel_message_id, r.reply_to_channel_message_id);
  EXPECT_EQ(back.last_inbound_at_ms, r.last_inbound_at_ms);
  EXPECT_EQ(back.correlation_id, r.correlation_id);
  EXPECT_EQ(back.dedup_key, r.dedup_key);
}

TEST(OutboundReply, OptionalFieldsMayBeAbsent) {
  const OutboundReply r = channels::outbound_from_json(R"({"ticket_id":"t","channel":"email"})");
  EXPECT_EQ(r.ticket_id, "t");
  EXPECT_EQ(r.channel, Channel::email);
  EXPECT_TRUE(r.parts.empty());
  EXPECT_TRUE(r.reply_to_channel_message_id.empty());
  EXPECT_EQ(r.last_inbound_at_ms, 0);
}

TEST(OutboundReply, BadPayloadsAreRefusedNamingTheField) {
  EXPECT_THROW(channels::outbound_from_json("not json"), Error);
  EXPECT_THROW(channels::outbound_from_json("[1,2]"), Error);
  try {
    channels::outbound_from_json(R"({"ticket_id":"t","channel":"fax"})");
    FAIL() << "accepted an unknown channel";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_argument);
    EXPECT_EQ(e.field(), "channel");
  }
}
