// Gmail API messages (format=raw and format=full) → InboundMessage, and the outbound reply's RFC
// 5322 form read back with our own parser (threading headers, encodings, no header injection).
#include "channels/email/gmail_message.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "channels/email/codec.h"
#include "channels/email/reply_mail.h"

namespace email = fte::channels::email;
using email::B64Alphabet;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream f(std::filesystem::path(FTE_SOURCE_DIR) / "tests/fixtures/mime" / name,
                  std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string raw_message_json(const std::string& eml,
                             std::vector<std::string> labels = {"INBOX", "UNREAD"}) {
  boost::json::array ls;
  for (auto& l : labels) ls.emplace_back(l);
  return boost::json::serialize(
      boost::json::object{{"id", "18c1f2a3b4c5d6e7"},
                          {"threadId", "18c1f2a3b4c5d600"},
                          {"labelIds", ls},
                          {"snippet", "Hi Rotaloom team"},
                          {"historyId", "4242"},
                          {"internalDate", "1767604531000"},
                          {"sizeEstimate", eml.size()},
                          {"raw", email::base64_encode(eml, B64Alphabet::url, true)}});
}

}  // namespace

TEST(GmailMessage, RawFormatBecomesAnInboundMessage) {
  auto p = email::parse_gmail_message(raw_message_json(fixture("gmail_reply.eml")));
  ASSERT_TRUE(p.message) << p.error;
  const auto& m = *p.message;
  EXPECT_EQ(m.id, "18c1f2a3b4c5d6e7");
  EXPECT_TRUE(m.has_label("INBOX"));
  EXPECT_EQ(email::skip_reason(m, "support@rotaloom.example"), "");
  fte::InboundMessage in = email::to_inbound(m, 1);
  EXPECT_EQ(in.channel, fte::Channel::email);
  EXPECT_EQ(in.channel_message_id, "18c1f2a3b4c5d6e7");
  EXPECT_EQ(in.thread_id, "18c1f2a3b4c5d600");
  EXPECT_EQ(in.rfc822_message_id, "<CAJane002+xyz@mail.gmail.com>");
  EXPECT_EQ(in.references, "<CAOrig001@mail.gmail.com> <reply-001@rotaloom.example>");
  EXPECT_EQ(in.customer_name, "Jane Doe");
  EXPECT_EQ(in.email, "jane.doe@example.com");
  EXPECT_EQ(in.subject, "Re: Password reset link expired");
  EXPECT_EQ(in.received_at_ms, 1767604531000);
  EXPECT_NE(in.body.find("reset link still says"), std::string::npos);
  EXPECT_EQ(in.body.find("wrote:"), std::string::npos);
  EXPECT_NE(in.raw_body.find("Please use the link"), std::string::npos);
}

TEST(GmailMessage, FullFormatPayloadTreeUsesTheSameRules) {
  auto b64 = [](std::string s) { return email::base64_encode(s, B64Alphabet::url, true); };
  boost::json::object plain{
      {"partId", "0.0"},
      {"mimeType", "text/plain"},
      {"filename", ""},
      {"headers", boost::json::array{boost::json::object{
                      {"name", "Content-Type"}, {"value", "text/plain; charset=\"UTF-8\""}}}},
      {"body", {{"size", 40}, {"data", b64("Where is my invoice?\r\n\r\n> older\r\n")}}}};
  boost::json::object html{{"partId", "0.1"},
                           {"mimeType", "text/html"},
                           {"filename", ""},
                           {"headers", boost::json::array{}},
                           {"body", {{"size", 30}, {"data", b64("<p>Where is my invoice?</p>")}}}};
  boost::json::object alt{{"partId", "0"},         {"mimeType", "multipart/alternative"},
                          {"filename", ""},        {"headers", boost::json::array{}},
                          {"body", {{"size", 0}}}, {"parts", boost::json::array{plain, html}}};
  boost::json::object pdf{{"partId", "1"},
                          {"mimeType", "application/pdf"},
                          {"filename", "invoice.pdf"},
                          {"headers", boost::json::array{boost::json::object{
                                          {"name", "Content-Disposition"},
                                          {"value", "attachment; filename=\"invoice.pdf\""}}}},
                          {"body", {{"attachmentId", "ANGjdJ8abc"}, {"size", 52341}}}};
  boost::json::array headers{
      boost::json::object{{"name", "From"},
                          {"value", "=?UTF-8?Q?Ren=C3=A9e?= <Renee@Example.org>"}},
      boost::json::object{{"name", "Subject"}, {"value", "Invoice missing"}},
      boost::json::object{{"name", "Message-ID"}, {"value", "<full-1@example.org>"}},
      boost::json::object{{"name", "In-Reply-To"}, {"value", "<ours-1@rotaloom.example>"}},
      boost::json::object{{"name", "Content-Type"}, {"value", "multipart/mixed; boundary=\"x\""}}};
  boost::json::object payload{{"partId", ""},          {"mimeType", "multipart/mixed"},
                              {"filename", ""},        {"headers", headers},
                              {"body", {{"size", 0}}}, {"parts", boost::json::array{alt, pdf}}};
  boost::json::object msg{{"id", "abc123"},
                          {"threadId", "thr9"},
                          {"labelIds", boost::json::array{"INBOX"}},
                          {"internalDate", "1767600000000"},
                          {"payload", payload}};
  auto p = email::parse_gmail_message(boost::json::serialize(msg));
  ASSERT_TRUE(p.message) << p.error;
  fte::InboundMessage in = email::to_inbound(*p.message, 1);
  EXPECT_EQ(in.customer_name,
            "Ren\xC3\xA9"
            "e");
  EXPECT_EQ(in.email, "renee@example.org");
  EXPECT_EQ(in.body, "Where is my invoice?");
  EXPECT_EQ(in.references, "<ours-1@rotaloom.example>");  // In-Reply-To when no References
  ASSERT_EQ(in.attachments.size(), 1u);
  EXPECT_EQ(in.attachments[0].filename, "invoice.pdf");
  EXPECT_EQ(in.attachments[0].content_type, "application/pdf");
  EXPECT_EQ(in.attachments[0].size, 52341);
}

TEST(GmailMessage, SkipsWhatIsNotACustomersMail) {
  auto sent = email::parse_gmail_message(raw_message_json(fixture("gmail_reply.eml"), {"SENT"}));
  ASSERT_TRUE(sent.message);
  EXPECT_EQ(email::skip_reason(*sent.message, ""), "label SENT");
  auto ours = email::parse_gmail_message(raw_message_json(fixture("gmail_reply.eml")));
  EXPECT_EQ(email::skip_reason(*ours.message, "Jane.Doe@example.com"),
            "sent by the support address");
  auto ooo = email::parse_gmail_message(raw_message_json(fixture("auto_reply.eml")));
  EXPECT_EQ(email::skip_reason(*ooo.message, ""), "automated mail");
  EXPECT_FALSE(email::parse_gmail_message("{}").message);
  EXPECT_FALSE(email::parse_gmail_message(R"({"id":"x"})").message);
  EXPECT_FALSE(email::parse_gmail_message("[1,2]").message);
}

TEST(ReplyMail, SubjectGetsOneRe) {
  EXPECT_EQ(email::reply_subject("Password reset"), "Re: Password reset");
  EXPECT_EQ(email::reply_subject("Re: Password reset"), "Re: Password reset");
  EXPECT_EQ(email::reply_subject("RE: re: Re[2]: AW: Password reset"), "Re: Password reset");
  EXPECT_EQ(email::reply_subject("Fwd: invoice"), "Re: Fwd: invoice");
  EXPECT_EQ(email::reply_subject("Regarding: invoice"), "Re: Regarding: invoice");
  EXPECT_EQ(email::reply_subject("  "), "Re: Your support request");
}

TEST(ReplyMail, ThreadsAndReadsBack) {
  email::ReplyMail r;
  r.from_address = "support@rotaloom.example";
  r.from_name = "Rotaloom Support";
  r.to_address = "jane.doe@example.com";
  r.to_name = "Jane \"JD\" Doe";
  r.subject = "Re: Password reset link expired";
  r.in_reply_to = "<CAJane002+xyz@mail.gmail.com>";
  r.references = "<CAOrig001@mail.gmail.com> <reply-001@rotaloom.example>";
  r.body =
      "Dear Jane,\n\nThe link is valid for 24 hours \xE2\x80\x94 please try again.\n\nKind "
      "regards,\nRotaloom Support\nTicket: ABC123";
  r.date_ms = 1767604531000;
  std::string raw = email::build_reply(r);
  for (std::size_t p = 0, nl; (nl = raw.find("\r\n", p)) != std::string::npos; p = nl + 2)
    EXPECT_LE(nl - p, 998u);
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (raw[i] == '\n') {
      EXPECT_EQ(raw[i - 1], '\r');
    }
  email::ParsedMail m = email::parse_mail(raw);
  EXPECT_EQ(m.headers.get("To"), "\"Jane \\\"JD\\\" Doe\" <jane.doe@example.com>");
  EXPECT_EQ(m.from_email, "support@rotaloom.example");
  EXPECT_EQ(m.subject, "Re: Password reset link expired");
  EXPECT_EQ(m.in_reply_to, "<CAJane002+xyz@mail.gmail.com>");
  EXPECT_EQ(
      m.references,
      "<CAOrig001@mail.gmail.com> <reply-001@rotaloom.example> <CAJane002+xyz@mail.gmail.com>");
  EXPECT_EQ(m.message_id.rfind("<", 0), 0u);
  EXPECT_NE(m.message_id.find("@rotaloom.example>"), std::string::npos);
  EXPECT_EQ(m.headers.get("Date"), "Mon, 05 Jan 2026 09:15:31 +0000");
  EXPECT_EQ(m.headers.get("MIME-Version"), "1.0");
  EXPECT_EQ(m.headers.get("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(m.full_text, r.body);
}

TEST(ReplyMail, EncodesNonAsciiHeadersAndRefusesInjection) {
  email::ReplyMail r;
  r.to_address = "zoe@example.com\r\nBcc: victim@example.com";
  r.to_name = "Zo\xC3\xAB M\xC3\xBCller";
  r.subject = "Probl\xC3\xA8me \xE2\x82\xAC \r\nBcc: evil@example.com " + std::string(120, 'x');
  r.body =
      "\xD0\x97\xD0\xB4\xD1\x80\xD0\xB0\xD0\xB2\xD1\x81\xD1\x82\xD0\xB2\xD1\x83\xD0\xB9\xD1\x82\xD0"
      "\xB5";
  r.date_ms = 0;
  std::string raw = email::build_reply(r);
  auto [head, body] = email::split_entity(raw);
  email::Headers h = email::parse_headers(head);
  EXPECT_FALSE(h.has("Bcc"));
  for (unsigned char c : std::string(head)) EXPECT_LT(c, 0x80);
  EXPECT_EQ(h.get("Content-Transfer-Encoding"), "base64");  // mostly non-ASCII body
  email::ParsedMail m = email::parse_mail(raw);
  EXPECT_EQ(m.subject,
            "Re: Probl\xC3\xA8me \xE2\x82\xAC   Bcc: evil@example.com " + std::string(120, 'x'));
  EXPECT_EQ(email::parse_mailbox(h.get("To")).name, "Zo\xC3\xAB M\xC3\xBCller");
  EXPECT_EQ(m.full_text, r.body);
  EXPECT_FALSE(h.has("From"));  // no support address configured: Gmail fills it in
}
