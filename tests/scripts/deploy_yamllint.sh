#!/usr/bin/env bash
# label: deploy
# yamllint (deploy/.yamllint) on every manifest, values file, Chart.yaml, alert rule file and CI
# workflow; then each of them must parse as YAML (PyYAML), documents and all. Helm templates are Go
# templates, not YAML: deploy_helm.sh renders them and checks the output instead.
source "$(dirname "$0")/../deploy/common.sh"
need yamllint
need_yaml
mapfile -t files < <(ls deploy/k8s/*.yaml deploy/helm/fte/Chart.yaml deploy/helm/fte/values*.yaml \
  deploy/helm/fte/files/*.yaml deploy/prometheus/*.yaml .github/workflows/*.y*ml deploy/.yamllint 2>/dev/null)
((${#files[@]} >= 15)) || { echo "FAIL: expected the deployment YAML files, found ${#files[@]}"; exit 1; }
yamllint -f parsable -c deploy/.yamllint "${files[@]}"
"$PY" - "${files[@]}" <<'PY'
import sys, yaml
for f in sys.argv[1:]:
    docs = [d for d in yaml.safe_load_all(open(f)) if d is not None]
    if not docs:
        sys.exit(f"FAIL: {f} holds no YAML document")
print(f"{len(sys.argv) - 1} YAML files lint clean and parse")
PY
echo "deploy_yamllint: ok"
