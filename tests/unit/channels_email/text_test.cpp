// HTML to text, and what the agent reads of a reply (quoted history and signatures removed).
#include <gtest/gtest.h>

#include "channels/email/html_text.h"
#include "channels/email/reply_text.h"

namespace email = fte::channels::email;

TEST(HtmlToText, BlocksBecomeLinesAndInlineTagsVanish) {
  EXPECT_EQ(email::html_to_text("<p>Hello <b>there</b>,</p><p>line1<br>line2</p>"),
            "Hello there,\n\nline1\nline2");
  EXPECT_EQ(email::html_to_text("<div>a</div><div>b</div>"), "a\nb");
  EXPECT_EQ(email::html_to_text("<ul><li>one</li><li>two</li></ul>"), "- one\n- two");
  EXPECT_EQ(email::html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
            "a b\nc");
}

TEST(HtmlToText, DropsScriptsStylesHeadAndComments) {
  EXPECT_EQ(email::html_to_text(
                "<html><head><title>T</title><style>p{}</style></head>"
                "<body><script>var x = '<p>';</script>Hi<!-- <b>no</b> --> there</body></html>"),
            "Hi there");
  EXPECT_EQ(email::html_to_text("<SCRIPT type=x>evil()</SCRIPT >ok"), "ok");
  EXPECT_EQ(email::html_to_text("before<script>never closed"), "before");
}

TEST(HtmlToText, DecodesEntitiesAndCollapsesSpace) {
  EXPECT_EQ(email::html_to_text("a&nbsp;&amp;&lt;b&gt; &quot;c&quot; &#233;&#xE9;&eacute; &euro;"),
            "a &<b> \"c\" \xC3\xA9\xC3\xA9\xC3\xA9 \xE2\x82\xAC");
  EXPECT_EQ(email::html_to_text("  many \n\n  spaces\t here  "), "many spaces here");
  EXPECT_EQ(email::html_to_text("&unknown; & &#0; &#x110000;"),
            "&unknown; & \xEF\xBF\xBD \xEF\xBF\xBD");
  EXPECT_EQ(email::html_to_text("<pre>a  b\n  c</pre>"), "a  b\n  c");
}

TEST(HtmlToText, QuotesBlockquotesAndSurvivesBrokenMarkup) {
  EXPECT_EQ(email::html_to_text("new<blockquote>old<br>older</blockquote>"), "new\n> old\n> older");
  EXPECT_EQ(email::html_to_text("a < b and c > d"), "a < b and c > d");
  EXPECT_EQ(email::html_to_text("<a href=\"x>y\">link</a> end"), "link end");
  EXPECT_EQ(email::html_to_text("<img src=x alt=pic>text<br"), "text");
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<blockquote>";
  deep += "x";
  EXPECT_EQ(email::html_to_text(deep), "> > > > > > > > x");  // depth capped
}

TEST(ReplyText, CutsGmailAttributionAndQuotedLines) {
  std::string t =
      "Thanks, that worked!\n\nOn Mon, Jan 5, 2026 at 10:02 AM Support <s@x.com> wrote:\n> old\n> "
      "text\n";
  EXPECT_EQ(email::strip_quoted_reply(t), "Thanks, that worked!");
  std::string wrapped =
      "Yes please.\n\nOn Mon, Jan 5, 2026 at 10:02 AM Very Long Name\n<s@x.com> wrote:\n\n> old\n";
  EXPECT_EQ(email::strip_quoted_reply(wrapped), "Yes please.");
  std::string fr = "Merci.\n\nLe lun. 5 janv. 2026 à 10:02, Support <s@x.com> a écrit :\n> vieux\n";
  EXPECT_EQ(email::strip_quoted_reply(fr), "Merci.");
}

TEST(ReplyText, CutsOutlookBlocks) {
  EXPECT_EQ(
      email::strip_quoted_reply("Fixed now.\r\n\r\n-----Original Message-----\r\nFrom: a\r\nold"),
      "Fixed now.");
  EXPECT_EQ(email::strip_quoted_reply("Still broken.\n\n________________________________\nFrom: "
                                      "Support\nSent: Tuesday\nTo: Mark\nSubject: RE: x\n\nold"),
            "Still broken.");
  EXPECT_EQ(
      email::strip_quoted_reply("Hi\n\nFrom: Support <s@x.com>\nDate: Tue\nSubject: x\nTo: y\nold"),
      "Hi");
}

TEST(ReplyText, CutsSignaturesAndDeviceFooters) {
  EXPECT_EQ(email::strip_quoted_reply("Please help.\n-- \nJane\nCEO"), "Please help.");
  EXPECT_EQ(email::strip_quoted_reply("Please help.\n\nSent from my iPhone"), "Please help.");
  EXPECT_EQ(email::strip_quoted_reply("Please help.\n\nGet Outlook for iOS\n"), "Please help.");
}

TEST(ReplyText, KeepsOrdinaryTextAndFallsBackWhenNothingIsLeft) {
  std::string plain = "On Monday the export failed.\nFrom: the dashboard, I saw an error.";
  EXPECT_EQ(email::strip_quoted_reply(plain), plain);
  EXPECT_EQ(email::strip_quoted_reply("> only quoted\n> text"), "> only quoted\n> text");
  EXPECT_EQ(email::strip_quoted_reply("Answer inline:\n> q1\nA1\n> q2\nA2"),
            "Answer inline:\nA1\nA2");
}

TEST(ReplyText, TidyCollapsesBlankLines) {
  EXPECT_EQ(email::tidy_text("\n\n a  \r\n\r\n\r\n\r\nb\t\n\n"), " a\n\nb");
}

#include "channels/email/mime.h"

TEST(FormatFlowed, SoftBreaksAreJoinedQuotesAndSignaturesAreNot) {
  std::string msg =
      "Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
      "This paragraph was wrapped by the \r\nsender's client at seventy \r\ncharacters.\r\n"
      "Second line.\r\n> quoted \r\n> text\r\n-- \r\nSig\r\n";
  auto m = fte::channels::email::parse_mail(msg);
  EXPECT_EQ(m.full_text,
            "This paragraph was wrapped by the sender's client at seventy characters.\n"
            "Second line.\n> quoted\n> text\n--\nSig");
  EXPECT_EQ(
      m.reply_text,
      "This paragraph was wrapped by the sender's client at seventy characters.\nSecond line.");
  std::string delsp =
      "Content-Type: text/plain; format=flowed; delsp=yes\r\n\r\nlong wo \r\nrd\r\n";
  EXPECT_EQ(fte::channels::email::parse_mail(delsp).full_text, "long word");
}
