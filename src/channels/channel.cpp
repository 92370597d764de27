#include "channels/channel.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/json_util.h"

namespace json = boost::json;

namespace fte::channels {

std::string to_json(const OutboundReply& r) {
  json::object o;
  o["ticket_id"] = r.ticket_id;
  o["message_id"] = r.message_id;
  o["conversation_id"] = r.conversation_id;
  o["customer_id"] = r.customer_id;
  o["channel"] = to_string(r.channel);
  json::array parts;
  for (const auto& p : r.parts) parts.emplace_back(p);
  o["parts"] = std::move(parts);
  o["customer_name"] = r.customer_name;
  o["to_email"] = r.to_email;
  o["to_phone"] = r.to_phone;
  o["subject"] = r.subject;
  o["thread_id"] = r.thread_id;
  o["in_reply_to"] = r.in_reply_to;
  o["references"] = r.references;
  if (!r.reply_to_channel_message_id.empty())
    o["reply_to_channel_message_id"] = r.reply_to_channel_message_id;
  o["last_inbound_at_ms"] = r.last_inbound_at_ms;
  o["correlation_id"] = r.correlation_id;
  o["dedup_key"] = r.dedup_key;
  return json::serialize(o);
}

OutboundReply outbound_from_json(std::string_view text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) throw Error(ErrorKind::invalid_argument, "outbound reply is not JSON");
  const auto& o = v.get_object();
  OutboundReply r;
  r.ticket_id = jsonu::str(o, "ticket_id");
  r.message_id = jsonu::str(o, "message_id");
  r.conversation_id = jsonu::str(o, "conversation_id");
  r.customer_id = jsonu::str(o, "customer_id");
  auto ch = parse_channel(jsonu::str(o, "channel"));
  if (!ch) throw Error(ErrorKind::invalid_argument, "outbound reply has no valid channel", "channel");
  r.channel = *ch;
  if (auto* p = o.if_contains("parts"); p && p->is_array())
    for (const auto& x : p->get_array())
      if (x.is_string()) r.parts.emplace_back(x.get_string());
  r.customer_name = jsonu::str(o, "customer_name");
  r.to_email = jsonu::str(o, "to_email");
  r.to_phone = jsonu::str(o, "to_phone");
  r.subject = jsonu::str(o, "subject");
  r.thread_id = jsonu::str(o, "thread_id");
  r.in_reply_to = jsonu::str(o, "in_reply_to");
  r.references = jsonu::str(o, "references");
  r.reply_to_channel_message_id = jsonu::str(o, "reply_to_channel_message_id");
  r.last_inbound_at_ms = jsonu::i64(o, "last_inbound_at_ms");
  r.correlation_id = jsonu::str(o, "correlation_id");
  r.dedup_key = jsonu::str(o, "dedup_key");
  return r;
}

}  // namespace fte::channels
