// Questions in Spanish, French, German or Portuguese against English documentation (issue 15,
// round 11): the customer writes "¿cómo restablezco mi contraseña?", the docs say "Resetting Your
// Password". Without help no word meets, the score stays near 0 and a covered question escalates
// as knowledge_gap. foreign_glosses() reads such a question word by word into English on the
// query side only: a small hand-written glossary of the function words of the four languages
// ("cómo" how, "mi" my, "hay" is there, "kann" can, articles and prepositions dropped) and of
// software-support vocabulary (account, password, invoice, team, invite, export, shift, ...), no
// product's words. The glossed text is what the knowledge base searches and what the topic and
// confidence checks read (KnowledgeBase::docs_words hands the pairs on); the reply is composed from
// the question as written.
//
// Only a text that reads as one of those languages is glossed: at least two of its words are in
// the glossary and not used by the docs, one of them a function word, and a quarter of its words
// (English stopwords left out) are glossary words (an English message that opens with "Bonjour,"
// or is signed "María de la Cruz" stays as written). A word the docs use is never glossed (an
// English word that is also a glossary key, "planning", "portable", stays the docs' word). A
// Spanish -ción / Portuguese -ção word the glossary lacks is read as its English -tion word when
// the docs use that ("integración": integration).
// Pure; thread-safe (the table is built once, immutable); never throws except std::bad_alloc.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fte::kb {

// (stem of the customer's word, English text) for each glossed word of `text`, each stem once, in
// order of appearance; empty when the text does not read as one of the four languages. The English
// text is "" for a word that carries no topic (an article: drop it), one or two English words
// otherwise ("hay" -> "is there"); where the glossary gives several English words for one concept
// ("empleado": employee, member, user) the first whose stem the docs use (`docs_term`) is taken,
// else the first. A French elision is read without its article ("l'équipe" as "équipe"); the
// parts of a hyphenated word are read one by one ("Zwei-Faktor-Authentifizierung"). The stems are
// those kb::with_docs_words matches, so with_docs_words(text, foreign_glosses(text, ...)) is the
// text in English words.
std::vector<std::pair<std::string, std::string>> foreign_glosses(
    std::string_view text, const std::function<bool(const std::string&)>& docs_term);

}  // namespace fte::kb
