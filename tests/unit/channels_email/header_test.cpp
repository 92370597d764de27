// Header sections: unfolding, RFC 2047 encoded words, parameters, mailboxes and Message-IDs.
#include "channels/email/header.h"

#include <gtest/gtest.h>

namespace email = fte::channels::email;

TEST(Headers, UnfoldsAndLooksUpCaseInsensitively) {
  auto [head, body] =
      email::split_entity("Subject: a\r\n long\r\n\tsubject\r\nX-A: 1\r\n\r\nbody\r\n");
  EXPECT_EQ(body, "body\r\n");
  email::Headers h = email::parse_headers(head);
  EXPECT_EQ(h.get("subject"), "a long\tsubject");
  EXPECT_EQ(h.get("X-a"), "1");
  EXPECT_EQ(h.get("Missing"), "");
}

TEST(Headers, SkipsGarbageLinesAndBoundsFieldCount) {
  email::Headers h =
      email::parse_headers("From nobody Mon Jan 1\nnot a header\nA: 1\nB: 2\nC: 3\n", 2);
  EXPECT_EQ(h.fields.size(), 2u);
  EXPECT_TRUE(h.truncated);
  EXPECT_EQ(h.get("A"), "1");
}

TEST(Headers, SplitsAtTheFirstEmptyLineWithBareLf) {
  auto [head, body] = email::split_entity("A: 1\nB: 2\n\nline1\n\nline2");
  EXPECT_EQ(head, "A: 1\nB: 2\n");
  EXPECT_EQ(body, "line1\n\nline2");
  auto [h2, b2] = email::split_entity("no blank line at all");
  EXPECT_EQ(h2, "no blank line at all");
  EXPECT_EQ(b2, "");
}

TEST(EncodedWords, DecodesBAndQInSeveralCharsets) {
  EXPECT_EQ(email::decode_header_text("=?utf-8?B?w6l0w6k=?="), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(email::decode_header_text("=?ISO-8859-1?Q?Probl=E8me_r=E9solu?="),
            "Probl\xC3\xA8me r\xC3\xA9solu");
  EXPECT_EQ(email::decode_header_text("=?windows-1252?Q?=93hi=94?="), "\xE2\x80\x9Chi\xE2\x80\x9D");
  EXPECT_EQ(email::decode_header_text("Re: =?UTF-8?Q?caf=C3=A9?= order"), "Re: caf\xC3\xA9 order");
}

TEST(EncodedWords, JoinsAdjacentWordsEvenWithinACharacter) {
  // "€" (E2 82 AC) split across two words, separated by folding whitespace.
  EXPECT_EQ(email::decode_header_text("=?UTF-8?B?4oI=?=\r\n =?UTF-8?B?rDEw?="),
            "\xE2\x82\xAC"
            "10");
  EXPECT_EQ(email::decode_header_text("=?utf-8?q?a?= =?utf-8?q?b?="), "ab");
  EXPECT_EQ(email::decode_header_text("=?utf-8?q?a?= plain =?utf-8?q?b?="), "a plain b");
}

TEST(EncodedWords, LeavesMalformedWordsAndRaw8BitReadable) {
  EXPECT_EQ(email::decode_header_text("=?utf-8?X?abc?="), "=?utf-8?X?abc?=");
  EXPECT_EQ(email::decode_header_text("=?utf-8?Q?no end"), "=?utf-8?Q?no end");
  EXPECT_EQ(email::decode_header_text("caf\xE9"), "caf\xC3\xA9");  // raw Latin-1 in a header
  EXPECT_EQ(email::decode_header_text("a\r\n\tb"), "a b");
}

TEST(HeaderValue, ParsesParametersQuotedAndRfc2231) {
  auto ct = email::parse_header_value("Multipart/Mixed; boundary=\"a;b\\\"c\"; charset=UTF-8");
  EXPECT_EQ(ct.value, "multipart/mixed");
  EXPECT_EQ(ct.param("boundary"), "a;b\"c");
  EXPECT_EQ(ct.param("charset"), "UTF-8");
  auto cd = email::parse_header_value("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.txt");
  EXPECT_EQ(cd.param("filename"), "r\xC3\xA9sum\xC3\xA9.txt");
  auto cont = email::parse_header_value(
      "attachment; filename*0*=iso-8859-1''caf%E9; filename*1=\"-menu\"; filename*2*=%2Etxt");
  EXPECT_EQ(cont.param("filename"), "caf\xC3\xA9-menu.txt");
  auto ew = email::parse_header_value("attachment; filename=\"=?UTF-8?B?w6l0w6kucGRm?=\"");
  EXPECT_EQ(ew.param("filename"), "\xC3\xA9t\xC3\xA9.pdf");
}

TEST(Mailbox, ReadsTheUsualForms) {
  auto a = email::parse_mailbox("\"Doe, Jane\" <jane@example.com>");
  EXPECT_EQ(a.name, "Doe, Jane");
  EXPECT_EQ(a.address, "jane@example.com");
  auto b = email::parse_mailbox("=?utf-8?Q?Zo=C3=AB?= <zoe@example.com>, other@example.com");
  EXPECT_EQ(b.name, "Zo\xC3\xAB");
  EXPECT_EQ(b.address, "zoe@example.com");
  auto c = email::parse_mailbox("bob@example.com (Bob Smith)");
  EXPECT_EQ(c.name, "Bob Smith");
  EXPECT_EQ(c.address, "bob@example.com");
  auto d = email::parse_mailbox("  plain@example.com ");
  EXPECT_EQ(d.name, "");
  EXPECT_EQ(d.address, "plain@example.com");
  auto e = email::parse_mailbox("\"x <evil@attacker.example>\" <real@example.com>");
  EXPECT_EQ(e.address, "real@example.com");
}

TEST(MessageIds, ExtractsBracketsAndKeepsFirstAndLastWhenLong) {
  auto ids = email::parse_message_ids("<a@x> <b@x>\r\n <c@x> junk <bad id@x>");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[2], "<c@x>");
  EXPECT_EQ(email::parse_message_ids("bare@host")[0], "<bare@host>");
  std::string many;
  for (int i = 0; i < 50; ++i) many += "<id" + std::to_string(i) + "@x> ";
  auto kept = email::parse_message_ids(many, 5);
  ASSERT_EQ(kept.size(), 5u);
  EXPECT_EQ(kept.front(), "<id0@x>");
  EXPECT_EQ(kept.back(), "<id49@x>");
  EXPECT_EQ(kept[1], "<id46@x>");
}
