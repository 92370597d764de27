#!/usr/bin/env python3
"""Answer quality per company, from `fte eval --json` (local engine) and the retrieval labels.

usage: scripts/answer_quality.py [--fte build/fte] [--data ../shared/data] [--show N]
                                 [--split all|dev|test] COMPANY...

For each company (a folder of the data set: product-docs.md + sample-tickets.json):
  overlap   median share of the expected resolution's content words (lower-case runs of letters
            and digits: numbers, and words of 3+ letters without stop words and instruction verbs
            like "advise"; a plural s dropped) found in the reply, over answered tickets that carry an expected
            resolution (`resolution`, else `notes`); "n/a" when the set has none.
  routine   answered (not escalated) / tickets of data/eval/retrieval/<company>.tsv, i.e. the
            tickets whose question the docs cover (labelled by reading, see docs/EVAL.md).
  templ     answered replies that open with a template lead-in instead of a sentence that answers
            ("Here is what our documentation says about X:", "Here are the steps for X:", "From our
            docs (*X*):", "Here's how (*X*):"); a how-to answered by a whole procedure is one too,
            so this is a reading aid, not a score.
  body med  the same median over the reply's body only: without the channel's frame (greeting,
            the email's generic invitation to reply, ticket reference, signature), whose words
            ("email", "reply", "team", "support") match some expected resolutions by accident.
  wrong     answered labelled tickets whose reply comes from a section the label does not name
            (the first section the reply cites, `fte eval --json` cited; a part of its heading
            path must equal a label's heading, as in `fte eval --retrieval`) / answered labelled.
  words     median words of the answered replies per channel (email / web form / WhatsApp, "-"
            when none): a longer reply is not a better one (overlap rewards quoting more).
  --show N  prints N answered replies (with the ticket's id, question Q and expected resolution
            E) for a reader to judge.
  --split   the fixed half of each set (`fte eval --split`): dev may be read to find causes,
            test is held out (measured only). Default all.
Nothing here is tuned per company; it only reads the files.
"""
import json, os, re, statistics, subprocess, sys

STOP = set("""the and for you your with that this are was were have has had not but can will from our
they them their what when where which who how why does did doing into about than then there here
its it's it's also just any all out get got able please thanks thank would could should may might
been being more most some such only over very agent should explain customer ask let know make sure
tell them via""".split())


INSTRUCTION = set("""inform advise advice note send guide offer explain suggest confirm acknowledge escalate
mention provide direct recommend tell check ensure walk""".split())


TEMPLATE = re.compile(r"Here is what our documentation says about |Here are the steps for |"
                      r"From our docs \(\*|Here's how \(\*")


def words(s):
    out = []
    for w in re.findall(r"[a-z0-9]+", (s or "").lower()):
        if w.isdigit() or (len(w) >= 3 and w not in STOP and w not in INSTRUCTION):
            out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out


FRAME = re.compile(r"^(Dear |Hello,|Hi |Hi!|Ticket reference:|Ref: |Best regards,|If you have any "
                   r"further questions, simply reply to this email)")


def body_of(reply):
    """The reply without the channel's frame (channel_format.cpp): greeting, generic invitation,
    reference and the signature (the line after "Best regards,")."""
    out, skip = [], False
    for line in reply.split("\n"):
        if skip:
            skip = False
            continue
        if FRAME.match(line):
            skip = line.startswith("Best regards,")
            continue
        out.append(line)
    return "\n".join(out)


def main(argv):
    fte, data, show, split, companies = "build/fte", "../shared/data", 0, "all", []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--fte", "--data", "--show", "--split"):
            i += 1
            v = argv[i]
            if a == "--fte": fte = v
            elif a == "--data": data = v
            elif a == "--split": split = v
            else: show = int(v)
        else:
            companies.append(a)
        i += 1
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    print(f"{'company':12} {'answered':>9} {'overlap med':>12} {'n':>4} {'routine answered':>17}"
          f" {'templ':>6} {'body med':>9} {'wrong':>7}  {'words e/web/wa':>14}")
    for c in companies:
        d = os.path.join(data, c)
        out = subprocess.run([fte, "eval", os.path.join(d, "sample-tickets.json"), "--kb",
                              os.path.join(d, "product-docs.md"), "--json", "--split", split],
                             capture_output=True, text=True, check=True).stdout
        rep = json.loads(out)
        raw = json.load(open(os.path.join(d, "sample-tickets.json")))
        raw = raw["tickets"] if isinstance(raw, dict) else raw
        expect, asked = {}, {}
        for t in raw:
            tid = str(t.get("id") or t.get("ticket_id"))
            expect[tid] = t.get("resolution") or t.get("notes") or ""
            asked[tid] = " / ".join(str(t.get(k)) for k in ("subject", "content", "body", "message")
                                    if t.get(k))
        in_run = {str(t["id"]).lstrip("#") for t in rep["tickets"]}
        labelled, heads = set(), {}
        for line in open(os.path.join(root, "data/eval/retrieval", c + ".tsv")):
            if line.strip() and not line.startswith("#"):
                tid, h = line.rstrip("\n").split("\t")[:2]
                if tid in in_run:
                    labelled.add(tid)
                    heads[tid] = {x.strip().lower() for x in h.split("|") if x.strip()}
        overlaps, answered, routine, routine_ok, shown, templ = [], 0, 0, 0, 0, 0
        cited, wrong = 0, 0  # answered labelled tickets citing a section; of those from a wrong one
        body_overlaps = []
        lengths = {}  # channel -> word counts of answered replies
        for t in rep["tickets"]:
            tid = str(t["id"]).lstrip("#")
            reply = "\n".join(t.get("reply_parts", []))
            if not t["escalated"]:
                answered += 1
                lengths.setdefault(t["channel"], []).append(len(reply.split()))
                if TEMPLATE.search(reply):
                    templ += 1
                ew = set(words(expect.get(tid, "")))
                ov = ""
                if ew:
                    rw = set(words(reply))
                    overlaps.append(len(ew & rw) / len(ew))
                    body_overlaps.append(len(ew & set(words(body_of(reply)))) / len(ew))
                    ov = f" overlap {overlaps[-1]:.2f}"
                if shown < show:
                    shown += 1
                    print(f"--- {c} {tid} ({t['channel']}){ov}\nQ: {asked.get(tid, '')}\n"
                          f"E: {expect.get(tid, '')}\n{reply}\n")
            if tid in labelled:
                routine += 1
                routine_ok += 0 if t["escalated"] else 1
                if not t["escalated"] and t.get("cited"):
                    cited += 1
                    parts = {p.strip().lower() for p in t["cited"][0].split(" > ")}
                    wrong += 0 if parts & heads[tid] else 1
        med = f"{statistics.median(overlaps):.2f}" if overlaps else "n/a"
        bmed = f"{statistics.median(body_overlaps):.2f}" if body_overlaps else "n/a"
        wmed = "/".join(f"{statistics.median(lengths[ch]):.0f}" if lengths.get(ch) else "-"
                         for ch in ("email", "webform", "whatsapp"))
        print(f"{c:12} {answered:>5}/{len(rep['tickets']):<3} {med:>12} {len(overlaps):>4} "
              f"{routine_ok:>8}/{routine} ({100 * routine_ok / max(1, routine):.0f}%)"
              f" {templ:>6} {bmed:>9} {wrong:>3}/{cited:<3}  {wmed:>14}")


if __name__ == "__main__":
    main(sys.argv[1:])
