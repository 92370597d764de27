#include "agent/judgement/paraphrase_rules.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "agent/judgement/phrase_guard.h"
#include "agent/judgement/text.h"

namespace fte::agent {

namespace {

using Set = std::unordered_set<std::string_view>;
using Words = std::vector<std::string>;

constexpr std::size_t kWindow = 6;  // words either side: roughly one clause

bool any_phrase(const Words& ws, std::initializer_list<std::string_view> ps) {
  for (auto p : ps)
    if (text::has_phrase(ws, p)) return true;
  return false;
}

// Positions where one of `ps` starts.
std::vector<std::size_t> phrase_positions(const Words& ws,
                                          std::initializer_list<std::string_view> ps) {
  std::vector<std::size_t> out;
  for (auto p : ps)
    for (std::size_t from = 0;;) {
      const auto pos = text::find_phrase(ws, p, from);
      if (pos == std::string::npos) break;
      out.push_back(pos);
      from = pos + 1;
    }
  return out;
}

bool has_any(const Words& ws, const Set& set) {
  return std::any_of(ws.begin(), ws.end(), [&](const std::string& w) { return set.count(w); });
}

bool near(std::size_t a, std::size_t b) {
  return (a > b ? a - b : b - a) <= kWindow;
}

const Set& charge_words() {
  static const Set k = {"charged",   "charge",     "charges",     "charging",    "billed",
                        "debited",   "debit",      "debits",      "took",        "taken",
                        "payment",   "payments",   "paid",        "transaction", "transactions",
                        "deducted",  "withdrawn",  "cobraron",    "cobrado",     "cobro",
                        "cobros",    "cargo",      "cargos",      "debite",      "preleve",
                        "prelevement", "abgebucht", "abbuchung",  "belastet",    "cobranca",
                        "cobraram",  "cobrou"};
  return k;
}

}  // namespace

bool hypothetical(const Words& ws, std::size_t i) {
  static const Set kIf = {"if", "whether", "si", "wenn", "se"};
  static const Set kFuture = {"will", "would", "going", "when"};
  for (std::size_t k = i >= 8 ? i - 8 : 0; k < i; ++k)
    if (kIf.count(ws[k]) || (k + 4 >= i && kFuture.count(ws[k]))) return true;
  return false;
}

std::optional<std::string> unwanted_charge(const Words& ws) {
  if (!has_any(ws, charge_words()) && !has_any(ws, {"billing"})) return std::nullopt;  // cheap
  // A payment that failed is a payment problem, not money wrongly taken.
  static const Set kFailed = {"failed", "fails", "failing", "declined", "bounced", "rejected"};
  for (const auto& w : ws)
    if (kFailed.count(w)) return std::nullopt;
  if (any_phrase(ws, {"didn't go through", "did not go through"})) return std::nullopt;
  // The customer's own clients paying them: a how-to about their business.
  if (any_phrase(ws, {"how do", "how can", "how to"}))
    for (const auto& w : ws)
      if (w == "client" || w == "clients" || w == "customer" || w == "customers")
        return std::nullopt;
  const auto dup = phrase_positions(
      ws, {"twice", "double", "doubled", "duplicate", "duplicated", "two charges",
           "two payments", "two transactions", "2 charges", "2 payments", "same charge",
           "three times", "3 times", "multiple times", "several times", "four times",
           "dos veces", "dos cargos", "deux fois", "zweimal", "doppelt", "duas vezes"});
  const auto after_stop = phrase_positions(
      ws, {"still", "keep", "keeps", "kept", "after i cancelled", "after we cancelled",
           "after i canceled", "after we canceled", "after cancelling", "after canceling",
           "after i closed", "after we closed", "after closing", "after i downgraded",
           "after we downgraded", "after downgrading", "after i removed", "after we removed",
           "card i removed", "card we removed", "card i deleted", "card we deleted",
           "after i unsubscribed", "after the cancellation", "since we cancelled",
           "since i cancelled", "since we canceled", "since i canceled",
           // "charged for the order I cancelled", "billed for seats we removed"
           "i cancelled", "we cancelled", "i canceled", "we canceled", "i returned",
           "we returned", "we removed", "i removed"});
  if (auto p = phrase_positions(ws, {"keep billing", "keeps billing", "kept billing",
                                     "still billing"});
      !p.empty() && !hypothetical(ws, p.front()))
    return ws[p.front()] + " billing";
  const auto& kCharge = charge_words();
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (!kCharge.count(ws[i]) || hypothetical(ws, i) || innocent_use(ws, i, 1)) continue;
    for (auto d : dup)
      if (near(i, d)) return ws[i] + " " + ws[d];
    for (auto s : after_stop)
      if (near(i, s)) return ws[i] + " " + ws[s];
  }
  return std::nullopt;
}

std::optional<std::string> widespread_failure(const Words& ws) {
  // Cheap first: the head word of every population phrase below.
  static const Set kHeads = {"everyone", "everybody", "nobody", "noone",  "no",      "none",
                             "all",      "whole",     "entire", "every",  "nadie",   "todos",
                             "todo",     "niemand",   "niemanden", "alle", "ganze",  "ninguem",
                             "toda",     "tout",      "toute",  "personne"};
  if (!has_any(ws, kHeads)) return std::nullopt;
  if (rate_limit_error(ws)) return std::nullopt;
  // A how-to or a setting question about everyone is not an outage.
  static const Set kHowTo = {"how",    "setting",     "settings",  "permission", "permissions",
                             "role",   "roles",       "configure", "enable",     "disable",
                             "option", "invite",      "invited",   "prevent",    "stop",
                             "allow",  "restrict"};
  for (const auto& w : ws)
    if (kHowTo.count(w)) return std::nullopt;
  if (any_phrase(ws, {"is there a way", "is it possible"})) return std::nullopt;
  // The whole population: everyone, nobody, all our users, the whole company, every office, ...
  auto wide = phrase_positions(
      ws, {"everyone", "everybody", "nobody", "noone", "no one", "none of us", "none of our",
           "all of us", "all our", "all of our", "all the users", "all users", "all the staff",
           "whole team", "whole company", "whole office", "whole org", "whole organisation",
           "whole organization", "entire team", "entire company", "entire office", "entire org",
           "entire organisation", "entire organization", "every user", "every office",
           "every site", "every location", "every one of", "every request", "every page",
           "nadie", "todos nosotros", "todo el mundo", "todo el equipo", "niemand", "alle nutzer",
           "alle benutzer", "ganze team", "ninguem", "niemanden", "toda a equipe", "todos nos",
           "tout le monde", "toute l'equipe", "personne ne", "personne dans"});
  // French "personne (chez nous, ici, ...) ne": nobody.
  std::vector<std::size_t> personne;
  for (std::size_t i = 0; i < ws.size(); ++i)
    if (ws[i] == "personne")
      for (std::size_t k = i + 1; k < ws.size() && k <= i + 4; ++k)
        if (ws[k] == "ne" || ws[k] == "n'a" || ws[k] == "n'arrive") personne.push_back(i);
  wide.insert(wide.end(), personne.begin(), personne.end());
  if (wide.empty()) return std::nullopt;
  // "Nobody can open it", "nadie puede entrar": a negative population with "can" is the failure.
  auto nobody = phrase_positions(
      ws, {"nobody", "noone", "no one", "none of us", "none of our", "nadie", "niemand",
           "niemanden", "ninguem", "personne ne", "personne dans"});
  nobody.insert(nobody.end(), personne.begin(), personne.end());
  static const Set kCan = {"can", "puede", "pueden", "kann", "konnen", "consegue", "conseguem",
                           "peut", "peuvent"};
  static const Set kFail = {"down",      "dead",         "offline", "unreachable", "unavailable",
                            "inaccessible", "502",       "503",     "504",         "500",
                            "error",     "errors",       "crashing", "crashed",    "caido",
                            "caida",     "erreichbar",   "panne"};
  static const Set kNotAFailure = {"message", "messages", "log",      "logs",  "handling",
                                   "banner",  "alert",    "alerts",   "email", "emails",
                                   "rate",    "notification", "notifications"};
  static const Set kCant = {"can't", "cannot", "unable", "couldn't", "cant"};
  static const Set kAccess = {"log",     "login",    "sign",     "signin",  "access",
                              "open",    "reach",    "connect",  "load",    "use",
                              "get",     "work",     "abrir",    "entrar",  "acceder",
                              "acessar", "conectar", "ouvrir",   "connecter", "anmelden",
                              "einloggen", "zugreifen", "offnen"};
  for (std::size_t i = 0; i < ws.size(); ++i) {
    std::string hit;
    const auto next = i + 1 < ws.size() ? std::string_view(ws[i + 1]) : std::string_view();
    // "turn the heat down", "scroll down": a verb's particle, not a service that is down
    // (round 13; "went down", "broke down" still count).
    static const Set kPhrasal = {"turn",  "turns", "turned", "turning", "put",   "scroll", "slow",
                                 "cut",   "shut",  "wind",   "count",   "narrow", "tone",  "write",
                                 "drop",  "pull",  "calm",   "sit",     "lie"};
    bool particle = false;
    if (ws[i] == "down")
      for (std::size_t k = i >= 3 ? i - 3 : 0; k < i; ++k)
        particle = particle || kPhrasal.count(ws[k]);
    if (kFail.count(ws[i]) && !kNotAFailure.count(next) && !particle) hit = ws[i];
    bool negative_can = false;
    for (auto n : nobody) negative_can = negative_can || (n < i && i <= n + 5 && kCan.count(ws[i]));
    if (kCant.count(ws[i]) || negative_can)
      for (std::size_t k = i + 1; k < ws.size() && k <= i + 3; ++k)
        if (kAccess.count(ws[k]) && hit.empty()) hit = ws[i] + " " + ws[k];
    for (auto p : {"not loading", "won't load", "doesn't load", "nothing loads", "not working",
                   "stopped working", "isn't working", "logged out", "times out", "timing out",
                   "timed out", "no funciona", "ne fonctionne", "funktioniert nicht",
                   "nao funciona", "fora do ar", "ne peut", "kann sich", "no puede"})
      if (hit.empty() && text::find_phrase(ws, p, i) == i) hit = std::string(p);
    if (hit.empty()) continue;
    for (auto w : wide)
      if (near(i, w) && w != i) return hit + " / " + ws[w];
  }
  return std::nullopt;
}

std::optional<std::string> unexplained_activity(const Words& ws) {
  static const Set kActivity = {"session",  "sessions",  "login",     "logins",    "sign-in",
                                "sign-ins", "signin",    "signins",   "logon",     "logons",
                                "activity", "deletions", "changes",   "devices",   "logged",
                                "transfers", "transfer", "purchases", "withdrawals"};
  if (!has_any(ws, kActivity)) return std::nullopt;
  if (any_phrase(ws, {"how do", "how can", "how to", "is there a way"})) return std::nullopt;
  const auto why = [&](std::size_t end) {  // "I can't explain why the page is slow"
    return end < ws.size() && (ws[end] == "why" || ws[end] == "how" || ws[end] == "what");
  };
  for (auto p : {"can't explain", "cannot explain", "can't account for", "didn't request",
                 "did not request", "never requested", "never asked for", "didn't ask for",
                 "wasn't us", "weren't us", "not by us", "none of us made", "nobody here made",
                 "no idea who", "didn't make", "did not make", "never made"}) {
    const auto pos = text::find_phrase(ws, p, 0);
    if (pos == std::string::npos) continue;
    const std::size_t len = std::count(p, p + std::char_traits<char>::length(p), ' ') + 1;
    if (why(pos + len)) continue;
    for (std::size_t i = 0; i < ws.size(); ++i)
      if (kActivity.count(ws[i]) && (i > pos ? i - pos : pos - i) <= kWindow + 2)
        return ws[i] + " " + p;  // a relative clause away: "a login ... that I didn't request"
  }
  return std::nullopt;
}

std::optional<std::string> erasure_about_me(const Words& ws) {
  static const Set kErase = {"delete", "erase", "remove", "wipe", "purge", "forget", "deleted",
                             "erased", "removed", "wiped", "purged", "borren", "borrar",
                             "supprimer", "supprimez", "loschen", "apaguem", "apagar",
                             "excluir"};
  if (!has_any(ws, kErase)) return std::nullopt;
  static const Set kDataWords = {"data", "information", "info", "details", "records"};
  std::vector<std::size_t> me = phrase_positions(
      ws, {"about me", "on me", "my contact details", "my contact information",
           "sobre mi", "sur moi", "uber mich", "sobre mim"});
  for (std::size_t i = 0; i + 1 < ws.size(); ++i)
    if ((ws[i] == "my" || ws[i] == "mis" || ws[i] == "mes" || ws[i] == "meine" ||
         ws[i] == "meus") &&
        (kDataWords.count(ws[i + 1]) ||
         (ws[i + 1] == "personal" && i + 2 < ws.size() && kDataWords.count(ws[i + 2]))))
      me.push_back(i);
  for (std::size_t i = 0; i < ws.size(); ++i)
    if (kErase.count(ws[i]))
      for (auto m : me)
        if (m > i && m - i <= kWindow) return ws[i] + " " + ws[m] + " " + ws[m + 1];
  return std::nullopt;
}

}  // namespace fte::agent
