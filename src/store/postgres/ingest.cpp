// The intake on PostgreSQL: each inbound customer message becomes (customer, conversation, ticket,
// message, outbox events), or is recognised as a duplicate and writes nothing. The same rules as
// the SQLite store (src/store/sqlite/README.md, "Identity", "Conversations", "Tickets"); what
// differs is concurrency: other processes write at the same time.
//
// The rules run on the server: the writer hands this file's ingest_group the adjacent intakes of a
// batch, which validates and normalises each message, allocates the ids of the rows it may create,
// and sends them all as one JSON array — first (batches of 6 or more) to the set-based statement
// sql::kIngestSet, which writes the longest prefix of the batch it can decide alone, then the rest
// to fte_ingest (migration 0002_intake_function.sql), one subtransaction per message; a failing
// statement sends the whole batch to fte_ingest (README "Intake: one statement per batch"). The
// result rows become IngestResults (or per-message errors). The
// outbox events are computed here afterwards, from the ids, and appended by the writer at the end
// of the batch. Creating a customer inserts its identifiers without ON CONFLICT, so that a process
// that loses the race to create the same customer fails with a unique violation; fte_ingest then
// runs that message again, and it finds the winner's customer.
#include <algorithm>
#include <boost/json.hpp>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/json_util.h"
#include "ops/log.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/rows.h"
#include "store/postgres/sql.h"
#include "store/postgres/writer.h"

namespace fte::pg {
namespace {

namespace json = boost::json;

struct Identity {
  std::string email;                 // normalised, or empty
  std::optional<std::string> phone;  // E.164
};

Identity identity_of(const InboundMessage& m) {
  Identity id;
  if (!m.email.empty()) {
    id.email = normalize_email(m.email);
    if (id.email.empty())
      throw Error(ErrorKind::invalid_argument, "email is not an address", "email");
  }
  if (!m.phone.empty()) {
    id.phone = normalize_phone(m.phone);
    if (!id.phone)
      throw Error(ErrorKind::invalid_argument, "phone is not an international number", "phone");
  }
  if (id.email.empty() && !id.phone)
    throw Error(ErrorKind::invalid_argument, "an inbound message needs an email or a phone",
                "email");
  return id;
}

// A stable 64-bit key (FNV-1a) of an identity, the same in every process: fte_ingest takes these
// transaction-scoped advisory locks (sorted) before creating or linking an identity, so that two
// processes creating the same email or number run one after the other and the second one finds the
// first one's customer, also where no unique constraint would catch it (a number seen as `phone` by
// one and `whatsapp` by the other).
std::int64_t identity_key(std::string_view kind, std::string_view value) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char ch : s) {
      h ^= ch;
      h *= 1099511628211ull;
    }
  };
  mix(kind);
  mix(":");
  mix(value);
  return static_cast<std::int64_t>(h);
}

// libpq sends a text parameter as a C string: it ends at the first NUL. The JSON array keeps that.
std::string_view c_text(std::string_view s) {
  auto nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

// Whether s is well-formed UTF-8 (the server refuses anything else, 22021). Checked per message, so
// that one bad message fails alone instead of the whole array.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(len) > n) return false;
    for (int k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += static_cast<std::size_t>(len);
  }
  return true;
}

// The element's JSON text is written directly (no JSON object per message: building one, with its
// ~20 members, was most of the writer thread's cost per intake, docs/BENCHMARKS.md Round 10).

// Members of one element, each after a comma but the first: `"name":value`.
class Members {
 public:
  explicit Members(std::string& out) : out_(out) { out_.push_back('{'); }
  Members& text(std::string_view name, std::string_view v) {
    key(name);
    jsonu::append_string(out_, v);  // s is valid UTF-8 (checked before)
    return *this;
  }
  // NULL when empty (after the first NUL: libpq's text parameters end there).
  Members& text_or_null(std::string_view name, std::string_view v) {
    v = c_text(v);
    if (v.empty()) return null(name);
    return text(name, v);
  }
  Members& null(std::string_view name) {
    key(name);
    out_ += "null";
    return *this;
  }
  Members& number(std::string_view name, std::int64_t v) {
    key(name);
    out_ += std::to_string(v);
    return *this;
  }
  Members& raw(std::string_view name, std::string_view json) {
    key(name);
    out_ += json;
    return *this;
  }

 private:
  void key(std::string_view name) {
    if (out_.back() != '{') out_.push_back(',');
    out_.push_back('"');
    out_ += name;
    out_ += "\":";
  }
  std::string& out_;
};

std::string attachments_json(const InboundMessage& m) {
  if (m.attachments.empty()) return {};
  json::array a;
  for (const auto& x : m.attachments)
    a.push_back(json::object{{"filename", x.filename},
                             {"content_type", x.content_type},
                             {"size", x.size},
                             {"text", x.text}});
  return json::serialize(a);
}

// One message as an element of fte_ingest's array (see 0002_intake_function.sql for the fields).
struct Element {
  std::string text;                // the JSON object without its closing brace (batch_of adds `n`)
  std::vector<std::int64_t> keys;  // its identity-lock keys
  std::exception_ptr refused;      // an error of this message found here, reported unless duplicate
  bool skip = false;               // not sent at all (its channel message id itself is unusable)
};

Element element_of(const InboundMessage& m, std::int64_t now) {
  Element el;
  const char* channel = to_string(m.channel);
  el.text.reserve(512 + m.body.size() + m.raw_body.size());
  Members o(el.text);
  o.text("ch", channel).text_or_null("cmid", m.channel_message_id);
  if (!valid_utf8(c_text(m.channel_message_id))) {
    el.skip = true;
    el.refused = std::make_exception_ptr(
        DbError(ErrorKind::invalid_argument,
                "postgres: fte_ingest: invalid byte sequence for encoding \"UTF8\" [22021]",
                "22021", "", false));
    return el;
  }
  Identity id;
  try {
    id = identity_of(m);
  } catch (...) {
    el.refused = std::current_exception();
  }
  std::string att = attachments_json(m);
  for (std::string_view f :
       {std::string_view(id.email), std::string_view(m.customer_name), std::string_view(m.subject),
        std::string_view(m.category), std::string_view(m.priority), std::string_view(m.body),
        std::string_view(m.raw_body), std::string_view(m.thread_id),
        std::string_view(m.correlation_id), std::string_view(m.ticket_id), std::string_view(att)}) {
    if (el.refused) break;
    if (!valid_utf8(c_text(f)))
      el.refused = std::make_exception_ptr(
          DbError(ErrorKind::invalid_argument,
                  "postgres: fte_ingest: invalid byte sequence for encoding \"UTF8\" [22021]",
                  "22021", "", false));
  }
  if (el.refused) {
    o.raw("bad", "true");  // deduplicated first, as before: a duplicate stays a duplicate
    return el;
  }
  const char* phone_type = m.channel == Channel::whatsapp ? "whatsapp" : "phone";
  if (!id.email.empty()) el.keys.push_back(identity_key("email", id.email));
  if (id.phone) el.keys.push_back(identity_key("phone", *id.phone));
  std::string keys = "[";
  for (auto k : el.keys) {
    if (keys.size() > 1) keys += ',';
    keys += std::to_string(k);
  }
  keys += ']';
  std::int64_t at = m.received_at_ms > 0 ? m.received_at_ms : now;
  o.text_or_null("email", id.email);
  if (id.phone)
    o.text("phone", *id.phone);
  else
    o.null("phone");
  o.text("ptype", phone_type).raw("keys", keys);
  o.text("name", c_text(m.customer_name)).text("subject", c_text(m.subject));
  o.text("category", c_text(m.category));
  o.text("priority", m.priority.empty() ? std::string_view("medium") : c_text(m.priority));
  o.text("body", c_text(m.body));
  if (m.channel == Channel::email)
    o.text_or_null("thread", m.thread_id);
  else
    o.null("thread");
  o.text_or_null("raw", m.raw_body).text_or_null("att", att);
  o.number("at", at).text("corr", c_text(m.correlation_id));
  o.text("customer", new_row_id()).text("conversation", new_row_id());
  o.text("message", new_row_id());
  o.text("ticket", m.ticket_id.empty() ? new_uuid() : std::string(c_text(m.ticket_id)));
  if (id.phone)
    o.text("fp", ops::fingerprint(*id.phone));
  else
    o.null("fp");
  return el;
}

// The batch as sent: one element per message that is sent at all, and the identity-lock keys.
struct Batch {
  std::vector<Element> els;        // per item
  std::vector<std::size_t> sent;   // item index of each array element
  std::vector<std::int64_t> keys;  // identity-lock keys of every element, sorted, unique
  // The JSON array of the elements from `from` on; each element keeps its index `n` in the whole
  // array (fte_ingest numbers its rows by position in its own array instead).
  std::string array(std::size_t from = 0) const {
    std::size_t size = 2;
    for (std::size_t i = from; i < sent.size(); ++i) size += els[sent[i]].text.size() + 16;
    std::string out;
    out.reserve(size);
    out.push_back('[');
    for (std::size_t i = from; i < sent.size(); ++i) {
      if (i > from) out.push_back(',');
      const std::string& t = els[sent[i]].text;
      out += t;
      out += t.size() > 1 ? ",\"n\":" : "\"n\":";
      out += std::to_string(i);
      out.push_back('}');
    }
    out.push_back(']');
    return out;
  }
};

Batch batch_of(std::vector<Writer::GroupItem>& items, std::int64_t now) {
  Batch b;
  b.els.reserve(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) {
    auto& op = *static_cast<IngestOp*>(items[k].payload);
    b.els.push_back(element_of(op.msg, now));
    if (b.els.back().skip) {
      items[k].error = b.els.back().refused;
      continue;
    }
    b.keys.insert(b.keys.end(), b.els.back().keys.begin(), b.els.back().keys.end());
    b.sent.push_back(k);
  }
  std::sort(b.keys.begin(), b.keys.end());
  b.keys.erase(std::unique(b.keys.begin(), b.keys.end()), b.keys.end());
  return b;
}

// Turns result rows (fte_ingest's layout) into IngestResults or errors; row indexes count from
// `base` in the batch's array. Appends each new intake's outbox events.
void take_rows(const Result& r, std::size_t base, Batch& b, std::vector<Writer::GroupItem>& items) {
  for (int row = 0; row < r.rows(); ++row) {
    auto n = base + static_cast<std::size_t>(r.i64(row, 0));
    if (n >= b.sent.size()) throw Error(ErrorKind::internal, "postgres: intake: bad row index");
    auto k = b.sent[n];
    auto& item = items[k];
    auto& op = *static_cast<IngestOp*>(item.payload);
    std::string status = r.text(row, 1);
    item.extra_runs = static_cast<int>(r.i64(row, 7)) - 1;
    if (status == "error") {
      std::string state = r.text(row, 8);
      item.error = std::make_exception_ptr(DbError(
          kind_of_sqlstate(state), "postgres: fte_ingest: " + r.text(row, 10) + " [" + state + "]",
          state, r.text(row, 9), is_transient_sqlstate(state)));
      continue;
    }
    if (status == "invalid") {
      item.error = b.els[k].refused;
      continue;
    }
    IngestResult res;
    res.duplicate = status == "duplicate";
    res.message_id = r.text(row, 2);
    res.conversation_id = r.text(row, 3);
    res.ticket_id = r.text(row, 4);
    res.customer_id = r.text(row, 5);
    if (!r.null(row, 6)) {
      ops::warn("identity conflict: email and phone belong to different customers",
                op.msg.correlation_id,
                {{"customer_id", res.customer_id}, {"other_customer_id", r.text(row, 6)}});
    }
    op.result = std::move(res);
    if (op.result.duplicate || !op.outbox) continue;
    try {
      append_events_in_tx(*item.cx, op.outbox(op.result));
    } catch (...) {
      // Its rows are in the transaction already: the writer runs the batch again without it.
      item.error = std::current_exception();
      item.undo = true;
    }
  }
}

// The elements from `from` on, through fte_ingest (one subtransaction per element on the server).
void ingest_rows(Connection& c, Batch& b, std::size_t from, std::int64_t now,
                 std::vector<Writer::GroupItem>& items) {
  if (from >= b.sent.size()) return;
  auto r = c.run(sql::kIngest, b.array(from), now);
  if (static_cast<std::size_t>(r.rows()) != b.sent.size() - from)
    throw Error(ErrorKind::internal, "postgres: fte_ingest returned a wrong row count");
  take_rows(r, from, b, items);
}

std::string bigint_array(const std::vector<std::int64_t>& v) {
  std::string s = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(v[i]);
  }
  return s + "}";
}

// Errors after which the batch is not run again through fte_ingest: the writer retries a transient
// one, and a timeout has spent its budget (fte_ingest fails its whole call the same way).
bool fails_the_group(const DbError& e) {
  return e.transient() || e.sqlstate() == "57014" || e.sqlstate() == "55P03";
}

// Below this many messages a batch goes to fte_ingest alone: the statement has the larger fixed
// cost (its executor start over ~25 tables and indexes), fte_ingest the larger cost per message.
// Round 6 measured the crossover at 4; after rounds 9-10 (both cheaper) the writer's transaction
// cost the server 3-6 % less per intake through fte_ingest at 4-5 messages, the same at 6
// (docs/BENCHMARKS.md Round 11).
constexpr std::size_t kSetMinBatch = 6;

}  // namespace

void ingest_group_rows(Connection& c, std::vector<Writer::GroupItem>& items) {
  std::int64_t now = now_ms();
  Batch b = batch_of(items, now);
  ingest_rows(c, b, 0, now, items);
}

void ingest_group(Connection& c, std::vector<Writer::GroupItem>& items) {
  static constexpr Sql kBegin{"", "BEGIN"};
  static constexpr Sql kSavepoint{"", "SAVEPOINT fte_ingest_set"};
  static constexpr Sql kRelease{"", "RELEASE SAVEPOINT fte_ingest_set"};
  std::int64_t now = now_ms();
  Batch b = batch_of(items, now);
  if (b.sent.size() < kSetMinBatch) {
    ingest_rows(c, b, 0, now, items);
    return;
  }
  Params locks, set;
  locks.add(bigint_array(b.keys));
  set.add(b.array()).add(now);
  // BEGIN (when this group opens the transaction), the locks, the statement: one round trip. A
  // transaction that holds other operations' work already keeps it behind a savepoint.
  std::vector<Connection::Step> steps;
  const bool fresh = c.begin_pending();
  if (fresh) steps.push_back({&kBegin});
  c.forget_begin();
  steps.push_back({&sql::kIngestLocks, &locks});
  const std::size_t first_write = steps.size();
  if (!fresh) steps.push_back({&kSavepoint});
  const std::size_t at = steps.size();
  steps.push_back({&sql::kIngestSet, &set});
  if (!fresh) steps.push_back({&kRelease});
  steps.push_back({&sql::kIngestSetPlanned});
  std::vector<Result> out;
  int failed = -1;
  try {
    out = c.pipeline(steps, &failed);
  } catch (const DbError& e) {
    // BEGIN or the locks failed, a timeout, a transient error: the whole group fails (the writer
    // runs the batch again, or without it).
    if (failed < static_cast<int>(first_write) || fails_the_group(e) || !c.ok()) throw;
    // A row the statement could not write (a conflict, a bad value, a lost create race): the
    // statement wrote nothing; the whole batch runs through fte_ingest, element by element.
    if (fresh) {
      c.simple("ROLLBACK");
      c.begin_with_next();
    } else {
      c.simple(
          "ROLLBACK TO SAVEPOINT fte_ingest_set; RELEASE SAVEPOINT fte_ingest_set; "
          "SET LOCAL enable_seqscan TO DEFAULT");
    }
    ingest_rows(c, b, 0, now, items);
    return;
  }
  const Result& r = out[at];
  auto done = static_cast<std::size_t>(r.rows());
  take_rows(r, 0, b, items);
  for (std::size_t n = 0; n < done && n < b.sent.size(); ++n) items[b.sent[n]].set_based = true;
  ingest_rows(c, b, done, now, items);
}

}  // namespace fte::pg
