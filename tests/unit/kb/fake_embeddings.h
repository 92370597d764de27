// FakeEmbeddings: an OpenAI-compatible embeddings server for the kb tests, on our HttpServer
// (loopback, port 0), speaking the documented wire format: POST /v1/embeddings with
// {"model", "input": [texts]} → {"object": "list", "data": [{"object": "embedding", "index": i,
// "embedding": [floats]}], "model", "usage"}; errors as {"error": {...}} with a status (and
// Retry-After when scripted). Data items are answered in reverse order, so a client that ignores
// `index` fails.
//
// Vectors: a deterministic "meaning" model — each word (lower-cased, plural s dropped) is mapped
// through a small synonym table the test gives (e.g. people → member) and hashed into `dims`
// buckets; so texts that share meanings but not words are close, as with a real model.
// Every request is checked (bearer key, JSON, model, input an array of strings): what is wrong
// is collected in problems(). Thread-safe (handlers run on the server's I/O threads).
#pragma once
#include <boost/json.hpp>
#include <cmath>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "http/server.h"
#include "ops/metrics.h"

namespace fte::kb::testing {

namespace fj = boost::json;

class FakeEmbeddings {
 public:
  FakeEmbeddings(std::string key, std::string model, std::size_t dims,
                 std::map<std::string, std::string> synonyms = {})
      : key_(std::move(key)), model_(std::move(model)), dims_(dims), synonyms_(std::move(synonyms)) {
    router_.add("POST", "/v1/embeddings",
                [this](http::Request& req, http::Respond respond) { handle(req, respond); });
    http::ServerOptions o;
    o.bind = "127.0.0.1";
    o.port = 0;
    o.io_threads = 2;
    o.max_body_bytes = 8 << 20;
    server_ = std::make_unique<http::HttpServer>(o, router_, metrics_);
    server_->start();
  }
  ~FakeEmbeddings() { server_->stop(2000); }

  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/v1";
  }
  // The next requests answer these statuses (with Retry-After when given), then normally.
  void fail_next(int status, std::string retry_after = {}, int times = 1) {
    std::lock_guard lk(mu_);
    for (int i = 0; i < times; ++i) failures_.push_back({status, retry_after});
  }
  void fail_always(int status) {
    std::lock_guard lk(mu_);
    always_ = status;
  }
  std::size_t requests() const {
    std::lock_guard lk(mu_);
    return requests_;
  }
  std::size_t inputs() const {
    std::lock_guard lk(mu_);
    return inputs_;
  }
  std::vector<std::size_t> batch_sizes() const {
    std::lock_guard lk(mu_);
    return batches_;
  }
  std::vector<std::string> problems() const {
    std::lock_guard lk(mu_);
    return problems_;
  }

  std::vector<float> vector_of(const std::string& text) const {
    std::vector<float> v(dims_, 0.0f);
    std::string w;
    auto flush = [&] {
      if (w.size() > 3 && w.back() == 's') w.pop_back();
      if (auto it = synonyms_.find(w); it != synonyms_.end()) w = it->second;
      if (w.size() > 2) v[std::hash<std::string>{}(w) % dims_] += 1.0f;
      w.clear();
    };
    for (char c : text) {
      if (std::isalnum(static_cast<unsigned char>(c)))
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      else
        flush();
    }
    flush();
    v[0] += 0.01f;  // never the zero vector
    return v;
  }

 private:
  void handle(http::Request& req, http::Respond& respond) {
    fj::error_code ec;
    auto v = fj::parse(req.body, ec);
    std::pair<int, std::string> fail{0, {}};
    {
      std::lock_guard lk(mu_);
      ++requests_;
      if (req.header("authorization") != "Bearer " + key_) problems_.push_back("authorization");
      if (ec || !v.is_object()) {
        problems_.push_back("body is not a JSON object");
      } else {
        const auto& o = v.get_object();
        if (!o.contains("model") || o.at("model") != fj::value(model_)) problems_.push_back("model");
        const auto* in = o.if_contains("input");
        if (!in || !in->is_array()) problems_.push_back("input is not an array");
      }
      if (!failures_.empty()) {
        fail = failures_.front();
        failures_.pop_front();
      } else if (always_) {
        fail = {always_, {}};
      }
    }
    if (fail.first) {
      auto r = http::Response::json(
          fail.first,
          R"({"error":{"message":"scripted failure","type":"server_error","code":null}})");
      if (!fail.second.empty()) r.headers.emplace_back("Retry-After", fail.second);
      respond(std::move(r));
      return;
    }
    const auto& input = v.get_object().at("input").as_array();
    fj::array data;
    for (std::size_t i = input.size(); i-- > 0;) {  // reverse order: clients must use `index`
      fj::array e;
      for (float f : vector_of(std::string(input[i].as_string()))) e.emplace_back(f);
      data.emplace_back(fj::object{{"object", "embedding"}, {"index", i}, {"embedding", e}});
    }
    {
      std::lock_guard lk(mu_);
      inputs_ += input.size();
      batches_.push_back(input.size());
    }
    respond(http::Response::json(
        200, fj::serialize(fj::object{{"object", "list"},
                                      {"data", std::move(data)},
                                      {"model", model_},
                                      {"usage", fj::object{{"prompt_tokens", 1}, {"total_tokens", 1}}}})));
  }

  std::string key_, model_;
  std::size_t dims_;
  std::map<std::string, std::string> synonyms_;
  http::Router router_;
  ops::Metrics metrics_;
  std::unique_ptr<http::HttpServer> server_;
  mutable std::mutex mu_;
  std::deque<std::pair<int, std::string>> failures_;
  int always_ = 0;
  std::size_t requests_ = 0, inputs_ = 0;
  std::vector<std::size_t> batches_;
  std::vector<std::string> problems_;
};

}  // namespace fte::kb::testing
