// chunk_markdown / load_path on the sample SaaS doc and on made-up docs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/ids.h"
#include "kb/knowledge_base.h"
#include "synthetic_docs.h"

namespace fte::kb {
namespace {

const std::string kSampleDoc = std::string(FTE_SOURCE_DIR) + "/data/kb/product-docs.md";

const KnowledgeChunk* find_title(const std::vector<KnowledgeChunk>& v, const std::string& title) {
  auto it = std::find_if(v.begin(), v.end(), [&](const auto& c) { return c.title == title; });
  return it == v.end() ? nullptr : &*it;
}

TEST(KbChunker, SampleDocHeadingPathsAndCategories) {
  const auto chunks = load_path(kSampleDoc);
  ASSERT_EQ(chunks.size(), 38u);  // one per ### section; the ## headings have no text of their own
  const auto* reset = find_title(chunks, "Accounts & Security > Resetting Your Password");
  ASSERT_NE(reset, nullptr);
  EXPECT_EQ(reset->category, "accounts & security");
  EXPECT_EQ(reset->source, "product-docs.md");
  EXPECT_NE(reset->content.find("forgot-password"), std::string::npos);
  EXPECT_EQ(reset->content.find("## "), std::string::npos);  // no heading lines in the text
  EXPECT_EQ(reset->content.find("---"), std::string::npos);  // horizontal rules dropped
  EXPECT_TRUE(reset->embedding.empty());

  const auto* invite = find_title(chunks, "Getting Started > Inviting Your Team");
  ASSERT_NE(invite, nullptr);
  EXPECT_EQ(invite->category, "getting started");
  ASSERT_NE(find_title(chunks, "Troubleshooting > Can't Sign In"), nullptr);
  EXPECT_EQ(find_title(chunks, "Troubleshooting > Can't Sign In")->category, "troubleshooting");

  std::set<std::string> categories;
  for (const auto& c : chunks) categories.insert(c.category);
  EXPECT_EQ(categories, (std::set<std::string>{"getting started", "accounts & security",
                                               "scheduling", "time clock & timesheets",
                                               "integrations", "billing & plans", "mobile app",
                                               "data & privacy", "troubleshooting", "faq"}));
}

TEST(KbChunker, SampleDocDropsTableOfContentsTitleAndNumbering) {
  const auto chunks = load_path(kSampleDoc);
  for (const auto& c : chunks) {
    EXPECT_EQ(c.title.find("Table of Contents"), std::string::npos);
    EXPECT_EQ(c.title.find("Rotaloom Help Center"), std::string::npos);
    EXPECT_FALSE(c.title[0] >= '0' && c.title[0] <= '9') << c.title;  // "7. " numbering removed
    EXPECT_EQ(c.content.find("2. Accounts & Security"), std::string::npos) << c.title;  // ToC text
    EXPECT_FALSE(c.content.empty());
  }
}

TEST(KbChunker, KeepsListsAndTables) {
  const auto chunks = load_path(kSampleDoc);
  const auto* roles = find_title(chunks, "Getting Started > Roles and Permissions");
  ASSERT_NE(roles, nullptr);
  EXPECT_NE(roles->content.find("| Owner | Everything, including billing |"), std::string::npos);
  const auto* build = find_title(chunks, "Scheduling > Building a Schedule");
  ASSERT_NE(build, nullptr);
  EXPECT_NE(build->content.find("1. Open **Rota** and choose the location and the week."),
            std::string::npos);
}

TEST(KbChunker, IdsAreStableUniqueAndUuidShaped) {
  const auto a = load_path(kSampleDoc);
  const auto b = load_path(kSampleDoc);
  ASSERT_EQ(a.size(), b.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_TRUE(is_uuid(a[i].id)) << a[i].id;
    ids.insert(a[i].id);
  }
  EXPECT_EQ(ids.size(), a.size());
  // The id depends on source and title, not on position or content.
  const std::string section = "## Accounts & Security\n### Resetting Your Password\n";
  const auto other = chunk_markdown(section + "new\n", "product-docs.md");
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].id, find_title(a, "Accounts & Security > Resetting Your Password")->id);
  EXPECT_NE(chunk_markdown(section + "x\n", "other.md")[0].id, other[0].id);
}

TEST(KbChunker, SyntheticDocTocIntroNumberingCodeAndLongSections) {
  const auto chunks = chunk_markdown(testdocs::ledgerly(), "ledgerly.md");
  for (const auto& c : chunks) {
    EXPECT_EQ(c.title.find("Contents"), std::string::npos);
    EXPECT_EQ(c.content.find("Welcome!"), std::string::npos);  // text before the first ## heading
    EXPECT_EQ(c.title.find("1.1"), std::string::npos) << c.title;
    EXPECT_EQ(c.source, "ledgerly.md");
  }
  const auto* intro = find_title(chunks, "Invoices");  // a ## section with text of its own
  ASSERT_NE(intro, nullptr);
  EXPECT_EQ(intro->content, "Invoices are the heart of Ledgerly.");
  ASSERT_NE(find_title(chunks, "Invoices > Recurring Invoices"), nullptr);
  EXPECT_EQ(find_title(chunks, "Invoices > Recurring Invoices")->category, "invoices");

  // "# this line is a shell comment" inside a fenced block is content, not a heading.
  const auto* card = find_title(chunks, "Payments > Accepting Card Payments");
  ASSERT_NE(card, nullptr);
  EXPECT_NE(card->content.find("# this line is a shell comment"), std::string::npos);
  EXPECT_EQ(find_title(chunks, "Payments > this line is a shell comment, not a heading"), nullptr);

  // The ~3,000-character audit log section is split at paragraph boundaries.
  std::vector<const KnowledgeChunk*> parts;
  for (const auto& c : chunks) {
    if (c.title == "Account > Audit Log") parts.push_back(&c);
  }
  ASSERT_GE(parts.size(), 2u);
  std::set<std::string> part_ids;
  for (const auto* p : parts) {
    EXPECT_LE(p->content.size(), 1600u);
    EXPECT_EQ(p->content.rfind("Paragraph ", 0), 0u) << "split inside a paragraph";
    EXPECT_EQ(p->content.back(), '.');
    part_ids.insert(p->id);
  }
  EXPECT_EQ(part_ids.size(), parts.size());
}

TEST(KbChunker, SeveralTopLevelHeadingsMakeH1TheTopLevel) {
  const auto chunks = chunk_markdown(testdocs::kThermly, "thermly.md");
  std::vector<std::string> titles;
  for (const auto& c : chunks) titles.push_back(c.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"Installation", "Wi-Fi Setup > Connecting to Wi-Fi",
                                              "Wi-Fi Setup > Wi-Fi Troubleshooting",
                                              "Schedules > Creating a Heating Schedule",
                                              "Schedules > Away Mode"}));
  EXPECT_EQ(chunks[1].category, "wi-fi setup");
}

TEST(KbChunker, EdgeCases) {
  EXPECT_TRUE(chunk_markdown("", "x.md").empty());
  EXPECT_TRUE(chunk_markdown("# Title only\n\n## Empty\n\n---\n", "x.md").empty());
  // No heading at all: one chunk named after the file.
  const auto plain = chunk_markdown("Just some text.\n", "refund-policy.md");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].title, "refund policy");
  // Closing hashes, emphasis, CRLF line ends, numbering "2)" and a name starting with a number.
  const auto c = chunk_markdown(
      "## 2) **Billing** ##\r\n### 2FA Setup\r\ntext\r\n### 24 Hour Support\r\nmore\r\n", "x.md");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].title, "Billing > 2FA Setup");
  EXPECT_EQ(c[0].content, "text");
  EXPECT_EQ(c[1].title, "Billing > 24 Hour Support");
  EXPECT_EQ(c[0].category, "billing");
  // Same heading path twice: distinct ids.
  const auto dup = chunk_markdown("## A\n### B\none\n## A\n### B\ntwo\n", "x.md");
  ASSERT_EQ(dup.size(), 2u);
  EXPECT_NE(dup[0].id, dup[1].id);
  // A huge paragraph without blank lines or spaces is still cut, on UTF-8 boundaries.
  std::string blob = "## Big\n";
  for (int i = 0; i < 2000; ++i) blob += "é";
  const auto big = chunk_markdown(blob, "x.md");
  ASSERT_GE(big.size(), 2u);
  std::string joined;
  for (const auto& b : big) {
    EXPECT_LE(b.content.size(), 1500u);
    EXPECT_NE(static_cast<unsigned char>(b.content[0]) & 0xC0, 0x80u);
    joined += b.content;
  }
  EXPECT_EQ(joined.size(), 4000u);
}

TEST(KbChunker, LoadPathReadsFoldersSortedAndRejectsMissingPaths) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("fte_kb_" + random_hex(6));
  fs::create_directories(dir);
  std::ofstream(dir / "b.md") << "## Second\n### S\nsecond file\n";
  std::ofstream(dir / "a.md") << "## First\n### F\nfirst file\n";
  std::ofstream(dir / "notes.txt") << "## Ignored\n### I\nnot markdown\n";
  const auto chunks = load_path(dir.string());
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].source, "a.md");
  EXPECT_EQ(chunks[1].source, "b.md");
  fs::remove_all(dir);

  try {
    load_path((dir / "missing.md").string());
    FAIL() << "expected fte::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_argument);
  }
}

}  // namespace
}  // namespace fte::kb

namespace fte::kb {
namespace {

TEST(KbChunkerStructure, EachFaqQuestionWithItsAnswerIsOneChunk) {
  const auto chunks = chunk_markdown(
      "## Help\n### Common Questions\nRead these first.\n\n**Q: How do I reset my password?**\n"
      "A: Use the Forgot Password link.\n\n**Q4. Can I export boards?**\nA: Yes, as CSV.\n\n"
      "Question: Is there a mobile app?\nAnswer: Yes, for iOS and Android.\n",
      "faq.md");
  std::vector<std::string> titles;
  for (const auto& c : chunks) titles.push_back(c.title);
  EXPECT_EQ(titles, (std::vector<std::string>{
                        "Help > Common Questions", "Help > Common Questions > How do I reset my password?",
                        "Help > Common Questions > Can I export boards?",
                        "Help > Common Questions > Is there a mobile app?"}));
  EXPECT_NE(chunks[1].content.find("Forgot Password"), std::string::npos);
  EXPECT_EQ(chunks[1].content.find("CSV"), std::string::npos) << "no neighbour's answer";
}

TEST(KbChunkerStructure, ASingleBoldQuestionIsNotAFaq) {
  const auto chunks =
      chunk_markdown("## Billing\n**Why was I charged twice?**\nRefunds take 5 days.\n", "b.md");
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].title, "Billing");
}

TEST(KbChunkerStructure, LongSectionsKeepProceduresWholeAndTableHeaders) {
  std::string md = "## Setup\n";
  for (int i = 0; i < 12; ++i) md += "Background paragraph " + std::to_string(i) + " " + std::string(60, 'x') + ".\n\n";
  for (int i = 1; i <= 6; ++i) md += std::to_string(i) + ". Step " + std::to_string(i) + " " + std::string(40, 'y') + "\n\n";
  md += "| Plan | Limit |\n|---|---|\n";
  for (int i = 0; i < 60; ++i) md += "| plan" + std::to_string(i) + " | " + std::to_string(i) + " |\n";
  const auto chunks = chunk_markdown(md, "setup.md");
  ASSERT_GE(chunks.size(), 2u);
  int with_steps = 0;
  for (const auto& c : chunks) {
    if (c.content.find("1. Step 1") != std::string::npos) {
      ++with_steps;
      EXPECT_NE(c.content.find("6. Step 6"), std::string::npos) << "procedure cut";
    }
    if (c.content.find("| plan") != std::string::npos) {
      EXPECT_NE(c.content.find("| Plan | Limit |\n|---|---|"), std::string::npos)
          << "a table part without its header:\n" << c.content.substr(0, 80);
    }
  }
  EXPECT_EQ(with_steps, 1);
}

}  // namespace
}  // namespace fte::kb
