# Sourced by tests/scripts/deploy_*.sh: moves to the repository root and picks a Python 3 that has
# PyYAML (Debian's python3-yaml comes with yamllint, which scripts/install-deps.sh installs; a
# python3 earlier on PATH, e.g. from pyenv, may lack it).
set -euo pipefail
cd "${FTE_SOURCE_DIR:-$(dirname "${BASH_SOURCE[0]}")/../..}"
PY=
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import yaml' 2>/dev/null; then PY=$p; break; fi
done
need() {  # need TOOL: fail (not skip) when a tool install-deps.sh provides is missing
  command -v "$1" >/dev/null || { echo "FAIL: $1 is not installed (scripts/install-deps.sh installs it)"; exit 1; }
}
need_yaml() {
  [[ -n $PY ]] || { echo "FAIL: no python3 with PyYAML (apt-get install yamllint python3-yaml)"; exit 1; }
}
need_jsonschema() {  # Debian's python3-jsonschema (scripts/install-deps.sh)
  "$PY" -c 'import jsonschema' 2>/dev/null ||
    { echo "FAIL: python3-jsonschema is not installed (scripts/install-deps.sh installs it)"; exit 1; }
}
