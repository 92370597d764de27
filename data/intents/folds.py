#!/usr/bin/env python3
"""The fold study of the intent model (issue 14): how well it generalises to TEMPLATES it never saw.

The training templates are split in K folds by a hash of the template (generate.py --folds, a third
byte of the hash that chooses the held-out and validation splits). For each fold, a model is trained
on the other folds (`fte intents train`; thresholds on the same validation.txt) and the full
judgement (rules + that model, `fte intents eval`) is measured on the fold's lines. Prints per fold
and summed: escalation recall, routine escalated, right reason. Training-side data only (never
heldout*.txt), so its misses may be read (--misses).

    python3 data/intents/folds.py [--fte build/fte] [--k 4] [--jobs 1] [--keep DIR] [--misses]
                                  [--shuffle SEED]
                                  [-- GENERATE_FLAGS...]

Exit status 0; 2 on bad usage, 1 when a step fails.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def confusion(text):
    """Rows of the confusion matrix printed by `fte intents eval`: {expected: [counts]}, classes."""
    rows, classes, inside = {}, [], False
    for line in text.splitlines():
        if line.startswith("confusion"):
            inside = True
            continue
        if not inside:
            continue
        parts = line.split()
        if len(parts) >= 2 and all(re.fullmatch(r"\d+", p) for p in parts[1:]):
            rows[parts[0]] = [int(p) for p in parts[1:]]
            classes.append(parts[0])
        elif rows and not parts:
            break
    return rows, classes


def counts(text):
    """(hard, escalated, right, routine, routine_escalated) from an eval's confusion matrix."""
    rows, classes = confusion(text)
    if not rows:
        raise ValueError("no confusion matrix in the eval output")
    none = classes.index("none")
    hard = esc = right = routine = fp = 0
    for expected, row in rows.items():
        total = sum(row)
        judged_escalated = total - row[none]
        if expected == "none":
            routine, fp = total, judged_escalated
        else:
            hard += total
            esc += judged_escalated
            right += row[classes.index(expected)]
    return hard, esc, right, routine, fp



def train_all(fte, corpora, models, jobs, names):
    """Trains models[i] from corpora[i], `jobs` at a time (each one thread: reproducible); exits 1
    naming names[i] when a training fails. Shared by the fold and writer studies."""
    pending = list(range(len(corpora)))
    while pending:
        batch, pending = pending[:jobs], pending[jobs:]
        procs = [subprocess.Popen([fte, "intents", "train", "--corpus", corpora[i], "--out", models[i]],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for i in batch]
        for i, p in zip(batch, procs):
            _, err = p.communicate()
            if p.returncode != 0:
                sys.stderr.write(f"{names[i]} failed:\n{err}")
                sys.exit(1)

def line(name, c):
    hard, esc, right, routine, fp = c
    pct = lambda a, b: 100.0 * a / b if b else 0.0
    return (f"{name:<7} recall {pct(esc, hard):5.1f}% ({esc}/{hard})  routine escalated "
            f"{pct(fp, routine):4.1f}% ({fp}/{routine})  right reason {pct(right, hard):5.1f}%")


def run(cmd, env=None):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(f"folds.py: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
        sys.exit(1)
    return p.stdout


def shuffle_training(work, k, seed):
    """The noise of the study: the same lines in another order (random.Random(seed))."""
    for i in range(k):
        f = os.path.join(work, f"fold{i}", "train.txt")
        lines = open(f, encoding="utf-8").read().splitlines()
        head, body = lines[:1], lines[1:]
        random.Random(seed * 1000 + i).shuffle(body)
        open(f, "w", encoding="utf-8").write("\n".join(head + body) + "\n")


def study(fte, k, work, jobs, misses, gen_flags, shuffle=None):
    run([sys.executable, os.path.join(HERE, "generate.py"), "--folds", work, "--k", str(k)]
        + gen_flags)
    if shuffle is not None:
        shuffle_training(work, k, shuffle)
    models = [os.path.join(work, f"fold{i}.bin") for i in range(k)]
    train_all(fte, [os.path.join(work, f"fold{i}") for i in range(k)], models, jobs,
              [f"folds.py: training fold {i}" for i in range(k)])
    total = [0] * 5
    for i in range(k):
        env = dict(os.environ, FTE_INTENT_MODEL=models[i])
        cmd = [fte, "intents", "eval", os.path.join(work, f"fold{i}.txt")]
        out = run(cmd + (["--misses"] if misses else []), env)
        c = counts(out)
        total = [a + b for a, b in zip(total, c)]
        print(line(f"fold {i}", c), flush=True)
        if misses:
            print(out[out.find("misjudged"):] if "misjudged" in out else "", flush=True)
    print(line("summed", total))
    return total


def main():
    argv = sys.argv[1:]
    gen_flags = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fte", default=os.environ.get("FTE_BINARY", "build/fte"))
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--keep", help="write the folds and models here (kept) instead of a temp dir")
    ap.add_argument("--misses", action="store_true", help="print each fold's misjudged lines")
    ap.add_argument("--shuffle", type=int, metavar="SEED",
                    help="shuffle each fold's training lines first (measures the noise)")
    a = ap.parse_args(argv)
    if a.k < 2:
        ap.error("--k must be at least 2")
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        study(a.fte, a.k, a.keep, a.jobs, a.misses, gen_flags, a.shuffle)
    else:
        with tempfile.TemporaryDirectory(prefix="fte-folds-") as work:
            study(a.fte, a.k, work, a.jobs, a.misses, gen_flags, a.shuffle)


if __name__ == "__main__":
    main()
