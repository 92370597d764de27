// Db: the harness's own read-only look into the PostgreSQL store (ground truth for what was stored,
// which customer a message was attributed to, agent runs). One short connection per query, so a
// PostgreSQL restart only fails the queries made while it is down. Thread-safe.
// Failure: query() returns nullopt when the server cannot be reached or the query fails.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace fte::bench {

class Db {
 public:
  explicit Db(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  using Rows = std::vector<std::vector<std::string>>;
  std::optional<Rows> query(const std::string& sql, const std::vector<std::string>& params = {}) const;
  // True when the inbound message (channel, channel message id) is stored.
  bool stored(const std::string& channel, const std::string& channel_message_id) const;
  // True when a web-form message of the customer with this (normalised) email is stored.
  bool web_form_stored(const std::string& email) const;

 private:
  std::string conninfo_;
};

}  // namespace fte::bench
