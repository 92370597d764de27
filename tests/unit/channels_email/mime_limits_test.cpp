// Hostile mail: nesting, part counts, sizes and malformed structure stay within MimeLimits, and
// the parser answers instead of crashing or spinning.
#include <gtest/gtest.h>

#include <chrono>

#include "channels/email/charset.h"
#include "channels/email/mime.h"

namespace email = fte::channels::email;

namespace {
bool has_note(const email::ParsedMail& m, std::string_view n) {
  for (const auto& x : m.notes)
    if (x == n) return true;
  return false;
}
}  // namespace

TEST(MimeLimits, DeepNestingStopsAtTheDepthLimit) {
  std::string msg, tail;
  for (int i = 0; i < 200; ++i) {
    msg += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
           std::to_string(i) + "\r\n";
    tail = "\r\n--b" + std::to_string(i) + "--" + tail;
  }
  msg += "Content-Type: text/plain\r\n\r\ndeep text" + tail;
  email::MimeLimits limits;
  limits.max_depth = 10;
  email::ParsedMail m = email::parse_mail(msg, limits);
  EXPECT_TRUE(has_note(m, "nesting limit reached"));
  EXPECT_EQ(m.full_text.find("deep text"), std::string::npos);
}

TEST(MimeLimits, PartCountIsBounded) {
  std::string msg = "Content-Type: multipart/mixed; boundary=x\r\n\r\n";
  for (int i = 0; i < 5000; ++i)
    msg += "--x\r\nContent-Type: application/octet-stream\r\n\r\nA\r\n";
  msg += "--x--\r\n";
  email::MimeLimits limits;
  limits.max_parts = 50;
  email::ParsedMail m = email::parse_mail(msg, limits);
  EXPECT_LE(m.attachments.size(), 50u);
  EXPECT_TRUE(has_note(m, "part limit reached"));
}

TEST(MimeLimits, AttachmentTextIsCappedPerFileAndInTotal) {
  std::string msg = "Content-Type: multipart/mixed; boundary=x\r\n\r\n";
  for (int i = 0; i < 6; ++i)
    msg += "--x\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=f" +
           std::to_string(i) + ".log\r\n\r\n" + std::string(20000, 'a' + i) + "\r\n";
  msg += "--x--\r\n";
  email::ParsedMail m = email::parse_mail(msg);
  ASSERT_EQ(m.attachments.size(), 6u);
  std::size_t total = 0;
  for (const auto& a : m.attachments) {
    EXPECT_LE(a.text.size(), 8192u);
    EXPECT_EQ(a.size, 20000);
    total += a.text.size();
  }
  EXPECT_EQ(total, 32768u);
  EXPECT_EQ(m.attachments[5].text, "");
}

TEST(MimeLimits, BinaryDisguisedAsTextIsNotRead) {
  std::string msg =
      "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: "
      "text/plain\r\n\r\nhi\r\n"
      "--x\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; "
      "filename=data.log\r\n\r\n" +
      std::string("\x01\x02\0\x03", 4) + "\r\n--x--\r\n";
  email::ParsedMail m = email::parse_mail(msg);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].text, "");
}

TEST(MimeLimits, BodyTextIsCappedAtACharacterBoundary) {
  std::string body;
  while (body.size() < 300000) body += "caf\xC3\xA9 ";
  email::MimeLimits limits;
  limits.max_body_text_bytes = 1001;
  email::ParsedMail m =
      email::parse_mail("Content-Type: text/plain; charset=utf-8\r\n\r\n" + body, limits);
  EXPECT_LE(m.full_text.size(), 1001u);
  EXPECT_TRUE(email::is_valid_utf8(m.full_text));
}

TEST(MimeLimits, MalformedStructureStillYieldsText) {
  // No boundary parameter, unterminated multipart, missing headers, junk everywhere.
  EXPECT_EQ(email::parse_mail("Content-Type: multipart/mixed\r\n\r\nhello").full_text, "hello");
  EXPECT_EQ(
      email::parse_mail("Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\n\r\nopen part")
          .full_text,
      "open part");
  EXPECT_EQ(email::parse_mail("").full_text, "");
  EXPECT_EQ(email::parse_mail("\r\n\r\nbody only").full_text, "body only");
  EXPECT_EQ(
      email::parse_mail("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
                        "base64\r\n\r\n!!!aGk=")
          .full_text,
      "hi");
}

TEST(MimeLimits, PathologicalInputsStayLinear) {
  auto t0 = std::chrono::steady_clock::now();
  std::string a = "Subject: " + std::string(200000, '=') + "?\r\n\r\n" + std::string(200000, '<');
  email::parse_mail(a);
  std::string b = "Content-Type: text/html\r\n\r\n";
  for (int i = 0; i < 50000; ++i) b += "<a \"<head><blockquote>&#";
  email::parse_mail(b);
  std::string c = "Content-Type: multipart/mixed; boundary=q\r\n\r\n";
  for (int i = 0; i < 100000; ++i) c += "--qq\r\n";
  email::parse_mail(c);
  auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(secs, 5.0);
}
