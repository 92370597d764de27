#include "db.h"

#include <libpq-fe.h>

namespace fte::bench {

std::optional<Db::Rows> Db::query(const std::string& sql, const std::vector<std::string>& params) const {
  PGconn* c = PQconnectdb(conninfo_.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    PQfinish(c);
    return std::nullopt;
  }
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  PGresult* r = PQexecParams(c, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0);
  std::optional<Rows> out;
  if (PQresultStatus(r) == PGRES_TUPLES_OK) {
    Rows rows;
    for (int i = 0; i < PQntuples(r); ++i) {
      std::vector<std::string> row;
      for (int j = 0; j < PQnfields(r); ++j) row.emplace_back(PQgetvalue(r, i, j));
      rows.push_back(std::move(row));
    }
    out = std::move(rows);
  }
  PQclear(r);
  PQfinish(c);
  return out;
}

bool Db::stored(const std::string& channel, const std::string& channel_message_id) const {
  auto r = query("SELECT 1 FROM messages WHERE direction = 'inbound' AND channel = $1 AND channel_message_id = $2",
                 {channel, channel_message_id});
  return r && !r->empty();
}

bool Db::web_form_stored(const std::string& email) const {
  auto r = query("SELECT 1 FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                 "JOIN customer_identifiers i ON i.customer_id = c.customer_id "
                 "WHERE i.type = 'email' AND i.value = $1 AND m.channel = 'webform' AND m.direction = 'inbound'",
                 {email});
  return r && !r->empty();
}

}  // namespace fte::bench
