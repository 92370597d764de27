#include "channels/email/mailbox_sync.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <unordered_set>

#include "channels/email/push.h"
#include "core/error.h"
#include "core/ids.h"
#include "ops/log.h"

namespace fte::channels::email {

std::optional<std::string> MemoryHistoryCursor::load() {
  std::lock_guard lk(mu_);
  return value_;
}

void MemoryHistoryCursor::save(const std::string& history_id) {
  std::lock_guard lk(mu_);
  value_ = history_id;
}

std::optional<std::string> StoreHistoryCursor::load() {
  std::int64_t v = store_.load_offset("gmail-history", mailbox_);
  if (v <= 0) return std::nullopt;
  return std::to_string(v);
}

void StoreHistoryCursor::save(const std::string& history_id) {
  auto v = parse_history_id(history_id);
  if (!v || *v > static_cast<std::uint64_t>(INT64_MAX))
    throw Error(ErrorKind::invalid_argument, "history id out of range");
  store_.commit_offset("gmail-history", mailbox_, static_cast<std::int64_t>(*v));
}

MailboxSync::MailboxSync(GmailApi& api, Intake& intake, HistoryCursor& cursor, SyncOptions o,
                         const Clock& clock)
    : api_(api), intake_(intake), cursor_(cursor), o_(std::move(o)), clock_(clock) {}

namespace {

std::uint64_t hid(const std::string& s) {
  return parse_history_id(s).value_or(0);
}

bool excluded_by_labels(const MessageRef& r) {
  for (const auto& l : r.label_ids)
    if (l == "SENT" || l == "DRAFT" || l == "SPAM" || l == "TRASH" || l == "CHAT") return true;
  return false;
}

}  // namespace

std::vector<MessageRef> MailboxSync::full_sync(std::string& new_cursor) {
  // The mailbox's history id before listing: anything arriving meanwhile is in the next history.
  new_cursor = api_.current_history_id();
  std::vector<MessageRef> refs;
  std::string token;
  while (static_cast<int>(refs.size()) < o_.full_sync_max_messages) {
    MessagePage page = api_.list_messages(
        o_.full_sync_query, o_.full_sync_max_messages - static_cast<int>(refs.size()), token);
    for (auto& m : page.messages)
      if (static_cast<int>(refs.size()) < o_.full_sync_max_messages) refs.push_back(std::move(m));
    if (page.next_page_token.empty() || page.messages.empty()) break;
    token = page.next_page_token;
  }
  std::reverse(refs.begin(), refs.end());  // messages.list is newest first; take them in order
  return refs;
}

void MailboxSync::accept(const MessageRef& ref, const std::string& cid, SyncReport& rep) {
  std::optional<GmailMessage> msg = api_.get_message(ref.id);
  if (!msg) {
    ++rep.missing;  // deleted since it was listed
    return;
  }
  if (std::string why = skip_reason(*msg, o_.support_email); !why.empty()) {
    ++rep.skipped;
    ops::info("gmail message skipped", cid, {{"gmail_id", msg->id}, {"reason", why}});
    return;
  }
  InboundMessage in = to_inbound(*msg, clock_.now_ms());
  in.ticket_id = new_uuid();  // the store joins the thread's open ticket when there is one
  in.correlation_id = cid;
  auto done = std::make_shared<std::promise<IngestOutcome>>();
  auto fut = done->get_future();
  intake_.accept(std::move(in), [done](IngestOutcome o) { done->set_value(std::move(o)); });
  if (fut.wait_for(std::chrono::milliseconds(o_.accept_timeout_ms)) != std::future_status::ready)
    throw Error(ErrorKind::timeout, "intake did not confirm the message in time");
  IngestOutcome out = fut.get();
  if (out.error) std::rethrow_exception(out.error);
  if (out.result.duplicate)
    ++rep.duplicates;
  else
    ++rep.accepted;
}

SyncReport MailboxSync::run(const std::string& notified, const std::string& cid) {
  std::lock_guard lk(run_mu_);
  SyncReport rep;
  std::optional<std::string> cursor = cursor_.load();
  if (cursor && hid(*cursor) == 0) cursor.reset();  // unreadable: start over
  if (!notified.empty() && cursor && hid(notified) <= hid(*cursor)) {
    rep.up_to_date = true;
    rep.history_id = *cursor;
    return rep;
  }

  std::vector<MessageRef> refs;
  std::string new_cursor;
  if (!cursor) {
    rep.full_sync = true;
    refs = full_sync(new_cursor);
  } else {
    std::string token;
    for (int pages = 0;; ++pages) {
      HistoryPage page = api_.list_history(*cursor, token);
      if (page.expired) {
        ops::warn("gmail history expired, running a bounded full sync", cid);
        rep.full_sync = true;
        refs = full_sync(new_cursor);
        break;
      }
      for (auto& r : page.added) refs.push_back(std::move(r));
      if (page.next_page_token.empty()) {
        new_cursor = page.history_id;
        break;
      }
      if (pages + 1 >= o_.max_history_pages) {
        new_cursor = page.last_record_id;  // resume after the last record seen
        break;
      }
      token = page.next_page_token;
    }
  }

  std::unordered_set<std::string> seen;
  for (const auto& r : refs) {
    if (r.id.empty() || !seen.insert(r.id).second) continue;
    ++rep.listed;
    if (excluded_by_labels(r)) {
      ++rep.skipped;
      continue;
    }
    accept(r, cid, rep);
  }

  std::string old = cursor.value_or("");
  if (!new_cursor.empty() && hid(new_cursor) > hid(old)) cursor_.save(new_cursor);
  rep.history_id = hid(new_cursor) > hid(old) ? new_cursor : old;
  return rep;
}

}  // namespace fte::channels::email
