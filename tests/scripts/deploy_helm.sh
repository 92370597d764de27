#!/usr/bin/env bash
# label: deploy
# The Helm chart, checked without Helm (not packaged for Debian 12): Chart.yaml has the fields
# `helm lint` requires; tests/deploy/helm_render.py renders the chart with its defaults and with
# each of values-dev/staging/prod.yaml; every rendering validates against the Kubernetes schemas
# and passes the manifest policy; the default rendering equals deploy/k8s; the PrometheusRule
# carries rules that promtool accepts. Schemas are checked twice: by schema_validate.py and by the
# jsonschema library (Debian's python3-jsonschema, Draft 7). What stays unverified: docs/DEPLOY.md.
source "$(dirname "$0")/../deploy/common.sh"
need_yaml
need_jsonschema
need promtool
chart=deploy/helm/fte
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$PY" - "$chart/Chart.yaml" <<'PY'
import re, sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
problems = [f"Chart.yaml: {k} missing" for k in ("apiVersion", "name", "version", "appVersion") if not c.get(k)]
if c.get("apiVersion") != "v2": problems.append("Chart.yaml: apiVersion must be v2 (Helm 3)")
if not re.match(r"^\d+\.\d+\.\d+", str(c.get("version", ""))): problems.append("Chart.yaml: version is not SemVer")
if c.get("type", "application") != "application": problems.append("Chart.yaml: type must be application")
for p in problems: print("FAIL:", p)
sys.exit(1 if problems else 0)
PY

render() {  # render NAME [VALUES]
  local args=("$chart" --release fte --namespace customer-success-fte)
  [[ -n ${2:-} ]] && args+=(-f "$2")
  "$PY" tests/deploy/helm_render.py "${args[@]}" >"$out/$1.yaml"
  "$PY" tests/deploy/schema_validate.py tests/fixtures/k8s-schemas "$out/$1.yaml"
  "$PY" tests/deploy/jsonschema_validate.py tests/fixtures/k8s-schemas "$out/$1.yaml"
}
render default
"$PY" tests/deploy/manifest_policy.py "$out/default.yaml"
"$PY" tests/deploy/compare_render.py deploy/k8s "$out/default.yaml"
for env in dev staging prod; do
  render "$env" "$chart/values-$env.yaml"
  flags=()
  [[ $env == dev ]] && flags+=(--allow-fixed-replicas)
  "$PY" tests/deploy/manifest_policy.py "${flags[@]}" "$out/$env.yaml"
done

# Production: KEDA 3 -> 30 on the prefixed real topic; the PrometheusRule's rules pass promtool.
"$PY" - "$out/prod.yaml" "$out/rules.yaml" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
so = [d for d in docs if d["kind"] == "ScaledObject"]
assert len(so) == 1, "prod renders one ScaledObject"
spec = so[0]["spec"]
assert (spec["minReplicaCount"], spec["maxReplicaCount"]) == (3, 30), f"prod agents scale {spec['minReplicaCount']} -> {spec['maxReplicaCount']}, want 3 -> 30"
rules = [d for d in docs if d["kind"] == "PrometheusRule"]
assert len(rules) == 1, "prod renders the PrometheusRule"
yaml.safe_dump({"groups": rules[0]["spec"]["groups"]}, open(sys.argv[2], "w"))
PY
promtool check rules "$out/rules.yaml"
echo "deploy_helm: ok"
