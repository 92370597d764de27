// Parsing Twilio's WhatsApp webhooks (real-shaped fixtures) into InboundMessage and status updates.
#include <gtest/gtest.h>

#include "channels/whatsapp/inbound.h"
#include "http/http.h"
#include "test_support.h"

namespace fte::channels::whatsapp {
namespace {

using test::fixture;

constexpr const char* kAccount = "ACf0e1d2c3b4a5968778695a4b3c2d1e0f";

Params form(const std::string& name) {
  auto body = fixture(name);
  EXPECT_FALSE(body.empty()) << name;
  return http::parse_form(body);
}

TEST(WhatsAppInbound, TextMessage) {
  auto p = parse_inbound(form("inbound_text.form"), kAccount, 4096, 1700000000000);
  ASSERT_TRUE(p.message) << p.error;
  const auto& m = *p.message;
  EXPECT_EQ(m.channel, Channel::whatsapp);
  EXPECT_EQ(m.channel_message_id, "SM3f1e0a7c9b2d4e6f8a0b1c2d3e4f5a6b");
  EXPECT_EQ(m.phone, "+5511987654321");
  EXPECT_EQ(m.customer_name, "Ana Lima");
  EXPECT_EQ(m.body, "Hi! How do I *export* my data?\nLine two");  // WhatsApp formatting kept
  EXPECT_EQ(m.subject, "Hi! How do I *export* my data?");
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_EQ(m.received_at_ms, 1700000000000);
  EXPECT_TRUE(m.email.empty());
}

TEST(WhatsAppInbound, MediaWithoutCaption) {
  auto p = parse_inbound(form("inbound_media.form"), kAccount, 4096, 1);
  ASSERT_TRUE(p.message) << p.error;
  const auto& m = *p.message;
  EXPECT_EQ(m.channel_message_id, "MM8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d");
  EXPECT_EQ(m.phone, "+447700900123");
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].content_type, "image/jpeg");
  EXPECT_TRUE(m.attachments[0].filename.ends_with("/Media/ME11111111111111111111111111111111"));
  EXPECT_EQ(m.attachments[1].content_type, "application/pdf");
  EXPECT_EQ(m.body, "(sent 2 attachments: image/jpeg, application/pdf)");
}

TEST(WhatsAppInbound, LocationAndEmptyMessages) {
  auto loc = parse_inbound(form("inbound_location.form"), kAccount, 4096, 1);
  ASSERT_TRUE(loc.message);
  EXPECT_EQ(loc.message->body, "(shared a location)");
  Params empty = {{"MessageSid", "SM1"}, {"From", "whatsapp:+14155550101"}, {"Body", " \n "}};
  auto e = parse_inbound(empty, "", 4096, 1);
  EXPECT_FALSE(e.message);
  EXPECT_EQ(e.error, "empty_message");
  EXPECT_FALSE(e.forbidden);
}

TEST(WhatsAppInbound, RejectsWhatIsNotAWhatsAppMessage) {
  Params base = {{"MessageSid", "SMabc"}, {"AccountSid", "ACbars"}, {"From", "whatsapp:+14155550101"}, {"Body", "hi"}};
  EXPECT_TRUE(parse_inbound(base, "ACbars", 4096, 1).message);
  EXPECT_TRUE(parse_inbound(base, "", 4096, 1).message);  // account not configured: not checked

  auto other_account = parse_inbound(base, "ACother", 4096, 1);
  EXPECT_FALSE(other_account.message);
  EXPECT_TRUE(other_account.forbidden);
  EXPECT_EQ(other_account.error, "account_mismatch");

  auto no_sid = base;
  no_sid[0].second = "";
  EXPECT_EQ(parse_inbound(no_sid, "", 4096, 1).error, "missing_message_sid");
  auto bad_sid = base;
  bad_sid[0].second = "SM1'; DROP TABLE";
  EXPECT_EQ(parse_inbound(bad_sid, "", 4096, 1).error, "invalid_message_sid");
  auto sms = base;
  sms[2].second = "+14155550101";
  EXPECT_EQ(parse_inbound(sms, "", 4096, 1).error, "not_whatsapp");
  auto bad_phone = base;
  bad_phone[2].second = "whatsapp:+1abc";
  EXPECT_EQ(parse_inbound(bad_phone, "", 4096, 1).error, "invalid_from");
}

TEST(WhatsAppInbound, BodyIsSanitisedAndCapped) {
  std::string body = "a\x01" "b\x7f" "c\r\nd\te\xC2\x85" "f\xFF" "g";
  Params p = {{"MessageSid", "SMabc"}, {"From", "whatsapp:+14155550101"}, {"Body", body},
              {"ProfileName", "Eve\nMallory\x1b[31m"}};
  auto m = parse_inbound(p, "", 4096, 1).message;
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body, "abc\nd\tef\xEF\xBF\xBDg");
  EXPECT_EQ(m->customer_name, "Eve Mallory[31m");

  std::string long_body(5000, 'x');
  long_body.replace(4095, 2, "\xC3\xA9");  // é straddles the 4096-byte limit
  Params big = {{"MessageSid", "SMabc"}, {"From", "whatsapp:+14155550101"}, {"Body", long_body}};
  auto mb = parse_inbound(big, "", 4096, 1).message;
  ASSERT_TRUE(mb);
  EXPECT_EQ(mb->body.size(), 4095u);  // cut before the two-byte character, never inside it
}

TEST(WhatsAppInbound, SanitizeText) {
  EXPECT_EQ(sanitize_text("  hi  ", 100), "hi");
  EXPECT_EQ(sanitize_text("\xE2\x82", 100), "\xEF\xBF\xBD\xEF\xBF\xBD");    // truncated sequence
  EXPECT_EQ(sanitize_text("\xED\xA0\x80", 100), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(sanitize_text("\xC0\xAF", 100), "\xEF\xBF\xBD\xEF\xBF\xBD");    // overlong '/'
  EXPECT_EQ(sanitize_text("\xF0\x9F\x98\x80 ok", 100), "\xF0\x9F\x98\x80 ok");  // emoji kept
  EXPECT_EQ(sanitize_text("abcdef", 3), "abc");
}

TEST(WhatsAppStatus, DeliveredAndFailed) {
  auto d = parse_status(form("status_delivered.form"), kAccount, 5);
  ASSERT_TRUE(d.update) << d.error;
  EXPECT_EQ(d.update->message_sid, "SM0a1b2c3d4e5f60718293a4b5c6d7e8f9");
  EXPECT_EQ(d.update->status, "delivered");
  EXPECT_TRUE(d.update->error_code.empty());
  EXPECT_EQ(failure_action(d.update->status, d.update->error_code), FailureAction::none);

  auto f = parse_status(form("status_failed_63016.form"), kAccount, 5);
  ASSERT_TRUE(f.update) << f.error;
  EXPECT_EQ(f.update->status, "failed");
  EXPECT_EQ(f.update->error_code, "63016");
  EXPECT_EQ(failure_action(f.update->status, f.update->error_code), FailureAction::needs_template);

  EXPECT_TRUE(parse_status(form("status_delivered.form"), "ACother", 5).forbidden);
  Params odd = {{"MessageSid", "SM1"}, {"MessageStatus", "teleported"}};
  EXPECT_EQ(parse_status(odd, "", 5).error, "unknown_status");
  Params read = {{"SmsSid", "SM1"}, {"SmsStatus", "read"}};
  ASSERT_TRUE(parse_status(read, "", 5).update);
}

TEST(WhatsAppStatus, FailureActions) {
  EXPECT_EQ(failure_action("undelivered", "30008"), FailureAction::retry);
  EXPECT_EQ(failure_action("failed", "63018"), FailureAction::retry);
  EXPECT_EQ(failure_action("failed", "63003"), FailureAction::escalate);
  EXPECT_EQ(failure_action("failed", ""), FailureAction::escalate);
  EXPECT_EQ(failure_action("read", "63016"), FailureAction::none);
}

TEST(WhatsAppStatus, CombinedStatusOfAReplyInParts) {
  EXPECT_EQ(combined_status({}), "queued");
  EXPECT_EQ(combined_status({"read", "delivered", "read"}), "delivered");
  EXPECT_EQ(combined_status({"read", "read"}), "read");
  EXPECT_EQ(combined_status({"sent", "accepted"}), "queued");
  EXPECT_EQ(combined_status({"read", "undelivered", "delivered"}), "undelivered");
  EXPECT_EQ(combined_status({"undelivered", "failed"}), "failed");
}

}  // namespace
}  // namespace fte::channels::whatsapp
