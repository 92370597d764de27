#!/usr/bin/env bash
# Builds the email channel's libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined) and
# runs each for a number of seconds (default 600). Usage:
#   fuzz/run.sh [seconds] [target...]      targets: mime push charset (default: all, one after another)
# Environment: FUZZ_BUILD (build and working-corpus directory, default build-fuzz in the repo, not
# committed), FUZZ_JOBS (parallel fuzzing jobs per target, default 1), CXX (default clang++),
# FUZZ_ARGS (more libFuzzer flags, e.g. "-len_control=0" to try long inputs from the start).
# The seeds are tests/fixtures/mime (mime) and fuzz/seeds/<target>; new inputs go to the working
# corpus under FUZZ_BUILD. Crash reproducers land in FUZZ_BUILD/artifacts/<target>/.
# Exit status: non-zero when a target crashed.
# The body is one function, parsed whole before it runs, so editing this file during a run is safe.
set -euo pipefail

main() {
  root=$(cd "$(dirname "$0")/.." && pwd)
  secs=${1:-600}
  shift || true
  targets=("$@")
  ((${#targets[@]})) || targets=(mime push charset)
  out=${FUZZ_BUILD:-$root/build-fuzz}
  cxx=${CXX:-clang++}
  command -v "$cxx" >/dev/null || { echo "fuzz: $cxx not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
  mkdir -p "$out"

  flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
         -fno-sanitize-recover=undefined -I"$root/src" -DBOOST_JSON_NO_LIB -DBOOST_CONTAINER_NO_LIB)
  common=(channels/email/codec.cpp channels/email/charset.cpp channels/email/header.cpp
          core/domain.cpp)
  declare -A sources=(
    [mime]="channels/email/mime_fuzz.cpp channels/email/mime.cpp channels/email/mail.cpp
            channels/email/html_text.cpp channels/email/reply_text.cpp channels/email/gmail_message.cpp"
    [push]="channels/email/push_fuzz.cpp channels/email/push.cpp channels/email/oidc.cpp"
    [charset]="channels/email/charset_fuzz.cpp"
  )
  declare -A libs=([mime]="-lboost_json" [push]="-lboost_json -lcrypto" [charset]="-lboost_json")
  declare -A maxlen=([mime]=262144 [push]=16384 [charset]=16384)

  status=0
  for t in "${targets[@]}"; do
    [[ -n ${sources[$t]:-} ]] || { echo "fuzz: unknown target $t" >&2; exit 2; }
    srcs=()
    for s in ${sources[$t]} "${common[@]}"; do srcs+=("$root/src/$s"); done
    echo "fuzz: building $t" >&2
    # shellcheck disable=SC2086
    "$cxx" "${flags[@]}" "${srcs[@]}" ${libs[$t]} -o "$out/${t}_fuzz"
    corpus=$out/corpus/$t
    mkdir -p "$corpus" "$out/artifacts/$t"
    seeds=("$root/fuzz/seeds/$t")
    [[ $t == mime ]] && seeds+=("$root/tests/fixtures/mime")
    echo "fuzz: running $t for ${secs}s" >&2
    par=()
    if (( ${FUZZ_JOBS:-1} > 1 )); then par=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi
    if ! "$out/${t}_fuzz" "$corpus" "${seeds[@]}" -max_total_time="$secs" -max_len="${maxlen[$t]}" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${par[@]}" ${FUZZ_ARGS:-} \
        -artifact_prefix="$out/artifacts/$t/" \
        2>&1 | tee "$out/$t.log" | grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|stat::|ERROR|SUMMARY|Test unit written' >&2; then
      :
    fi
    if grep -qE 'ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|SUMMARY: ' "$out/$t.log"; then
      echo "fuzz: $t FOUND A CRASH (see $out/$t.log and $out/artifacts/$t/)" >&2
      status=1
    else
      echo "fuzz: $t finished without crashes" >&2
    fi
  done
  return $status
}

main "$@"
