// Round 17 (issue 14, branch judge17): the phrase rules' routine precision on desk-realistic
// messages — a price the customer edits in their own shop, a data-protection law named as the
// customer's own duty, a quoted label of a screen, a third party's money back, the building's
// power or the office router down, "hacked together", French "en double" / "j'ai importé", a
// thank-you or an arrival said a few words further from "refund". Every routine row trips a
// rule on main 2f9086e's rule layer (FTE_INTENT_MODEL=/nonexistent fte intents eval --misses);
// the twins escalate on both. Lines written for the test, made-up products.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "agent/judgement/input_guardrails.h"
#include "rules_only.h"
#include "agent/judgement/phrase_guard.h"
#include "agent/judgement/sentiment.h"
#include "text/normalize.h"

namespace fte::agent {
namespace {

using rules_test::by_rules;

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

// Round 19 (issue 14, branch judge19): the phrase rules on realistic routine messages, second
// pass — a money word the customer says they do not ask for, the customer's own prices named
// again or accepted, a lawsuit that is the customer's own work or profession, a refund received
// said in few words, a refund the customer gives a guest or student, Portuguese "não" before
// leaving, a breach drill, a past outage said to be over, a disclaimer "(not yours)", anger at
// oneself or at a third party, bookkeeping's "negative lines", refunds "to my clients", the
// customer's own customers disputing with them, a meeting that took place, "Price" as a
// surname, a security questionnaire the customer fills in for their own client. Every routine
// row trips a rule on main f66c12c's rule layer (FTE_INTENT_MODEL=/nonexistent fte intents eval
// --misses); the twins escalate on both. Lines written for the test, made-up products.
TEST(RoutineRealistic, AMoneyWordTheCustomerSaysTheyDoNotAskFor) {
  for (const char* routine : {
           "Hi, we're not asking for a refund, only telling you the calendar export is slow on "
           "Safari. Cheers, Ode",
           "Hola, no pedimos ningún reembolso, solo queremos saber cómo cambiar el color del "
           "calendario. Gracias",
           "Hallo, wir wollen keine Erstattung, nur eine Frage: wie ändere ich das Logo im "
           "Kalender? Danke",
           "Hi, we don't want a discount or anything, just a tip: how do I pin a board to the "
           "top?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, I don't want store credit, I want a refund of the double charge.",
           "Hi, we don't want a discount, we want a refund of last month's fee.",
           "Hello, no refund has arrived yet and I want it now.",
       })
    EXPECT_EQ(by_rules(twin), "refund_request") << twin;
}

TEST(RoutineRealistic, TheCustomersOwnPricesNamedAgainOrAccepted) {
  for (const char* routine : {
           "Hi, I'm updating the prices of my cake menu. Can the new prices go live at "
           "midnight? Thanks, Juno",
           "Hello, we're fine with the price of course. Does the team edition include offline "
           "mode? Best, Hal",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, what would the new price be for 25 seats on the yearly plan?",
           "Hello, what is the price for 40 users? We're happy with the features so far.",
       })
    EXPECT_EQ(by_rules(twin), "pricing_inquiry") << twin;
}

TEST(RoutineRealistic, ALawsuitThatIsTheCustomersOwnWorkOrProfession) {
  for (const char* routine : {
           "Hi, I run a tiny law firm and we log each lawsuit as a board. Can I colour boards "
           "by judge? Thanks, Ines",
           "Guten Tag, ich bin Anwalt und plane meine Termine mit der App. Kann ich Farben für "
           "Mandanten vergeben? Danke",
           "Hallo, unsere Anwältin möchte vorab die Liste der Speicherorte lesen. Schicken Sie "
           "uns einen Link? Danke",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hello, we will file a lawsuit against you for each booking you lost.",
           "Hola, soy abogado y voy a demandar a su empresa por los datos perdidos.",
       })
    EXPECT_EQ(by_rules(twin), "legal_threat") << twin;
}

TEST(RoutineRealistic, ARefundReceivedInFewWordsOrGivenToAStudent) {
  for (const char* routine : {
           "Hi, refund received, thanks! One more thing: how do I add a second calendar?",
           "Olá, o reembolso já caiu, obrigado! Como mudo o idioma do painel?",
           "Hello, how can I refund a student who missed the first lesson at my dance school? "
           "Thanks",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "Hi, refund still not received after two weeks.",
           "Hi, I'm a student and you charged my card twice, refund me please.",
       })
    EXPECT_EQ(by_rules(twin), "refund_request") << twin;
}

TEST(RoutineRealistic, LeavingNegatedADrillAPastOutageAndADisclaimer) {
  for (const char* routine : {
           "Olá, não vamos cancelar, só queria saber como exportar os contatos.",
           "Hi, we're running a security breach tabletop next week. Can I make a private board "
           "for it?",
           "Hello, yesterday's outage is resolved on our side, thanks. Can I get status updates "
           "by email?",
           "Hi, our home router was hacked last week (not yours), so we reset everything. Where "
           "do I turn on 2FA in the app?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  EXPECT_EQ(by_rules("Olá, vamos cancelar a assinatura no fim do mês."), "churn_risk");
  EXPECT_EQ(by_rules("Hi, there was a data breach in our account last night, someone exported "
                     "our contacts."),
            "security_incident");
  EXPECT_EQ(by_rules("Hello, yesterday's outage is resolved but we lost 200 orders, we want the "
                     "SLA credit."),
            "outage");
  EXPECT_EQ(by_rules("Hi, our account in your app was hacked last night, please lock it."),
            "security_incident");
}

TEST(RoutineRealistic, WhoDisputesOrFillsInForWhomAMeetingHeldAndASurnamePrice) {
  for (const char* routine : {
           "Hello, my bookkeeper says refunds to my clients must show up as minus amounts. Can "
           "your invoice layout do that? Thanks, Vera",
           "Hi, our guests sometimes dispute a cleaning fee with us after checkout. Can I "
           "attach photos to a booking note? Thanks, Lior",
           "Hello, my partner had a call with your setup specialist on Monday, very helpful. "
           "Where are the slides she showed? Best, Ayo",
           "Hi, my name is Rowan Price and I just joined the workspace. How do I change my "
           "avatar? Thanks, Rowan Price",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  EXPECT_EQ(by_rules("Hi, refunds to our card never arrived, you charged us twice in May."),
            "refund_request");
  EXPECT_EQ(by_rules("Hi, I dispute the cleaning fee you charged our card, it was never agreed."),
            "billing_dispute");
  EXPECT_EQ(by_rules("Hello, can I have a call with your setup specialist this week?"),
            "human_requested");
  EXPECT_EQ(by_rules("Hi, I'm completing a security questionnaire for a new client of my "
                     "agency. Do you encrypt backups? Thanks, Edda"),
            "none");
  for (const char* twin : {
           "Hi, can you fill in our security questionnaire before we sign? Thanks, Edda",
           "Hello, could you complete the security questionnaire for our customers' audit?",
       })
    EXPECT_EQ(by_rules(twin), "account_or_compliance_request") << twin;
  for (const char* twin : {
           "Hi, my name is Rowan Price. What is the price for 12 seats on the team plan?",
           "Hello, what's the Business Price for 10 users?",
       })
    EXPECT_EQ(by_rules(twin), "pricing_inquiry") << twin;
}

// Round 21 (branch judge21): short messages typed on a phone or in a chat widget — no
// apostrophes, "u" for "you", the verb first in Spanish and Portuguese, an SLA asked about before
// buying. Every routine row trips a rule on main 9a8a815's rule layer; the twins escalate on both.
TEST(RoutineRealistic, PhoneTypedProfessionDisclaimerAndOwnFirm) {
  for (const char* routine : {
           "im an attorney and we love the new timeline 😍",
           "my neighbour is suing me lol not u. can i lock a board",
           "tenemos un bufete de abogados, se pueden adjuntar pdf a las tareas?",
           "where do i put our breach of contract template so the whole team sees it?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "im a lawyer and im suing u over the lost files",
           "nuestro bufete de abogados va a demandar a su empresa",
           "this is a breach of contract, refund us or else",
           "we got sued because of ur leak, our lawyer will call",
       })
    EXPECT_EQ(by_rules(twin), "legal_threat") << twin;
}

TEST(RoutineRealistic, ARefundArrivedVerbFirstOrAskedForTheFaq) {
  for (const char* routine : {
           "ya me llegó el reembolso, gracias. como cambio mi foto?",
           "chegou o reembolso, valeu! como mudo a senha?",
           "die erstattung ist da, danke! wo finde ich die rechnungen?",
           "are refunds pro-rated on monthly plans? for our internal wiki",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "no me llegó el reembolso, lo quiero ya",
           "die erstattung ist noch nicht da, bitte zurückzahlen",
           "for our internal wiki: you still owe us a refund for march",
       })
    EXPECT_EQ(by_rules(twin), "refund_request") << twin;
}

TEST(RoutineRealistic, AnOutageThankedForOfLastYearOrOnlyOnePersonsAndAnSlaAsked) {
  for (const char* routine : {
           "thanks for resolving the outage this morning, can i export a board to pdf?",
           "two years ago you had an outage, do you post incident reports?",
           "what's the uptime sla on the business tier? comparing vendors",
           "one teammate sees a blank page, everyone else fine. cache?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  for (const char* twin : {
           "thanks for resolving the outage but its down again for all of us",
           "you breached the uptime sla this month, we want the credit",
           "a blank page for everyone in the office since 9",
       })
    EXPECT_EQ(by_rules(twin), "outage") << twin;
  // The model's outage is explained away by the same reading.
  EXPECT_TRUE(others_fine(::fte::text::keys("one seat gets errors, rest of us ok")));
  EXPECT_TRUE(others_fine(::fte::text::keys("solo mi tablet falla, los demas bien")));
  EXPECT_FALSE(others_fine(::fte::text::keys("everyone else is down too")));
  EXPECT_FALSE(others_fine(::fte::text::keys("everyone else can't log in either")));
}

TEST(RoutineRealistic, TheCustomersOwnOutagePhishingTestOrLawsuitAgainstThem) {
  for (const char* routine : {
           "we had an outage at our factory (storm), can i push all due dates by a day?",
           "our own website had an outage this morning, can the chat widget show a notice?",
           "running a phishing simulation for our staff friday, will ur mails land in spam?",
           "a tenant says he'll sue us over the deposit, can i export the lease thread?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
  EXPECT_EQ(by_rules("your outage hit our factory, nothing works since 6"), "outage");
  EXPECT_EQ(by_rules("we got a phishing test mail in your name and my colleague clicked it and "
                     "typed her password"),
            "security_incident");
  for (const char* twin : {
           "your bug made our client sue us, we want compensation",
           "we will sue you over the lost data",
       })
    EXPECT_EQ(by_rules(twin), "legal_threat") << twin;
}

TEST(Sentiment, AngerAtOneselfOrAThirdPartyIsNotAtTheDesk) {
  for (const char* calm : {
           "Hi, I'm so angry with myself, I archived the wrong board AGAIN. How do I get it "
           "back?",
           "Hello, the client is absolutely livid with their old printing agency, so we're "
           "taking over. How do I share a board with them?",
           "Hi, our bookkeeper wants negative lines for credits and negative totals for "
           "returns. Can the invoice template show that?",
       })
    EXPECT_GE(analyse_sentiment(calm).score, kNegativeSentimentThreshold) << calm;
  EXPECT_LT(analyse_sentiment("Hi, I'm absolutely livid with your support team, nobody answers. "
                              "Put me through to a manager.")
                .score,
            kNegativeSentimentThreshold);
}


// Round 22 (branch judge22): escalations the customer describes instead of naming — an account
// change disowned by the team or codes nobody asked for, another company's data seen, a failure
// of the whole group, a plan about the vendor. Every escalation row is "none" on main 64b1291's
// rule layer; lines written for the test; the routine rows stay routine.
TEST(RoutineRealistic, EscalationsDescribedNotNamed) {
  const std::vector<std::pair<const char*, const char*>> escalations = {
      {"A new admin showed up on the workspace overnight and no one did it from our side.",
       "security_incident"},
      {"me llegan códigos de acceso al móvil sin pedirlos, ya van seis", "security_incident"},
      {"Quelqu'un a changé l'adresse de connexion du compte, personne chez nous.",
       "security_incident"},
      {"Im Konto wurde die Telefonnummer geändert, keiner von uns war das.", "security_incident"},
      {"Alguém mudou a senha da conta e ninguém da loja pediu isso.", "security_incident"},
      {"vemos facturas de otra empresa en nuestro panel desde ayer", "security_incident"},
      {"je vois les commandes d'autres marchands dans mon tableau de bord", "security_incident"},
      {"Since 8 the booking page is broken for every customer of ours.", "outage"},
      {"Seit heute früh sehen alle Kollegen einen Fehler in der App.", "outage"},
      {"Toda la oficina sin acceso al panel desde las nueve.", "outage"},
      {"a plataforma caiu para todos os nossos usuários", "outage"},
      {"We signed with another provider last week, please send the export of our files.",
       "churn_risk"},
      {"Nous avons décidé de ne pas reconduire l'abonnement en septembre.", "churn_risk"},
      {"vou trocar de plataforma no mês que vem, me mandem os dados", "churn_risk"},
      {"Been trialling a different scheduling tool since May, it does what yours can't.",
       "churn_risk"},
  };
  for (const auto& [text, reason] : escalations) EXPECT_EQ(by_rules(text), reason) << text;
  for (const char* routine : {
           "Un compañero preguntó si puede ver los datos de otros clientes; revisé los permisos "
           "y todo bien.",
           "Is there a way to send login codes without asking for them each time?",
           "How do I show a maintenance banner for every customer?",
           "The export for all our clients was broken last week but it's fixed now, thanks!",
           "We switched from another provider to you last year; can I import the old files?",
           "Je vois les commandes de mes clients dans le tableau de bord, où est le filtre ?",
       })
    EXPECT_EQ(by_rules(routine), "none") << routine;
}
}  // namespace
}  // namespace fte::agent
