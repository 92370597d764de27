// Issue 14: the judgement holds on wordings it was not written for — Unicode punctuation, other
// languages, paraphrases the trained intent model catches, trigger words used in passing — and
// every escalation carries the right reason code. Uses the model the build trains (intents.bin).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "agent/judgement/input_guardrails.h"
#include "agent/judgement/intent_model.h"
#include "agent/judgement/sentiment.h"

namespace fte::agent {
namespace {

const char* decided(std::string_view body, Channel ch = Channel::email) {
  static thread_local std::string reason;
  auto r = check_input(ch, "", body);
  reason = r.decision() ? r.decision()->reason : "";
  return reason.c_str();
}

TEST(Judgement, ModelIsBuiltAndLoaded) {
  const auto* m = IntentModel::shared();
  ASSERT_NE(m, nullptr) << "no intent model at " << IntentModel::default_path();
  auto labels = m->labels();
  EXPECT_EQ(labels.size(), 9u);
}

TEST(Judgement, UnicodePunctuationNoLongerGluesWords) {
  EXPECT_STREQ(decided("Please, I want a refund\u2026 now"), "refund_request");
  EXPECT_STREQ(decided("My lawyer\u2014soon, if this goes on."), "legal_threat");
  EXPECT_STREQ(decided("\u201CRefund\u201D is all I ask."), "refund_request");
  EXPECT_STREQ(decided("Can I speak with a human\u00A0please?"), "human_requested");
  EXPECT_STREQ(decided("\uFF32\uFF45\uFF46\uFF55\uFF4E\uFF44 please"), "refund_request");
}

// Round 17: a confident class of a message that reads as es/fr/de/pt is kept when `none` is the
// runner-up past its boundary (main 2f9086e: outage 0.97 with none 0.84, vetoed -> routine).
TEST(Judgement, AForeignMessagesConfidentClassIsNotVetoedByNone) {
  ASSERT_NE(IntentModel::shared(), nullptr);
  EXPECT_STREQ(decided("Hallo, seit zwei Stunden ist die App f\u00fcr unser ganzes Team nicht "
                       "erreichbar. Ist das eine St\u00f6rung?"),
               "outage");
  EXPECT_STREQ(decided("Hallo, wie exportiere ich die Rechnungen vom letzten Jahr als PDF? Danke"),
               "");
}

// Round 18: in any language a class at kNoneVetoLifted or more escalates although `none` is a
// confident runner-up (main 8e8332c: security 1.00 with none 0.94, vetoed -> routine).
TEST(Judgement, AnAlmostCertainClassIsNotVetoedByNone) {
  ASSERT_NE(IntentModel::shared(), nullptr);
  EXPECT_STREQ(decided("somebody I don't know changed our admin password last night, how do I "
                       "see the audit log?"),
               "security_incident");
  EXPECT_STREQ(decided("how do I change our admin password? I forgot it last night"), "");
}

// Round 18: leaving said by its cause, without "cancel" or "competitor": the business closes,
// other tools are on trial (es/fr/de/pt too); the twins close a desk or a project, connect tools.
TEST(Judgement, LeavingSaidByItsCause) {
  for (const char* q : {"we are shutting down the company in May, what happens to the workspace?",
                        "cerramos la empresa en julio, qu\u00e9 pasa con los archivos?",
                        "ce mois-ci on teste d'autres outils, comment exporter nos tableaux ?",
                        "wir schlie\u00dfen unsere Firma im Herbst, wie lade ich alles herunter?",
                        "estamos avaliando outras ferramentas, como exporto os projetos?"})
    EXPECT_STREQ(decided(q), "churn_risk") << q;
  for (const char* q : {"we are closing the support desk early on Friday, how do I set an auto-reply?",
                        "how do I connect other tools like our calendar to the workspace?",
                        "comment connecter d'autres outils \u00e0 notre espace ?",
                        "wir schlie\u00dfen das Projekt bald ab, wie archiviere ich es?"})
    EXPECT_STREQ(decided(q), "") << q;
}

TEST(Judgement, OtherLanguagesTripTheHardRules) {
  EXPECT_STREQ(decided("Quiero un reembolso de mi \u00faltimo pago."), "refund_request");
  EXPECT_STREQ(decided("Mi abogado les escribir\u00e1 ma\u00f1ana."), "legal_threat");
  EXPECT_STREQ(decided("Je voudrais parler \u00e0 un humain, s'il vous pla\u00eet."),
               "human_requested");
  EXPECT_STREQ(decided("Ich m\u00f6chte eine R\u00fcckerstattung."), "refund_request");
  EXPECT_STREQ(decided("Quanto custa o plano para 10 usu\u00e1rios?"), "pricing_inquiry");
}

TEST(Judgement, NewClassesHaveTheirOwnCodes) {
  EXPECT_STREQ(decided("I was charged twice for the same invoice."), "billing_dispute");
  EXPECT_STREQ(decided("Please delete all my personal data under GDPR."), "privacy_request");
  EXPECT_STREQ(decided("Our account was hacked last night."), "security_incident");
  EXPECT_STREQ(decided("Everything is down for everyone in our company."), "outage");
  EXPECT_STREQ(decided("If this isn't fixed we'll switch providers."), "churn_risk");
  EXPECT_EQ(reason_urgency("security_incident"), "critical");
  EXPECT_EQ(reason_urgency("privacy_request"), "high");
  EXPECT_EQ(reason_urgency("pricing_inquiry"), "normal");
}

TEST(Judgement, TriggerWordsUsedInPassingAreRoutine) {
  for (const char* q : {"Where is the pricing page? The footer link is broken.",
                        "Our legal team needs SSO before rollout, how do I enable SAML?",
                        "Can we upload court filings as attachments?",
                        "How do I hide the promo banner on the dashboard?",
                        "How do I enable two-factor authentication?",
                        "Thanks, that worked!"})
    EXPECT_STREQ(decided(q), "") << q;
}

TEST(Judgement, RulesComeFirstAndTheModelNeverOverridesThem) {
  // A phrase rule and the model may both fire; the rule's reason decides (except a one-word
  // pricing/outage rule, whose reason a more specific model class takes: the next test).
  auto r = check_input(Channel::email, "", "I want a refund or my lawyer will call you.");
  ASSERT_NE(r.decision(), nullptr);
  EXPECT_EQ(r.decision()->guardrail, "legal");
  // Without a model the rules still decide.
  auto no_model = check_input(Channel::email, "", "I want my money back.", nullptr);
  ASSERT_NE(no_model.decision(), nullptr);
  EXPECT_EQ(no_model.decision()->reason, "refund_request");
}

TEST(Judgement, AOneWordRuleGivesTheReasonToAMoreSpecificModelClass) {
  // The pricing/outage word rules still escalate, but the model's more specific class routes.
  EXPECT_STREQ(decided("We were promised a discount but the bill shows the full price."),
               "billing_dispute");
  EXPECT_STREQ(decided("If the price goes up again we'll be shopping for alternatives."),
               "churn_risk");
  EXPECT_STREQ(decided("We reserve all our legal rights regarding this outage."), "legal_threat");
  // The rule's own reason when the model agrees or has nothing more specific.
  EXPECT_STREQ(decided("What's the price for 20 seats?"), "pricing_inquiry");
  EXPECT_STREQ(decided("There's an outage, nothing loads for anyone in our company."), "outage");
  // Without a model the rule's reason stands.
  auto no_model = check_input(Channel::email, "",
                              "We were promised a discount but the bill shows the full price.",
                              nullptr);
  ASSERT_NE(no_model.decision(), nullptr);
  EXPECT_EQ(no_model.decision()->reason, "pricing_inquiry");
}

TEST(Judgement, AngerWithoutSwearWordsAndUrgencyRaise) {
  EXPECT_LT(sentiment_score("This is the third time I write, still waiting for days. "
                            "Unacceptable."),
            kNegativeSentimentThreshold);
  EXPECT_GT(sentiment_score("The export failed with an error, how do I retry it?"),
            kNegativeSentimentThreshold);
  auto r = check_input(Channel::email, "",
                       "Third time asking: refund me. Still waiting, absolutely unacceptable!!!");
  ASSERT_NE(r.decision(), nullptr);
  EXPECT_EQ(r.decision()->reason, "refund_request");
  EXPECT_EQ(r.decision()->urgency, "high");
}

TEST(Judgement, LlmReasonsAreMappedOntoTheCodes) {
  EXPECT_EQ(canonical_reason("pricing_inquiry"), "pricing_inquiry");
  EXPECT_EQ(canonical_reason("Customer asks for a discount"), "pricing_inquiry");
  EXPECT_EQ(canonical_reason("possible account compromise / hacked"), "security_incident");
  EXPECT_EQ(canonical_reason("wants to talk to a human"), "human_requested");
  EXPECT_EQ(canonical_reason("threatening lawsuit"), "legal_threat");
  EXPECT_EQ(canonical_reason("wants a roadmap commitment"), "feature_commitment");
  EXPECT_EQ(canonical_reason("zzz"), "other");
  EXPECT_TRUE(known_reason("billing_dispute"));
  EXPECT_FALSE(known_reason("Customer asks for a discount"));
}

// Round 20: a hand-written file (written*.txt) counts kHandWrittenWeight times in training, a
// template file once; the examples are the corpus's lines, repeated in their order.
TEST(Judgement, HandWrittenLinesCountSeveralTimes) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("fte-weight-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream t(dir / "train.txt");
    t << "# made-up corpus\n__label__none where is the export button in Quillmark\n"
      << "__label__pricing what does the Quillmark team plan cost per seat\n";
    std::ofstream w(dir / "written-z.txt");
    w << "__label__churn_risk our trustees voted to stop using Quillmark next quarter\n";
  }
  IntentTrainOptions o;
  o.corpus_files = intent_corpus_files(dir.string());
  o.output = (dir / "m.bin").string();
  ASSERT_EQ(o.corpus_files.size(), 2u);
  EXPECT_GE(kHandWrittenWeight, 2);
  EXPECT_EQ(IntentModel::train(o), 2u + std::size_t(kHandWrittenWeight));
  o.hand_written_weight = 1;
  EXPECT_EQ(IntentModel::train(o), 3u);
  fs::remove_all(dir);
}

// Training never reads a held-out file, generated or hand-written, nor the validation split.
TEST(Judgement, TrainingReadsNoHeldOutFile) {
  const auto files = intent_corpus_files(FTE_SOURCE_DIR "/data/intents");
  ASSERT_FALSE(files.empty());
  bool train = false;
  for (const auto& f : files) {
    const auto name = f.substr(f.find_last_of('/') + 1);
    EXPECT_NE(name.rfind("heldout", 0), 0u) << f;
    EXPECT_NE(name, "validation.txt");
    train = train || name == "train.txt";
  }
  EXPECT_TRUE(train);
}

// The build chose a threshold per class on data/intents/validation.txt (never the held-out file),
// none below the floor; a class without one falls back to the floor.
TEST(Judgement, PerClassThresholdsFromTheValidationSplit) {
  const auto* m = IntentModel::shared();
  ASSERT_NE(m, nullptr);
  for (const auto& c : m->labels()) {
    if (c == "none") continue;
    const double t = m->threshold(c, kIntentThreshold);
    EXPECT_GE(t, kIntentThreshold) << c;
    EXPECT_LT(t, 1.0) << c;
  }
  EXPECT_EQ(m->threshold("no_such_class", 0.42), 0.42);
  // Re-choosing on two validation examples: too few to move a class off the floor.
  const auto th = choose_intent_thresholds(*m, {{"pricing", "How much for 40 seats a year?"},
                                                {"none", "How do I export a board?"}},
                                           kIntentThreshold);
  for (const auto& [c, t] : th) EXPECT_EQ(t, kIntentThreshold) << c;
}

// The build's thresholds weigh each class's validation examples caught against its routine
// validation lines escalated, a false alarm costing kThresholdFalseAlarmCost missed escalations
// (round 10: 3; round 14: 1): the chosen threshold is the best of every candidate from the floor
// to 0.99. Before round 10 the rule (at most half a point of recall below the floor) ignored false
// alarms and chose billing_dispute 0.55 where routine invoice questions read as disputes at
// p > 0.9 make a higher one better.
TEST(Judgement, ThresholdsWeighCaughtEscalationsAgainstFalseAlarms) {
  const auto* m = IntentModel::shared();
  ASSERT_NE(m, nullptr);
  std::map<std::string, std::vector<double>> caught, false_alarms;
  std::map<std::string, int> support;
  for (const auto& [label, text] :
       read_intent_examples(FTE_SOURCE_DIR "/data/intents/validation.txt")) {
    ++support[label];
    const auto p = m->predict(text);
    if (p.label == label) caught[label].push_back(p.probability);
    if (label == "none" && p.label != "none") false_alarms[p.label].push_back(p.probability);
  }
  ASSERT_GT(support.size(), 5u);
  for (const auto& [c, n] : support) {
    if (c == "none") continue;
    const double t = m->threshold(c, kIntentThreshold);
    const double u = intent_threshold_utility(caught[c], false_alarms[c], t,
                                              kThresholdFalseAlarmCost);
    for (int i = 50; i <= 99; ++i)
      EXPECT_GE(u + 1e-9, intent_threshold_utility(caught[c], false_alarms[c], i / 100.0,
                                                   kThresholdFalseAlarmCost))
          << c << ": threshold " << t << " worse than " << i / 100.0;
  }
  // Whether the real corpus moves some class off the floor is a property of the data, not of the
  // weighing: with the hand-written training files (written.txt, written-b.txt) it flips with a
  // line or two (all classes at 0.5, or billing_dispute 0.72, after adding two routine lines;
  // docs/EVAL.md, written16b), so the move is checked on fixed numbers below, at the build's cost.
  // A false alarm costs three catches: 10 caught at >= 0.9 and 4 routine lines at 0.6 make 0.9 the
  // better threshold (10 > 12 - 12); without the cost the floor catches most.
  const std::vector<double> hits = {0.55, 0.6, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97,
                                    0.98, 0.99, 0.99, 0.99};
  const std::vector<double> alarms = {0.6, 0.6, 0.65, 0.7};
  EXPECT_GT(intent_threshold_utility(hits, alarms, 0.9, 3), intent_threshold_utility(hits, alarms, 0.5, 3));
  EXPECT_LT(intent_threshold_utility(hits, alarms, 0.9, 0), intent_threshold_utility(hits, alarms, 0.5, 0));
  // At the build's cost (one catch a false alarm) the same alarms still move it: 10 > 12 - 4.
  EXPECT_GT(intent_threshold_utility(hits, alarms, 0.9, kThresholdFalseAlarmCost),
            intent_threshold_utility(hits, alarms, 0.5, kThresholdFalseAlarmCost));
}

// Training and prediction read the message through text::model_input(): two lines that differ
// only by a comma after a negation are the same bag of words and n-grams without the negation
// scope, and opposite classes with it.
TEST(Judgement, TheModelReadsWhatANegationGoverns) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("fte-negation-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream c(dir / "corpus.txt");
    for (const char* who : {"we", "i", "our admin", "my colleague", "the team"})
      for (int i = 0; i < 6; ++i)
        c << "__label__security_incident " << who << " did not change the owner email\n"
          << "__label__none " << who << " did not, change the owner email\n";
  }
  IntentTrainOptions o;
  o.corpus_files = {(dir / "corpus.txt").string()};
  o.output = (dir / "m.bin").string();
  ASSERT_GT(IntentModel::train(o), 0u);
  const IntentModel m(o.output);
  EXPECT_EQ(m.predict("They did not change the owner email").label, "security_incident");
  EXPECT_EQ(m.predict("They did not, change the owner email").label, "none");
  // The model says which input form it was trained on; one trained before (no <model>.input)
  // still loads, reporting form 0, so the operator is told to retrain it.
  EXPECT_EQ(m.input_form(), kModelInputForm);
  fs::remove(o.output + ".input");
  EXPECT_EQ(IntentModel(o.output).input_form(), 0);
  fs::remove_all(dir);
}

// Everyday support problems that share words with the hard-rule classes (locked, 401, charge,
// session, API, urgent): answered, not escalated. Written for this test, not corpus lines.
TEST(Judgement, EverydayProblemsWithAlarmingWordsAreRoutine) {
  for (const char* q :
       {"Do you have an API we can call from our own scripts?",
        "Our integration returns an authentication error after the update, what should we check?",
        "The bill this month looks different, can you explain the line with the add-on?",
        "Where can I find receipts for last year?",
        "The app logs me out when I close the laptop, is that expected?",
        "Urgent: the dashboard won't load and we present to a client at 3pm, any workaround?",
        "Error 502 when saving a form, it worked yesterday."}) {
    EXPECT_STREQ(decided(q), "") << q;
  }
}

// Corpus round 10 (data/intents/generate.py): wording families the fold study missed whole. Written
// for this test, not corpus lines; the first was misjudged by the model trained without round 10
// (seats removed read as churn).
TEST(Judgement, RoundTenWordingFamiliesGetTheirReason) {
  EXPECT_STREQ(decided("We're paying for seats we removed weeks ago."), "billing_dispute");
  EXPECT_STREQ(decided("Invitations went out from my account last night and I never sent them."),
               "security_incident");
  EXPECT_STREQ(decided("Please stop the auto renewal, we've picked another product."),
               "churn_risk");
  EXPECT_STREQ(decided("Is your site down? No one in our company can get past the login screen."),
               "outage");
  EXPECT_STREQ(decided("I'm withdrawing my consent, please stop processing my data."),
               "privacy_request");
}

// Corpus round 11 (data/intents/generate.py): wording families in the other four languages the
// fold study missed whole, and routine twins (a billing question that names its own cause, an
// offline question). Written for this test, not corpus lines; every escalation below was answered
// by the model trained without round 11 (p under the threshold or read as none).
TEST(Judgement, RoundElevenWordingFamiliesGetTheirReason) {
  EXPECT_STREQ(decided("Me hackearon la cuenta anoche y ya no puedo entrar."), "security_incident");
  EXPECT_STREQ(decided("No reconozco un cargo de la tarjeta, devuélvanmelo."), "billing_dispute");
  EXPECT_STREQ(decided("Não reconheço esta cobrança no meu cartão."), "billing_dispute");
  EXPECT_STREQ(decided("Nous allons saisir le médiateur."), "legal_threat");
  EXPECT_STREQ(decided("Unsere Anwälte bereiten eine Klage vor."), "legal_threat");
  EXPECT_STREQ(decided("Kann mich bitte jemand zurückrufen?"), "human_requested");
  for (const char* q : {"Our invoice went up, is that because we added two people?",
                        "Funktioniert das auch ohne Internet?",
                        "Does it work without internet on a plane?",
                        "How many projects can one workspace hold?"})
    EXPECT_STREQ(decided(q), "") << q;
}

// Round 14: the model reads a message without its courtesy sentences, so a request wrapped in
// pleasantries reads as the request (main 19b6e7d's model read this dispute as billing 1.00 but
// "none" 0.56 too, and stayed silent) and routine how-tos wrapped alike stay routine. Written for
// this test, not corpus lines (the corpus's pleasantries are other sentences).
TEST(Judgement, ARequestWrappedInPleasantriesReadsLikeTheRequest) {
  EXPECT_STREQ(decided("Hi, hope you had a good weekend. The card was debited two times for "
                       "March. Thanks, Bruno"),
               "billing_dispute");
  for (const char* q :
       {"Hi team, hope you are well. How do I rename a column on the sprint board? Thanks a lot, "
        "Greta",
        "Dear support, I hope this message finds you well. Where can I change the colour of "
        "labels? Kind regards, Ilse",
        "Hello! Thanks for all your help last week. Could you point me to the article about "
        "recurring tasks? Best, Bruno",
        "Good morning, I am writing on behalf of our design team. Is there a dark mode in the "
        "desktop app? Many thanks, Anouk",
        "Thanks so much, all sorted now! Cheers, Femi"})
    EXPECT_STREQ(decided(q), "") << q;
}

// Round 12: routine twins the phrase rules escalated on main (deeed9f), through the whole
// judgement (rules + the built model): a refund thanked for, a discount on an invoice the
// customer sends to their own client, a lawyer in a how-to. Their twins keep their reason.
// Written for this test, not corpus lines.
TEST(Judgement, RoundTwelveRoutineTwinsOfMoneyAndLawyerWordsStayRoutine) {
  for (const char* q : {"Got the refund this morning, all sorted, thank you.",
                        "How can I add a discount to the invoice I send to my client?",
                        "Our lawyer joins the workspace on Monday, which role should she get?"})
    EXPECT_STREQ(decided(q), "") << q;
  EXPECT_STREQ(decided("Got the refund, but it was only half the amount."), "refund_request");
  EXPECT_STREQ(decided("Can my clients get a discount if we sign for two years?"),
               "pricing_inquiry");
  EXPECT_STREQ(decided("Our lawyer will contact you about the breach affecting our clients."),
               "legal_threat");
}

// The model reads words, not causes (phrase_guard.h): rate-limit errors and a lockout by one's
// own attempts stay routine however alarming the words; the same alarm with its cause escalates.
// Written for this test, not corpus lines.
TEST(Judgement, ExplainedAlarmsAreRoutineAndUnexplainedOnesEscalate) {
  for (const char* q : {"getting 429 on every call now and all our syncs are broken, pls help",
                        "Our nightly import is throttled and everything fails since Monday",
                        "account locked after too many login attempts, how long do I wait",
                        "I mistyped my password and now I'm locked out of everything",
                        "form submissions stopped arriving two hours ago, is there an outage?",
                        "is something down? the timeline view keeps spinning",
                        // round 7: the customer says the change was their own
                        "Got a message that my account email was changed. That was me, I "
                        "just wanted to be sure it went through."})
    EXPECT_STREQ(decided(q), "") << q;
  EXPECT_STREQ(decided("Nothing loads for anyone in our company since this morning, whole team "
                       "is blocked"),
               "outage");
  EXPECT_STREQ(decided("Someone logged into our admin account from another country and changed "
                       "the password"),
               "security_incident");
}

}  // namespace
}  // namespace fte::agent
