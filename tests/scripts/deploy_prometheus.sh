#!/usr/bin/env bash
# label: deploy
# Alert rules: `promtool check rules` and `promtool test rules` (alerts.test.yaml shows each alert
# firing on its failure and quiet when healthy); every alert has a section in docs/RUNBOOK.md that
# its runbook_url points at; the relay's failure counters have tested alerts; the Helm chart's copy
# of the rules is identical.
source "$(dirname "$0")/../deploy/common.sh"
need promtool
need_yaml
promtool check rules deploy/prometheus/alerts.yaml
(cd deploy/prometheus && promtool test rules alerts.test.yaml)
"$PY" - <<'PY'
import re, sys, yaml
rules = yaml.safe_load(open("deploy/prometheus/alerts.yaml"))
runbook = open("docs/RUNBOOK.md").read()
headings = {h.strip().lower() for h in re.findall(r"^##+\s+(.+)$", runbook, re.M)}
problems = []
for g in rules["groups"]:
    for r in g["rules"]:
        name = r["alert"]
        if name.lower() not in headings:
            problems.append(f"{name}: no '## {name}' section in docs/RUNBOOK.md")
        url = r.get("annotations", {}).get("runbook_url", "")
        if url != f"docs/RUNBOOK.md#{name.lower()}":
            problems.append(f"{name}: runbook_url is {url!r}")
        if r.get("labels", {}).get("severity") not in ("warning", "critical"):
            problems.append(f"{name}: severity must be warning or critical")
# The outbox relay's failure counters (src/app/relay_metrics.h) each have an alert on them that
# alerts.test.yaml exercises.
tests = open("deploy/prometheus/alerts.test.yaml").read()
by_name = {r["alert"]: r for g in rules["groups"] for r in g["rules"]}
for metric, name in (("fte_dlq_events_total", "FteDlqGrowing"),
                     ("fte_relay_tail_check_failures_total", "FteRelayTailCheckFailed")):
    if metric not in by_name.get(name, {}).get("expr", ""):
        problems.append(f"{name}: no alert on {metric}")
    if f"alertname: {name}" not in tests:
        problems.append(f"{name}: not tested in alerts.test.yaml")
chart = open("deploy/helm/fte/files/alerts.yaml").read()
if chart != open("deploy/prometheus/alerts.yaml").read():
    problems.append("deploy/helm/fte/files/alerts.yaml differs from deploy/prometheus/alerts.yaml (copy it)")
for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
echo "deploy_prometheus: ok"
