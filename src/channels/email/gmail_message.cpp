#include "channels/email/gmail_message.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "channels/email/codec.h"
#include "channels/email/header.h"
#include "core/json_util.h"

namespace json = boost::json;

namespace fte::channels::email {

namespace {

struct PayloadState {
  const MimeLimits& limits;
  std::vector<std::string>& notes;
  std::size_t parts = 0;
};

// One node of format=full's payload: {partId, mimeType, filename, headers[], body{size, data,
// attachmentId}, parts[]}. body.data is base64url of the decoded content.
MimePart from_payload(const json::object& p, int depth, PayloadState& st) {
  ++st.parts;
  MimePart part;
  if (const json::value* hs = p.if_contains("headers"); hs && hs->is_array()) {
    for (const auto& hv : hs->get_array()) {
      if (!hv.is_object()) continue;
      if (part.headers.fields.size() >= st.limits.max_header_fields) {
        part.headers.truncated = true;
        break;
      }
      const auto& h = hv.get_object();
      part.headers.fields.push_back({jsonu::str(h, "name"), jsonu::str(h, "value")});
    }
  }
  HeaderValue ct = parse_header_value(part.headers.get("Content-Type"));
  std::string mime = jsonu::str(p, "mimeType");
  for (auto& c : mime) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  part.content_type = mime.find('/') != std::string::npos       ? mime
                      : ct.value.find('/') != std::string::npos ? ct.value
                                                                : "text/plain";
  part.params = ct.params;
  HeaderValue disp = parse_header_value(part.headers.get("Content-Disposition"));
  if (disp.value == "attachment" || disp.value == "inline") part.disposition = disp.value;
  std::string filename = jsonu::str(p, "filename");
  if (filename.empty()) filename = disp.param("filename");
  if (filename.empty()) filename = ct.param("name");
  if (auto slash = filename.find_last_of("/\\"); slash != std::string::npos)
    filename = filename.substr(slash + 1);
  for (auto& c : filename)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  part.filename = filename.size() > 200 ? filename.substr(0, 200) : filename;

  if (const json::value* bv = p.if_contains("body"); bv && bv->is_object()) {
    const auto& b = bv->get_object();
    part.size = jsonu::i64(b, "size");
    if (const json::value* d = b.if_contains("data"); d && d->is_string()) {
      part.content = base64_decode_mime(d->get_string());
      part.size = static_cast<std::int64_t>(part.content.size());
      if (part.content.size() > st.limits.max_html_bytes) {
        part.content.resize(st.limits.max_html_bytes);
        part.content_complete = false;
      }
    } else if (b.contains("attachmentId")) {
      part.content_complete = false;  // fetched separately (users.messages.attachments.get)
    }
  }
  if (const json::value* ps = p.if_contains("parts"); ps && ps->is_array()) {
    if (depth >= st.limits.max_depth) {
      st.notes.emplace_back("nesting limit reached");
    } else {
      for (const auto& c : ps->get_array()) {
        if (!c.is_object()) continue;
        if (st.parts >= st.limits.max_parts) {
          st.notes.emplace_back("part limit reached");
          break;
        }
        part.parts.push_back(from_payload(c.get_object(), depth + 1, st));
      }
    }
  }
  return part;
}

}  // namespace

bool GmailMessage::has_label(std::string_view label) const {
  for (const auto& l : label_ids)
    if (l == label) return true;
  return false;
}

GmailMessageParse parse_gmail_message(std::string_view text, const MimeLimits& limits) {
  GmailMessageParse r;
  if (text.size() > kMaxGmailMessageJsonBytes) {
    r.error = "message too large";
    return r;
  }
  json::error_code ec;
  json::parse_options opts;
  opts.max_depth = 4 * limits.max_depth + 16;
  json::value v = json::parse(text, ec, {}, opts);
  if (ec || !v.is_object()) {
    r.error = "message is not a JSON object";
    return r;
  }
  const auto& o = v.get_object();
  GmailMessage m;
  m.id = jsonu::str(o, "id");
  m.thread_id = jsonu::str(o, "threadId");
  m.history_id = jsonu::str(o, "historyId");
  if (m.id.empty() || m.id.size() > 128) {
    r.error = "message has no id";
    return r;
  }
  if (const json::value* ls = o.if_contains("labelIds"); ls && ls->is_array())
    for (const auto& l : ls->get_array())
      if (l.is_string() && m.label_ids.size() < 100) m.label_ids.emplace_back(l.get_string());
  // internalDate is a string of epoch milliseconds.
  std::string idate = jsonu::str(o, "internalDate");
  if (!idate.empty() && idate.size() <= 15 &&
      idate.find_first_not_of("0123456789") == std::string::npos)
    m.internal_date_ms = std::stoll(idate);

  if (const json::value* raw = o.if_contains("raw"); raw && raw->is_string()) {
    m.mail = parse_mail(base64_decode_mime(raw->get_string()), limits);
  } else if (const json::value* pl = o.if_contains("payload"); pl && pl->is_object()) {
    std::vector<std::string> notes;
    PayloadState st{limits, notes};
    MimePart root = from_payload(pl->get_object(), 0, st);
    m.mail = mail_from_tree(root, limits, std::move(notes));
  } else {
    r.error = "message has neither raw nor payload";
    return r;
  }
  r.message = std::move(m);
  return r;
}

std::string skip_reason(const GmailMessage& m, std::string_view support_email) {
  for (const char* l : {"SENT", "DRAFT", "SPAM", "TRASH", "CHAT"})
    if (m.has_label(l)) return std::string("label ") + l;
  if (m.mail.from_email.empty()) return "no valid sender address";
  if (!support_email.empty() && iequals(m.mail.from_email, support_email))
    return "sent by the support address";
  if (m.mail.automated) return "automated mail";
  return {};
}

InboundMessage to_inbound(const GmailMessage& m, std::int64_t now_ms) {
  InboundMessage in;
  in.channel = Channel::email;
  in.channel_message_id = m.id;
  in.thread_id = m.thread_id;
  in.rfc822_message_id = m.mail.message_id;
  // References of the customer's mail; when it has none, its In-Reply-To (RFC 5322 §3.6.4).
  in.references = m.mail.references.empty() ? m.mail.in_reply_to : m.mail.references;
  in.customer_name = m.mail.from_name;
  in.email = m.mail.from_email;
  in.subject = m.mail.subject;
  in.body = m.mail.reply_text;
  if (in.body.empty()) in.body = m.mail.subject;
  if (m.mail.full_text != in.body) in.raw_body = m.mail.full_text;
  in.attachments = m.mail.attachments;
  in.received_at_ms = m.internal_date_ms > 0 ? m.internal_date_ms : now_ms;
  return in;
}

}  // namespace fte::channels::email
