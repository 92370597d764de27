#include "store/store.h"

#include <future>

namespace fte {

IngestResult Store::ingest(InboundMessage msg, OutboxFn outbox) {
  std::promise<IngestOutcome> p;
  auto f = p.get_future();
  ingest_async(std::move(msg), std::move(outbox),
               [&p](IngestOutcome o) { p.set_value(std::move(o)); });
  auto o = f.get();
  if (o.error) std::rethrow_exception(o.error);
  return o.result;
}

DeliveryClaim Store::deliver_without_provider(const std::string& dedup_key,
                                             const std::string& message_id,
                                             const std::string& status, std::int64_t lease_ms,
                                             const std::vector<std::pair<std::string, Envelope>>& outbox) {
  auto c = claim_delivery_leased(dedup_key, message_id, lease_ms);
  if (c == DeliveryClaim::claimed || c == DeliveryClaim::resumed) {
    finish_delivery(dedup_key, message_id);
    set_delivery_status(message_id, status, {});
    if (!outbox.empty()) append_events(outbox);
  }
  return c;
}

AgentRunInputs Store::agent_run_inputs(const std::string& idempotency_key,
                                       const std::string& customer_id, int max_messages) {
  AgentRunInputs in;
  in.processed = is_processed(idempotency_key);
  if (!in.processed) in.history = customer_history(customer_id, max_messages);
  return in;
}

std::vector<std::string> split_provider_ids(const std::string& ids) {
  std::vector<std::string> out;
  for (std::size_t b = 0; b <= ids.size();) {
    auto e = ids.find(',', b);
    if (e == std::string::npos) e = ids.size();
    if (e > b) out.push_back(ids.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

}  // namespace fte
