#!/usr/bin/env bash
# label: deploy
# Every fte_* metric an alert rule or dashboard query uses is one the code declares (a renamed
# metric would otherwise silence its alert without anyone noticing).
set -euo pipefail
cd "${FTE_SOURCE_DIR:?}"
missing=0
for m in $(grep -ohE 'fte_[a-z_]+' deploy/prometheus/alerts.yaml deploy/k8s/*.yaml deploy/helm/fte/templates/*.yaml 2>/dev/null | sort -u); do
  base=$(sed -E 's/_(bucket|sum|count)$//' <<<"$m")
  if ! grep -rqF "\"$base\"" src/; then
    echo "metric $m is used in deploy/ but no code declares \"$base\""
    missing=1
  fi
done
exit $missing
