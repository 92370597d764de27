#!/usr/bin/env python3
"""Would a packaged thesaurus link the customer's words to the right section's? (issue 15, round 13)

usage: scripts/thesaurus_links.py [--fte build/fte] [--thesaurus PREFIX] [--dev DATA_DIR]

For every covered question the pipeline misses (escalated, or answered from a section its label
does not name) in the answerability set (data/eval/answerability/) and, with --dev, in the dev
halves of DATA_DIR/<company> (labels in data/eval/retrieval/<company>.tsv), lists the links a
MyThes thesaurus (LibreOffice's; Debian `mythes-en-us`, default PREFIX
/usr/share/mythes/th_en_US_v2 -> .dat) makes from a word or two-word phrase of the message the
right section does not use to a word (or phrase) the right section uses and the message does not:
"take away" -> remove [syn]. Any sense counts; synonyms, broader ("generic") and similar terms,
not related terms or antonyms. A link that also reaches the section the reply came from is
listed as such. The counts are a ceiling for query expansion from the thesaurus: each link still
has to be read (docs/EVAL.md, "Retrieval and answers, round 13").
"""
import json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import answerability  # noqa: E402

STOP = set("""a an the i me my we our us you your he she her him his it its they them their this
that these those is are was were be been being am do does did have has had can could would should
will shall may might must to of in on at by for with from about into over under up down out off
again then once here there when where why how all any both each few more most other some such no
nor not only own same so than too very just and or but if as what which who whom whose hi hello hey
thanks thank please regards best dear get got let also still now way one two new""".split())
KINDS = ("syn", "generic term", "similar term")


def stem(w):
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def words(s):
    return re.findall(r"[a-z][a-z0-9'\-]*", s.lower())


def load_thesaurus(prefix):
    th, lines = {}, open(prefix + ".dat", encoding="utf-8").read().split("\n")
    i = 1
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        head, n = lines[i].rsplit("|", 1)
        senses = []
        for line in lines[i + 1: i + 1 + int(n)]:
            syns = []
            for p in line.split("|")[1:]:
                m = re.match(r"(.*?) \((generic term|related term|antonym|similar term)\)$", p)
                syns.append((m.group(1).lower(), m.group(2)) if m else (p.lower(), "syn"))
            senses.append(syns)
        th[head.lower()] = senses
        i += 1 + int(n)
    return th


def base_forms(th, w):
    out = [w]
    for suf, rep in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                     ("ing", "e")):
        if w.endswith(suf):
            out.append(w[: -len(suf)] + rep)
    return [x for x in out if x in th]


def sections(md):
    """leaf heading (lower-case; a FAQ's **Q: ...** line too) -> its text"""
    out, cur = {}, None
    for line in md.split("\n"):
        m = re.match(r"^#+\s+(.*)", line) or re.match(r"^\*\*Q\d*:\s*(.*?)\*\*\s*$", line)
        if m:
            cur = re.sub(r"\*", "", m.group(1)).strip().lower()
            out[cur] = cur + "\n"
        elif cur is not None:
            out[cur] += line + "\n"
    return out


def links(th, msg, target):
    mw = words(msg)
    ms = {stem(w) for w in mw}
    tw = words(target)
    ts, ttext = {stem(w) for w in tw}, " " + " ".join(tw) + " "
    found = set()
    cands = {w for w in mw if w not in STOP} | {a + " " + b for a, b in zip(mw, mw[1:])}
    for c in cands:
        if " " not in c and stem(c) in ts:
            continue
        for key in (base_forms(th, c) if " " not in c else [c] if c in th else []):
            for syns in th[key]:
                for s, kind in syns:
                    if kind not in KINDS:
                        continue
                    if " " in s:
                        ok = (" " + s + " ") in ttext and not all(stem(x) in ms for x in s.split())
                    else:
                        ok = s not in STOP and stem(s) in ts and stem(s) not in ms
                    if ok:
                        found.add((c, s, kind))
    return sorted(found)


def answerability_misses(fte):
    out = []
    folder = os.path.join(ROOT, "data/eval/answerability")
    for f in sorted(os.listdir(folder)):
        if not f.endswith(".tsv"):
            continue
        name = f[:-4]
        res = answerability.run_set(fte, name)
        meta, rows = answerability.load_set(os.path.join(folder, f))
        md = open(os.path.join(ROOT, meta["docs"]), encoding="utf-8").read()
        by_id = {r["id"]: r for r in rows}
        for m in res["misses"]:
            mm = re.match(r'(\S+) covered, (escalated (\w+)|answered from "(.*)")', m)
            if mm:
                r = by_id[mm.group(1)]
                out.append((mm.group(1), r["subject"] + "\n" + r["message"], r["heads"],
                            mm.group(3) or "", (mm.group(4) or "").split(" > ")[-1].lower(), md))
    return out


def dev_misses(fte, data):
    out = []
    for c in sorted(os.listdir(data)):
        tsv = os.path.join(ROOT, "data/eval/retrieval", c + ".tsv")
        tickets = os.path.join(data, c, "sample-tickets.json")
        if not (os.path.exists(tsv) and os.path.exists(tickets)):
            continue
        labels = {}
        for line in open(tsv):
            if line.strip() and not line.startswith("#"):
                tid, heads = line.rstrip("\n").split("\t")[:2]
                labels[tid.lstrip("#")] = [h.strip().lower() for h in heads.split("|")]
        docs = os.path.join(data, c, "product-docs.md")
        rep = json.loads(subprocess.run([fte, "eval", tickets, "--kb", docs, "--split", "dev",
                                         "--json", "--coverage", tsv], capture_output=True,
                                        text=True, check=True).stdout)
        raw = json.load(open(tickets))
        raw = raw["tickets"] if isinstance(raw, dict) else raw
        raw = {str(t.get("id") or t.get("ticket_id")).lstrip("#"): t for t in raw}
        md = open(docs, encoding="utf-8").read()
        for t in rep["tickets"]:
            tid = str(t["id"]).lstrip("#")
            if tid not in labels or t["expected"] != "resolve":
                continue
            first = (t.get("cited") or [""])[0]
            if not t["escalated"] and {p.strip().lower() for p in first.split(" > ")} & set(labels[tid]):
                continue
            r = raw[tid]
            out.append((c + ":" + tid, (r.get("subject") or "") + "\n" +
                        (r.get("message") or r.get("content") or ""), labels[tid],
                        t["reason"] if t["escalated"] else "", first.split(" > ")[-1].lower(), md))
    return out


def main(argv):
    fte, prefix, data = os.path.join(ROOT, "build/fte"), "/usr/share/mythes/th_en_US_v2", None
    i = 0
    while i < len(argv):
        if argv[i] in ("--fte", "--thesaurus", "--dev") and i + 1 < len(argv):
            fte, prefix, data = (argv[i + 1] if argv[i] == "--fte" else fte,
                                 argv[i + 1] if argv[i] == "--thesaurus" else prefix,
                                 argv[i + 1] if argv[i] == "--dev" else data)
            i += 2
        else:
            sys.exit(__doc__)
    if not os.path.exists(prefix + ".dat"):
        sys.exit("no thesaurus at %s.dat (apt-get install mythes-en-us)" % prefix)
    th = load_thesaurus(prefix)
    rows = answerability_misses(fte) + (dev_misses(fte, data) if data else [])
    linked = 0
    for tid, msg, heads, esc, wrong, md in rows:
        secs = sections(md)
        right = sorted({l for h in heads for l in links(th, msg, secs.get(h, ""))})
        noise = set(links(th, msg, secs.get(wrong, ""))) if wrong else set()
        linked += any(l not in noise for l in right)
        print("%-18s %-28s %s" % (tid, esc or "from " + wrong[:23],
                                  "; ".join("%s -> %s [%s]%s" % (c, s, k, " (also wrong)" if (c, s, k) in noise else "")
                                            for c, s, k in right) or "-"))
    print("covered misses: %d; with a link to the right section that does not also reach the "
          "section answered from: %d" % (len(rows), linked))


if __name__ == "__main__":
    main(sys.argv[1:])
