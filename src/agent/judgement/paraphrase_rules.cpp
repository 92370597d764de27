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
  // Round 22: past and resolved ("it was broken for all our clients, fixed now, thanks").
  static const Set kResolved = {"fixed",    "resolved", "solved",   "arreglado", "resuelto",
                                "resolu",   "repare",   "behoben",  "resolvido", "consertado"};
  if (has_any(ws, kResolved)) return std::nullopt;
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
           "tout le monde", "toute l'equipe", "personne ne", "personne dans",
           // round 16: every site of the account, the whole service
           "all four", "all three", "all five", "all six", "all two", "all our shops",
           "all our stores", "all our locations", "all locations", "all shops", "all stores",
           "all our sites", "across all", "whole platform", "entire platform", "whole system",
           "entire system", "whole service", "whole fleet", "entire fleet", "any recipient",
           "for everyone", "toute notre equipe", "todo mundo", "ninguno de nuestros",
           "allen unseren", "in allen", "em todas", "en todas", "dans toutes",
           // round 22: the group named with a preposition or a half of it
           "for anyone", "anyone here", "anyone in", "every visitor", "every customer",
           "every account", "every call", "every article", "every property", "every device",
           "all participants", "all devices", "whole chain", "whole call",
           "whole region", "whole site", "half the team", "half of the team", "bei allen",
           "alle kollegen", "alle mitarbeiter", "alle unsere", "unser gesamtes", "gesamte team",
           "keiner von uns", "fur keinen", "die halfte", "toda la empresa", "toda la oficina",
           "para todos", "todos nuestros", "ninguna de", "ninguno de", "pour tous", "pour toute",
           "tous nos", "aucun de nos", "aucune de nos", "pour aucun", "la moitie de",
           "todos os", "todos nossos", "nenhum funcionario", "nenhuma das", "nenhum dos",
           "em nenhum", "toda a equipa", "toda a empresa"});
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
                            "caida",     "erreichbar",   "panne",
                            // round 16
                            "timeout",   "timeouts",     "blank",   "spinning",    "unusable",
                            // round 22
                            "stopped",   "broken",       "frozen",  "failing",     "fails",
                            "latency",   "404",          "erreur",  "fehler",      "erro",
                            "caiu",      "parou",        "ausgefallen", "indisponible",
                            "lentisima", "absturzt",     "sturzt"};
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
                   "nao funciona", "fora do ar", "ne peut", "kann sich", "no puede",
                   // round 16
                   "stopped accepting", "not being delivered", "aren't being delivered",
                   "no data", "not syncing", "isn't syncing", "aren't syncing", "gone out",
                   "funktionieren", "rien ne charge", "nicht mehr",
                   // round 22
                   "won't open", "wont open", "not responding", "isn't responding",
                   "not connecting", "aren't connecting", "refuses connections",
                   "not coming through", "aren't coming through", "no access", "sin acceso",
                   "sin poder", "sem acesso", "mehr rein", "nichts mehr", "n'arrive plus",
                   "ne repond plus", "ne charge plus", "no podemos", "no pueden",
                   "nao consegue", "nao conseguem", "won't publish"})
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

// ---- Round 16: what desk-realistic messages say instead of the trigger words ----

namespace fte::agent {

namespace {

// "how do I / how can we / how to" with the customer's own clientele: the customer asks how to
// run their business ("how can my clients call me from the booking page?").
bool own_business_how_to(const Words& ws) {
  static const Set kClientele = {"client",  "clients",  "customer", "customers", "patients",
                                 "students", "parents", "members",  "guests",    "visitors",
                                 "buyers",  "users"};
  return any_phrase(ws, {"how do i", "how do we", "how can i", "how can we", "how to",
                         "how can my", "how can our", "how do my", "how do our"}) &&
         has_any(ws, kClientele);
}

}  // namespace

std::optional<std::string> contact_person_asked(const Words& ws) {
  static const std::initializer_list<std::string_view> kPhrases = {
      // a call back, asked
      "phone me", "ring me", "call me on", "call me at", "call me today", "call me tomorrow",
      "call me this", "can you call me", "could you call me", "can someone call",
      "could someone call", "can somebody call", "could somebody call", "have someone call",
      "someone phone", "somebody phone", "someone ring", "somebody ring", "phone us",
      "ring us", "call us back", "contact me by phone", "contact me by telephone",
      "someone contact me", "someone to contact me", "somebody contact me",
      "team contact me", "team to contact me", "team call me",
      // a meeting with someone of the company
      "a call with someone", "a call with one of your", "a call with whoever",
      "a call with your", "call with the person", "jump on a call", "hop on a call",
      "get on a call", "on a short call", "on a quick call", "a video call with",
      "a video session with", "a session with one of your", "a meeting with someone",
      "a meeting with one of your", "meet with someone from", "put me in touch",
      "put us in touch", "in touch with someone", "in touch with a specialist",
      "in touch with the right person",
      // a named person for the account
      "named account manager", "dedicated account manager", "who is our account manager",
      "customer success contact",
      "customer success manager", "dedicated contact", "named contact", "point of contact",
      "someone assigned to us", "assign someone to", "assigned to our account",
      "contact person for",
      // es / fr / de / pt
      "llamarme", "me puede llamar", "me pueden llamar", "puede llamarme", "llamenme",
      "me llame alguien", "m'appeler", "me rappeler", "rendez-vous telephonique",
      "appel telephonique", "rufen sie mich", "mich anrufen", "mich zuruckrufen", "ruckruf",
      "ansprechpartner", "ansprechpartnerin", "ansprechperson", "me ligar", "me liguem",
      "ligar para mim", "falar com um atendente", "falar com alguem", "um atendente"};
  for (auto p : kPhrases) {
    const auto pos = text::find_phrase(ws, p, 0);
    if (pos == std::string::npos) continue;
    // "if I call you, do I …?", "how can my clients phone me?": a condition or their business;
    // "is there a guided flow or should I schedule a call with your team?": an option weighed.
    bool weighed = false;
    for (std::size_t k = pos >= 4 ? pos - 4 : 0; k < pos; ++k)
      weighed = weighed || ws[k] == "should" || ws[k] == "shall" || ws[k] == "whether";
    if (weighed || hypothetical(ws, pos) || own_business_how_to(ws)) continue;
    // Round 19: a meeting that took place ("my colleague had a call with your onboarding person
    // yesterday, it was great"): told, not asked.
    if (pos >= 1 && (p.starts_with("a call") || p.starts_with("a meeting") ||
                     p.starts_with("a video") || p.starts_with("a session")) &&
        (ws[pos - 1] == "had" || ws[pos - 1] == "after" || ws[pos - 1] == "during"))
      continue;
    return std::string(p);
  }
  return std::nullopt;
}

std::optional<std::string> others_data_seen(const Words& ws) {
  // Whose: another company's / customer's / patient's ..., other accounts, someone else's.
  static const Set kOther = {"another", "other", "others", "someone", "somebody", "different"};
  static const Set kWhose = {
      "company's",  "customer's", "patient's", "user's",    "client's",  "account's",
      "person's",   "tenant's",   "member's",  "student's", "employee's", "business's",
      "accounts",   "customers",  "companies", "patients",  "clients",   "users",
      "tenants",    "else's",     "customers'", "companies'", "users'",  "clients'",
      "patients'",  "accounts'",
      // round 22
      "family's",   "families",   "merchants",  "organisations", "organizations", "stores",
      "shops"};
  static const Set kSeen = {"see",   "saw",    "seeing", "seen",      "visible", "showing",
                            "shows", "shown",  "showed", "download",  "downloaded",
                            "open",  "opened", "view",   "viewed",    "access",  "accessed",
                            "read",  "lets",   "appear", "appeared",  "appearing", "voit",
                            "vio",   "ve",     "sieht",  "sah",       "viu",     "ver",
                            // round 22: we see, it returns
                            "vois",  "voyons", "veo",    "vemos",     "vendo",   "viendo",
                            "sehen", "vejo",   "returns", "exposes",  "visibles", "visiveis",
                            "sichtbar", "accede"};
  // A how-to or a permission question ("how do I let managers see other users' tasks?", "can
  // I see another user's calendar?") asks what is allowed, not what happened.
  static const Set kSetting = {"how",        "permission", "permissions", "setting",
                               "settings",   "role",       "roles",       "allow",
                               "let",        "share",      "sharing",     "shared",
                               "invite",     "should",     "possible",    "want",
                               "como",       "comment",    "wie",
                               // round 22: the permission words of the other languages
                               "permisos",   "permissoes", "berechtigungen", "rol"};
  if (has_any(ws, kSetting) || any_phrase(ws, {"can i", "can we", "is it"})) return std::nullopt;
  std::vector<std::size_t> whose;
  for (std::size_t i = 0; i + 1 < ws.size(); ++i)
    if (kOther.count(ws[i]) && kWhose.count(ws[i + 1])) whose.push_back(i);
  for (auto p : phrase_positions(ws, {"d'une autre entreprise", "d'un autre client",
                                       "de otra empresa", "de otro cliente", "de outra empresa",
                                       "de outro cliente", "einer anderen firma",
                                       "eines anderen kunden", "anderer kunden",
                                       // round 22
                                       "de outra loja", "de outra pessoa", "d'autres marchands",
                                       "d'autres clients", "de otros clientes",
                                       "de outros clientes", "fremde kundendaten", "fremde",
                                       "anderer handler", "anderer firmen"}))
    whose.push_back(p);
  for (std::size_t i = 0; i < ws.size(); ++i)
    if (kSeen.count(ws[i]))
      for (auto w : whose)
        if (near(i, w)) return ws[i] + " " + ws[w] + " " + ws[w + 1];
  return std::nullopt;
}

std::optional<std::string> data_rights_asked(const Words& ws) {
  if (any_phrase(ws, {"how do i", "how can i", "how do we", "how can we", "where do i",
                      "where can i", "is there a way"}))
    return std::nullopt;
  // Consent withdrawn, processing objected to, a copy or a port asked, an erasure of someone
  // the customer speaks for.
  if (auto p = phrase_positions(
          ws, {"withdraw my consent", "withdrawn consent", "withdraw consent", "withdrawn their consent",
               "withdrawn her consent", "withdrawn his consent", "object to that processing",
               "object to the processing", "stop using my data", "stop processing my",
               "asked to be erased", "asked to be forgotten", "asked to be deleted",
               "machine-readable format", "machine readable format", "send me my data",
               "copy of all the data", "copy of all my data", "copy of my data",
               "what information you collected about me", "what data you collected",
               "what data you have about me", "what information you have about me",
               "where you got my", "where did you get my", "his account and data",
               "her account and data", "his account and all", "her account and all",
               "all personal data be removed",
               "widerrufe", "einwilligung", "retiro mi consentimiento", "retire mon consentement",
               "revogo meu consentimento", "mis datos", "mes donnees", "meine daten",
               "meus dados"});
      !p.empty()) {
    // "mis datos" / "meine daten" alone are not a request: with an erase or a copy word.
    static const Set kRight = {"eliminen", "eliminar", "borren", "borrar", "supprimer",
                               "supprimez", "loschen", "loschung", "apaguem", "apagar",
                               "excluir", "exclusao", "copia", "copie", "kopie", "auskunft",
                               "acceso", "acces", "acesso", "widerrufe", "einwilligung"};
    const auto& w = ws[p.front()];
    const bool foreign_data = w == "mis" || w == "mes" || w == "meine" || w == "meus";
    if (!foreign_data || has_any(ws, kRight)) return w + " " + ws[std::min(p.front() + 1, ws.size() - 1)];
  }
  return std::nullopt;
}

std::optional<std::string> leaving_said(const Words& ws) {
  static const std::initializer_list<std::string_view> kPhrases = {
      "what else is out there", "reason to stay", "whether to stay", "the last month we pay",
      "last month we'll pay", "last month we will pay", "won't be continuing",
      "will not be continuing", "not be continuing", "discontinuing our use",
      "discontinue our use", "close our account at the end", "end the subscription cleanly",
      "end our subscription", "done with you", "we're done with", "on the list to be dropped",
      "let it lapse", "exit plan", "plan the exit", "consolidate tools", "leave entirely",
      "probably leave", "thinking of leaving", "thinking about leaving", "considering leaving",
      "no vamos a continuar", "no vamos a seguir", "envisageons de partir",
      "envisageons serieusement de partir", "abo beenden", "abo zum jahresende beenden",
      "bestatigen sie die kundigung", "wir kundigen", "sair da plataforma", "vamos sair", "solucao mais barata"};
  for (auto p : kPhrases) {
    const auto pos = text::find_phrase(ws, p, 0);
    if (pos != std::string::npos && !hypothetical(ws, pos)) return std::string(p);
  }
  return std::nullopt;
}

}  // namespace fte::agent
