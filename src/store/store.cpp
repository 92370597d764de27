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

}  // namespace fte
