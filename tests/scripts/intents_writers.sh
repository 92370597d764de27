#!/bin/bash
# label: unit
# The leave-one-writer-out study (data/intents/writers.py, issue 14, round 20): one model per
# hand-written file, trained without it by the real `fte intents train`, measured on it; a row per
# written*.txt and a summed row whose counts add up to the written files' lines.
set -euo pipefail
root=${FTE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fte=${FTE_BINARY:-$root/build/fte}
out=$(python3 "$root/data/intents/writers.py" --fte "$fte" --jobs 2)
echo "$out"
python3 - "$root/data/intents" <<PY
import glob, re, sys
out = """$out"""
files = sorted(glob.glob(sys.argv[1] + "/written*.txt"))
n = sum(1 for f in files for l in open(f, encoding="utf-8") if l.startswith("__label__"))
rows = [l for l in out.splitlines() if re.match(r"(written\S*|summed) +recall", l)]
assert len(rows) == len(files) + 1, rows
def nums(l):
    m = re.search(r"recall +([\d.]+)% \((\d+)/(\d+)\) +routine escalated +([\d.]+)% \((\d+)/(\d+)\) +right reason +([\d.]+)%", l)
    assert m, l
    return [float(x) for x in m.groups()]
per, s = [nums(r) for r in rows[:-1]], nums(rows[-1])
assert s[2] + s[5] == n, f"summed lines {s[2] + s[5]} != written lines {n}"
assert s[1] == sum(p[1] for p in per) and s[4] == sum(p[4] for p in per)
assert 30 < s[0] < 100 and s[3] < 30 and 30 < s[6] <= s[0], s
assert "by class (summed):" in out
print("ok: the writer study sums to the written files")
PY
