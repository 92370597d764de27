// Guards for a phrase rule's match, shared by the built-in rules and a company's keyword
// triggers (issue 14): the words of a message mention a trigger without meaning it when
//   - it is negated just before ("no refund needed", "not a legal matter", "we don't want to
//     cancel"): a negation word within the three words before the match;
//   - a one-word trigger names a thing of the product rather than the situation ("the legal
//     team", "the pricing page", "an outage banner", "the compliance tab"): the next word is
//     one of kProductNouns.
// A negation inside a condition ("if I don't get my money back", "unless you refund") does not
// count. Narrower guards for the built-in rules' one-word triggers:
//   - capability_question(): the word describes a property the customer asks about ("are you
//     GDPR compliant?", "is there an outage?", "any outage right now?");
//   - paperwork_request(): a lawyer or legal team asks for a document ("our lawyer needs a copy
//     of your DPA"), with no threat word (sue, court, action, claim, ...) in the message.
//   - clients_refund(): the refund is the customer's own business with ITS clients ("how do I
//     record a refund I gave to a client", "my customer wants a refund, how do I mark the
//     invoice refunded"): a how-question, a client/customer word in the message, and nothing
//     charged to the customer themselves (charged, billed, my card, ...);
//   - legal_clientele(): lawyers as the people one works for or sells to ("we sell to lawyers",
//     "built for attorneys": a plural legal word right after to/for/with/among), or a how-to
//     that merely mentions one ("our lawyer is a new user, how do I add her?"), with no threat
//     word (sue, court, claim, notice, involved, unless, ...) in the message;
//   - names_a_thing(): the next word is a thing of the product ("refund policy", "discount
//     field", "price column"), the one-word half of innocent_use() without the negation half;
//   - http_error_word(): "unauthorized"/"forbidden" as an HTTP error (next to 401/403, error,
//     response, status, API, token, key, request, endpoint), not an intruder;
//   - deadline_breach(): "breached" about a deadline, a due date or an SLA timer the customer
//     configures ("tasks show as breached when late"), not about an intruder.
//   - price_tax_question(): the price word is asked about its tax ("does the yearly price include
//     tax?", "are prices shown with or without VAT?"): a tax word in the message and a yes/no
//     verb within the four words before the price word — billing information, not a price
//     inquiry ("what's the price of Pro incl. VAT?" has no yes/no verb and still trips);
//   - others_outage(): "outage" as something the customer keeps for others ("we track our own
//     customers' outages", "how do we record outages in a board"): an owner word just before or
//     a keeping verb (track, record, manage, document) within the three words before, and no
//     you/your there ("we track your outages" still trips);
//   - names_a_thing_before(): a page of the product named before the trigger ("página de
//     precios", "page des prix").
//   - own_commerce(): the money word is the customer's business with ITS clients or goods
//     ("apply a discount to an invoice I send to my client", "track prices for each item we
//     sell", "the invoice I sent to a customer is missing the logo", "refunds per month for our
//     shop"): their client, customer or catalogue is named (my/our/each/per/to a client, we
//     sell, our shop, catalogue, ...) and nothing in the message is the vendor's money or the
//     customer's own account with it (your, plan, subscription, seats, licence, renewal,
//     upgrade, charged, billed, my card, ... in five languages) nor a first-person ask next to
//     the word ("refund me", "give us a discount") — round 12;
//   - expense_claim(): "reimburse" by the customer's employer or expense tool ("I need a
//     receipt so my employer can reimburse me"): a receipt question, not a refund (round 12);
//   - quantity_not_money(): "how much" asks a quantity (storage, space, history, time, a
//     limit or size within the next words: "how much is the file size limit?") and no money or
//     plan word is in the message — not a price question (the pricing rule; round 12);
//   - knows_the_price(): the customer says they already know the price ("I know where to see
//     the price, just the features") — not asking it;
//   - product_question(): the message asks how, where, which or whether the product does
//     something ("which role should she get?", "can a lawyer be added as a guest?", "is there
//     a template for ...?") — how_question() widened for legal_clientele() (round 12).
//   - price_in_product(): a price, discount or coupon word as a thing of the customer's
//     workspace in a how / where / can-I question ("how do I sort by the price column of my
//     report?", "set a price on a task", "where do I type a coupon code?") with nothing of the
//     vendor's money (plan, seats, your, pay, ...), no ask for themselves and no add-on of the
//     vendor ("the price of the reporting module") — round 13;
//   - money_received(): the refund reached the customer and they ask about something else ("I
//     already got the refund, thanks, how do I download the credit note?", "the refund came
//     through, where do I see it?"), with nothing short, late or wrong (still, only, half,
//     not, but, why, ...) — round 15;
//   - asked_in_general(): the customer says they ask nothing for themselves ("just asking for
//     our records", "out of curiosity", "for future reference") or asks how it usually goes
//     ("how long does a refund usually take?"), with no ask, no possessive (my, our, me, us) and
//     no complaint (still, why, never, been, waiting, ...) — a policy question (round 15; the
//     refund rule only: a price question stays a price question);
//   - price_tax_question() also reads the price's currency ("is the price in USD or EUR?");
//   - names_a_thing_before() also reads a document about the word in English ("the terms about
//     refunds", "the section on discounts") — round 15;
//   - price_in_product() also reads a code typed before its money word ("¿dónde pongo el
//     código de descuento?", "onde coloco o cupom de desconto?") and shown / hidden in
//     es / fr / de / pt — round 15;
//   - own_lockout() also reads es / fr / de / pt own attempts ("demasiados intentos",
//     "mot de passe oublié") — round 15;
//   - typo tolerance (round 13): the guards' words match with a letter dropped, doubled or two
//     swapped ("págnia de precios", "I know wheere", "un clinet"), words of five letters or more.
// Guards for the intent model's classes (it reads words, not causes; issue 14):
//   - rate_limit_error(): the errors are rate limits (429, "too many requests", throttled) — a
//     usage question the docs answer, not an outage nor a security incident, however broken
//     it feels ("getting 429 on every call, all our syncs are broken");
//   - outage_question_about_one_thing(): the customer asks whether something is down ("is there
//     an outage?", "is it just me?", "any known issues?") and says nothing of the impact being
//     wide (everyone, nobody, all our users, the whole company, ...) — a status question;
//   - resolved_thanks(): a thank-you for something done ("payment went through, thanks for the
//     quick fix", "the extra charge was taken off, appreciate it", "cool, thank you very much")
//     or a closing line ("all good now, you can close this", "never mind, figured it out"), with
//     no contrast, question, ask or problem word (but, still, not, why, can, please, none,
//     since, once, ...; a closing line also not and, cancel, account, refund) — a closing
//     message: it silences the model whatever it reads, and the refund and pricing words
//     (round 12);
//   - own_lockout(): locked out by one's own attempts (too many tries, wrong or forgotten
//     password) with no sign of anyone else (someone, unauthorized, suspicious, not me, ...) — a
//     routine unlock, not a security incident.
//   - own_doing(): the customer says the change or sign-in was their own ("I got a 'your email
//     was changed' message, that was me", "the sign-ins are from our office, that's just us")
//     and nothing says someone else (not me, none of us, someone, stranger, ...) — a
//     confirmation, not a security incident.
//   - no_failure_said(): nothing in the message says something fails (down, error, can't,
//     not working, stuck, offline, nobody, 503, ... in five languages) — "everyone on our team
//     would love dark mode", "emails land in spam": whatever the model reads, not an outage.
//   - data_as_input(): data asked as what a feature takes ("what employee data do you need to
//     run payroll?"), with nothing about the customer's own data being held, copied, erased or
//     shared (me, my, about, delete, copy, keep, consent, GDPR, ...) — not a privacy request
//     (round 15);
//   - no_relationship_said(): nothing in the message is about the customer's relationship with
//     the vendor (you/your, renewal, contract, subscription, paying, tool, product, leaving,
//     competitor, ... in five languages) — "the wifi keeps dropping": not a churn threat.
//   - own_cause_named(): a billing question naming the customer's own action as the cause and
//     asking to confirm it ("we added two people, is that it?") with nothing disputed — not a
//     billing dispute (round 15).
// Words are text::keys() words. Thread-safe: pure functions. Never throw except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace fte::agent {

// Whether the match of `len` words at `pos` of `ws` is negated or an innocent one-word use.
bool innocent_use(const std::vector<std::string>& ws, std::size_t pos, std::size_t len);
bool capability_question(const std::vector<std::string>& ws, std::size_t pos);
bool paperwork_request(const std::vector<std::string>& ws, std::size_t pos);
bool clients_refund(const std::vector<std::string>& ws, std::size_t pos);
// Round 16: a refund a third party of the customer's business receives ("if one of my readers
// later gets a refund, do I lose the commission?"): a receiving verb within three words before
// it whose subject is one of the customer's own people (reader, guest, client, member, ...), no
// first person in between, nothing of the customer's own money (charged, card, invoice, ...).
bool someone_elses_refund(const std::vector<std::string>& ws, std::size_t pos);
bool legal_clientele(const std::vector<std::string>& ws, std::size_t pos);
bool names_a_thing(const std::vector<std::string>& ws, std::size_t pos);
bool price_tax_question(const std::vector<std::string>& ws, std::size_t pos);
bool others_outage(const std::vector<std::string>& ws, std::size_t pos);
bool names_a_thing_before(const std::vector<std::string>& ws, std::size_t pos);
bool own_commerce(const std::vector<std::string>& ws, std::size_t pos);
bool expense_claim(const std::vector<std::string>& ws, std::size_t pos);
bool quantity_not_money(const std::vector<std::string>& ws);
bool knows_the_price(const std::vector<std::string>& ws, std::size_t pos);
bool product_question(const std::vector<std::string>& ws);
bool money_received(const std::vector<std::string>& ws, std::size_t pos);
bool data_as_input(const std::vector<std::string>& ws);
bool asked_in_general(const std::vector<std::string>& ws, std::size_t pos);
bool price_in_product(const std::vector<std::string>& ws, std::size_t pos);
bool deadline_breach(const std::vector<std::string>& ws, std::size_t pos);
bool http_error_word(const std::vector<std::string>& ws, std::size_t pos);
bool rate_limit_error(const std::vector<std::string>& ws);
bool outage_question_about_one_thing(const std::vector<std::string>& ws);
bool resolved_thanks(const std::vector<std::string>& ws);
bool own_lockout(const std::vector<std::string>& ws);
bool own_doing(const std::vector<std::string>& ws);
bool no_failure_said(const std::vector<std::string>& ws);
bool no_relationship_said(const std::vector<std::string>& ws);
bool own_cause_named(const std::vector<std::string>& ws);
// Round 17: a price, discount or refund word the customer acts on in their own workspace ("how
// do I bulk edit all product prices", "the discount I set", "modifier les prix"), not the
// vendor's plan (own_price_edit); a data-protection law named as the customer's own duty
// ("under GDPR we have to list our processors", regulation_as_duty).
bool own_price_edit(const std::vector<std::string>& ws, std::size_t pos);
bool regulation_as_duty(const std::vector<std::string>& ws, std::size_t pos);
// Round 19: a money word the customer says they do not ask for ("we don't want a refund or
// anything", "no queremos un reembolso", "wir wollen keine Erstattung", disavowed_ask); the
// customer's own prices named a second time ("… schedule the new prices", own_prices_again); a
// lawsuit that is the customer's own work ("we track every lawsuit as a project", legal_work);
// the customer's own profession ("ich bin Anwältin", self_described).
bool disavowed_ask(const std::vector<std::string>& ws, std::size_t pos);
bool own_prices_again(const std::vector<std::string>& ws, std::size_t pos);
bool legal_work(const std::vector<std::string>& ws, std::size_t pos);
bool self_described(const std::vector<std::string>& ws, std::size_t pos);
// Round 19: a past outage said to be over, nothing asked of it (past_outage_over); a price the
// customer says they accept ("happy with the price", price_accepted).
bool past_outage_over(const std::vector<std::string>& ws, std::size_t pos);
bool price_accepted(const std::vector<std::string>& ws, std::size_t pos);
// Round 21: the uptime SLA asked about as due diligence, nothing of a breach (sla_asked_about).
bool sla_asked_about(const std::vector<std::string>& ws, std::size_t pos);
// Round 21: the others said to be fine ("everyone else fine"): one person's trouble (others_fine).
bool others_fine(const std::vector<std::string>& ws);
// The first occurrence of `phrase` (folded words, space-separated) in `ws` that is not an
// innocent use; npos when none.
std::size_t find_meant_phrase(const std::vector<std::string>& ws, std::string_view phrase);
// Round 15: a guard's own evidence word matched with round 13's typo tolerance (a letter
// dropped, doubled or two swapped, words of five letters or more; shorter ones exactly):
// "donwload", "becuase", "usualy". For the words that show a guard applies, never for the
// stop words that block one (an ask, a complaint).
bool guard_word(const std::unordered_set<std::string_view>& set, std::string_view w);
bool guard_phrase(const std::vector<std::string>& ws, std::string_view phrase);
// A WhatsApp message as a whole-message keyword sees it: its text::keys() words without the
// politeness fillers (please, pls, plz, a, an), space-separated ("agent pls" -> "agent").
std::string bare_message(std::string_view body);

}  // namespace fte::agent
