#!/usr/bin/env bash
# label: deploy
# The Helm chart's defaults are what bench/multichannel proves under chaos (its reduced run is the
# ctest test chaos_multichannel): as many gateways, agents and deliver replicas as the harness runs
# by default; disruption budgets that let exactly one pod of each role go at a time (the harness
# kills one replica at a time; none blocks a node drain); a gateway preStop pause before SIGTERM
# (the binary closes its listener at once on SIGTERM, then drains in-flight requests for
# FTE_DRAIN_SECONDS, the value the harness runs with); KEDA on the lag of fte.tickets.incoming for
# group fte-agent, the topic the one outbox relay publishes to and the harness counts; partition
# leases (FTE_KAFKA_ASSIGNMENT, FTE_KAFKA_LEASE_MS) as the built-in defaults the harness runs with;
# the public ingress passes a request refused by a dead gateway to another one, as many times as the
# harness's front door does (bench/multichannel/clients.cpp kIngressTries).
source "$(dirname "$0")/../deploy/common.sh"
need_yaml
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$PY" tests/deploy/helm_render.py deploy/helm/fte --release fte --namespace customer-success-fte >"$out"
"$PY" - "$out" bench/multichannel/main.cpp src/app/runtime.cpp src/app/config.cpp bench/multichannel/clients.cpp <<'PY'
import re, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
harness = open(sys.argv[2]).read()
runtime = open(sys.argv[3]).read()
config = open(sys.argv[4]).read()
clients = open(sys.argv[5]).read()
problems = []
def fail(m): problems.append(m)
def one(kind, name):
    m = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    return m[0] if len(m) == 1 else fail(f"{kind} {name}: {len(m)} rendered") or {}

m = re.search(r"int gateways = (\d+), agents = (\d+), delivers = (\d+)", harness)
if not m: sys.exit("FAIL: bench/multichannel/main.cpp no longer declares its replica counts as expected")
want = dict(zip(("gateway", "agent", "deliver"), map(int, m.groups())))
drain = re.search(r'\{"FTE_DRAIN_SECONDS", "(\d+)"\}', harness)
if not drain: sys.exit("FAIL: bench/multichannel/main.cpp does not set FTE_DRAIN_SECONDS")

hpa = one("HorizontalPodAutoscaler", "fte-gateway").get("spec", {})
so = one("ScaledObject", "fte-agent").get("spec", {})
dep = {r: one("Deployment", f"fte-{r}") for r in want}
have = {"gateway": hpa.get("minReplicas"), "agent": so.get("minReplicaCount"),
        "deliver": dep["deliver"].get("spec", {}).get("replicas")}
for r in want:
    if have[r] != want[r]:
        fail(f"{r}: the chart starts {have[r]} replicas, bench/multichannel proves {want[r]}")
    pdb = one("PodDisruptionBudget", f"fte-{r}").get("spec", {})
    allowed = pdb["maxUnavailable"] if "maxUnavailable" in pdb else want[r] - pdb.get("minAvailable", 0)
    if allowed != 1:
        fail(f"{r}: PodDisruptionBudget {pdb} lets {allowed} of {want[r]} pods go at once; the harness proves one at a time")

cm = one("ConfigMap", "fte-config").get("data", {})
if cm.get("FTE_DRAIN_SECONDS") != drain.group(1):
    fail(f"FTE_DRAIN_SECONDS {cm.get('FTE_DRAIN_SECONDS')} in the chart, {drain.group(1)} in the harness")
for k in ("FTE_RELAY_LEASE_SECONDS", "FTE_GMAIL_POLL_SECONDS"):
    if k in cm and not re.search(r'"%s"' % k, harness):
        fail(f"the chart sets {k}, the harness runs with the built-in default")

# Partition leases: the harness runs with the built-in defaults, so the chart's values must be them.
for k in ("FTE_KAFKA_ASSIGNMENT", "FTE_KAFKA_LEASE_MS"):
    d = re.search(r'env\.get\("%s", "([^"]*)"\)' % k, config)
    if re.search(r'"%s"' % k, harness):
        fail(f"bench/multichannel/main.cpp sets {k}; recheck the chart against it")
    elif not d or cm.get(k) != d.group(1):
        fail(f"{k} {cm.get(k)} in the chart, {d.group(1) if d else '?'} built in (what the harness runs)")

g = dep["gateway"].get("spec", {}).get("template", {}).get("spec", {})
c = (g.get("containers") or [{}])[0]
cmd = (((c.get("lifecycle") or {}).get("preStop") or {}).get("exec") or {}).get("command") or []
pause = int(cmd[1]) if len(cmd) == 2 and cmd[0].endswith("sleep") else 0
if pause < 1:
    fail("gateway: no preStop pause, so SIGTERM closes the listener while the Service still routes to it")
if g.get("terminationGracePeriodSeconds", 30) < pause + int(drain.group(1)) + 10:
    fail("gateway: terminationGracePeriodSeconds does not outlast preStop + drain + 10 s")
if not re.search(r"sigwait\(", runtime) or not re.search(r"server\.stop\(c\.drain_seconds \* 1000\)", runtime):
    fail("src/app/runtime.cpp: SIGTERM no longer stops the HTTP server with FTE_DRAIN_SECONDS; recheck preStop")

trig = [t for t in so.get("triggers", []) if t.get("type") == "kafka"]
if not trig or trig[0]["metadata"].get("topic") != "fte.tickets.incoming" or trig[0]["metadata"].get("consumerGroup") != "fte-agent":
    fail("agent: KEDA must watch fte.tickets.incoming, group fte-agent (the relay's topic the harness counts)")
if '"fte.tickets.incoming"' not in harness:
    fail("bench/multichannel/main.cpp no longer counts records on fte.tickets.incoming")

tries = re.search(r"kIngressTries = (\d+)", clients)
ann = one("Ingress", "fte-public").get("metadata", {}).get("annotations") or {}
if ann.get("nginx.ingress.kubernetes.io/proxy-next-upstream") != "error timeout":
    fail("public ingress: proxy-next-upstream is not 'error timeout'; the harness's front door passes refused connections on")
if not tries or ann.get("nginx.ingress.kubernetes.io/proxy-next-upstream-tries") != tries.group(1):
    fail(f"public ingress: proxy-next-upstream-tries {ann.get('nginx.ingress.kubernetes.io/proxy-next-upstream-tries')}, "
         f"the harness's front door tries {tries.group(1) if tries else '?'}")

for p in problems: print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
echo "deploy_proven_defaults: ok"
