#!/usr/bin/env python3
"""Checks deploy/docker/Dockerfile against the real binary and scripts/install-deps.sh.

Usage: dockerfile_check.py DOCKERFILE INSTALL_DEPS DOCKERIGNORE < FACTS
FACTS (written by tests/scripts/deploy_dockerfile.sh) has lines "lib PATH PACKAGE" for every library
ldd resolved, "needed SONAME" for the binary's direct dependencies and "dep PACKAGE DEPENDS" for
every installed Debian package. Prints each problem; exit 1 if there is any. Standard library only.
"""
import re, sys, fnmatch
dockerfile, deps_script, dockerignore = sys.argv[1:4]
lines = sys.stdin.read().splitlines()
owner, needed, depends = {}, [], {}
for l in lines:
    kind, rest = l.split(" ", 1)
    if kind == "lib":
        lib, pkg = rest.split(" ")
        owner[lib] = pkg
    elif kind == "needed":
        needed.append(rest)
    else:
        pkg, _, d = rest.partition(" ")
        alts = [re.sub(r"[ (].*|:any", "", a.strip()) for a in d.replace("|", ",").split(",")]
        depends[pkg] = {a for a in alts if a}
problems = []

# Stages and their apt-get install lists (continuation lines joined).
text = open(dockerfile).read().replace("\\\n", " ")
stages, cur = {}, None
for line in text.splitlines():
    m = re.match(r"FROM\s+(\S+)\s+AS\s+(\S+)", line.strip(), re.I)
    if m:
        cur = m.group(2).lower()
        stages[cur] = {"from": m.group(1), "lines": []}
    elif cur:
        stages[cur]["lines"].append(line)
if len(stages) < 2 or "build" not in stages or "runtime" not in stages:
    problems.append(f"expected stages 'build' and 'runtime', found {sorted(stages)}")
def installs(stage):
    pkgs = []
    for line in stages.get(stage, {}).get("lines", []):
        for cmd in line.split("&&"):
            m = re.search(r"apt-get install (.*)", cmd)
            if m:
                pkgs += [t for t in m.group(1).split() if not t.startswith("-")]
    return pkgs
build, runtime = installs("build"), installs("runtime")
print(f"runtime stage installs: {' '.join(runtime)}")

# 1. Build stage == the "# build" group of scripts/install-deps.sh.
src = open(deps_script).read()
group = re.search(r"# build\n(.*?)\n\s*#", src, re.S)
expected = group.group(1).split() if group else []
# Node.js and npm build the sentiment lexicon (npm vader-sentiment); install-deps.sh adds them only
# when no Node.js is installed, so the image installs them explicitly.
if expected:
    expected += ["nodejs", "npm"]
if not expected:
    problems.append("could not find the '# build' group in scripts/install-deps.sh")
elif sorted(build) != sorted(expected):
    problems.append(f"build stage packages differ from install-deps.sh: only in Dockerfile {sorted(set(build)-set(expected))}, "
                    f"only in install-deps.sh {sorted(set(expected)-set(build))}")

# 2. Every library ldd lists is owned by a runtime package or by one of their dependencies;
#    every directly linked (NEEDED) library by a package named in the runtime stage itself.
closure, todo = set(), list(runtime)
while todo:
    p = todo.pop()
    if p not in closure:
        closure.add(p)
        todo += depends.get(p, ())
for lib, pkg in sorted(owner.items()):
    base = lib.rsplit("/", 1)[-1]
    direct = base in needed
    ok = pkg in runtime if direct else pkg in closure
    print(f"  {'direct' if direct else 'indirect':8} {base:32} {pkg:28} {'ok' if ok else 'MISSING'}")
    if not ok:
        problems.append(f"{base} ({'linked directly' if direct else 'pulled in'}) needs package {pkg}, "
                        f"which the runtime stage does not {'install' if direct else 'install or depend on'}")
for n in needed:
    if not any(l.endswith("/" + n) for l in owner):
        problems.append(f"NEEDED {n} was not resolved by ldd")
for p in runtime:
    if p not in depends:
        problems.append(f"runtime package {p} is not a package of this Debian (not installed here, cannot check its dependencies)")

# 3. No toolchain in the runtime image; non-root numeric USER in the last stage; entrypoint.
rt = "\n".join(stages.get("runtime", {}).get("lines", []))
for tool in ("g++", "gcc", "cmake", "ninja-build", "build-essential"):
    if tool in runtime:
        problems.append(f"runtime stage installs {tool}")
users = re.findall(r"^USER\s+(\S+)", rt, re.M)
if not users or not re.match(r"^[1-9][0-9]*(:[0-9]+)?$", users[-1]):
    problems.append(f"runtime stage must end with a numeric non-root USER (runAsNonRoot can only verify numbers), has {users}")
if '"/usr/bin/fte"' not in rt or "ENTRYPOINT" not in rt:
    problems.append("runtime ENTRYPOINT is not /usr/bin/fte")
if list(stages)[-1:] != ["runtime"]:
    problems.append("the runtime stage must be the last (default) stage")
if not stages.get("runtime", {}).get("from", "").endswith("-slim"):
    problems.append("runtime stage is not based on a -slim image")

# 4. .dockerignore: everything COPY takes from the context is let in.
rules = [l.strip() for l in open(dockerignore) if l.strip() and not l.startswith("#")]
def ignored(path):
    result = False
    for r in rules:
        neg = r.startswith("!")
        pat = r[1:] if neg else r
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(path, pat) or path.startswith(pat + "/") or fnmatch.fnmatch(path, pat.replace("**/", "")):
            result = not neg
    return result
for m in re.finditer(r"^COPY\s+(?!--from)(.*)$", text, re.M):
    for s in m.group(1).split()[:-1]:
        if ignored(s.rstrip("/")):
            problems.append(f".dockerignore excludes {s}, which the Dockerfile copies")
for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
