// Asked things (kb/asked_things.h): what a question names as the thing it asks about, and which
// of those the documentation never mentions.
#include "kb/asked_things.h"

#include <gtest/gtest.h>

#include "kb/text.h"

namespace fte::kb {
namespace {

std::vector<std::string> stems(std::initializer_list<const char*> words) {
  std::vector<std::string> out;
  for (const char* w : words) out.push_back(stem(w));
  return out;
}

// A question names what it asks about after a verb of having or offering ("is there a", "do you
// have", "does it support") or of working together ("work with", "export to"); a noun elsewhere
// is the customer's setting, and words of asking itself name nothing.
TEST(AskedThings, NamedAfterHavingOrWorkingTogether) {
  EXPECT_EQ(asked_terms("is there a dark mode"), stems({"dark", "mode"}));
  EXPECT_EQ(asked_terms("Hello,\n\nDoes it work with Apple HomeKit? Thanks, Eva"),
            stems({"apple", "homekit"}));
  EXPECT_EQ(asked_terms("can i export to quickbooks"), stems({"quickbooks"}));
  EXPECT_EQ(asked_terms("Do you have an API for this?"), stems({"api"}));
  // The customer's setting, not the thing asked about.
  EXPECT_TRUE(asked_terms("We have a house sitter coming. Can I give a house sitter access?").empty());
  EXPECT_TRUE(asked_terms("i clocked in on a train with no signal, will it still count?").empty());
  // Words of asking and generic adjectives name nothing; a sentence that does not ask is context.
  EXPECT_TRUE(asked_terms("Is there a way to export? Is there a simple fix?").empty());
  EXPECT_TRUE(asked_terms("We have a subscription. How do I export my data?").empty());
  // Without an asking sentence the first two sentences are read (a WhatsApp line).
  EXPECT_EQ(asked_terms("does it support matter"), stems({"matter"}));
}

// docs_silent_terms: the asked terms no section uses, unless the section's heading names the
// thing asked about (the unknown word may be the customer's modifier for it).
TEST(AskedThings, DocsSilentTermsLeaveOutAThingTheHeadingNames) {
  const auto unknown = stems({"vacation", "appl", "watch"});
  EXPECT_EQ(docs_silent_terms("is there a vacation mode?", {stem("vacation")}),
            stems({"vacation"}));
  EXPECT_TRUE(docs_silent_terms("is there a vacation mode?", {stem("vacation")},
                                "Using Your Thermostat > Away Mode and Geofencing")
                  .empty());
  EXPECT_EQ(docs_silent_terms("is there an apple watch app?", {stem("apple"), stem("watch")},
                              "Mobile App > Installing the App"),
            stems({"apple", "watch"}));
  EXPECT_TRUE(docs_silent_terms("is there an apple watch app?", {}).empty())
      << "the docs use every asked word";
}

// capability_unknown_terms: in a sentence asking whether something can be done or exists, a word
// no section uses right after a preposition or an article is what is asked for; in a how-to
// question, in another sentence, or elsewhere in the sentence it is the customer's setting.
TEST(AskedThings, CapabilityUnknownTermsAreTheThingAskedFor) {
  EXPECT_EQ(capability_unknown_terms("can i send invoices by fax?", {stem("fax")}), stems({"fax"}));
  EXPECT_EQ(capability_unknown_terms("is there a dark mode", {stem("dark")}), stems({"dark"}));
  EXPECT_EQ(capability_unknown_terms("Hello,\n\nCan clients pay with Zapcoin? Thanks", {stem("zapcoin")}),
            stems({"zapcoin"}));
  // Not a capability question, or the unknown word is in another sentence.
  EXPECT_TRUE(capability_unknown_terms("how do i send invoices by fax", {stem("fax")}).empty());
  EXPECT_TRUE(capability_unknown_terms("We moved offices. Can I send invoices by email?",
                                       {stem("offices")})
                  .empty());
  // Not after a preposition or an article: a possessive's noun, an infinitive's verb.
  EXPECT_TRUE(capability_unknown_terms("can i swap my saturday shift", {stem("saturday")}).empty());
  EXPECT_TRUE(capability_unknown_terms("is there a way to combine boards?", {stem("combine")}).empty());
  EXPECT_TRUE(capability_unknown_terms("can i send invoices by fax?", {}).empty())
      << "the docs use every word";
  // The section's heading names the word after it: the customer's modifier for the section's thing.
  EXPECT_EQ(capability_unknown_terms("is there a vacation mode?", {stem("vacation")}),
            stems({"vacation"}));
  EXPECT_TRUE(capability_unknown_terms("is there a vacation mode?", {stem("vacation")},
                                       "Using Your Thermostat > Away Mode")
                  .empty());
}

}  // namespace
}  // namespace fte::kb
