#include "agent/judgement/staff_requests.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <unordered_set>

#include "agent/judgement/phrase_guard.h"
#include "agent/judgement/text.h"
#include "text/normalize.h"

namespace fte::agent {

namespace {

using Set = std::unordered_set<std::string_view>;
using Words = std::vector<std::string>;

bool has_any(const Words& ws, const Set& set) {
  for (const auto& w : ws)
    if (set.count(w)) return true;
  return false;
}

std::optional<std::string> first_phrase(const Words& ws,
                                        std::initializer_list<std::string_view> ps) {
  for (auto p : ps)
    if (text::has_phrase(ws, p)) return std::string(p);
  return std::nullopt;
}

// Round 15: has_any() for a guard's evidence words, with their typos (guard_word()).
bool has_slip(const Words& ws, const Set& set) {
  for (const auto& w : ws)
    if (guard_word(set, w)) return true;
  return false;
}

// Index of the first word of `set` in ws, or npos.
std::size_t find_word(const Words& ws, const Set& set, std::size_t from = 0) {
  for (std::size_t i = from; i < ws.size(); ++i)
    if (set.count(ws[i])) return i;
  return std::string::npos;
}

// The message asks us to do something ("can you", "please", "we need"), as opposed to asking
// how to do it ("how do I", "where can I").
bool asks_us(const Words& ws) {
  // Round 15: asking to be told how or where to do it oneself ("could you point me to where I
  // can download it?", "can you show me how to ...") is a question, not an action asked of the
  // company ("can you tell me when you will resend it?" still is).
  static const Set kTellVerbs = {"tell", "show", "point", "explain", "clarify"};
  static const Set kWh = {"where", "how", "which"};
  static const Set kMyself = {"i", "we", "to"};
  bool tell = false;
  for (std::size_t i = 0; i + 1 < ws.size() && !tell; ++i) {
    const bool let_know = ws[i] == "let" && ws[i + 1] == "me" && i + 2 < ws.size() &&
                          ws[i + 2] == "know";
    if (!kTellVerbs.count(ws[i]) && !let_know) continue;
    for (std::size_t k = i + 1; k < ws.size() && k <= i + 4; ++k)
      if (kWh.count(ws[k]))
        for (std::size_t j = k + 1; j < ws.size() && j <= k + 2; ++j)
          tell = tell || kMyself.count(ws[j]);
  }
  if (tell && !has_any(ws, {"please", "pls", "kindly"})) return false;
  return text::has_phrase(ws, "can you") || text::has_phrase(ws, "could you") ||
         text::has_phrase(ws, "would you") || text::has_phrase(ws, "will you") ||
         text::has_phrase(ws, "need you") || text::has_phrase(ws, "can we get") ||
         text::has_phrase(ws, "could we get") || text::has_phrase(ws, "can i get") ||
         text::has_phrase(ws, "is it possible") || has_any(ws, {"please", "pls", "kindly"});
}

bool how_to_before(const Words& ws, std::size_t pos) {
  static const Set kHow = {"how", "where"};
  for (std::size_t k = pos >= 4 ? pos - 4 : 0; k < pos; ++k)
    if (kHow.count(ws[k])) return true;
  return false;
}

// "I didn't get what the second line on the invoice means", "didn't get why there are two":
// "get" as understand, not receive (round 12).
bool not_understood(const Words& ws, std::string_view phrase) {
  if (!phrase.ends_with("get") && !phrase.ends_with("got")) return false;
  const auto at = text::find_phrase(ws, phrase, 0);
  if (at == std::string::npos) return false;
  const auto spaces = std::count(phrase.begin(), phrase.end(), ' ');
  const std::size_t next = at + static_cast<std::size_t>(spaces) + 1;
  // Not "it": "we didn't get it" may be the invoice itself.
  static const Set kUnderstand = {"why", "what", "how", "which"};
  return next < ws.size() && kUnderstand.count(ws[next]);
}

// Round 13: the customer does it themselves — a how / where / which / is-there question whose
// verb is one the customer performs in the product ("where do I download a corrected invoice",
// "can I choose the invoice currency when I sign up", "is there an annual summary I can
// download?"), and nothing asks the company to act (can you, please, send, need, get, ...).
bool self_serve(const Words& ws) {
  static const Set kSelfVerbs = {
      "download", "downloading", "find",   "see",      "view",     "print",     "export",
      "choose",   "pick",        "select", "open",     "correct",
      "read",     "whitelist",   "allowlist", "generate", "create", "descargo", "descargar",
      "pay",      "paying",      "pagar",     "payer",    "bezahlen",  // round 15: "can we pay
                                                                      // invoices in euros?"
      "telecharger", "herunterladen", "baixar", "baixo", "encontrar", "trouver", "finden"};
  static const Set kAskUs = {"send", "sent", "need", "needs", "get", "want", "request",
                             "issue", "promised", "still", "yet", "envoyer", "enviar",
                             "senden", "preciso", "necesito", "brauchen"};
  // "an invoice I already sent", "correcting a sent invoice": the customer sent it.
  static const Set kMyself = {"i", "we", "already", "a", "the", "my", "our"};
  if (!product_question(ws) || asks_us(ws)) return false;
  bool verb = false;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    const auto& w = ws[i];
    if (kAskUs.count(w) && !(w == "sent" && i > 0 && kMyself.count(ws[i - 1]))) return false;
    verb = verb || guard_word(kSelfVerbs, w);
  }
  // "which invoice currency do you use": a question about the product, no verb needed.
  return verb || text::has_phrase(ws, "which invoice");
}

// Round 13: the customer names why an invoice did not reach them and it is not the company's
// doing — they found it ("found it in spam"), a filter or the trial explains it ("because of a
// filter", "because we're still in the trial"), or "never got around to" downloading it.
bool explained_absence(const Words& ws) {
  static const Set kFound = {"found", "encontre", "trouve", "gefunden", "achei", "encontrei"};
  static const Set kCause = {"spam", "junk", "filter", "filters", "trial", "promotions",
                             "quarantine"};
  static const Set kBecause = {"because", "since", "due", "porque", "parce", "weil"};
  static const Set kBecauseWord = {"because", "porque", "weil"};
  if (has_slip(ws, kFound) || text::has_phrase(ws, "got around") ||
      text::has_phrase(ws, "get around"))
    return true;
  for (std::size_t i = 0; i < ws.size(); ++i)
    if (guard_word(kBecause, ws[i]))
      for (std::size_t k = i + 1; k < ws.size() && k <= i + 6; ++k)
        if (guard_word(kCause, ws[k])) return true;
  // A cause on the customer's side with its fix asked ("... because she isn't an admin, how do
  // I make her billing admin?", "... because I unsubscribed, how do I turn them back on?"): a
  // because-clause that does not name the company, and a how / where / can-I question.
  static const Set kCompany = {"you", "your", "yours", "vous", "votre", "usted", "su", "ihr",
                               "ihre", "voce", "seu", "sua"};
  // Round 15: or with a question of who / a tag question after it ("... because I'm not the
  // owner, who receives it?", "..., weil ich kein Admin bin, oder?").
  static const Set kAsking = {"who", "right", "correct", "oder", "certo", "verdad", "wer",
                              "quem", "quien", "qui", "non"};
  if ((product_question(ws) || has_any(ws, kAsking)) && !asks_us(ws))
    for (std::size_t i = 0; i < ws.size(); ++i)
      if (guard_word(kBecauseWord, ws[i]) || ws[i] == "parce" || ws[i] == "car") {
        bool company = false;
        for (std::size_t k = i + 1; k < ws.size() && k <= i + 8; ++k)
          company = company || kCompany.count(ws[k]);
        if (!company) return true;
      }
  // Where invoices go, asked to be set up ("our accountant didn't get the invoice email, can I
  // add her as a billing contact?").
  // Round 15: the address it goes to as well ("... after I changed my address, where do I
  // update the billing email?").
  static const Set kRoute = {"contact", "contacts", "recipient", "recipients", "cc", "forward",
                             "forwarded", "inbox", "mailbox", "email", "e-mail", "address",
                             "correo", "adresse", "endereco"};
  static const Set kSetUp = {"add", "set", "change", "update", "make", "edit"};
  if (product_question(ws) && !asks_us(ws) && has_slip(ws, kRoute) && has_slip(ws, kSetUp))
    return true;
  // Round 15: a cause on the customer's side proposed as a question ("... is that because we
  // were on the free plan then?") — the because-clause as above, without a how-to.
  for (auto p : {"is that because", "is it because", "is this because", "could it be because",
                 "was it because", "was that because"})
    if (const auto at = text::find_phrase(ws, p, 0); at != std::string::npos) {
      bool company = false;
      for (std::size_t k = at + 3; k < ws.size() && k <= at + 11; ++k)
        company = company || kCompany.count(ws[k]);
      if (!company && !asks_us(ws)) return true;
    }
  // Round 15: the customer has it after all ("... is missing from my inbox but I can see it in
  // the billing page").
  for (auto p : {"but i see it", "but i can see it", "but we see it", "but we can see it",
                 "but it shows", "but it's in", "but it is in", "but it appears"})
    if (text::has_phrase(ws, p)) return true;
  return false;
}

// Round 15: the customer asks when invoices are sent in general, not for this one to be sent
// ("I haven't received this month's invoice yet, when are invoices usually emailed?", "... what
// day do you normally send them?", "..., is that normal?"): a when / what-day question about
// the usual schedule, or whether the absence is normal, and no ask of the company.
bool asks_the_schedule(const Words& ws) {
  static const Set kUsual = {"usually", "normally", "typically", "generally", "always",
                             "normalmente", "normalement", "normalerweise", "habitualmente",
                             "generalmente", "geralmente", "d'habitude"};
  if (asks_us(ws)) return false;
  for (auto p : {"is that normal", "is this normal", "is it normal", "is that expected",
                 "is this expected", "es normal", "est-ce normal", "c'est normal", "ist das normal",
                 "e normal"})
    if (text::has_phrase(ws, p)) return true;
  static const Set kWhen = {"when", "what", "which", "how", "cuando", "quand", "wann", "quando"};
  static const Set kTime = {"when", "day", "date", "time", "long", "cuando", "quand", "wann",
                            "quando", "dia", "jour", "tag"};
  bool when = false;
  for (std::size_t i = 0; i < ws.size(); ++i)
    if (kWhen.count(ws[i]))
      for (std::size_t k = i; k < ws.size() && k <= i + 1; ++k) when = when || kTime.count(ws[k]);
  return when && has_slip(ws, kUsual);
}

// Round 15: the customer did it themselves and says so ("I already downloaded the corrected
// invoice myself, ...", "I changed the invoice currency to EUR myself, will the next one use
// it?"): a first-person past action of the product's own (downloaded, changed, switched, ...)
// with myself / ourselves / already, and no complaint (still, but, wrong, not, why) nor ask.
// Round 15: a yes/no question of fact about how invoices work ("is the invoice currency the
// same as my card currency?", "do invoices come in a different currency if we're in the UK?"):
// the question opens with is / are / do / does / will about the invoice, and asks nothing of
// the company nor wants anything for the customer.
bool how_invoices_work(const Words& ws) {
  static const Set kFact = {"is", "are", "do", "does", "will"};
  static const Set kThe = {"the", "my", "our", "invoices", "invoice", "your"};
  static const Set kWant = {"want", "wants", "need", "needs", "like", "prefer", "request",
                            "please", "change", "switch", "convert", "quiero", "voudrais",
                            "mochten", "quero"};
  if (asks_us(ws) || has_any(ws, kWant)) return false;
  for (std::size_t i = 0; i + 1 < ws.size(); ++i)
    if (kFact.count(ws[i]) && kThe.count(ws[i + 1]) &&
        (ws[i + 1] == "invoices" || ws[i + 1] == "invoice" ||
         (i + 2 < ws.size() && (ws[i + 2] == "invoice" || ws[i + 2] == "invoices"))))
      return true;
  // "can the invoice show amounts in another currency too?", "can invoices be shown in ...":
  // what an invoice can show, a feature question.
  static const Set kShow = {"show", "shown", "display", "displayed", "be", "include", "list",
                            "contain", "mention", "carry", "have"};
  for (std::size_t i = 0; i + 2 < ws.size(); ++i) {
    if (ws[i] != "can" && ws[i] != "could") continue;
    std::size_t k = i + 1;
    if (ws[k] == "the" || ws[k] == "our" || ws[k] == "my") ++k;
    if (k + 1 < ws.size() && (ws[k] == "invoice" || ws[k] == "invoices") &&
        guard_word(kShow, ws[k + 1]))
      return true;
  }
  return false;
}

// Round 15: the customer asks what something on the invoice means ("can you explain the credit
// note on our last invoice?", "what is the annual summary?"), not for it to be made.
bool asks_the_meaning(const Words& ws) {
  static const Set kWant = {"want", "wants", "need", "needs", "like", "request", "send",
                            "issue", "promised", "still", "yet", "missing", "wrong", "why",
                            "not", "isn't", "hasn't", "haven't", "didn't", "never"};
  if (has_any(ws, kWant)) return false;
  return has_slip(ws, {"explain", "understand", "mean", "means", "meaning"}) ||
         text::has_phrase(ws, "what is") || text::has_phrase(ws, "what's") ||
         text::has_phrase(ws, "what does");
}

bool did_it_themselves(const Words& ws) {
  static const Set kDone = {"downloaded", "changed", "switched", "updated", "selected", "chose",
                            "exported", "printed", "corrected", "edited", "added", "removed",
                            "set", "generated", "created", "fixed", "turned"};
  static const Set kSelf = {"myself", "ourselves", "already"};
  static const Set kWho = {"i", "we", "i've", "we've", "i'd", "we'd"};
  static const Set kComplaint = {"still", "but", "wrong", "not", "n't", "why", "didn't",
                                 "doesn't", "isn't", "hasn't", "haven't", "never", "again"};
  if (asks_us(ws) || has_any(ws, kComplaint) || !has_slip(ws, kSelf)) return false;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (!guard_word(kDone, ws[i])) continue;
    for (std::size_t k = i >= 3 ? i - 3 : 0; k < i; ++k)
      if (kWho.count(ws[k])) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> billing_request(const Words& ws) {
  static const Set kInvoice = {"invoice",  "invoices", "factura", "facturas", "facture",
                               "factures", "rechnung", "rechnungen", "fatura", "faturas"};
  const auto invoice = find_word(ws, kInvoice);
  if (invoice == std::string::npos) return std::nullopt;
  // Round 15: a thank-you for an invoice sorted ("thanks, the corrected invoice arrived, all
  // good"), as for a refund or a charge (phrase_guard.h).
  if (resolved_thanks(ws)) return std::nullopt;
  // Invoices the customer sends to their own clients with the product are a product question
  // ("my clients never received the invoices I sent", "the invoice I sent to a customer is
  // missing the logo"; phrase_guard.h).
  static const Set kOwners = {"my", "our"};
  static const Set kTheirClients = {"client", "clients", "customer", "customers"};
  for (std::size_t i = 0; i + 1 < ws.size(); ++i)
    if (kOwners.count(ws[i]) && kTheirClients.count(ws[i + 1])) return std::nullopt;
  if (own_commerce(ws, invoice)) return std::nullopt;
  // Round 12: "our invoices are missing the PO number, where do I add it?": missing used
  // transitively in a how-to question, the invoice lacks a part (a how-to), not the invoice
  // itself missing ("last month's invoice is missing", "... is missing from the list").
  static const Set kPartFollows = {"the", "a", "an", "our", "my", "its", "their", "any", "some",
                                   "po", "vat", "tax", "company", "billing"};
  auto missing_a_part = [&](std::string_view phrase) {
    const auto at = text::find_phrase(ws, phrase, 0);
    if (at == std::string::npos || at + 2 >= ws.size() || !kPartFollows.count(ws[at + 2]))
      return false;
    // "are missing the last two months": invoices missing after all.
    static const Set kPeriod = {"last", "previous", "past", "first", "month", "months", "year",
                                "years", "quarter", "quarters", "week", "weeks"};
    for (std::size_t k = at + 2; k < ws.size() && k <= at + 4; ++k)
      if (kPeriod.count(ws[k])) return false;
    return true;
  };
  // "..., where do I add it?", "..., is that a browser setting?" (a cause asked, round 13)
  // Round 15: or the subject of "is missing" is a part, not the invoice ("the VAT number is
  // missing on the invoice, where do I add it?"): no invoice word among the three words before.
  auto part_is_missing = [&](std::string_view phrase) {
    const auto at = text::find_phrase(ws, phrase, 0);
    if (at == std::string::npos || at == 0) return false;
    for (std::size_t k = at >= 3 ? at - 3 : 0; k < at; ++k)
      if (kInvoice.count(ws[k]) || ws[k] == "it" || ws[k] == "they") return false;
    return true;
  };
  const bool lacks_a_part = (missing_a_part("is missing") || missing_a_part("are missing") ||
                             part_is_missing("is missing") || part_is_missing("are missing")) &&
                            (product_question(ws) || text::has_phrase(ws, "is that") ||
                             text::has_phrase(ws, "is this"));
  // Round 15: what did not arrive is the invoice, not another email the message also mentions
  // ("I never received the invite email for my colleague. Also, where do I download
  // invoices?"): an invoice word, or a pronoun, within eight words of the phrase.
  // Nor an idiom whose object is something else ("I didn't get a chance to ...", "I haven't got
  // access to the invoices", "we haven't received any complaints about ..."), nor "missing
  // invoice" naming a thing ("a missing invoice number field").
  static const Set kSkip = {"a", "an", "the", "any", "my", "our", "this", "that", "much"};
  static const Set kIdiom = {"chance", "round", "around", "access", "permission", "permissions",
                             "rights", "role", "admin", "administrator", "time", "complaints",
                             "complaint", "feedback", "clue", "idea", "invite", "invitation",
                             "password", "number", "numbers", "field", "fields", "template",
                             "line", "lines", "logo"};
  auto about_the_invoice = [&](std::string_view phrase) {
    const auto at = text::find_phrase(ws, phrase, 0);
    if (at == std::string::npos) return true;
    const auto spaces = std::count(phrase.begin(), phrase.end(), ' ');
    std::size_t next = at + static_cast<std::size_t>(spaces) + 1;
    while (next < ws.size() && kSkip.count(ws[next])) ++next;
    if (next < ws.size() && guard_word(kIdiom, ws[next])) return false;
    static const Set kRefer = {"it", "them", "one", "la", "le", "sie", "ela"};
    for (std::size_t k = at >= 8 ? at - 8 : 0; k < ws.size() && k <= at + 8; ++k)
      if (kInvoice.count(ws[k]) || kRefer.count(ws[k])) return true;
    return false;
  };
  // A missing invoice: only the billing team can look into it and send it.
  if (auto p = first_phrase(
          ws, {"not received", "haven't received", "have not received", "didn't receive",
               "did not receive", "never received", "didn't get", "did not get", "never got",
               "haven't got", "haven't gotten", "didn't arrive", "did not arrive",
               "never arrived", "hasn't arrived", "has not arrived", "not arrived",
               "is missing", "are missing", "missing invoice", "missing invoices",
               "no he recibido", "no hemos recibido", "no recibi", "no recibimos",
               "no ha llegado", "no llego", "pas recu", "nicht erhalten", "nicht bekommen",
               "nao recebi", "nao recebemos"});
      p && about_the_invoice(*p) &&
      !(lacks_a_part && (*p == "is missing" || *p == "are missing")) &&
      !not_understood(ws, *p) && !explained_absence(ws) && !asks_the_schedule(ws))
    return "invoice " + *p;
  // An invoice made or changed for them: re-sent, re-issued, corrected, a yearly summary.
  if (auto p = first_phrase(
          ws, {"summary invoice", "annual summary", "yearly summary", "consolidated invoice",
               "corrected invoice", "revised invoice", "amended invoice", "credit note",
               "invoice currency", "factura corregida", "facture rectificative",
               "korrigierte rechnung", "fatura corrigida"}))
    if (!self_serve(ws) && !did_it_themselves(ws) && !how_invoices_work(ws) &&
        !asks_the_meaning(ws) && !has_slip(ws, {"automatically", "automatic"}))
      return *p;
  static const Set kStaffVerbs = {"resend",     "re-send",    "reissue",  "re-issue",
                                  "regenerate", "re-generate", "generate", "amend",
                                  "reenviar",   "renvoyer",
                                  "renvoyez",   "reemitir",   "reenviem"};
  // Round 12: what the product does by itself is a feature question ("is it possible to
  // generate invoices automatically?", "do you support multiple currencies on invoices?").
  // Round 15: nor what the customer does themselves ("is it possible to regenerate the invoice
  // PDF myself?").
  const bool by_itself = has_slip(ws, {"automatically", "automatic", "recurring", "myself",
                                      "ourselves"});
  if (asks_us(ws) && !by_itself)
    for (std::size_t i = find_word(ws, kStaffVerbs); i != std::string::npos;
         i = find_word(ws, kStaffVerbs, i + 1))
      if (!how_to_before(ws, i)) return ws[i] + " invoice";
  // Another currency on the invoice than the one it is billed in.
  static const Set kChange = {"change", "changing", "switch", "different", "another", "convert",
                              "other"};
  if (find_word(ws, {"currency", "currencies"}) != std::string::npos && has_any(ws, kChange) &&
      !has_any(ws, {"supports", "supported", "multiple"}) &&
      !text::has_phrase(ws, "you support") && !text::has_phrase(ws, "it support") &&  // not "hi support"
      !self_serve(ws) && !did_it_themselves(ws) && !how_invoices_work(ws))
    return std::string("invoice currency");
  return std::nullopt;
}

std::optional<std::string> data_residency_request(const Words& ws) {
  static const Set kMove = {"migrate",    "migrated",   "migrating", "migration", "move",
                            "moved",      "moving",     "relocate",  "relocated", "relocating",
                            "relocation", "transfer",   "transferred", "transferring"};
  const bool residency =
      find_word(ws, {"residency"}) != std::string::npos ||
      ((text::has_phrase(ws, "data region") || text::has_phrase(ws, "data center") ||
        text::has_phrase(ws, "data centre") || text::has_phrase(ws, "hosting region") ||
        (find_word(ws, {"region"}) != std::string::npos &&
         find_word(ws, {"data"}) != std::string::npos)));
  if (!residency) return std::nullopt;
  if (auto i = find_word(ws, kMove); i != std::string::npos) return "data residency " + ws[i];
  return std::nullopt;
}

std::optional<std::string> compliance_requirement(const Words& ws) {
  return first_phrase(ws, {"regulatory requirement", "regulatory requirements",
                           "regulatory obligation", "regulatory obligations",
                           "compliance requirement", "compliance requirements",
                           "compliance obligations", "retention requirement",
                           "retention requirements", "legal requirement", "legal requirements",
                           "legally required to keep",
                           "exigences reglementaires", "regulatorische anforderungen",
                           "requisitos regulatorios", "exigencias regulatorias"});
}

std::optional<std::string> account_recovery(const Words& ws) {
  const bool codes = text::has_phrase(ws, "backup codes") || text::has_phrase(ws, "backup code") ||
                     text::has_phrase(ws, "recovery codes") ||
                     text::has_phrase(ws, "recovery code");
  if (!codes) return std::nullopt;
  if (auto p = first_phrase(
          ws, {"not working", "don't work", "doesn't work", "dont work", "won't work",
               "none of them work", "none of them worked", "none work", "none worked",
               "aren't working", "isn't working", "not accepted", "were rejected",
               "are rejected", "is rejected", "says invalid", "are invalid", "is invalid",
               "keep failing", "all failed", "no funcionan", "ne fonctionnent pas",
               "funktionieren nicht", "nao funcionam"}))
    return "backup codes " + *p;
  // "none of my backup codes work", "none of the 10 codes worked"
  for (std::size_t i = 0; i < ws.size(); ++i)
    if (ws[i] == "none")
      for (std::size_t k = i + 1; k < ws.size() && k <= i + 8; ++k)
        if (ws[k] == "work" || ws[k] == "works" || ws[k] == "worked" || ws[k] == "working")
          return std::string("backup codes none work");
  return std::nullopt;
}

std::optional<std::string> feature_commitment(const Words& ws) {
  static const Set kPromise = {"commitment", "commit", "guarantee", "guaranteed", "promise",
                               "promised"};
  static const Set kWhen = {"date", "dates", "timeline", "deadline", "delivery", "eta",
                            "release", "ship", "ships", "shipped", "launch", "deliver",
                            "delivered", "available", "by"};
  static const Set kFeature = {"feature", "features", "roadmap", "functionality", "capability",
                               "integration", "release", "ship", "ships"};
  if (!has_any(ws, kFeature)) return std::nullopt;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (!kPromise.count(ws[i])) continue;
    // "we committed to your platform", "no promises": the promise must be asked of a date.
    for (std::size_t k = i >= 3 ? i - 3 : 0; k < ws.size() && k <= i + 6; ++k)
      if (k != i && kWhen.count(ws[k]) && !(ws[k] == "by" && k < i)) return ws[i] + " " + ws[k];
  }
  return std::nullopt;
}

std::optional<std::string> widespread_lockout(const Words& ws) {
  static const Set kPeople = {"users",   "people",    "employees", "members", "staff",
                              "agents",  "colleagues", "accounts", "seats",   "teammates"};
  static const Set kAdding = {"add", "adding", "invite", "inviting", "onboard", "onboarding",
                              "have", "with", "buy", "purchase"};
  bool many = false;
  for (std::size_t i = 0; i + 1 < ws.size() && !many; ++i) {
    const auto& w = ws[i];
    if (w.empty() || !std::isdigit(static_cast<unsigned char>(w[0]))) continue;
    const int n = std::atoi(w.c_str());
    if (n < 5 || !kPeople.count(ws[i + 1])) continue;
    if (i > 0 && kAdding.count(ws[i - 1])) continue;  // "we have 40 users", "adding 12 seats"
    many = true;
  }
  if (!many) return std::nullopt;
  return first_phrase(ws, {"blocking", "locked out", "can't log in", "cannot log in",
                           "can't login", "unable to log in", "can't sign in", "cannot sign in",
                           "unable to sign in", "can't access", "cannot access",
                           "unable to access", "authentication failed", "login failed",
                           "are blocked"});
}

bool self_served(const Words& ws) { return self_serve(ws); }

std::optional<std::string> billing_request(std::string_view t) {
  return billing_request(::fte::text::keys(t));
}
std::optional<std::string> data_residency_request(std::string_view t) {
  return data_residency_request(::fte::text::keys(t));
}
std::optional<std::string> compliance_requirement(std::string_view t) {
  return compliance_requirement(::fte::text::keys(t));
}
std::optional<std::string> account_recovery(std::string_view t) {
  return account_recovery(::fte::text::keys(t));
}
std::optional<std::string> feature_commitment(std::string_view t) {
  return feature_commitment(::fte::text::keys(t));
}
std::optional<std::string> widespread_lockout(std::string_view t) {
  return widespread_lockout(::fte::text::keys(t));
}

}  // namespace fte::agent
