#!/bin/bash
# label: unit
# The intent corpus (data/intents/*.txt) and the diagnosis sets (data/eval/intents/*.txt) must not carry the wording of the shared evaluation
# tickets (issue 14): no sequence of 6 words of a corpus line may appear in any ticket of
# ../shared/data/*/sample-tickets.json (words: lower-case, Unicode letters/digits, apostrophes
# unified). Skips, with a message, where the shared data is absent.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${FTE_SHARED_DATA:-$root/../shared/data}
if ! ls "$shared"/*/sample-tickets.json >/dev/null 2>&1; then
  echo "SKIP: no shared ticket sets under $shared"
  exit 0
fi
python3 - "$root/data/intents" "$shared" "$root/data/eval/intents" <<'PY'
import glob, json, re, sys, unicodedata
corpus_dir, shared, diagnosis_dir = sys.argv[1], sys.argv[2], sys.argv[3]
N = 6
def words(s):
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").casefold()
    return re.findall(r"[\w']+", s)
def grams(ws):
    return {" ".join(ws[i:i + N]) for i in range(len(ws) - N + 1)}
def texts(v):
    if isinstance(v, dict):
        for x in v.values(): yield from texts(x)
    elif isinstance(v, list):
        for x in v: yield from texts(x)
    elif isinstance(v, str):
        yield v
tickets = set()
for f in glob.glob(shared + "/*/sample-tickets.json"):
    for t in texts(json.load(open(f, encoding="utf-8"))):
        tickets |= grams(words(t))
bad = []
for f in sorted(glob.glob(corpus_dir + "/*.txt")) + sorted(glob.glob(diagnosis_dir + "/*.txt")):
    for n, line in enumerate(open(f, encoding="utf-8"), 1):
        if line.startswith("#"): continue
        text = line.split(" ", 1)[1] if line.startswith("__label__") else line
        hit = grams(words(text)) & tickets
        if hit: bad.append(f"{f.rsplit('/', 1)[1]}:{n}: {sorted(hit)[0]!r}")
if bad:
    print(f"FAIL: {len(bad)} corpus lines share a {N}-word sequence with a shared ticket "
          "(reword the template in data/intents/generate.py):")
    print("\n".join(bad[:20]))
    sys.exit(1)
print(f"ok: no {N}-word sequence of the intent corpus appears in a shared ticket")
PY
