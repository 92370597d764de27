#!/usr/bin/env python3
"""Compares the Helm chart's default rendering with deploy/k8s (the objects kustomization.yaml applies).

Usage: compare_render.py K8S_DIR RENDERED_FILE
The chart must render the same objects with the same content, apart from what only Helm adds:
the helm.sh/chart, app.kubernetes.io/version and app.kubernetes.io/managed-by labels, checksum/*
pod annotations, and hook objects (the migration Job, which deploy/k8s keeps outside the
kustomization). The Namespace is created by `helm install --create-namespace`, so it is skipped.
Prints each difference as a path; exit 1 if there is any.
"""
import os
import sys

import yaml

HELM_LABELS = {"helm.sh/chart", "app.kubernetes.io/version", "app.kubernetes.io/managed-by"}


def normalise(node):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "labels" and isinstance(v, dict):
                v = {lk: lv for lk, lv in v.items() if lk not in HELM_LABELS}
            if k == "annotations" and isinstance(v, dict):
                v = {ak: av for ak, av in v.items() if not ak.startswith("checksum/")}
                if not v:
                    continue
            out[k] = normalise(v)
        return out
    if isinstance(node, list):
        return [normalise(x) for x in node]
    return node


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{path}.{k}: only in the chart ({b[k]!r})")
            elif k not in b:
                out.append(f"{path}.{k}: only in deploy/k8s ({a[k]!r})")
            else:
                diff(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: deploy/k8s has {a!r}, the chart {b!r}")


def main(k8s_dir, rendered):
    kust = yaml.safe_load(open(os.path.join(k8s_dir, "kustomization.yaml")))
    raw = {}
    for f in kust["resources"]:
        for d in yaml.safe_load_all(open(os.path.join(k8s_dir, f))):
            if d and d["kind"] != "Namespace":
                raw[(d["kind"], d["metadata"]["name"])] = normalise(d)
    chart = {}
    for d in yaml.safe_load_all(open(rendered)):
        if d and "helm.sh/hook" not in (d["metadata"].get("annotations") or {}):
            chart[(d["kind"], d["metadata"]["name"])] = normalise(d)
    out = []
    for key in sorted(set(raw) | set(chart)):
        if key not in chart:
            out.append(f"{key[0]}/{key[1]}: in deploy/k8s, not rendered by the chart")
        elif key not in raw:
            out.append(f"{key[0]}/{key[1]}: rendered by the chart, not in deploy/k8s")
        else:
            diff(raw[key], chart[key], f"{key[0]}/{key[1]}", out)
    for line in out:
        print("differs:", line)
    print(f"compare_render: {len(raw)} objects in deploy/k8s, {len(chart)} rendered, {len(out)} differences")
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
