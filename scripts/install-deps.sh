#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the benchmarks need (idempotent; as root on
# Debian 12). Called by scripts/run.sh and scripts/test.sh; safe to run again.
set -euo pipefail
PKGS=(
  # build
  cmake ninja-build g++ ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev librdkafka-dev libhnswlib-dev libcli11-dev
  libcurl4-openssl-dev libssl-dev
  libutf8proc-dev libfasttext-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # tests and tools
  python3 curl ca-certificates sqlite3 kcat wrk
  postgresql-15 postgresql-client-15
  yamllint prometheus python3-jsonschema gcovr
  clang libclang-rt-14-dev
  chromium
)
# Node.js and npm: Debian's `nodejs npm` unless a Node.js with npm is already installed (a
# NodeSource build ships npm inside its `nodejs` package and conflicts with Debian's `npm`).
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  PKGS+=(nodejs npm)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
