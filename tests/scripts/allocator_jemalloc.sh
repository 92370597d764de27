#!/bin/bash
# label: unit
# fte allocates with jemalloc when the library is installed (CMakeLists.txt FTE_JEMALLOC; round 11
# of issue 18 in docs/BENCHMARKS.md): the binary needs libjemalloc, and the running process reads
# jemalloc's MALLOC_CONF (an unknown option draws jemalloc's own warning). Skipped for a
# sanitizer build and where libjemalloc-dev is not installed (glibc malloc then, by design).
set -euo pipefail
root=${FTE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fte=${FTE_BINARY:-$root/build/fte}
if ! compgen -G "/usr/lib/*/libjemalloc.so" >/dev/null && ! compgen -G "/usr/lib/libjemalloc.so" >/dev/null; then
  echo "libjemalloc-dev not installed: glibc malloc (skipped)"; exit 0
fi
libs=$(ldd "$fte")  # read whole: `ldd | grep -q` can fail on SIGPIPE under pipefail
if grep -q libasan <<<"$libs"; then echo "sanitizer build: glibc malloc (skipped)"; exit 0; fi
grep -q 'libjemalloc\.so' <<<"$libs" || { echo "FAIL: $fte is not linked with jemalloc" >&2; exit 1; }
out=$(MALLOC_CONF=fte_probe:1 "$fte" --help 2>&1 || true)
grep -q '<jemalloc>' <<<"$out" || { echo "FAIL: the running fte did not read MALLOC_CONF: $out" >&2; exit 1; }
echo "ok: jemalloc"
