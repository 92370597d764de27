#include "channels/email/gmail_sender.h"

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

DeliveryResult GmailSender::send(const OutboundReply& reply) {
  DeliveryResult res;
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
