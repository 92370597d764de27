#include "app/eval_retrieval.h"

#include "app/eval.h"

#include <boost/json.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "agent/judgement/company_rules.h"
#include <map>
#include <sstream>

#include "app/embedder_wiring.h"
#include "kb/asked_things.h"
#include "kb/confidence.h"
#include "kb/knowledge_base.h"

namespace fte::app {
namespace {

namespace json = boost::json;

// The best score among the hits after the first (the search may put an on-topic hit first that
// scores a little below the next one; kb::KnowledgeBase::search), 0 when there is none.
double runner_up(const std::vector<kb::SearchHit>& hits) {
  double best = 0;
  for (std::size_t i = 1; i < hits.size(); ++i) best = std::max(best, hits[i].score);
  return best;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
  return s;
}

// The parts of a heading path, lower-case: "A > B > C" → a, b, c.
std::vector<std::string> path_parts(const std::string& title) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    auto p = title.find(" > ", from);
    out.push_back(lower(title.substr(from, p == std::string::npos ? std::string::npos : p - from)));
    if (p == std::string::npos) break;
    from = p + 3;
  }
  return out;
}

std::string field(const json::object& o, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto* v = o.if_contains(k);
    if (!v) continue;
    if (v->is_string() && !v->get_string().empty()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
  }
  return {};
}

// A JSON array of strings.
json::array jarr(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& x : v) a.push_back(json::value(x));
  return a;
}

bool text_empty(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return !std::isalnum(static_cast<unsigned char>(c));
  });
}

}  // namespace

int run_retrieval_eval_cli(const Config& c, const std::string& tickets_path,
                           const std::string& kb_path, const std::string& labels_path,
                           bool as_json, const std::string& split) {
  std::map<std::string, std::vector<std::string>> labels;  // ticket id → leaf headings
  {
    std::ifstream in(labels_path);
    if (!in) {
      std::cerr << "fte eval: cannot read " << labels_path << "\n";
      return 1;
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      std::vector<std::string> heads;
      std::stringstream ss(line.substr(tab + 1));
      for (std::string h; std::getline(ss, h, '|');)
        if (!lower(h).empty()) heads.push_back(lower(h));
      labels[line.substr(0, tab)] = heads;
    }
  }
  std::ifstream tin(tickets_path);
  std::stringstream buf;
  buf << tin.rdbuf();
  json::error_code ec;
  auto doc = json::parse(buf.str(), ec);
  const json::array* tickets = nullptr;
  if (!ec && doc.is_array()) tickets = &doc.get_array();
  if (!ec && doc.is_object())
    if (auto* t = doc.get_object().if_contains("tickets"); t && t->is_array())
      tickets = &t->get_array();
  if (!tickets) {
    std::cerr << "fte eval: " << tickets_path << " holds no ticket array\n";
    return 1;
  }

  kb::KnowledgeBase kb;
  // Model embeddings (FTE_EMBEDDER=openai) are cached for this run only: no store here.
  kb.set_embedder(make_embedder(c), std::make_shared<kb::MemoryEmbeddingCache>());
  auto chunks = kb::load_path(kb_path);
  std::erase_if(chunks, [](const KnowledgeChunk& ch) { return agent::is_policy_file(ch.source); });
  kb.load(std::move(chunks));
  const double threshold = kb.relevance_threshold();

  int n = 0, at1 = 0, at3 = 0, confident = 0, confident_wrong = 0;
  // Calibrated (kb/confidence.h): first hits at level "answer", and of those from a wrong
  // section; tickets the docs do not cover (not labelled) answered at level "answer".
  int calibrated = 0, calibrated_wrong = 0, uncovered = 0, uncovered_answered = 0;
  int chosen_right = 0;  // the section a reply comes from (kb::topical_choice) is a labelled one
  std::vector<double> micros;
  json::array rows, uncovered_rows;
  auto features = [](const kb::AnswerConfidence& c) {
    return json::object{{"top", c.top}, {"margin", c.margin}, {"coverage", c.coverage},
                        {"heading", c.heading}, {"p", c.p}};
  };
  int position = 0;
  for (const auto& tv : *tickets) {
    ++position;
    if (!tv.is_object()) continue;
    const auto& t = tv.get_object();
    const std::string id = field(t, {"id", "ticket_id"});  // as the label file names it
    const auto* num = t.if_contains("id");
    if (!in_eval_split(eval_ticket_name(id, num && num->is_int64(), position), split)) continue;
    auto it = labels.find(id);
    std::string subject = field(t, {"subject"});
    std::string body = field(t, {"content", "message", "body"});
    std::string q = subject.empty() || body.find(subject) != std::string::npos
                        ? body
                        : subject + ". " + body;
    q = q.substr(0, 1000);
    if (it == labels.end()) {
      auto hits = kb.search(q, 3);
      if (hits.empty() || text_empty(q)) continue;
      const auto c = kb::assess_answer(q, hits[0].title, hits[0].content, hits[0].score,
                                       runner_up(hits),
                                       kb::on_distinct_topic(q, hits[0].title, hits[0].content,
                                                             hits[0].topics.get()));
      ++uncovered;
      uncovered_answered += c.level == kb::AnswerConfidence::Level::answer;
      uncovered_rows.push_back(json::object{
          {"id", id}, {"first", hits[0].title}, {"confidence", features(c)},
          {"unknown_terms", jarr(kb.unknown_terms(q))},
          {"docs_silent", jarr(kb::docs_silent_terms(q, kb.unknown_terms(q)))},
          {"on_topic", static_cast<int>(kb::topic_match(q, hits[0].title, hits[0].content))},
          {"distinct", static_cast<int>(kb::distinct_topic_match(
                           q, hits[0].title, hits[0].content, hits[0].topics.get()))}});
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto hits = kb.search(q, 3);
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    auto matches = [&](const kb::SearchHit& h) {
      const auto parts = path_parts(h.title);
      for (const auto& e : it->second)
        if (std::find(parts.begin(), parts.end(), e) != parts.end()) return true;
      return false;
    };
    ++n;
    bool r1 = !hits.empty() && matches(hits[0]);
    bool r3 = false;
    for (const auto& h : hits) r3 = r3 || matches(h);
    at1 += r1;
    at3 += r3;
    const bool conf = !hits.empty() && hits[0].score >= threshold;
    confident += conf;
    confident_wrong += conf && !r1;
    json::object cf;
    if (!hits.empty()) {
      const auto c = kb::assess_answer(q, hits[0].title, hits[0].content, hits[0].score,
                                       runner_up(hits),
                                       kb::on_distinct_topic(q, hits[0].title, hits[0].content,
                                                             hits[0].topics.get()));
      const bool answer = c.level == kb::AnswerConfidence::Level::answer;
      calibrated += answer;
      calibrated_wrong += answer && !r1;
      cf = features(c);
      std::vector<kb::TopicCandidate> cands;
      for (const auto& h : hits) cands.push_back({h.title, h.content, h.score});
      chosen_right += matches(hits[kb::topical_choice(q, cands, answer)]);
    }
    json::array got;
    for (const auto& h : hits)
      got.push_back(json::object{{"title", h.title}, {"score", h.score}, {"right", matches(h)},
                                 {"on_topic", static_cast<int>(kb::topic_match(q, h.title, h.content))},
                                 {"distinct", static_cast<int>(kb::distinct_topic_match(
                                                  q, h.title, h.content, h.topics.get()))}});
    rows.push_back(json::object{{"id", it->first}, {"at1", r1}, {"at3", r3}, {"confident", conf},
                                {"unknown_terms", jarr(kb.unknown_terms(q))},
                                {"docs_silent", jarr(kb::docs_silent_terms(q, kb.unknown_terms(q)))},
                                {"confidence", cf}, {"hits", got}});
  }
  auto pct = [&](int x) { return n ? 100.0 * x / n : 0.0; };
  std::sort(micros.begin(), micros.end());
  const double p95 = micros.empty() ? 0 : micros[std::min(micros.size() - 1, micros.size() * 95 / 100)];
  if (as_json) {
    std::cout << json::serialize(json::object{{"labelled", n},
                                              {"recall_at_1", pct(at1) / 100},
                                              {"recall_at_3", pct(at3) / 100},
                                              {"chosen_recall_at_1", pct(chosen_right) / 100},
                                              {"confident", confident},
                                              {"confident_wrong", confident_wrong},
                                              {"search_p95_us", p95},
                                              {"calibrated_answer", calibrated},
                                              {"calibrated_wrong", calibrated_wrong},
                                              {"uncovered", uncovered},
                                              {"uncovered_answered", uncovered_answered},
                                              {"tickets", rows},
                                              {"uncovered_tickets", uncovered_rows}})
              << "\n";
    return 0;
  }
  std::printf("retrieval: %d labelled tickets, %zu chunks, threshold %.2f, embedder %s\n", n,
              kb.size(), threshold, kb.dense_dims() ? "model" : "hash");
  std::printf("recall@1 %.0f%% (%d/%d)   recall@3 %.0f%% (%d/%d)   confident first hit %d, of which wrong section %d   search p95 %.0f us\n",
              pct(at1), at1, n, pct(at3), at3, n, confident, confident_wrong, p95);
  std::printf("calibrated confidence: answered %d of %d labelled, of which wrong section %d; "
              "uncovered tickets answered %d of %d\n",
              calibrated, n, calibrated_wrong, uncovered_answered, uncovered);
  std::printf("section a reply comes from (off-topic middling best hit replaced by a close "
              "on-topic one): right %.0f%% (%d/%d)\n",
              pct(chosen_right), chosen_right, n);
  for (const auto& r : rows) {
    const auto& o = r.get_object();
    if (o.at("at1").as_bool()) continue;
    std::string first = o.at("hits").as_array().empty()
                            ? "(nothing)"
                            : std::string(o.at("hits").as_array()[0].as_object().at("title").as_string());
    std::printf("  miss@1 %s: first hit \"%s\"%s\n", std::string(o.at("id").as_string()).c_str(),
                first.c_str(), o.at("at3").as_bool() ? " (found in top 3)" : "");
  }
  return 0;
}

}  // namespace fte::app
