#!/bin/bash
# label: unit
# The fold study (data/intents/folds.py, issue 14): generate.py --folds splits train.txt into K
# folds that partition it exactly (every training line in one fold's measurement file, and in the
# training folder of every other fold, never its own), and folds.py trains a model per fold with
# the real `fte intents train` and prints recall / routine escalated / right reason per fold and
# summed, counts adding up to the lines of train.txt.
set -euo pipefail
root=${FTE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fte=${FTE_BINARY:-$root/build/fte}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/data/intents/generate.py" --folds "$work/split" --k 3
python3 - "$root/data/intents/train.txt" "$work/split" 3 <<'PY'
import collections, sys
train_file, d, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
def lines(f):
    return [l for l in open(f, encoding="utf-8").read().splitlines() if l.startswith("__label__")]
train = collections.Counter(lines(train_file))
held = [collections.Counter(lines(f"{d}/fold{i}.txt")) for i in range(k)]
assert sum(held, collections.Counter()) == train, "the folds do not partition train.txt"
assert all(len(h) > len(train) / (3 * k) for h in held), "a fold is nearly empty"
for i in range(k):
    rest = collections.Counter(lines(f"{d}/fold{i}/train.txt"))
    assert not set(rest) & set(held[i]), f"fold {i}'s lines are in its own training folder"
    assert rest == sum((held[j] for j in range(k) if j != i), collections.Counter())
print("ok: generate.py --folds partitions train.txt")
PY
out=$(python3 "$root/data/intents/folds.py" --fte "$fte" --k 2 --jobs 2)
echo "$out"
python3 - "$root/data/intents/train.txt" <<PY
import re, sys
out = """$out"""
n = sum(1 for l in open(sys.argv[1], encoding="utf-8") if l.startswith("__label__"))
rows = [l for l in out.splitlines() if l.startswith(("fold", "summed"))]
assert len(rows) == 3, rows
def nums(l):
    m = re.search(r"recall +([\d.]+)% \((\d+)/(\d+)\) +routine escalated +([\d.]+)% \((\d+)/(\d+)\) +right reason +([\d.]+)%", l)
    assert m, l
    return [float(x) for x in m.groups()]
f0, f1, s = map(nums, rows)
assert s[2] + s[5] == n, f"summed lines {s[2] + s[5]} != train.txt {n}"
assert s[1] == f0[1] + f1[1] and s[4] == f0[4] + f1[4]
assert 30 < s[0] < 100 and s[3] < 20 and 30 < s[6] <= s[0], s
print("ok: fold study sums to train.txt")
PY
