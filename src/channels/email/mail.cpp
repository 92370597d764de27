// From a MIME tree to a support message: headers, body text, reply text, attachments (mime.h).
#include <algorithm>
#include <cctype>

#include "channels/email/charset.h"
#include "channels/email/html_text.h"
#include "channels/email/mime.h"
#include "channels/email/reply_text.h"

namespace fte::channels::email {

namespace {

// RFC 3676 format=flowed: a line ending in a space continues on the next line (soft break).
// Quoted lines (">") and the signature separator ("-- ") are never joined.
std::string unflow(std::string_view text, bool delsp) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    bool soft = !line.empty() && line.back() == ' ' && line != "-- " && line.front() != '>' &&
                pos < text.size() && text[pos] != '>';
    if (soft && delsp) line.remove_suffix(1);
    out.append(line);
    if (!soft && nl != std::string_view::npos) out.push_back('\n');
  }
  return out;
}

struct Extract {
  std::string text;
  bool from_html = false;
  bool empty() const { return text.find_first_not_of(" \t\r\n") == std::string::npos; }
};

struct Walk {
  const MimeLimits& limits;
  std::vector<Attachment>& attachments;
  std::vector<std::string>& notes;
  std::size_t text_budget;  // for attachment text, across the message
  int depth = 0;

  void note(std::string n) {
    if (notes.size() < 32 && std::find(notes.begin(), notes.end(), n) == notes.end())
      notes.push_back(std::move(n));
  }

  static bool is_body_type(const std::string& t) { return t == "text/plain" || t == "text/html"; }

  static bool is_attachment(const MimePart& p) {
    if (p.is_multipart()) return false;
    if (p.content_type == "message/rfc822" || p.content_type == "message/global") return true;
    if (p.disposition == "attachment") return true;
    if (!p.filename.empty()) return true;
    return !is_body_type(p.content_type);
  }

  // Bytes look like text: no NUL and few other control characters in the first 8 KiB.
  static bool looks_textual(std::string_view s) {
    std::size_t n = std::min<std::size_t>(s.size(), 8192), ctl = 0;
    for (std::size_t i = 0; i < n; ++i) {
      auto u = static_cast<unsigned char>(s[i]);
      if (u == 0) return false;
      if (u < 0x20 && u != '\n' && u != '\r' && u != '\t' && u != '\f') ++ctl;
    }
    return ctl * 20 <= n;
  }

  void record(const MimePart& p) {
    if (attachments.size() >= limits.max_attachments) {
      note("attachment limit reached");
      return;
    }
    Attachment a;
    a.filename = p.filename;
    a.content_type = p.content_type;
    a.size = p.size;
    if ((p.content_type == "message/rfc822" || p.content_type == "message/global") &&
        !p.parts.empty()) {
      // A forwarded mail: its text is read like a text attachment, named by its subject.
      ParsedMail inner = mail_from_tree(p.parts.front(), limits);
      if (a.filename.empty())
        a.filename = inner.subject.empty() ? "forwarded-message.eml"
                                           : std::string(utf8_prefix(inner.subject, 150)) + ".eml";
      add_text(a, "Subject: " + inner.subject + "\n\n" + inner.full_text);
    } else if (text_like(p.content_type, p.filename) && looks_textual(p.content)) {
      add_text(a, to_utf8(p.content, p.charset()));
      if (!p.content_complete) note("attachment content not available");
    }
    attachments.push_back(std::move(a));
  }

  void add_text(Attachment& a, std::string text) {
    std::size_t cap = std::min(limits.attachment_text_bytes, text_budget);
    if (cap == 0) {
      note("attachment text budget used up");
      return;
    }
    std::string_view kept = utf8_prefix(text, cap);
    if (kept.size() < text.size()) note("attachment text truncated");
    a.text = std::string(kept);
    text_budget -= kept.size();
  }

  Extract leaf_text(const MimePart& p) {
    std::string text = to_utf8(p.content, p.charset());
    if (p.content_type == "text/html") {
      if (text.size() > limits.max_html_bytes)
        text.resize(utf8_prefix(text, limits.max_html_bytes).size());
      return {html_to_text(text), true};
    }
    auto fmt = p.params.find("format");
    if (fmt != p.params.end() && iequals(fmt->second, "flowed")) {
      auto delsp = p.params.find("delsp");
      text = unflow(text, delsp != p.params.end() && iequals(delsp->second, "yes"));
    }
    return {std::move(text), false};
  }

  Extract part(const MimePart& p) {
    if (!p.is_multipart()) {
      if (is_attachment(p)) {
        record(p);
        return {};
      }
      return leaf_text(p);
    }
    if (p.parts.empty()) return {};
    if (p.content_type == "multipart/alternative") {
      // Every branch is walked (inline images of the HTML branch are attachments too); the text is
      // that of the plain branch when it has any, else that of the last (richest) branch.
      std::vector<Extract> options;
      for (const auto& c : p.parts) options.push_back(part(c));
      for (auto& o : options)
        if (!o.from_html && !o.empty()) return std::move(o);
      for (auto it = options.rbegin(); it != options.rend(); ++it)
        if (!it->empty()) return std::move(*it);
      return {};
    }
    if (p.content_type == "multipart/related") {
      // The root is the part named by the start parameter, or the first one.
      std::size_t root = 0;
      if (auto it = p.params.find("start"); it != p.params.end()) {
        for (std::size_t i = 0; i < p.parts.size(); ++i)
          if (p.parts[i].headers.get("Content-ID") == it->second) root = i;
      }
      Extract e;
      for (std::size_t i = 0; i < p.parts.size(); ++i) {
        if (i == root)
          e = part(p.parts[i]);
        else
          record_all(p.parts[i]);
      }
      return e;
    }
    // multipart/mixed and any other kind: inline text parts in order, attachments recorded.
    Extract all;
    for (const auto& c : p.parts) {
      Extract e = part(c);
      if (e.empty()) continue;
      if (!all.text.empty()) all.text += "\n\n";
      all.text += e.text;
      all.from_html = all.from_html || e.from_html;
      if (all.text.size() > limits.max_body_text_bytes * 2) {
        note("body text truncated");
        break;
      }
    }
    return all;
  }

  // Records the leaves of a subtree that is not part of the text (related resources).
  void record_all(const MimePart& p) {
    if (!p.is_multipart()) {
      record(p);
      return;
    }
    for (const auto& c : p.parts) record_all(c);
  }
};

bool automated_mail(const Headers& h, const std::string& from_email) {
  std::string as(h.get("Auto-Submitted"));
  for (auto& c : as) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!as.empty() && as.rfind("no", 0) != 0) return true;  // RFC 3834
  std::string prec(h.get("Precedence"));
  for (auto& c : prec) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (prec.find("bulk") != std::string::npos || prec.find("junk") != std::string::npos ||
      prec.find("list") != std::string::npos || prec.find("auto_reply") != std::string::npos)
    return true;
  if (h.has("X-Autoreply") || h.has("X-Autorespond") || h.has("List-Id") ||
      h.has("List-Unsubscribe"))
    return true;
  auto at = from_email.find('@');
  std::string local = from_email.substr(0, at == std::string::npos ? 0 : at);
  return local == "mailer-daemon" || local == "postmaster" || local == "noreply" ||
         local == "no-reply" || local == "donotreply" || local == "do-not-reply";
}

std::string first_id(std::string_view v) {
  auto ids = parse_message_ids(v, 1);
  return ids.empty() ? std::string() : ids.front();
}

}  // namespace

ParsedMail mail_from_tree(const MimePart& root, const MimeLimits& limits,
                          std::vector<std::string> notes) {
  ParsedMail m;
  m.notes = std::move(notes);
  m.headers = root.headers;
  const Headers& h = m.headers;
  Mailbox from = parse_mailbox(h.get("From"));
  m.from_name = std::string(utf8_prefix(from.name, 200));
  m.from_address = std::string(utf8_prefix(from.address, 320));
  m.from_email = normalize_email(m.from_address);
  m.subject = std::string(utf8_prefix(decode_header_text(h.get("Subject")), 998));
  m.message_id = first_id(h.get("Message-ID"));
  m.in_reply_to = first_id(h.get("In-Reply-To"));
  m.references = join_ids(parse_message_ids(h.get("References")));
  m.date = std::string(utf8_prefix(decode_header_text(h.get("Date")), 100));
  m.automated = automated_mail(h, m.from_email);

  Walk w{limits, m.attachments, m.notes, limits.attachments_text_total};
  Extract body = w.part(root);
  std::string full = tidy_text(body.text);
  if (full.size() > limits.max_body_text_bytes) {
    full.resize(utf8_prefix(full, limits.max_body_text_bytes).size());
    m.notes.emplace_back("body text truncated");
  }
  m.html_only = body.from_html;
  m.reply_text = strip_quoted_reply(full);
  m.full_text = std::move(full);
  return m;
}

ParsedMail parse_mail(std::string_view raw, const MimeLimits& limits) {
  std::vector<std::string> notes;
  MimePart root = parse_mime_tree(raw, limits, &notes);
  return mail_from_tree(root, limits, std::move(notes));
}

}  // namespace fte::channels::email
