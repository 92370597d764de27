#include "kb/openai_embedder.h"

#include <boost/json.hpp>
#include <cmath>

#include "core/error.h"
#include "http/client.h"

namespace fte::kb {
namespace {

namespace fj = boost::json;

std::string cut_utf8(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

[[noreturn]] void fail(const std::string& why) {
  throw Error(ErrorKind::unavailable, "embeddings: " + why);
}

}  // namespace

OpenAiEmbedder::OpenAiEmbedder(OpenAiEmbedderOptions o, std::shared_ptr<http::HttpClient> client)
    : o_(std::move(o)), client_(std::move(client)) {
  while (!o_.base_url.empty() && o_.base_url.back() == '/') o_.base_url.pop_back();
  if (o_.batch_size == 0) o_.batch_size = 1;
}

std::vector<std::vector<float>> OpenAiEmbedder::embed(const std::vector<std::string>& texts,
                                                      bool for_query) {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  for (std::size_t from = 0; from < texts.size(); from += o_.batch_size) {
    auto part = batch(texts, from, std::min(texts.size(), from + o_.batch_size), for_query);
    if (!out.empty() && !part.empty() && part.front().size() != out.front().size())
      fail("the model answered vectors of different dimensions");
    for (auto& v : part) out.push_back(std::move(v));
  }
  return out;
}

std::vector<std::vector<float>> OpenAiEmbedder::batch(const std::vector<std::string>& texts,
                                                      std::size_t from, std::size_t to,
                                                      bool for_query) const {
  fj::array input;
  for (std::size_t i = from; i < to; ++i) {
    const auto t = cut_utf8(texts[i], o_.max_text_bytes);
    input.emplace_back(t.empty() ? std::string(" ") : t);  // some servers reject ""
  }
  http::ClientRequest r;
  r.method = "POST";
  r.url = o_.base_url + "/embeddings";
  r.headers.emplace_back("Content-Type", "application/json");
  if (!o_.api_key.empty()) r.headers.emplace_back("Authorization", "Bearer " + o_.api_key);
  r.body = fj::serialize(fj::object{{"model", o_.model}, {"input", std::move(input)}});
  http::RetryPolicy p;
  if (for_query) {
    r.timeout_ms = o_.query_timeout_ms;
    p.max_attempts = 2;
    p.initial_backoff_ms = 50;
    p.max_backoff_ms = 200;
    p.deadline_ms = o_.query_timeout_ms;
  } else {
    r.timeout_ms = o_.timeout_ms;
    p.max_attempts = o_.max_attempts;
    p.initial_backoff_ms = o_.initial_backoff_ms;
    p.max_backoff_ms = o_.max_backoff_ms;
    p.deadline_ms = o_.max_attempts * o_.timeout_ms + 10000;
  }
  const auto res = client_->retry(r, p);
  if (res.status == 0) fail("transport failure: " + res.error);
  if (res.status != 200) fail("HTTP " + std::to_string(res.status));

  fj::error_code ec;
  auto v = fj::parse(res.body, ec);
  const fj::array* data = nullptr;
  if (!ec && v.is_object())
    if (auto* d = v.get_object().if_contains("data"); d && d->is_array()) data = &d->get_array();
  if (!data) fail("the reply has no data array");
  const std::size_t n = to - from;
  if (data->size() != n)
    fail("the reply has " + std::to_string(data->size()) + " vectors for " + std::to_string(n) +
         " inputs");
  std::vector<std::vector<float>> out(n);
  std::size_t dims = 0;
  for (std::size_t j = 0; j < data->size(); ++j) {
    const auto* item = (*data)[j].if_object();
    if (!item) fail("a data item is not an object");
    std::size_t idx = j;
    if (auto* i = item->if_contains("index"); i && i->is_int64()) {
      if (i->get_int64() < 0 || static_cast<std::size_t>(i->get_int64()) >= n)
        fail("a data item's index is out of range");
      idx = static_cast<std::size_t>(i->get_int64());
    }
    const auto* e = item->if_contains("embedding");
    if (!e || !e->is_array() || e->get_array().empty()) fail("a data item has no embedding");
    if (!out[idx].empty()) fail("two data items share an index");
    auto& vec = out[idx];
    vec.reserve(e->get_array().size());
    double norm = 0;
    for (const auto& x : e->get_array()) {
      if (!x.is_number()) fail("an embedding holds a non-number");
      const auto f = static_cast<float>(x.to_number<double>());
      if (!std::isfinite(f)) fail("an embedding holds NaN or infinity");
      vec.push_back(f);
      norm += static_cast<double>(f) * f;
    }
    if (dims == 0) dims = vec.size();
    if (vec.size() != dims) fail("the model answered vectors of different dimensions");
    if (norm > 0) {
      const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
      for (float& f : vec) f *= inv;
    }
  }
  return out;
}

}  // namespace fte::kb
