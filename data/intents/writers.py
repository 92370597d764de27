#!/usr/bin/env python3
"""The leave-one-writer-out study of the intent model (issue 14): how well the judgement holds on
the lines of a WRITER the model never saw — the closest training-side stand-in for the blind files.

For each hand-written training file (every `written*.txt` here), a model is trained on all the
other training files (train.txt and the other writers; thresholds chosen as the build chooses them,
on validation.txt) and the full judgement (rules + that model, `fte intents eval`) is measured on
the left-out file. Prints per file, summed, and per class: escalation recall, routine escalated,
right reason. Training-side data only (never heldout*.txt), so its misses may be read (--misses).

    python3 data/intents/writers.py [--fte build/fte] [--jobs 1] [--keep DIR] [--misses]
                                    [--repeat K] [--shuffle SEED]

--shuffle SEED shuffles train.txt's lines in each corpus first (random.Random(SEED)): the noise of
the study (the same lines in another order). --repeat K writes each training writer's lines K times into the left-out corpus (an experiment
knob, on top of whatever weighting `fte intents train` itself applies).

Exit status 0; 2 on bad usage, 1 when a step fails.
"""
import argparse
import glob
import os
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from folds import confusion, counts, line, run, train_all  # noqa: E402  (the fold study's parsing)


def corpus_files():
    """The training files as `fte intents train` picks them (every .txt but heldout*/validation)."""
    return sorted(f for f in glob.glob(os.path.join(HERE, "*.txt"))
                  if not os.path.basename(f).startswith("heldout")
                  and os.path.basename(f) != "validation.txt")


def writer_files():
    return sorted(glob.glob(os.path.join(HERE, "written*.txt")))


def per_class(text):
    """{class: (support, escalated, right)} of the escalation classes in an eval's confusion."""
    rows, classes = confusion(text)
    none = classes.index("none")
    return {c: (sum(r), sum(r) - r[none], r[classes.index(c)])
            for c, r in rows.items() if c != "none" and sum(r)}


def build_corpus(work, left_out, repeat, shuffle):
    d = os.path.join(work, os.path.basename(left_out)[:-4])
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    for f in corpus_files() + [os.path.join(HERE, "validation.txt")]:
        if f == left_out:
            continue
        text = open(f, encoding="utf-8").read()
        if os.path.basename(f).startswith("written") and repeat > 1:
            text = text * repeat
        if os.path.basename(f) == "train.txt" and shuffle is not None:
            lines = text.splitlines()
            random.Random(shuffle).shuffle(lines)
            text = "\n".join(lines) + "\n"
        open(os.path.join(d, os.path.basename(f)), "w", encoding="utf-8").write(text)
    return d


def study(fte, work, jobs, misses, repeat, shuffle=None):
    writers = writer_files()
    dirs = [build_corpus(work, w, repeat, shuffle) for w in writers]
    models = [d + ".bin" for d in dirs]
    train_all(fte, dirs, models, jobs, [f"writers.py: training without {w}" for w in writers])
    total, classes = [0] * 5, {}
    for w, m in zip(writers, models):
        env = dict(os.environ, FTE_INTENT_MODEL=m)
        out = run([fte, "intents", "eval", w] + (["--misses"] if misses else []), env)
        c = counts(out)
        total = [a + b for a, b in zip(total, c)]
        print(line(f"{os.path.basename(w)[:-4]:<9}", c), flush=True)
        for k, v in per_class(out).items():
            classes[k] = [a + b for a, b in zip(classes.get(k, [0, 0, 0]), v)]
        if misses:
            print(out[out.find("misjudged"):] if "misjudged" in out else "", flush=True)
    print(line(f"{'summed':<9}", total))
    print("by class (summed): " + ", ".join(
        f"{k} {100.0 * e / n:.1f}% ({e}/{n}, right {100.0 * r / n:.1f}%)"
        for k, (n, e, r) in sorted(classes.items())))
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fte", default=os.environ.get("FTE_BINARY", "build/fte"))
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--keep", help="write the corpora and models here (kept) instead of a temp dir")
    ap.add_argument("--misses", action="store_true", help="print each file's misjudged lines")
    ap.add_argument("--repeat", type=int, default=1, metavar="K",
                    help="write the training writers' lines K times (experiment)")
    ap.add_argument("--shuffle", type=int, metavar="SEED",
                    help="shuffle train.txt's lines first (measures the noise)")
    a = ap.parse_args()
    if len(writer_files()) < 2:
        ap.error("needs at least two written*.txt files")
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        study(a.fte, a.keep, a.jobs, a.misses, a.repeat, a.shuffle)
    else:
        with tempfile.TemporaryDirectory(prefix="fte-writers-") as work:
            study(a.fte, work, a.jobs, a.misses, a.repeat, a.shuffle)


if __name__ == "__main__":
    main()
