#!/usr/bin/env python3
"""Answerability report: does the agent answer what the docs cover and say so when they do not?

usage: scripts/answerability.py [--fte build/fte] [--misses] [--json]
                                [--min-covered PCT] [--min-uncovered PCT] [SET...]

A set is data/eval/answerability/<SET>.tsv (default: every .tsv there): routine customer questions
on one documentation set (its "# docs:" line), each labelled with the leaf heading(s) of the
section that answers it, or "-" when the docs do not answer it (a feature the product lacks, an
integration not listed, a bug the docs never mention). The docs are the repo's own (the sample
company in data/kb, and small made-up products written for this set), never the shared
evaluation data, so decisions can be designed here without tuning on the companies' tickets.

The questions run through the whole pipeline (`fte eval --json`, local engine) and are counted:
  covered answered     covered questions answered (not escalated): the aim is >= 95 %
  right section        of those, the reply's first cited section is a labelled one (a part of its
                       heading path equals a label, as `fte eval --retrieval` matches)
  uncovered escalated  questions the docs do not answer that were escalated (any reason)
  kg                   of those, escalated as knowledge_gap ("the docs do not cover this")
--misses lists the covered questions escalated and the uncovered ones answered (with the section
the reply quotes first). --min-covered / --min-uncovered: exit 1 when the total covered-answered
or uncovered-escalated share is below the floor (tests/scripts/answerability_floor.sh).
"""
import json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMES = ["Alex", "Sam", "Robin", "Kim", "Noor", "Ari"]


def load_set(path):
    meta, rows = {}, []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            if ":" in line and line[1:].strip().split(":")[0] in ("docs", "company"):
                k, v = line[1:].split(":", 1)
                meta[k.strip()] = v.strip()
            continue
        tid, channel, label, subject, message = line.split("\t")
        heads = [] if label.strip() == "-" else [h.strip().lower() for h in label.split("|")]
        rows.append({"id": tid, "channel": channel, "heads": heads, "subject": subject,
                     "message": message.replace("\\n", "\n")})
    return meta, rows


def tickets_of(rows):
    out = []
    for i, r in enumerate(rows):
        t = {"id": r["id"], "channel": r["channel"], "customer_name": NAMES[i % len(NAMES)],
             "subject": r["subject"], "content": r["message"], "category": "general",
             "priority": "low", "expected_action": "resolve"}
        if r["channel"] == "whatsapp":
            t["customer_phone"] = "+1555010%04d" % i
        else:
            t["customer_email"] = "customer%d@example.com" % i
        out.append(t)
    return out


def run_set(fte, name):
    meta, rows = load_set(os.path.join(ROOT, "data/eval/answerability", name + ".tsv"))
    with tempfile.TemporaryDirectory() as tmp:
        tickets = os.path.join(tmp, "tickets.json")
        json.dump({"tickets": tickets_of(rows)}, open(tickets, "w"))
        labels = os.path.join(tmp, "labels.tsv")
        with open(labels, "w") as f:
            for r in rows:
                if r["heads"]:
                    f.write("%s\t%s\n" % (r["id"], "|".join(r["heads"])))
        cmd = [fte, "eval", tickets, "--kb", os.path.join(ROOT, meta["docs"]), "--json",
               "--coverage", labels]
        if meta.get("company"):
            cmd += ["--company", meta["company"]]
        rep = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    got = {str(t["id"]).lstrip("#"): t for t in rep["tickets"]}
    res = {"set": name, "covered": 0, "covered_answered": 0, "right_section": 0,
           "uncovered": 0, "uncovered_escalated": 0, "uncovered_kg": 0, "misses": []}
    for r in rows:
        t = got[r["id"]]
        cited = t.get("cited") or []
        first = cited[0] if cited else ""
        if r["heads"]:
            res["covered"] += 1
            if t["escalated"]:
                res["misses"].append("%s covered, escalated %s: %s" % (r["id"], t["reason"],
                                                                      r["message"][:70]))
                continue
            res["covered_answered"] += 1
            parts = {p.strip().lower() for p in first.split(" > ")}
            if parts & set(r["heads"]):
                res["right_section"] += 1
            else:
                res["misses"].append("%s covered, answered from \"%s\"" % (r["id"], first))
        else:
            res["uncovered"] += 1
            if t["escalated"]:
                res["uncovered_escalated"] += 1
                res["uncovered_kg"] += t["reason"] == "knowledge_gap"
            else:
                res["misses"].append("%s uncovered, answered from \"%s\": %s" % (
                    r["id"], first, r["message"][:70].replace("\n", " ")))
    return res


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def main(argv):
    fte, misses, as_json, floors, sets = os.path.join(ROOT, "build/fte"), False, False, {}, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--fte":
            i += 1
            fte = argv[i]
        elif a in ("--min-covered", "--min-uncovered"):
            i += 1
            floors[a] = float(argv[i])
        elif a == "--misses":
            misses = True
        elif a == "--json":
            as_json = True
        else:
            sets.append(a)
        i += 1
    if not sets:
        folder = os.path.join(ROOT, "data/eval/answerability")
        sets = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".tsv"))
    results = [run_set(fte, s) for s in sets]
    tot = {k: sum(r[k] for r in results) for k in ("covered", "covered_answered", "right_section",
                                                   "uncovered", "uncovered_escalated",
                                                   "uncovered_kg")}
    if as_json:
        print(json.dumps({"sets": results, "total": tot}, indent=1))
    else:
        print("%-10s %18s %14s %20s %5s" % ("set", "covered answered", "right section",
                                             "uncovered escalated", "kg"))
        for r in results + [dict(tot, set="total", misses=[])]:
            print("%-10s %8d/%-3d %4.0f%% %8d/%-3d %12d/%-3d %4.0f%% %5d" % (
                r["set"], r["covered_answered"], r["covered"],
                pct(r["covered_answered"], r["covered"]), r["right_section"],
                r["covered_answered"], r["uncovered_escalated"], r["uncovered"],
                pct(r["uncovered_escalated"], r["uncovered"]), r["uncovered_kg"]))
            if misses:
                for m in r["misses"]:
                    print("   " + m)
    ok = True
    if pct(tot["covered_answered"], tot["covered"]) < floors.get("--min-covered", 0):
        print("covered answered below the floor %.0f %%" % floors["--min-covered"])
        ok = False
    if pct(tot["uncovered_escalated"], tot["uncovered"]) < floors.get("--min-uncovered", 0):
        print("uncovered escalated below the floor %.0f %%" % floors["--min-uncovered"])
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
