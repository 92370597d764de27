#!/usr/bin/env bash
# label: deploy
# The container image recipe, checked without a container engine: deploy/docker/Dockerfile is
# multi-stage, its build stage installs exactly the "build" packages of scripts/install-deps.sh,
# its runtime stage installs a Debian package for every shared library that ldd lists for the real
# `fte` binary (directly linked libraries by name, the rest through those packages' dependencies),
# carries no compiler, runs as a numeric non-root USER, and .dockerignore lets in what COPY needs.
source "$(dirname "$0")/../deploy/common.sh"

bin=${FTE_BINARY:-}
if [[ -z $bin || ! -x $bin ]]; then
  bin=build/fte
  if [[ ! -x $bin ]]; then
    echo "no fte binary yet: building one in build-deploy-test"
    cmake -S . -B build-deploy-test -G Ninja -DCMAKE_BUILD_TYPE=Release -DFTE_BUILD_TESTS=OFF -DFTE_BUILD_BENCH=OFF >/dev/null
    cmake --build build-deploy-test --target fte
    bin=build-deploy-test/fte
  fi
fi
echo "binary: $bin"

facts=$(mktemp)
trap 'rm -f "$facts"' EXIT
# Library → owning package, for every library ldd resolves (fails on "not found").
declare -A owner
ldd_out=$(ldd "$bin")
if grep -q 'not found' <<<"$ldd_out"; then echo "FAIL: unresolved libraries:"; grep 'not found' <<<"$ldd_out"; exit 1; fi
libs=$(awk '/=> \//{print $3} /^[[:space:]]*\/.*ld-linux/{print $1}' <<<"$ldd_out" | sort -u)
for lib in $libs; do
  pkg=
  for cand in "$lib" "$(readlink -f "$lib")" "${lib#/usr}" "/usr${lib#/usr}" "$(readlink -f "$lib" | sed 's|^/usr||')"; do
    pkg=$(dpkg -S "$cand" 2>/dev/null | head -1 | cut -d: -f1) && [[ -n $pkg ]] && break
  done
  [[ -n $pkg ]] || { echo "FAIL: no Debian package owns $lib"; exit 1; }
  owner[$lib]=$pkg
done
needed=$(objdump -p "$bin" | awk '/NEEDED/{print $2}')

{
  for lib in "${!owner[@]}"; do echo "lib $lib ${owner[$lib]}"; done
  for n in $needed; do echo "needed $n"; done
  # Installed packages' dependencies, for the transitive closure.
  dpkg-query -W -f='dep ${Package} ${Depends}, ${Pre-Depends}\n'
} >"$facts"
"${PY:-python3}" tests/deploy/dockerfile_check.py deploy/docker/Dockerfile scripts/install-deps.sh .dockerignore <"$facts"
echo "deploy_dockerfile: ok"
