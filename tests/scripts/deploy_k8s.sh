#!/usr/bin/env bash
# label: deploy
# deploy/k8s: every document validates against the Kubernetes API schemas kept in
# tests/fixtures/k8s-schemas (derived from kubernetes-types 1.30, KEDA 2.14 written from its CRD
# reference; closed objects, so misspelt fields fail); the manifest policy holds (roles, probes,
# limits, security, autoscaling on the real topic and group, TLS, network policy, empty Secret);
# kustomization.yaml lists every file except the Secret template and the migration Job; the
# topic and consumer group KEDA watches are the ones the code subscribes with.
source "$(dirname "$0")/../deploy/common.sh"
need_yaml
"$PY" tests/deploy/schema_validate.py tests/fixtures/k8s-schemas deploy/k8s/*.yaml
need_jsonschema
"$PY" tests/deploy/jsonschema_validate.py tests/fixtures/k8s-schemas deploy/k8s/*.yaml
"$PY" tests/deploy/manifest_policy.py deploy/k8s/*.yaml
"$PY" - <<'PY'
import glob, os, sys, yaml
k = yaml.safe_load(open("deploy/k8s/kustomization.yaml"))
files = {os.path.basename(f) for f in glob.glob("deploy/k8s/*.yaml")} - {"kustomization.yaml"}
outside = {"secret.template.yaml", "migrate-job.yaml"}
listed = set(k["resources"])
problems = [f"kustomization.yaml lists {f}, which does not exist" for f in listed - files]
problems += [f"kustomization.yaml must list {f}" for f in files - listed - outside]
problems += [f"kustomization.yaml must not list {f}" for f in listed & outside]
for p in problems: print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
# The code: the agent subscribes as fte-agent to the tickets topic named fte.tickets.incoming.
grep -rqs 'subscribe("fte-agent"' src/app || { echo "FAIL: src/app no longer subscribes the agent as fte-agent; update KEDA"; exit 1; }
grep -rqs '"fte.tickets.incoming"' src/bus src/core || { echo "FAIL: topic fte.tickets.incoming not found in src/bus or src/core; update KEDA"; exit 1; }
echo "deploy_k8s: ok"
