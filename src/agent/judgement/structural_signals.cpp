#include "agent/judgement/structural_signals.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <unordered_set>

#include "agent/judgement/text.h"

namespace fte::agent {

namespace {

using Set = std::unordered_set<std::string_view>;
using Words = std::vector<std::string>;

bool any_word(const Words& ws, const Set& set) {
  for (const auto& w : ws)
    if (set.count(w)) return true;
  return false;
}

bool near(const Words& ws, std::size_t at, std::size_t before, std::size_t after, const Set& set) {
  for (std::size_t k = at >= before ? at - before : 0; k < ws.size() && k <= at + after; ++k)
    if (set.count(ws[k])) return true;
  return false;
}

// A how-to about the product ("how do I remove a device I don't recognise?").
bool how_to(const Words& ws) {
  for (auto p :
       {"how do i", "how do we", "how can i", "how can we", "how to", "where do i", "where can i",
        "is there a way", "como puedo", "comment puis-je", "wie kann ich", "como posso"})
    if (text::has_phrase(ws, p)) return true;
  return false;
}

}  // namespace

std::optional<std::string> disowned_account_event(const Words& ws) {
  static const std::initializer_list<std::string_view> kDisown = {"i didn't do it",
                                                                  "i did not do it",
                                                                  "didn't do that",
                                                                  "not me",
                                                                  "wasn't me",
                                                                  "wasn't us",
                                                                  "not us",
                                                                  "none of us",
                                                                  "nobody added",
                                                                  "no one added",
                                                                  "nobody here",
                                                                  "no one here",
                                                                  "nobody on our team",
                                                                  "no one on our team",
                                                                  "never asked for",
                                                                  "never requested",
                                                                  "didn't request",
                                                                  "did not request",
                                                                  "didn't ask for",
                                                                  "did not ask for",
                                                                  "i didn't change",
                                                                  "i did not change",
                                                                  "didn't change it",
                                                                  "did not change it",
                                                                  "isn't mine",
                                                                  "aren't mine",
                                                                  "not mine",
                                                                  "don't recognise",
                                                                  "don't recognize",
                                                                  "do not recognise",
                                                                  "do not recognize",
                                                                  "didn't recognise",
                                                                  "didn't recognize",
                                                                  "no fui yo",
                                                                  "no fuimos",
                                                                  "no lo hice",
                                                                  "no reconozco",
                                                                  "no reconocemos",
                                                                  "pas moi",
                                                                  "n'etait pas moi",
                                                                  "ne reconnais pas",
                                                                  "ne reconnaissons pas",
                                                                  "war ich nicht",
                                                                  "waren wir nicht",
                                                                  "nicht von mir",
                                                                  "erkenne nicht",
                                                                  "erkennen nicht",
                                                                  "nao fui eu",
                                                                  "nao reconheco",
                                                                  "nao fomos nos",
                                                                  // Round 22: disowned by the team,
                                                                  // or a code nobody asked for.
                                                                  "nobody did",
                                                                  "no one did",
                                                                  "didn't update",
                                                                  "did not update",
                                                                  "not trying to log in",
                                                                  "wasn't trying to",
                                                                  "without asking for",
                                                                  "without requesting",
                                                                  "no he sido yo",
                                                                  "no hemos sido",
                                                                  "nadie de nosotros",
                                                                  "nadie del equipo",
                                                                  "sin pedirlos",
                                                                  "sin pedirlo",
                                                                  "sin solicitarlo",
                                                                  "no enviamos nosotros",
                                                                  "personne chez nous",
                                                                  "personne de chez nous",
                                                                  "personne de l'equipe",
                                                                  "je n'ai pas fait",
                                                                  "que je n'ai pas faits",
                                                                  "sans les avoir demandes",
                                                                  "sans l'avoir demande",
                                                                  "keiner von uns",
                                                                  "niemand von uns",
                                                                  "niemand bei uns",
                                                                  "ohne dass jemand",
                                                                  "nicht angefordert",
                                                                  "ninguem da nossa",
                                                                  "ninguem da empresa",
                                                                  "ninguem da loja",
                                                                  "ninguem daqui",
                                                                  "ninguem aqui",
                                                                  "eu nao fiz",
                                                                  "nos nao fizemos",
                                                                  "sem pedir",
                                                                  "nao solicitei",
                                                                  "que no hice",
                                                                  "que no hicimos"};
  static const Set kEvent = {
      "login",      "logins",      "log",      "logged",   "sign-in",    "sign-ins", "signin",
      "signed",     "session",     "sessions", "password", "passwords",  "reset",    "2fa",
      "mfa",        "two-factor",  "code",     "codes",    "admin",      "admins",   "device",
      "devices",    "key",         "keys",     "token",    "tokens",     "invite",   "invites",
      "invitation", "invitations", "exported", "export",   "downloaded", "access",   "account",
      "accounts",   "email",       "sesion",   "inicio",   "contrasena", "cuenta",   "dispositivo",
      "connexion",  "connexions",  "compte",   "appareil", "anmeldung",  "passwort", "konto",
      "gerat",      "sessao",      "senha",    "conta",    "acesso",     "acceso",   "acces",
      "zugriff",    "changed",     "disabled", "added",
      // round 22
      "codigo",     "codigos",     "compras",  "purchases", "sesiones",  "senhas"};
  // "I don't recognise this error code", "a charge I don't recognise": an error or money.
  static const Set kNotSecurity = {"error",       "errors",   "charge",   "charges", "charged",
                                   "invoice",     "payment",  "payments", "billed",  "debit",
                                   "transaction", "amount",   "fee",      "cobro",   "factura",
                                   "facture",     "rechnung", "fatura",   "bug"};
  if (how_to(ws) || any_word(ws, kNotSecurity)) return std::nullopt;
  for (auto p : kDisown)
    for (auto at = text::find_phrase(ws, p, 0); at != std::string::npos;
         at = text::find_phrase(ws, p, at + 1)) {
      const std::size_t end = at + static_cast<std::size_t>(std::count(p.begin(), p.end(), ' '));
      // "not mine to change": whose decision it is, not whose session.
      if (p.ends_with("mine") && end + 1 < ws.size() && ws[end + 1] == "to") continue;
      if (near(ws, at, 12, 12, kEvent)) return "disowned: " + std::string(p);
    }
  return std::nullopt;
}

std::optional<std::string> disputed_charge(const Words& ws) {
  static const Set kMoney = {
      "charge",   "charges",  "charged",   "amount",    "payment",     "payments", "fee",
      "fees",     "debit",    "debited",   "billed",    "receipt",     "cobro",    "cobrado",
      "cobraron", "cargo",    "importe",   "monto",     "prelevement", "debite",   "montant",
      "frais",    "betrag",   "abgebucht", "abbuchung", "gebuhr",      "cobranca", "cobrado",
      "valor",    "debitado", "cobraram",  "taxa"};
  static const Set kMismatch = {
      "wrong",    "incorrect", "explain",    "accident",   "accidentally",  "undo",
      "reverse",  "twice",     "double",     "nobody",     "niemand",       "nadie",
      "personne", "ninguem",   "contest",    "contester",  "dispute",       "disputing",
      "reclamar", "impugnar",  "contestar",  "anfechten",  "widersprechen", "erklaren",
      "explicar", "expliquer", "zweimal",    "doppelt",    "unauthorised",  "unauthorized",
      "mistake",  "erroneous", "incorrecto", "incorrecte", "falsch",        "errado",
      "never",    "supposed",  "prorated",   "promised",   "told"};
  // A cause the customer names themselves or a question of meaning: "is it because we added
  // two people?", "what does this charge mean?" (round 11's billing negatives).
  static const Set kOwnCause = {"mean",     "means", "meaning", "because", "added",
                                "upgraded", "since", "how",     "where"};
  // Round 17: French "j'ai importé" (imported) folds to Spanish "importe" (amount).
  static Set money_but_import = [] {
    Set s = kMoney;
    s.erase("importe");
    return s;
  }();
  bool imported = false;
  for (std::size_t i = 1; i < ws.size(); ++i)
    imported = imported || (ws[i] == "importe" && (ws[i - 1] == "j'ai" || ws[i - 1] == "ai" ||
                                                   ws[i - 1] == "avons" || ws[i - 1] == "a"));
  const Set& money = imported ? money_but_import : kMoney;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (!kMismatch.count(ws[i])) continue;
    // Round 17: "en double" is French for a duplicate ("un contact en double"), not a charge.
    if (ws[i] == "double" && i > 0 && ws[i - 1] == "en") continue;
    if (!near(ws, i, 8, 6, money)) continue;
    // Round 19: the customer's own customers dispute with them ("our customers sometimes
    // dispute a delivery charge with us"), nothing of the vendor in the message.
    if (ws[i] == "dispute" || ws[i] == "disputing" || ws[i] == "contest" ||
        ws[i] == "reclamar" || ws[i] == "contester" || ws[i] == "contestar") {
      static const Set kTheirs = {"customers", "clients", "shoppers", "guests", "buyers",
                                  "patients",  "members", "clientes", "kunden", "students"};
      static const Set kVendor = {"you", "your", "yours", "vous", "votre", "ustedes", "voces"};
      bool theirs = false;
      for (std::size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) theirs = theirs || kTheirs.count(ws[k]);
      if (theirs && !any_word(ws, kVendor)) continue;
    }
    if (any_word(ws, kOwnCause)) return std::nullopt;
    return "disputed charge: " + ws[i];
  }
  // "deux fois", "dos veces", "duas vezes", "get back the $120 you took", "should be".
  for (auto p : {"deux fois", "dos veces", "duas vezes", "get back", "should be", "should have",
                 "you took"}) {
    const auto at = text::find_phrase(ws, p, 0);
    if (at != std::string::npos && near(ws, at, 6, 8, money) && !any_word(ws, kOwnCause))
      return "disputed charge: " + std::string(p);
  }
  return std::nullopt;
}

}  // namespace fte::agent
