// The MIME corpus in tests/fixtures/mime: real-world-shaped mail (Gmail, Outlook, Apple Mail,
// HTML-only, ISO-8859-1, Windows-1252, quoted-printable, base64, attachments, forwarded mail,
// auto-replies). Each <name>.eml has a <name>.expect listing what the parser must produce:
//   key: value            exact value (from_email, from_name, subject, message_id, in_reply_to,
//                         references, html_only, automated, attachments = count)
//   reply_contains: text  / reply_excludes: text / full_contains: text
//   attachment: filename|content type|size|text prefix   (empty size or prefix: not checked)
//   attachment_text_contains: text
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "channels/email/charset.h"
#include "channels/email/mime.h"

namespace email = fte::channels::email;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

fs::path corpus_dir() {
  return fs::path(FTE_SOURCE_DIR) / "tests" / "fixtures" / "mime";
}

void check_fixture(const fs::path& expect_path) {
  fs::path eml = expect_path;
  eml.replace_extension(".eml");
  SCOPED_TRACE(eml.filename().string());
  email::ParsedMail m = email::parse_mail(read_file(eml));
  EXPECT_TRUE(email::is_valid_utf8(m.full_text));
  EXPECT_TRUE(email::is_valid_utf8(m.reply_text));
  std::istringstream lines(read_file(expect_path));
  std::string line;
  std::size_t attachment_index = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    auto colon = line.find(':');
    ASSERT_NE(colon, std::string::npos) << line;
    std::string key = line.substr(0, colon);
    std::string value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (key == "from_email")
      EXPECT_EQ(m.from_email, value);
    else if (key == "from_name")
      EXPECT_EQ(m.from_name, value);
    else if (key == "subject")
      EXPECT_EQ(m.subject, value);
    else if (key == "message_id")
      EXPECT_EQ(m.message_id, value);
    else if (key == "in_reply_to")
      EXPECT_EQ(m.in_reply_to, value);
    else if (key == "references")
      EXPECT_EQ(m.references, value);
    else if (key == "html_only")
      EXPECT_EQ(m.html_only, value == "true");
    else if (key == "automated")
      EXPECT_EQ(m.automated, value == "true");
    else if (key == "attachments")
      EXPECT_EQ(m.attachments.size(), std::stoul(value));
    else if (key == "reply_contains")
      EXPECT_NE(m.reply_text.find(value), std::string::npos) << "reply:\n" << m.reply_text;
    else if (key == "reply_excludes")
      EXPECT_EQ(m.reply_text.find(value), std::string::npos) << "reply:\n" << m.reply_text;
    else if (key == "full_contains")
      EXPECT_NE(m.full_text.find(value), std::string::npos) << "full:\n" << m.full_text;
    else if (key == "attachment") {
      auto f = split(value, '|');
      ASSERT_EQ(f.size(), 4u) << line;
      ASSERT_LT(attachment_index, m.attachments.size());
      const auto& a = m.attachments[attachment_index++];
      EXPECT_EQ(a.filename, f[0]);
      EXPECT_EQ(a.content_type, f[1]);
      if (!f[2].empty()) {
        EXPECT_EQ(a.size, std::stoll(f[2]));
      }
      if (!f[3].empty()) {
        EXPECT_EQ(a.text.rfind(f[3], 0), 0u) << a.text;
      } else if (a.content_type.rfind("text/", 0) != 0) {
        EXPECT_EQ(a.text, "");
      }
    } else if (key == "attachment_text_contains") {
      bool found = false;
      for (const auto& a : m.attachments) found = found || a.text.find(value) != std::string::npos;
      EXPECT_TRUE(found) << value;
    } else {
      ADD_FAILURE() << "unknown key " << key;
    }
  }
}

}  // namespace

TEST(MimeCorpus, EveryFixtureMatchesItsExpectations) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(corpus_dir())) {
    if (e.path().extension() != ".expect") continue;
    check_fixture(e.path());
    ++n;
  }
  EXPECT_GE(n, 10u);
}

TEST(MimeCorpus, HtmlOnlyMailKeepsQuotedTextInTheFullBody) {
  email::ParsedMail m = email::parse_mail(read_file(corpus_dir() / "html_only.eml"));
  EXPECT_TRUE(m.html_only);
  EXPECT_NE(m.full_text.find("Older text here"), std::string::npos);
  EXPECT_NE(m.reply_text, m.full_text);
}
