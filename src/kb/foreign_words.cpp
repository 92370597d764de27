#include "kb/foreign_words.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "kb/text.h"
#include "text/normalize.h"

namespace fte::kb {
namespace {

// Each line: English word(s) ':' words of Spanish, French, German and Portuguese that say it, as
// text::key() writes them (lower case, accents removed: "contraseña" -> "contrasena", "für" ->
// "fur", "ß" -> "ss"). Several English words: alternatives, the first the docs use is taken; '_'
// joins two English words of one gloss ("is_there"); '-' glosses a word that carries no topic
// (articles, prepositions, pronouns: dropped). Words that are also common English words ("tag",
// "site", "local", "ai", "plus", "data" as Portuguese "date", "mes" as Spanish "month") are left
// out; Spanish "clave" too (password or key). First person and infinitive forms of the verbs a
// support question uses; plurals need no entry (the stemmer takes the -s off both sides).
constexpr std::string_view kGlossary[] = {
    // Function words.
    "with: con avec mit",
    "-: el la los las un una unos unas del al en sin sobre lo le les su sus este esta "
    "estos estas ese esa muy ya tambien pero porque cual cuales algun alguna nuestro nuestra "
    "le la les un une des du de et ou en dans sur pour par ne pas je tu il elle nous vous ils "
    "elles ce cet cette ces est sont suis au aux qui que quoi se sa son ses leur leurs moi toi "
    "notre nos votre vos tres aussi mais donc "
    "der die das den dem des ein eine einen einem einer und oder im fur von zu zum zur auf bei "
    "aus nach ich du er sie es wir ihr ist sind bin habe hat haben nicht sich dass auch aber "
    "noch schon bitte danke hallo "
    "os as um uma uns umas do da dos das em no na nas num numa para sem eu voce voces ele "
    "ela eles elas isso isto esse essa tambem mas ja ao aos pelo pela "
    "hola gracias bonjour merci obrigado obrigada ola por favor passe todo toda todos todas tout "
    "toute toutes alle allen solo solamente uniquement seulement nur apenas somente",
    "how: como comment wie",
    "where: donde onde wo",
    "why: pourquoi warum",
    "when: cuando quand wann quando",
    "what: qu quel quelle quels quelles welche welcher welches",
    "how_much: cuanto cuanta cuantos cuantas combien quanto quantos",
    "is_there: hay existe gibt",
    "can: puedo puede pueden podemos podria peux peut pouvons pouvez peuvent puis kann kannst "
    "konnen konnte posso pode podem podemos",
    "my: mi mis mon ma mes mein meine meinen meinem meiner meu minha meus minhas",
    "our: nuestros nuestras unser unsere unseren unserem nosso nossa nossos nossas",
    "your: tu tus ta tes dein deine ihre ihren seu sua",
    "want: quiero quiere queremos veux voudrais voulons mochte mochten quero queremos",
    "need: necesito necesitamos besoin brauche brauchen preciso precisamos",
    "do: hago hacer fais faire mache machen faco fazer",
    "have: tengo tiene tienen tenemos avez avons habt tenho tem temos",
    "not: nicht kein keine nao",
    // Accounts and access.
    "password: contrasena contrasenas mot passwort kennwort senha",
    "reset: restablecer restablezco resetear reinitialiser reinitialise zurucksetzen "
    "redefinir resetar",
    "change: cambiar cambio cambie changer modifier modifie andern andere geandert mudar alterar "
    "trocar troco altero",
    "account: cuenta cuentas compte comptes konto konten conta contas",
    "login: iniciar acceder connecter connexion anmelden anmeldung einloggen anmelde logar",
    "logout: desconectar deconnecter abmelden deslogar",
    "user member: usuario usuarios utilisateur utilisateurs benutzer nutzer",
    "team: equipo equipos equipe equipes",
    "invite: invitar invito invita inviter invite einladen lade convidar convido convida",
    "colleague member user: companero companera colega colegas collegue collegues kollege "
    "kollegen kollegin",
    "employee member user staff: empleado empleados empleada trabajador trabajadores employe "
    "employes salarie salaries mitarbeiter mitarbeiterin angestellte funcionario funcionarios "
    "empregado empregados",
    "people user member: personas gens personnes leute pessoas",
    "new: nuevo nueva nuevos nuevas nouveau nouvelle nouveaux nouvelles neu neue neuen neuer "
    "novo nova novos novas",
    "add: anadir agregar agrego ajouter ajoute hinzufugen adicionar adiciono",
    "delete remove: eliminar borrar borro supprimer supprime loschen losche excluir apagar",
    "remove delete: quitar retirer enlever entfernen remover",
    "access: acceso acces zugang zugriff acesso",
    "permission: permiso permisos droits berechtigung berechtigungen rechte permissao "
    "permissoes",
    "role: rol roles rolle rollen funcao papel",
    "admin: administrador administradores administrateur administrateurs administrator",
    "owner: propietario dueno proprietaire inhaber eigentumer proprietario dono",
    "transfer: transferir transfiero transferer ubertragen",
    "locked: bloqueada bloqueado bloquear bloque bloquee verrouille gesperrt",
    "factor: factor factores facteur facteurs faktor fatores",
    "authentication: autenticacion authentification authentifizierung autenticacao",
    "verification: verificacion verifizierung bestatigung verificacao",
    "step: paso pasos etape etapes schritt schritte passo passos etapa etapas",
    "security: seguridad securite sicherheit seguranca",
    "privacy: privacidad confidentialite datenschutz privacidade",
    // Billing.
    "invoice: factura facturas facture factures rechnung rechnungen fatura faturas",
    "payment: pago pagos paiement paiements zahlung zahlungen pagamento pagamentos",
    "pay: pagar pago payer bezahlen zahlen",
    "card: tarjeta tarjetas carte cartes karte kreditkarte cartao",
    "subscription plan: suscripcion abonnement abo assinatura",
    "plan: forfait plano",
    "cancel: cancelar cancelo annuler resilier kundigen stornieren storniere cancele",
    "refund: reembolso devolucion remboursement rembourser ruckerstattung erstattung",
    "price pricing cost: precio precios prix tarif tarifs preis preise preco precos",
    "upgrade: mejorar upgrader passer upgraden",
    "seat user: licencia licencias licence licences lizenz lizenzen licenca licencas",
    "receipt: recibo recibos recu quittung beleg recibo",
    // Communication and devices.
    "notification alert: notificacion notificaciones aviso avisos benachrichtigung "
    "benachrichtigungen notificacao notificacoes",
    "email: correo correos courriel courriels",
    "message: mensaje mensajes nachricht nachrichten mensagem mensagens",
    "phone mobile: movil celular telefono portable telephone handy telefon telemovel",
    "app application: aplicacion appli anwendung aplicativo",
    "install: instalar installer installieren",
    "export: exportar exporto exporter exportieren exportiere",
    "import: importar importo importer importieren",
    "enable: activar activo habilitar activer aktivieren aktiviere ativar ativo",
    "disable: desactivar deshabilitar desactiver deaktivieren desativar",
    "request: pedir pido solicitar solicito demander beantragen",
    "two: dos deux zwei dois duas",
    "download export: descargar descargo telecharger telecharge herunterladen baixar baixo",
    "upload import: subir televerser hochladen carregar",
    "send: enviar envio envoyer senden schicken",
    "language: idioma langue sprache",
    "setting: configuracion ajustes parametres reglages einstellungen configuracoes "
    "definicoes",
    "update: actualizar actualizacion aktualisieren atualizar atualizacao",
    "open: abrir ouvrir offnen",
    "close: cerrar fermer schliessen fechar",
    "search: buscar chercher rechercher suchen pesquisar",
    "see show: ver veo voir sehen anzeigen",
    "create: crear creo creer erstellen anlegen criar crio",
    "edit: editar editer bearbeiten",
    "share: compartir partager teilen compartilhar",
    "connect: conectar conecto conecta connecter verbinden verbindet ligar",
    "sync: sincronizar sincronizacion synchroniser synchronisation synchronisieren "
    "synchronisierung sincronizacao",
    "integration: integracion integracoes integracao",
    "dark: oscuro oscura sombre dunkel escuro",
    "mode: modo modus",
    "slow: lento lenta lent lente langsam",
    "error: errores erreur erreurs fehler erro erros",
    "problem issue: problema problemas probleme probleme",
    "work: funciona funcionar fonctionne marche funktioniert",
    // Work objects.
    "data: datos donnees daten dados",
    "file: archivo archivos fichero ficheros fichier fichiers datei dateien arquivo arquivos",
    "project: proyecto proyectos projet projets projekt projekte projeto projetos",
    "task: tarea tareas tache taches aufgabe aufgaben tarefa tarefas",
    "board: tablero tableros tableau tableaux quadro quadros",
    "calendar: calendario calendrier kalender",
    "schedule: horario horarios planificacion planning dienstplan zeitplan escala",
    "shift: turno turnos schicht schichten",
    "swap: intercambiar echanger tauschen",
    "time_off: vacaciones conge conges urlaub ferias folga",
    "hour: hora horas heure heures stunde stunden",
    "day: dia dias jour jours tage",
    "week: semana semanas semaine semaines woche wochen",
    "month: mois monat monate",
    "year: ano anos annee annees jahr jahre",
    "report: informe informes reporte rapport rapports bericht berichte relatorio relatorios",
    "clock: fichar fichan ficho fichaje pointer pointage stempeln einstempeln",
    "timesheet: stundenzettel zeiterfassung",
    "sheet: hoja hojas feuille feuilles folha folhas",
    "approve: aprobar approuver valider genehmigen aprovar",
    "publish: publicar publier veroffentlichen",
    "template: plantilla plantillas modele modeles vorlage vorlagen modelo modelos",
    "location: ubicacion sede sedes emplacement standort standorte",
    "history: historial historique verlauf historico",
    "archive: archivar archiver archivieren arquivar",
    "restore: restaurar recuperar restaurer recuperer wiederherstellen",
    "comment: comentario comentarios commentaire commentaires kommentar kommentare",
    "customer client: cliente clientes kunde kunden",
    "company: empresa empresas entreprise societe firma unternehmen",
    "list: lista listas liste listen",
    "column: columna columnas colonne colonnes spalte spalten coluna colunas",
    "rule automation: regla reglas regle regles regel regeln regra regras",
    "automation: automatizacion automatisation automatisierung automacao",
    "filter: filtro filtros filtre filtres",
    "label tag: etiqueta etiquetas etiquette etiquettes etikett etiketten",
    "date: fecha fechas datum",
    "reminder: recordatorio recordatorios rappel rappels erinnerung erinnerungen lembrete "
    "lembretes",
    "limit: limite limites grenze",
    "warranty: garantia garantie",
    "currency: moneda monnaie devise wahrung moeda divisa",
    "dollar: dolar dolares",
    "another other: otro otra otros otras autre autres andere anderen outro outra outros outras",
    "long: largo lange longo",
    "mark: marcar marco marquer markieren markiere",
    "paid: pagado pagada paye payee bezahlt",
    "storage: almacenamiento stockage speicher armazenamento",
    "session: sesion sesiones sessao sitzung",
    "reconnect: reconectar reconnecter",
    "page: pagina paginas seite",
    "record: registrar registro registrer erfassen erfasse",
    "device: dispositivo dispositivos appareil appareils gerat gerate",
    "meeting: reunion reuniones reuniao besprechung",
    "recurring: recurrente recorrente recurrent wiederkehrend wiederkehrende",
    "workspace space: espacio espaco espace arbeitsbereich",
    "leave: salir sair quitter verlassen",
    "find: encontrar encuentro trouver trouve finde finden",
    "switch: umstellen schalte schalten",
    "field: campo campos champ champs feld felder",
    "custom: personalizado personalizada personnalise benutzerdefiniert",
    "annual yearly: anual annuel jahrlich jahrliche",
    "contract: contrato contrat vertrag",
};

struct Gloss {
  std::vector<std::string> english;  // alternatives, in order ("" = drop the word)
  bool function = false;             // a function word: evidence of the language
};

using Table = std::unordered_map<std::string, Gloss>;

const Table& table() {
  static const Table t = [] {
    Table out;
    bool function = true;  // the first lines are the function words (up to "not")
    for (auto line : kGlossary) {
      const auto colon = line.find(':');
      std::vector<std::string> english;
      for (auto w : text::parts(line.substr(0, colon), " ")) {
        std::string e(w);
        std::replace(e.begin(), e.end(), '_', ' ');
        english.push_back(e == "-" ? std::string() : std::move(e));
      }
      for (auto w : text::parts(line.substr(colon + 1), " ")) {
        // First line wins: a word listed twice keeps its first gloss.
        out.try_emplace(stem(w), Gloss{english, function});
      }
      if (line.substr(0, colon) == "not") function = false;
    }
    return out;
  }();
  return t;
}

// French elisions before a vowel: l'équipe, d'un, j'ai, n'est, qu'il, s'il, m'a, t'as, c'est.
std::string_view without_elision(std::string_view word) {
  const auto apo = word.find('\'');
  if (apo == std::string_view::npos) return word;
  const auto head = word.substr(0, apo);
  if (head == "l" || head == "d" || head == "j" || head == "n" || head == "s" || head == "m" ||
      head == "t" || head == "c" || head == "qu")
    return word.substr(apo + 1);
  return word;
}

// The English -tion word of a stemmed Spanish -cion or Portuguese -cao word ("integracion" ->
// "integration", "notificacao" -> "notification"), else "".
std::string tion_cognate(std::string_view s) {
  for (std::string_view suffix : {"cion", "cao"})
    if (s.size() > suffix.size() + 3 && s.substr(s.size() - suffix.size()) == suffix)
      return std::string(s.substr(0, s.size() - suffix.size())) + "tion";
  return {};
}

}  // namespace

std::vector<std::pair<std::string, std::string>> foreign_glosses(
    std::string_view text, const std::function<bool(const std::string&)>& docs_term) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto& t = table();
  std::size_t functions = 0, hits = 0, words = 0;
  std::vector<std::pair<std::string, std::string>> cognates;
  auto gloss = [&](std::string_view word, std::string key_stem) {
    if (word.empty() || is_stopword(word)) return;
    ++words;
    const auto s = stem(word);
    if (docs_term(s)) return;
    const auto it = t.find(s);
    if (it != t.end()) ++hits;
    const auto seen = [&](const auto& p) { return p.first == key_stem; };
    if (std::any_of(out.begin(), out.end(), seen) ||
        std::any_of(cognates.begin(), cognates.end(), seen))
      return;
    if (it == t.end()) {
      // A Spanish or Portuguese -ción/-ção word whose English -tion form the docs use
      // ("integración", "sincronização"); not evidence of the language by itself.
      if (const auto english = tion_cognate(s); !english.empty() && docs_term(stem(english)))
        cognates.emplace_back(std::move(key_stem), english);
      return;
    }
    functions += it->second.function ? 1 : 0;
    const auto& alts = it->second.english;
    std::string english = alts.front();
    for (const auto& e : alts)
      if (!e.empty() && e.find(' ') == std::string::npos && docs_term(stem(e))) {
        english = e;
        break;
      }
    out.emplace_back(std::move(key_stem), std::move(english));
  };
  for (const auto& sp : text::word_spans(text)) {
    const std::string w = text::key(text.substr(sp.begin, sp.end - sp.begin));
    // The pieces with_docs_words() matches: a hyphenated word's parts, else the word.
    for (auto piece : sp.has_hyphen ? text::parts(w, "-") : std::vector<std::string_view>{w}) {
      std::string joined(piece);
      std::erase(joined, '\'');
      gloss(without_elision(piece), stem(joined));
    }
  }
  // A question in the language: two glossary words, one a function word, and a quarter of its
  // words in the glossary (an English email signed "María de la Cruz" is not one).
  if (out.size() < 2 || functions == 0 || 4 * hits < words) return {};
  out.insert(out.end(), cognates.begin(), cognates.end());
  return out;
}

}  // namespace fte::kb
