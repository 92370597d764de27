// Questions in Spanish, French, German or Portuguese against English documentation (issue 15,
// docs/EVAL.md round 11): kb::foreign_glosses reads them into English words on the query side, so
// a covered question finds its section and passes the confidence and topic checks instead of
// escalating as knowledge_gap. Made-up documentation, no company's.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "kb/confidence.h"
#include "kb/foreign_words.h"
#include "kb/knowledge_base.h"
#include "kb/text.h"

namespace fte::kb {
namespace {

const std::string kPebble = R"md(# Pebblepost Help

## Account

### Resetting Your Password
Open the sign-in page, choose "Forgot password" and follow the link we email you. The link is valid
for one hour.

### Two-Factor Authentication
Turn on two-factor authentication under Settings > Security. You will need an authenticator app.

## Team

### Inviting Team Members
Go to Settings > Team and choose Invite. Enter each new member's email address; they join when
they accept the invitation.

### Removing a Member
An owner can remove a member under Settings > Team > Remove. Their posts stay.

## Billing

### Downloading Invoices
Every invoice is under Billing > Invoices. Choose Download to get a PDF.

### Changing Your Plan
Switch between the Basic and Studio plans under Billing > Plan.

## Posting

### Scheduling Posts
Pick a date and an hour in the composer and choose Schedule. Scheduled posts appear in the calendar.
)md";

class ForeignQuestions : public ::testing::Test {
 protected:
  void SetUp() override { kb_.load(chunk_markdown(kPebble, "pebble.md")); }
  // The first hit's title, after a check that it is relevant.
  std::string first(const std::string& q) {
    const auto hits = kb_.search(q, 3);
    if (hits.empty()) return "(none)";
    if (hits[0].score < kb_.relevance_threshold()) return "(below threshold) " + hits[0].title;
    return hits[0].title;
  }
  KnowledgeBase kb_;
};

TEST_F(ForeignQuestions, EachLanguageFindsTheSection) {
  EXPECT_EQ(first("¿Cómo puedo restablecer mi contraseña?"), "Account > Resetting Your Password");
  EXPECT_EQ(first("comment réinitialiser mon mot de passe ?"),
            "Account > Resetting Your Password");
  EXPECT_EQ(first("Wie kann ich mein Passwort zurücksetzen?"),
            "Account > Resetting Your Password");
  EXPECT_EQ(first("como faço para redefinir minha senha?"), "Account > Resetting Your Password");
  EXPECT_EQ(first("Hola, ¿cómo invito a un nuevo empleado a mi equipo? Gracias"),
            "Team > Inviting Team Members");
  EXPECT_EQ(first("Où puis-je télécharger mes factures ?"), "Billing > Downloading Invoices");
  EXPECT_EQ(first("Wie aktiviere ich die Zwei-Faktor-Authentifizierung?"),
            "Account > Two-Factor Authentication");
}

TEST_F(ForeignQuestions, TheGlossIsWhatTheChecksRead) {
  const std::string q = "comment inviter un collègue dans l'équipe ?";
  const auto words = kb_.docs_words(q);
  const std::string english = with_docs_words(q, words);
  EXPECT_NE(english.find("how"), std::string::npos) << english;
  EXPECT_NE(english.find("invite"), std::string::npos) << english;
  EXPECT_NE(english.find("team"), std::string::npos) << english;
  EXPECT_EQ(english.find("dans"), std::string::npos) << english;
  // No foreign word is reported as a word the docs never use.
  EXPECT_TRUE(kb_.unknown_terms(q).empty());
  const auto hits = kb_.search(q, 2);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].title, "Team > Inviting Team Members");
  EXPECT_TRUE(on_topic(english, hits[0].title, hits[0].content));
  const auto c = assess_answer(english, hits[0].title, hits[0].content, hits[0].score,
                               hits.size() > 1 ? hits[1].score : 0.0, true);
  EXPECT_NE(c.level, AnswerConfidence::Level::none);
}

TEST_F(ForeignQuestions, AThingTheDocsNeverNameStaysUnknown) {
  // "modo oscuro" is "dark mode": the docs name neither, so the English words are unknown.
  const auto unknown = kb_.unknown_terms("¿hay modo oscuro?");
  EXPECT_NE(std::find(unknown.begin(), unknown.end(), "dark"), unknown.end());
}

TEST(ForeignGlosses, EnglishTextIsLeftAsWritten) {
  const auto none = [](const std::string&) { return false; };
  EXPECT_TRUE(foreign_glosses("how do I reset my password?", none).empty());
  // One word of another language (a greeting) is not a question in it.
  EXPECT_TRUE(foreign_glosses("Bonjour, the notification emails land in spam", none).empty());
  // Nor is an English email signed with a name in Spanish ("de la"): few of its words are glossary
  // words ("planning" would otherwise be read as the French "schedule").
  EXPECT_TRUE(foreign_glosses("Hi, our planning board shows the wrong week since yesterday and the "
                              "team cannot see next week's tasks. Thanks, Maria de la Cruz",
                              none)
                  .empty());
  // A word the docs use is the docs' word, not a gloss ("portable" is English too).
  const auto docs = [](const std::string& t) { return t == stem("portable"); };
  const auto g = foreign_glosses("mi portable no funciona", docs);
  EXPECT_TRUE(std::none_of(g.begin(), g.end(),
                           [](const auto& p) { return p.first == stem("portable"); }));
  EXPECT_EQ(with_docs_words("hay modo oscuro", foreign_glosses("hay modo oscuro", none)),
            "is there mode dark");
}

TEST(ForeignGlosses, ATionCognateTheDocsUseIsRead) {
  const auto docs = [](const std::string& t) { return t == stem("invitation"); };
  const auto g = foreign_glosses("¿dónde está mi invitación?", docs);
  EXPECT_EQ(with_docs_words("¿dónde está mi invitación?", g), "¿where  my invitation?");
  // Only where the docs use the English word, and not as evidence of the language.
  EXPECT_TRUE(foreign_glosses("la invitación", docs).empty());
  const auto none = [](const std::string&) { return false; };
  const auto h = foreign_glosses("¿dónde está mi invitación?", none);
  EXPECT_EQ(with_docs_words("¿dónde está mi invitación?", h), "¿where  my invitación?");
}

}  // namespace
}  // namespace fte::kb
