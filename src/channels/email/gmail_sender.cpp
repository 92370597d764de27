#include "channels/email/gmail_sender.h"

#include <openssl/evp.h>

#include <cctype>

#include "channels/email/reply_mail.h"
#include "core/error.h"
#include "ops/log.h"

namespace fte::channels::email {

GmailSender::GmailSender(GmailApi& api, SenderOptions o, const Clock& clock)
    : api_(api), o_(std::move(o)), clock_(clock) {}

namespace {

// Fills the threading fields of a reply that names only the customer's Gmail message (a reply
// written in the console): threadId, In-Reply-To = its Message-ID, References = its References
// (or In-Reply-To) followed by its Message-ID (added by build_reply), and its subject when the reply has none.
// A message that no longer exists leaves the reply unthreaded; other errors propagate.
void thread_from_message(GmailApi& api, OutboundReply& r) {
  auto m = api.get_message(r.reply_to_channel_message_id);
  if (!m) return;
  r.thread_id = m->thread_id;
  const auto& mail = m->mail;
  r.in_reply_to = mail.message_id;
  r.references = mail.references.empty() ? mail.in_reply_to : mail.references;  // + in_reply_to
  if (r.subject.empty()) r.subject = mail.subject;
}

}  // namespace

std::string reply_message_id(const std::string& dedup_key, const std::string& from_address) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(dedup_key.data(), dedup_key.size(), md, &n, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string local = "fte.";
  for (unsigned int i = 0; i < 16 && i < n; ++i) {
    local += kHex[md[i] >> 4];
    local += kHex[md[i] & 15];
  }
  auto at = from_address.find('@');
  std::string domain;
  if (at != std::string::npos)
    for (char c : from_address.substr(at + 1))
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') domain.push_back(c);
  return "<" + local + "@" + (domain.empty() ? "fte.localhost" : domain) + ">";
}

DeliveryResult GmailSender::send(const OutboundReply& reply) {
  DeliveryResult res;
  const std::string mid =
      reply.dedup_key.empty() ? std::string() : reply_message_id(reply.dedup_key, o_.from_address);
  if (reply.resumed && !mid.empty()) {
    // An earlier attempt may have been sent just before its worker died: look for it first.
    try {
      auto found = api_.list_messages("rfc822msgid:" + mid.substr(1, mid.size() - 2), 1, {});
      if (!found.messages.empty()) {
        ops::info("gmail send: the interrupted attempt had arrived; not sending again",
                  reply.correlation_id, {{"ticket_id", reply.ticket_id}});
        res.ok = true;
        res.status = "sent";
        res.provider_id = found.messages.front().id;
        return res;
      }
    } catch (const std::exception& e) {
      res.status = "failed";  // cannot tell: never risk a second copy without knowing
      res.retryable = true;
      res.error = std::string("gmail search before resend failed: ") + e.what();
      return res;
    }
  }
  const OutboundReply* rp = &reply;
  OutboundReply threaded;
  if (reply.channel == Channel::email && reply.thread_id.empty() && reply.in_reply_to.empty() &&
      !reply.reply_to_channel_message_id.empty()) {
    threaded = reply;
    try {
      thread_from_message(api_, threaded);
    } catch (const Error& e) {
      if (e.retryable()) {  // Gmail unavailable: the bus retries the whole delivery later
        res.status = "failed";
        res.retryable = true;
        res.error = e.what();
        return res;
      }
      ops::warn("gmail send: customer's message unreadable, sending unthreaded", reply.correlation_id,
                {{"ticket_id", reply.ticket_id}});
    }
    rp = &threaded;
  }
  const OutboundReply& r = *rp;
  std::string to = normalize_email(r.to_email);
  if (to.empty()) {
    res.status = "failed";
    res.error = "the customer has no email address";
    return res;
  }
  ReplyMail m;
  m.from_address = o_.from_address;
  m.from_name = o_.from_name;
  m.to_address = to;
  m.to_name = r.customer_name;
  m.subject = r.subject;
  m.message_id = mid;  // empty: build_reply makes a random one
  m.in_reply_to = r.in_reply_to;
  m.references = r.references;
  for (const auto& p : r.parts) {
    if (!m.body.empty()) m.body += "\n\n";
    m.body += p;
  }
  m.date_ms = clock_.now_ms();
  std::string raw = build_reply(m);
  // The thread id is only meaningful for replies on the email channel.
  std::string thread = r.channel == Channel::email ? r.thread_id : std::string();
  try {
    SentMessage sent;
    try {
      sent = api_.send_message(raw, thread);
    } catch (const Error& e) {
      // A thread Gmail does not know (deleted, or another mailbox): send unthreaded rather than
      // not at all; the In-Reply-To/References headers still thread it for the customer.
      if (thread.empty() ||
          (e.kind() != ErrorKind::not_found && e.kind() != ErrorKind::invalid_argument))
        throw;
      ops::warn("gmail send: thread refused, sending without threadId", r.correlation_id,
                {{"ticket_id", r.ticket_id}});
      sent = api_.send_message(raw, {});
    }
    res.ok = true;
    res.status = "sent";
    res.provider_id = sent.id;
  } catch (const Error& e) {
    res.status = "failed";
    res.retryable = e.retryable();
    res.error = e.what();
  } catch (const std::exception& e) {
    res.status = "failed";
    res.retryable = true;
    res.error = "gmail send failed";
  }
  return res;
}

}  // namespace fte::channels::email
