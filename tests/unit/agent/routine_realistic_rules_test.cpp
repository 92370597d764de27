// Round 17 (issue 14, branch judge17): the phrase rules' routine precision on desk-realistic
// messages — a price the customer edits in their own shop, a data-protection law named as the
// customer's own duty, a quoted label of a screen, a third party's money back, the building's
// power or the office router down, "hacked together", French "en double" / "j'ai importé", a
// thank-you or an arrival said a few words further from "refund". Every routine row trips a
// rule on main 2f9086e's rule layer (FTE_INTENT_MODEL=/nonexistent fte intents eval --misses);
// the twins escalate on both. Lines written for the test, made-up products.
#include <gtest/gtest.h>

#include <string>

#include "agent/judgement/input_guardrails.h"
#include "agent/judgement/phrase_guard.h"
#include "text/normalize.h"

namespace fte::agent {
namespace {

// The rule layer alone (no model, no company rules).
std::string by_rules(const char* t) {
  const auto ic = check_input(Channel::email, "", t, nullptr, nullptr);
  return ic.decision() ? ic.decision()->reason : std::string("none");
}

TEST(RoutineRealistic, PricesTheCustomerEditsInTheirOwnShop) {
  for (const char* routine : {
           "Morning, flour went up again so I need to change the prices of all my loaves at "
           "once. Is there a bulk edit? Thanks, Pim",
           "Hi, my tea room prices are on the ordering page. Can I hide them for the private "
           "events section? Best, Ottoline",
           "Bonjour, je voudrais modifier les prix de toute ma carte en une fois. C'est faisable "
           "? Merci, Armelle",
           "Guten Tag, ich möchte die Preise meiner Kurse für den Sommer anpassen. Wo geht das? "
           "Danke, Ute",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, can you send me the prices for 30 seats on the yearly plan?",
           "Hello, you changed the price of our plan without telling us. What will we pay from "
           "next month?",
       })
    EXPECT_EQ(by_rules(twin), "pricing_inquiry") << twin;
}

TEST(RoutineRealistic, ALawNamedAsTheCustomersOwnDutyIsNotARequest) {
  for (const char* routine : {
           "Hello, because of GDPR we must keep a register of our vendors. Is your processing "
           "agreement online somewhere? Thanks, Fenna",
           "Hola, por el RGPD debemos documentar a nuestros proveedores. ¿Dónde está su "
           "contrato de encargo? Gracias, Pau",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  EXPECT_EQ(by_rules("Hi, under GDPR I ask you to delete all my data now."), "privacy_request");
}

TEST(RoutineRealistic, AQuotedScreenLabelIsNotTheCustomersAsk) {
  for (const char* routine : {
           "Hello, our help centre has a \"chat with a human\" button. How do I move it to the "
           "left side? Thanks, Ilke",
           "Hi, the kiosk screen shows \"talk to an agent\" after ten seconds. Can I make it "
           "thirty? Cheers, Bas",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  EXPECT_EQ(by_rules("Hi, I want to talk to a human, please."), "human_requested");
  // A quotation that is not a label stays the customer's words.
  EXPECT_EQ(by_rules("My boss said \"stop emailing bots\", so I need a real person please."),
            "human_requested");
}

TEST(RoutineRealistic, SomeoneElsesMoneyAndSomeoneElsesOutage) {
  for (const char* routine : {
           "Hello, a shopper wants his money back for a cracked mug. Where is the button to "
           "return an order? Thanks, Jory",
           "Hi, we had a power outage at the studio this morning. Do unsaved drafts survive a "
           "restart? Thanks, Sol",
           "hey the router at our front desk is down again (not your problem lol). can the "
           "tablet app work offline for an hour?",
           "Hi, I hacked together a small script against your API. Which endpoint lists the "
           "invoices? Thanks, Rune",
           "Bonjour, comment fusionner deux fiches client en double ? J'ai importé la liste "
           "deux fois. Merci, Gaëlle",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  EXPECT_EQ(by_rules("Hello, you charged me after I cancelled. I want my money back."),
            "refund_request");
  EXPECT_EQ(by_rules("Hi, there is an outage, nobody on our team can open the app since 8am."),
            "outage");
  EXPECT_EQ(by_rules("Hi, our account was hacked last night, someone changed the admin email."),
            "security_incident");
  EXPECT_EQ(by_rules("Bonjour, vous m'avez facturé en double ce mois-ci, le montant est "
                     "prélevé deux fois."),
            "billing_dispute");
}

TEST(RoutineRealistic, ARefundThankedOrArrivedAFewWordsAway) {
  for (const char* routine : {
           "Hi, thank you so very much for the refund last week, it came through. How do I "
           "rename a board? Cheers, Aled",
           "Hello, the refund you issued for the cancelled workshop finally landed today. Where "
           "do I change my avatar? Thanks, Dilys",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  EXPECT_EQ(by_rules("Hello, the refund you promised still has not arrived after three weeks."),
            "refund_request");
}

// The guard that silences a confident `outage` model class when the message names no failure
// read only English and es/fr/de/pt words of a few kinds: a foreign outage report said with
// "tombé", "nicht erreichbar", "hors ligne", "caiu", "no carga" was silenced (main: true).
TEST(RoutineRealistic, AForeignOutageNamesItsFailure) {
  for (const char* s : {"Votre service est encore tombé ? On ne peut rien faire.",
                        "Hallo, ist Ihr Dienst gerade nicht erreichbar?",
                        "Bonjour, le site est hors ligne pour toute l'équipe.",
                        "Olá, o sistema caiu de novo? A equipe toda está parada.",
                        "Hola, ¿la app no carga para el equipo desde las diez?"})
    EXPECT_FALSE(no_failure_said(::fte::text::keys(s))) << s;
  EXPECT_TRUE(no_failure_said(::fte::text::keys("Bonjour, où se trouve le rapport mensuel ?")));
}

}  // namespace
}  // namespace fte::agent
