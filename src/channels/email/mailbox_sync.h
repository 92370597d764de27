// MailboxSync: brings new customer mail from Gmail into the support desk. From the last stored
// history id it lists users.history (messageAdded, paginated), fetches each new message
// (users.messages.get), skips what is not a customer's mail (sent, drafts, spam, auto-replies,
// the support address itself), and hands the rest to Intake one by one, waiting until each is
// durable. Only then does the cursor advance. A history id Gmail no longer knows (404) — or no
// cursor at all — starts a bounded full sync (users.messages.list over recent inbox mail);
// duplicates are harmless because the store dedupes on the Gmail message id.
// Used by the push webhook and by the poller. Thread-safe: runs are serialised.
// Failure: run() throws fte::Error (unavailable/timeout, retryable) and leaves the cursor where
// it was, so the next push or poll fetches the same messages again.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "channels/channel.h"
#include "channels/email/gmail_client.h"
#include "core/clock.h"

namespace fte::channels::email {

// The last Gmail history id fully processed; the wiring layer backs it with the store.
class HistoryCursor {
 public:
  virtual ~HistoryCursor() = default;
  virtual std::optional<std::string> load() = 0;  // nullopt before the first sync; may throw Error
  virtual void save(const std::string& history_id) = 0;  // may throw Error
};

// In memory (tests, single-process deployments without a stored cursor). Thread-safe.
class MemoryHistoryCursor final : public HistoryCursor {
 public:
  explicit MemoryHistoryCursor(std::optional<std::string> initial = std::nullopt)
      : value_(std::move(initial)) {}
  std::optional<std::string> load() override;
  void save(const std::string& history_id) override;

 private:
  std::mutex mu_;
  std::optional<std::string> value_;
};

// Backed by the store's consumer offsets (group "gmail-history", topic = the mailbox address):
// Gmail history ids are 64-bit and, in practice, far below 2^63. Thread-safe as the Store is.
class StoreHistoryCursor final : public HistoryCursor {
 public:
  StoreHistoryCursor(Store& store, std::string mailbox)
      : store_(store), mailbox_(std::move(mailbox)) {}
  std::optional<std::string> load() override;
  void save(const std::string& history_id) override;

 private:
  Store& store_;
  std::string mailbox_;
};

struct SyncOptions {
  std::string support_email;   // mail from this address is ours, never a ticket
  int max_history_pages = 20;  // per run; the cursor resumes where a capped run stopped
  int full_sync_max_messages = 50;
  std::string full_sync_query = "in:inbox -in:chats newer_than:2d";
  std::int64_t accept_timeout_ms = 30000;  // per message, waiting for the store
};

struct SyncReport {
  bool up_to_date = false;  // the notification was already covered by the cursor
  bool full_sync = false;
  int listed = 0, accepted = 0, duplicates = 0, skipped = 0, missing = 0;
  std::string history_id;  // the cursor after the run
};

class MailboxSync {
 public:
  MailboxSync(GmailApi& api, Intake& intake, HistoryCursor& cursor, SyncOptions o,
              const Clock& clock = SystemClock::instance());
  // `notified_history_id`: from a push (empty when polling).
  SyncReport run(const std::string& notified_history_id, const std::string& correlation_id);

 private:
  std::vector<MessageRef> full_sync(std::string& new_cursor);
  void accept(const MessageRef& ref, const std::string& correlation_id, SyncReport& rep);

  GmailApi& api_;
  Intake& intake_;
  HistoryCursor& cursor_;
  SyncOptions o_;
  const Clock& clock_;
  std::mutex run_mu_;
};

}  // namespace fte::channels::email
