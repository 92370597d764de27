#include "channels/email/push.h"

#include <boost/json.hpp>

#include "channels/email/codec.h"
#include "core/domain.h"

namespace json = boost::json;

namespace fte::channels::email {

namespace {

PushParse fail(std::string error, std::string field) {
  PushParse r;
  r.error = std::move(error);
  r.field = std::move(field);
  return r;
}

// A string field with a bounded length and no control characters; nullptr when absent.
const json::string* text_field(const json::object& o, std::string_view key, std::size_t max_len,
                               std::string* error) {
  const json::value* v = o.if_contains(key);
  if (!v) return nullptr;
  if (!v->is_string()) {
    *error = "must be a string";
    return nullptr;
  }
  const auto& s = v->get_string();
  if (s.size() > max_len) {
    *error = "is too long";
    return nullptr;
  }
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20) {
      *error = "contains control characters";
      return nullptr;
    }
  return &s;
}

}  // namespace

std::optional<std::uint64_t> parse_history_id(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

PushParse parse_push(std::string_view body) {
  if (body.empty()) return fail("the body is empty", "body");
  if (body.size() > kMaxPushBodyBytes) return fail("the body is too large", "body");
  json::error_code ec;
  json::parse_options opts;
  opts.max_depth = 8;
  json::value root = json::parse(body, ec, {}, opts);
  if (ec || !root.is_object()) return fail("the body is not a JSON object", "body");
  const auto& o = root.get_object();

  const json::value* mv = o.if_contains("message");
  if (!mv || !mv->is_object()) return fail("message must be an object", "message");
  const auto& msg = mv->get_object();

  std::string err;
  GmailPush p;
  const json::string* sub = text_field(o, "subscription", 512, &err);
  if (!sub) return fail("subscription " + (err.empty() ? "is missing" : err), "subscription");
  if (sub->find("/subscriptions/") == json::string::npos)
    return fail("subscription is not a subscription name", "subscription");
  p.subscription = std::string(*sub);

  // Pub/Sub sends both "messageId" and the older "message_id".
  const json::string* mid = text_field(msg, "messageId", 256, &err);
  if (!mid && err.empty()) mid = text_field(msg, "message_id", 256, &err);
  if (!mid || mid->empty())
    return fail("message.messageId " + (err.empty() ? "is missing" : err), "message.messageId");
  p.message_id = std::string(*mid);

  const json::string* pt = text_field(msg, "publishTime", 64, &err);
  if (!pt && !err.empty()) return fail("message.publishTime " + err, "message.publishTime");
  if (pt) p.publish_time = std::string(*pt);

  if (const json::value* at = msg.if_contains("attributes");
      at && !at->is_object() && !at->is_null())
    return fail("message.attributes must be an object", "message.attributes");

  const json::string* data = text_field(msg, "data", 4096, &err);
  if (!data) return fail("message.data " + (err.empty() ? "is missing" : err), "message.data");
  auto decoded = base64_decode_strict(*data, B64Alphabet::either);
  if (!decoded || decoded->empty()) return fail("message.data is not base64", "message.data");

  json::value inner = json::parse(*decoded, ec, {}, opts);
  if (ec || !inner.is_object()) return fail("message.data is not a JSON object", "message.data");
  const auto& n = inner.get_object();

  const json::string* addr = text_field(n, "emailAddress", 320, &err);
  if (!addr)
    return fail("emailAddress " + (err.empty() ? "is missing" : err), "message.data.emailAddress");
  p.email_address = normalize_email(*addr);
  if (p.email_address.empty())
    return fail("emailAddress is not an email address", "message.data.emailAddress");

  const json::value* hv = n.if_contains("historyId");
  std::optional<std::uint64_t> hid;
  if (hv && hv->is_uint64())
    hid = hv->get_uint64();
  else if (hv && hv->is_int64() && hv->get_int64() >= 0)
    hid = static_cast<std::uint64_t>(hv->get_int64());
  else if (hv && hv->is_string())
    hid = parse_history_id(hv->get_string());
  if (!hid || *hid == 0)
    return fail("historyId must be a positive integer", "message.data.historyId");
  p.history_value = *hid;
  p.history_id = std::to_string(*hid);

  PushParse r;
  r.push = std::move(p);
  return r;
}

}  // namespace fte::channels::email
