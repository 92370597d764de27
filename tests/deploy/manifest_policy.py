#!/usr/bin/env python3
"""Checks the deployment must-haves that a schema cannot express, across all objects at once.

Usage: manifest_policy.py [--namespace NS] [--release NAME] FILE... ('-' reads stdin)

Run on deploy/k8s/*.yaml and on every rendering of the Helm chart. What it holds (spec VIII and
DESIGN.md section 9): the three roles exist and each runs its own subcommand (a worker that starts
the API because its command was missing is a known failure); every container has CPU and memory
requests and limits, runs as non-root with a read-only root filesystem and no capabilities, and
writes only to /tmp and /var/lib/fte; liveness is /health and readiness /ready on the HTTP port;
the grace period outlasts the drain; Services, the Ingress, the HPA, the KEDA ScaledObject and the
PodDisruptionBudgets point at things that exist; the KEDA trigger watches the real topic and
consumer group on the brokers of FTE_BUS; the Ingress has TLS and routes no internal endpoint; a
default-deny NetworkPolicy exists; a Secret in the set carries no values. Prints every violation;
exit 1 if there is any.
"""
import argparse
import sys

import yaml

ROLES = ("gateway", "agent", "deliver")
INTERNAL_PATHS = ("/metrics", "/health", "/ready")
WRITABLE = {"/tmp", "/var/lib/fte"}
AGENT_TOPIC = "fte.tickets.incoming"
AGENT_GROUP = "fte-agent"


class Checker:
    def __init__(self, docs, namespace, release, fixed_ok=False):
        self.docs, self.ns, self.release, self.fixed_ok = docs, namespace, release, fixed_ok
        self.problems = []

    def fail(self, obj, msg):
        self.problems.append(f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}: {msg}")

    def of_kind(self, kind):
        return [d for d in self.docs if d.get("kind") == kind]

    def named(self, kind, name):
        return next((d for d in self.of_kind(kind) if d["metadata"].get("name") == name), None)

    def config(self):
        maps = self.of_kind("ConfigMap")
        return maps[0].get("data", {}) if maps else {}

    # ---- checks ---------------------------------------------------------------------------------

    def namespaces(self):
        for d in self.docs:
            if d.get("kind") in ("Namespace", "Kustomization"):
                continue
            if self.ns and d["metadata"].get("namespace", self.ns) != self.ns:
                self.fail(d, f"namespace is {d['metadata'].get('namespace')}, expected {self.ns}")

    def pod_spec(self, owner, spec, role):
        psc = spec.get("securityContext") or {}
        if spec.get("automountServiceAccountToken") is not False:
            self.fail(owner, "automountServiceAccountToken must be false (fte uses no Kubernetes API)")
        volumes = {v["name"]: v for v in spec.get("volumes") or []}
        for c in spec.get("containers") or []:
            csc = c.get("securityContext") or {}
            if not (csc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True):
                self.fail(owner, f"container {c['name']}: runAsNonRoot is not true")
            if csc.get("readOnlyRootFilesystem") is not True:
                self.fail(owner, f"container {c['name']}: readOnlyRootFilesystem is not true")
            if csc.get("allowPrivilegeEscalation") is not False:
                self.fail(owner, f"container {c['name']}: allowPrivilegeEscalation is not false")
            if "ALL" not in ((csc.get("capabilities") or {}).get("drop") or []):
                self.fail(owner, f"container {c['name']}: capabilities do not drop ALL")
            res = c.get("resources") or {}
            for kind in ("requests", "limits"):
                for r in ("cpu", "memory"):
                    if r not in (res.get(kind) or {}):
                        self.fail(owner, f"container {c['name']}: no {r} {kind}")
            if c.get("command") != ["/usr/bin/fte"] or not c.get("args") or c["args"][0] != role:
                self.fail(owner, f"container {c['name']}: must run /usr/bin/fte {role}, runs "
                                 f"{c.get('command')} {c.get('args')}")
            mounts = {m["mountPath"]: m for m in c.get("volumeMounts") or []}
            for path in WRITABLE:
                m = mounts.get(path)
                if not m or m["name"] not in volumes:
                    self.fail(owner, f"container {c['name']}: no volume mounted at {path}")
            for path, m in mounts.items():
                if path not in WRITABLE and not m.get("readOnly"):
                    self.fail(owner, f"container {c['name']}: writable mount {path} outside {sorted(WRITABLE)}")
            for src in c.get("envFrom") or []:
                if "configMapRef" in src and not self.named("ConfigMap", src["configMapRef"]["name"]):
                    self.fail(owner, f"envFrom names a ConfigMap {src['configMapRef']['name']} that is not in the set")
                if "secretRef" in src:
                    self.secret_names.add(src["secretRef"]["name"])
            if not any("secretRef" in s for s in c.get("envFrom") or []):
                self.fail(owner, f"container {c['name']}: reads no Secret (envFrom secretRef)")

    def deployments(self):
        cfg = self.config()
        port = int(cfg.get("FTE_HTTP_PORT", "8080"))
        drain = int(cfg.get("FTE_DRAIN_SECONDS", "30"))
        self.secret_names = set()
        for role in ROLES:
            d = self.named("Deployment", f"{self.release}-{role}")
            if not d:
                self.problems.append(f"Deployment {self.release}-{role} is missing")
                continue
            tmpl = d["spec"]["template"]
            if tmpl["metadata"].get("labels", {}).get("app.kubernetes.io/component") != role:
                self.fail(d, f"pod label app.kubernetes.io/component is not {role}")
            spec = tmpl["spec"]
            self.pod_spec(d, spec, role)
            for c in spec["containers"]:
                ports = {p.get("name"): p["containerPort"] for p in c.get("ports") or []}
                if port not in ports.values():
                    self.fail(d, f"container {c['name']}: no containerPort {port} (FTE_HTTP_PORT)")
                for probe, path in (("livenessProbe", "/health"), ("readinessProbe", "/ready")):
                    get = (c.get(probe) or {}).get("httpGet") or {}
                    if get.get("path") != path:
                        self.fail(d, f"container {c['name']}: {probe} must GET {path}, has {get or None}")
                    elif ports.get(get.get("port"), get.get("port")) != port:
                        self.fail(d, f"container {c['name']}: {probe} port {get.get('port')} is not {port}")
                pause = 0
                cmd = (((c.get("lifecycle") or {}).get("preStop") or {}).get("exec") or {}).get("command") or []
                if len(cmd) == 2 and cmd[0].endswith("sleep"):
                    pause = int(cmd[1])
                grace = spec.get("terminationGracePeriodSeconds", 30)
                if grace < drain + pause + 10:
                    self.fail(d, f"terminationGracePeriodSeconds {grace} does not outlast preStop {pause}s + "
                                 f"drain {drain}s + 10s")
        for job in self.of_kind("Job"):
            self.pod_spec(job, job["spec"]["template"]["spec"], "migrate")

    def pods_matching(self, selector):
        out = []
        for d in self.of_kind("Deployment"):
            labels = d["spec"]["template"]["metadata"].get("labels", {})
            if selector and all(labels.get(k) == v for k, v in selector.items()):
                out.append(d)
        return out

    def services(self):
        for s in self.of_kind("Service"):
            targets = self.pods_matching(s["spec"].get("selector"))
            if len(targets) != 1:
                self.fail(s, f"selector matches {len(targets)} Deployments, expected 1")
                continue
            names = {p.get("name") for c in targets[0]["spec"]["template"]["spec"]["containers"]
                     for p in c.get("ports") or []}
            for p in s["spec"]["ports"]:
                if isinstance(p.get("targetPort"), str) and p["targetPort"] not in names:
                    self.fail(s, f"targetPort {p['targetPort']} is no container port of {targets[0]['metadata']['name']}")
        for d in self.of_kind("Deployment"):
            if not any(d in self.pods_matching(s["spec"].get("selector")) for s in self.of_kind("Service")):
                self.fail(d, "no Service selects it (metrics scraping needs one)")

    def ingress(self):
        ings = self.of_kind("Ingress")
        if not ings:
            self.problems.append("no Ingress")
        for ing in ings:
            tls_hosts = {h for t in ing["spec"].get("tls") or [] for h in t.get("hosts") or []}
            for rule in ing["spec"].get("rules") or []:
                if rule.get("host") not in tls_hosts:
                    self.fail(ing, f"host {rule.get('host')} has no TLS")
                for p in (rule.get("http") or {}).get("paths") or []:
                    path, kind = p["path"], p["pathType"]
                    for internal in INTERNAL_PATHS:
                        exposed = internal == path if kind == "Exact" else internal.startswith(path.rstrip("/") + "/") or internal == path or path == "/"
                        if exposed:
                            self.fail(ing, f"path {path} ({kind}) exposes internal endpoint {internal}")
                    svc = p["backend"]["service"]
                    target = self.named("Service", svc["name"])
                    if not target:
                        self.fail(ing, f"backend Service {svc['name']} is not in the set")
                    elif "name" in svc["port"] and svc["port"]["name"] not in {q.get("name") for q in target["spec"]["ports"]}:
                        self.fail(ing, f"backend port {svc['port']['name']} is not a port of Service {svc['name']}")

    def autoscaling(self):
        gateway, agent = f"{self.release}-gateway", f"{self.release}-agent"
        hpa = [h for h in self.of_kind("HorizontalPodAutoscaler") if h["spec"]["scaleTargetRef"]["name"] == gateway]
        if self.fixed_ok and not hpa and not self.of_kind("ScaledObject"):
            for role in ROLES:
                d = self.named("Deployment", f"{self.release}-{role}")
                if d and not d["spec"].get("replicas"):
                    self.fail(d, "no autoscaler and no spec.replicas")
            return
        if not hpa:
            self.problems.append(f"no HorizontalPodAutoscaler for {gateway}")
        for h in hpa:
            if not any((m.get("resource") or {}).get("name") == "cpu" for m in h["spec"].get("metrics") or []):
                self.fail(h, "does not scale on CPU")
        so = [s for s in self.of_kind("ScaledObject") if s["spec"]["scaleTargetRef"]["name"] == agent]
        if not so:
            self.problems.append(f"no KEDA ScaledObject for {agent}")
        cfg = self.config()
        topic = cfg.get("FTE_TOPIC_PREFIX", "") + AGENT_TOPIC
        bus = cfg.get("FTE_BUS", "")
        for s in so:
            spec = s["spec"]
            if spec.get("minReplicaCount", 0) < 1 or spec.get("maxReplicaCount", 0) < spec.get("minReplicaCount", 0):
                self.fail(s, f"replica range {spec.get('minReplicaCount')} -> {spec.get('maxReplicaCount')} is not sensible")
            kafka = [t for t in spec["triggers"] if t["type"] == "kafka"]
            if not kafka:
                self.fail(s, "has no kafka trigger")
            for t in kafka:
                m = t["metadata"]
                if m.get("topic") != topic:
                    self.fail(s, f"watches topic {m.get('topic')}, the agent consumes {topic}")
                if m.get("consumerGroup") != AGENT_GROUP:
                    self.fail(s, f"watches group {m.get('consumerGroup')}, the agent's group is {AGENT_GROUP}")
                if bus.startswith("kafka://") and m.get("bootstrapServers") != bus[len("kafka://"):]:
                    self.fail(s, f"bootstrapServers {m.get('bootstrapServers')} differ from FTE_BUS {bus}")
        for scaled in [h["spec"]["scaleTargetRef"]["name"] for h in hpa] + [s["spec"]["scaleTargetRef"]["name"] for s in so]:
            d = self.named("Deployment", scaled)
            if d and "replicas" in d["spec"]:
                self.fail(d, "sets spec.replicas although an autoscaler owns it (every apply would reset the count)")

    def disruption_budgets(self):
        for d in self.of_kind("Deployment"):
            labels = d["spec"]["template"]["metadata"].get("labels", {})
            if not any(all(labels.get(k) == v for k, v in p["spec"]["selector"]["matchLabels"].items())
                       for p in self.of_kind("PodDisruptionBudget")):
                self.fail(d, "no PodDisruptionBudget covers it")

    def network_policy(self):
        pols = self.of_kind("NetworkPolicy")
        if not any(p["spec"].get("podSelector") == {} and "Ingress" in p["spec"].get("policyTypes", [])
                   and not p["spec"].get("ingress") for p in pols):
            self.problems.append("no default-deny NetworkPolicy (podSelector {} with no ingress rules)")

    def secrets(self):
        for s in self.of_kind("Secret"):
            for field in ("data", "stringData"):
                for k, v in (s.get(field) or {}).items():
                    if v not in ("", None):
                        self.fail(s, f"{field}.{k} holds a value; templates in git must stay empty")
        for name in self.secret_names:
            if self.of_kind("Secret") and not self.named("Secret", name):
                self.problems.append(f"envFrom names Secret {name}, the set's Secret template has another name")

    def run(self):
        self.namespaces()
        self.deployments()
        self.services()
        self.ingress()
        self.autoscaling()
        self.disruption_budgets()
        self.network_policy()
        self.secrets()
        return self.problems


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--namespace", default="customer-success-fte")
    ap.add_argument("--release", default="fte")
    ap.add_argument("--allow-fixed-replicas", action="store_true",
                    help="accept a rendering without HPA and ScaledObject (values-dev.yaml)")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args(argv[1:])
    docs = []
    for path in a.files:
        text = sys.stdin.read() if path == "-" else open(path).read()
        docs += [d for d in yaml.safe_load_all(text) if d]
    problems = Checker(docs, a.namespace, a.release, a.allow_fixed_replicas).run()
    for p in problems:
        print("policy:", p)
    print(f"manifest_policy: {len(docs)} objects, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
