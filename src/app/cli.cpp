#include "app/cli.h"

#include "agent/judgement/company_rules.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/config.h"
#include "app/eval.h"
#include "app/intent_eval.h"
#include "app/eval_retrieval.h"
#include "app/runtime.h"
#include "core/error.h"

namespace fte::app {

int run_cli(int argc, char** argv) {
  CLI::App app{"fte — an autonomous customer-support agent"};
  app.require_subcommand(1);
  app.footer(options_help());
  auto* serve = app.add_subcommand("serve", "run everything in one process (embedded default)");
  auto* gateway = app.add_subcommand("gateway", "HTTP intake: web form, webhooks, status, pages → bus");
  auto* agent = app.add_subcommand("agent", "consume fte.tickets.incoming, run the agent, publish replies");
  auto* deliver = app.add_subcommand("deliver", "consume outbound topics, send through the channels");
  auto* migrate = app.add_subcommand("migrate", "apply database migrations and exit");
  auto* kb = app.add_subcommand("kb", "knowledge base tools");
  kb->require_subcommand(1);
  std::string kb_path, query;
  int k = 5;
  auto* kb_import = kb->add_subcommand("import", "import a markdown file or folder into the store");
  kb_import->add_option("PATH", kb_path, "markdown file or folder")->required();
  auto* kb_search = kb->add_subcommand("search", "search the knowledge base");
  kb_search->add_option("QUERY", query, "question")->required();
  kb_search->add_option("-k", k, "results");
  auto* dev = app.add_subcommand("dev", "developer tools");
  dev->require_subcommand(1);
  int brokers = 1;
  auto* dev_kafka = dev->add_subcommand("kafka", "run librdkafka's mock Kafka cluster on loopback");
  dev_kafka->add_option("--brokers", brokers, "number of brokers")->check(CLI::Range(1, 9));
  auto* intents = app.add_subcommand("intents", "intent model tools");
  intents->require_subcommand(1);
  std::string intents_corpus = "data/intents", intents_out = "intents.bin";
  auto* intents_train =
      intents->add_subcommand("train", "train the intent model from a corpus folder (*.txt)");
  intents_train->add_option("--corpus", intents_corpus, "folder of __label__CLASS lines");
  intents_train->add_option("--out", intents_out, "model file (point FTE_INTENT_MODEL at it)");

  std::string intents_heldout = "data/intents/heldout.txt";
  auto* intents_eval = intents->add_subcommand(
      "eval", "per-class precision/recall and confusion matrix on a labelled corpus file");
  intents_eval->add_option("FILE", intents_heldout, "default data/intents/heldout.txt");
  bool intents_misses = false;
  intents_eval->add_flag("--misses", intents_misses,
                         "also list each misjudged example with the trips and the model's guess "
                         "(diagnosis; refused on heldout*.txt, which are read as numbers only)");

  std::string rules_file;
  auto* rules = app.add_subcommand(
      "rules", "show how a company's escalation policy (escalation-rules.md) is read");
  rules->add_option("FILE", rules_file,
                    "the policy (markdown); with --calibrate, \"corpus\" = a policy written from "
                    "the corpus folder's train.txt")
      ->required();
  std::string rules_calibrate;
  rules->add_option("--calibrate", rules_calibrate,
                    "labelled corpus (__label__CLASS text): the similarity layer's matches per "
                    "threshold")
      ->check(CLI::ExistingFile);

  EvalOptions eval_opts;
  bool eval_json = false;
  auto* eval = app.add_subcommand(
      "eval", "quality report: run labelled tickets through the pipeline on a temporary store");
  eval->add_option("TICKETS", eval_opts.tickets_path, "labelled tickets (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  eval->add_option("--kb", eval_opts.kb_path, "knowledge base: a markdown file or folder")
      ->required()
      ->check(CLI::ExistingPath);
  eval->add_option("--engine", eval_opts.engine, "local|openai (openai reads OPENAI_*)")
      ->check(CLI::IsMember({"local", "openai"}));
  eval->add_option("--company", eval_opts.company_name, "company name (default FTE_COMPANY_NAME)");
  eval->add_flag("--json", eval_json, "print the report as JSON");
  eval->add_option("--split", eval_opts.split,
                   "all|dev|test: the fixed half of the set to run (test = held out, never "
                   "read to find causes)")
      ->check(CLI::IsMember({"all", "dev", "test"}));
  eval->add_option("--rules", eval_opts.rules_path,
                   "the company's escalation policy (markdown; default FTE_ESCALATION_RULES or "
                   "escalation-rules.md in a --kb folder)")
      ->check(CLI::ExistingFile);
  eval->add_option("--coverage", eval_opts.coverage_path,
                   "LABELS.tsv of --retrieval: report knowledge_gap escalations against which "
                   "tickets the docs cover (a ticket it leaves out: the docs are silent)")
      ->check(CLI::ExistingFile);
  std::string retrieval_labels;  // src/app/eval_retrieval.h
  eval->add_option("--retrieval", retrieval_labels,
                   "retrieval only: recall@1/@3 against LABELS.tsv (ticket id TAB headings)")
      ->check(CLI::ExistingFile);
  for (auto* s : {serve, gateway, agent, deliver}) s->footer(options_help());

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (intents_train->parsed()) return run_intents_train(intents_corpus, intents_out);
    if (intents_eval->parsed()) return run_intents_eval_cli(intents_heldout, intents_misses);
    if (rules->parsed()) {
      if (!rules_calibrate.empty()) return run_rules_calibrate(rules_file, rules_calibrate);
      std::cout << agent::CompanyRules::load(rules_file).describe();
      return 0;
    }
    if (dev_kafka->parsed()) {
      return run_dev_kafka_cli(brokers);
    }
    Config c = load_config();
    if (serve->parsed()) return run_role(Role::serve, c);
    if (gateway->parsed()) return run_role(Role::gateway, c);
    if (agent->parsed()) return run_role(Role::agent, c);
    if (deliver->parsed()) return run_role(Role::deliver, c);
    if (migrate->parsed()) return run_migrate(c);
    if (kb_import->parsed()) return run_kb_import(c, kb_path);
    if (kb_search->parsed()) return run_kb_search(c, query, k);
    if (eval->parsed() && !retrieval_labels.empty())
      return run_retrieval_eval_cli(c, eval_opts.tickets_path, eval_opts.kb_path, retrieval_labels,
                                    eval_json, eval_opts.split);
    if (eval->parsed()) return run_eval_cli(c, eval_opts, eval_json);
  } catch (const ConfigError& e) {
    std::cerr << "fte: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const Error& e) {
    std::cerr << "fte: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "fte: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace fte::app
