#!/usr/bin/env bash
# label: docs
# README.md names only what exists: every metric (fte_…) it mentions is declared in src/ (as the
# string literal "fte_name"; a histogram's _bucket/_sum/_count series count as the histogram; a
# pattern `fte_prefix_*` needs at least one metric starting with fte_prefix_), and every
# environment variable (FTE_*, TWILIO_*, GMAIL_*, META_*, OPENAI_*) appears in the code (src/,
# tests/, scripts/, bench/, deploy/, web/ — anything but markdown). Each missing name is printed
# with what was searched, so a new variable documented before its code lands fails clearly.
set -euo pipefail
cd "${FTE_SOURCE_DIR:-$(dirname "$0")/../..}"
doc=${FTE_DOCS_CHECK_FILE:-README.md}
[[ -f $doc ]] || { echo "FAIL: $doc not found"; exit 1; }
code_dirs=(src tests scripts bench deploy web fuzz)
code_files() { grep -rl --exclude='*.md' --exclude-dir=node_modules "$@" "${code_dirs[@]}" 2>/dev/null || true; }

missing=0
metrics=$(grep -oE '\bfte_[a-z0-9_]+\*?' "$doc" | sort -u || true)
declared=$(grep -rhoE --include='*.cpp' --include='*.h' '"fte_[a-z0-9_]+"' src | tr -d '"' | sort -u)
n_metrics=0
for m in $metrics; do
  n_metrics=$((n_metrics + 1))
  if [[ $m == *\* ]]; then
    prefix=${m%\*}
    grep -q "^$prefix" <<<"$declared" && continue
    echo "FAIL: $doc names metrics $m, but no metric in src/ starts with \"$prefix\""
  else
    base=$m
    for suffix in _bucket _sum _count; do
      [[ $m == *"$suffix" ]] && grep -qx "${m%"$suffix"}" <<<"$declared" && base=${m%"$suffix"}
    done
    grep -qx "$base" <<<"$declared" && continue
    echo "FAIL: $doc names metric $m, but src/ declares no metric \"$m\""
  fi
  missing=$((missing + 1))
done

vars=$(grep -oE '\b(FTE|TWILIO|GMAIL|META|OPENAI)_[A-Z0-9_]+\b' "$doc" | sort -u || true)
n_vars=0
for v in $vars; do
  n_vars=$((n_vars + 1))
  [[ -n $(code_files -w -m1 "$v") ]] && continue
  echo "FAIL: $doc names environment variable $v, but no code file in ${code_dirs[*]} mentions it"
  missing=$((missing + 1))
done

if ((missing)); then
  echo "docs_check: $missing name(s) in $doc without code (fix the doc or add the code)"
  exit 1
fi
echo "docs_check: $n_metrics metric names and $n_vars environment variables in $doc all exist in the code"
