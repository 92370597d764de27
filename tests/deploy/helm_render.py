#!/usr/bin/env python3
"""Renders a Helm chart without Helm, for tests on a machine where Helm is not packaged.

Usage: helm_render.py CHART [-f VALUES]... [--release NAME] [--namespace NS]
Prints the rendered manifests like `helm template` (one "---" document per template file).

It implements the part of Go's text/template and Helm's functions that deploy/helm/fte uses:
actions with {{- -}} trimming, comments, variables ($x :=, $), if/else if/else, range (lists and
maps, with $i, $v), with, define/include/template, pipelines and parentheses, .Values/.Release/
.Chart/.Files.Get, and the functions listed in FUNCS. Anything else is an error rather than a
guess, so a chart that uses more fails here loudly. Semantics follow Helm where they bite: a field
of a missing map is an error (Helm: "nil pointer evaluating"), a missing value prints as "",
map keys iterate sorted, numbers are float64 (so a number of a million or more would print in
exponent form: refused here). Needs PyYAML.
"""
import argparse
import base64
import hashlib
import os
import re
import sys

import yaml


class TemplateError(Exception):
    pass


# ---- lexing -------------------------------------------------------------------------------------

ACTION = re.compile(r"\{\{(-\s)?(.*?)(\s-)?\}\}", re.S)


def lex(src, name):
    """Returns a list of ("text", s) and ("action", s, line) with trimming applied."""
    out, pos = [], 0
    for m in ACTION.finditer(src):
        text = src[pos:m.start()]
        if m.group(1):
            text = text.rstrip()
        out.append(["text", text])
        body = m.group(2).strip()
        line = src.count("\n", 0, m.start()) + 1
        if not (body.startswith("/*") and body.endswith("*/")):
            out.append(["action", body, f"{name}:{line}"])
        pos = m.end()
        if m.group(3):
            rest = src[pos:]
            pos += len(rest) - len(rest.lstrip())
    out.append(["text", src[pos:]])
    return out


TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<raw>`[^`]*`)|(?P<num>-?\d+(?:\.\d+)?)'
                   r'|(?P<decl>:=)|(?P<assign>=)|(?P<var>\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)'
                   r'|(?P<field>(?:\.[A-Za-z0-9_]+)+|\.)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)'
                   r'|(?P<punct>[|(),]))')


def tokens(expr, where):
    out, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise TemplateError(f"{where}: cannot read '{expr[pos:]}'")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
        while pos < len(expr) and expr[pos].isspace():
            pos += 1
    return out


# ---- parsing ------------------------------------------------------------------------------------

class Parser:
    def __init__(self, items, defines):
        self.items, self.i, self.defines = items, 0, defines

    def parse(self, stop=()):
        """Parses nodes until an action whose keyword is in stop; returns (nodes, stop action)."""
        nodes = []
        while self.i < len(self.items):
            it = self.items[self.i]
            self.i += 1
            if it[0] == "text":
                if it[1]:
                    nodes.append(("text", it[1]))
                continue
            body, where = it[1], it[2]
            word = body.split(None, 1)[0] if body else ""
            if word in stop or (word == "else" and "else" in stop):
                return nodes, (body, where)
            if word == "if":
                nodes.append(self.parse_if(body[2:], where))
            elif word in ("range", "with"):
                inner, end = self.parse(("end", "else"))
                alt = []
                if end[0].startswith("else"):
                    alt, _ = self.parse(("end",))
                nodes.append((word, body[len(word):].strip(), inner, alt, where))
            elif word == "define":
                name = tokens(body[6:], where)[0][1].strip('"')
                inner, _ = self.parse(("end",))
                self.defines[name] = inner
            elif word == "template":
                nodes.append(("action", "include " + body[8:].strip(), where))
            elif word in ("end", "else", "block"):
                raise TemplateError(f"{where}: unexpected {word}")
            else:
                nodes.append(("action", body, where))
        if stop:
            raise TemplateError(f"missing {{{{ end }}}} (wanted {stop})")
        return nodes, None

    def parse_if(self, cond, where):
        branches = []
        while True:
            body, end = self.parse(("end", "else"))
            branches.append((cond.strip(), body, where))
            if end[0] == "end":
                return ("if", branches, [])
            rest = end[0][4:].strip()
            if rest.startswith("if "):
                cond, where = rest[3:], end[1]
                continue
            alt, _ = self.parse(("end",))
            return ("if", branches, alt)


# ---- evaluation ---------------------------------------------------------------------------------

def truthy(v):
    if v is None or v is False:
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v != 0
    if isinstance(v, (str, list, dict)):
        return len(v) > 0
    return True


def to_text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        if float(v).is_integer() and abs(v) < 1e6:
            return str(int(v))
        if not float(v).is_integer():
            return repr(float(v))
        raise TemplateError(f"Helm would print {v} in exponent form; quote it in the values")
    if isinstance(v, (dict, list)):
        raise TemplateError(f"printing a {type(v).__name__} directly; use toYaml")
    return str(v)


def go_quote(s):
    return '"' + to_text(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_yaml(v):
    if v is None:
        return "null"
    return yaml.safe_dump(v, default_flow_style=False, sort_keys=True, width=1 << 20).rstrip("\n").removesuffix("\n...")


def indent(n, s):
    return "\n".join((" " * int(n) + line) if line else line for line in to_text(s).split("\n"))


def go_printf(fmt, *args):
    out, ai = [], 0
    for m in re.finditer(r"%([svdq%])|[^%]+", fmt):
        if m.group(1) == "%":
            out.append("%")
        elif m.group(1):
            a = args[ai]
            ai += 1
            out.append(go_quote(a) if m.group(1) == "q" else to_text(a))
        else:
            out.append(m.group(0))
    return "".join(out)


def required(msg, v):
    if v is None or v == "":
        raise TemplateError(f"required value missing: {msg}")
    return v


def cmp(op):
    def f(a, b):
        return op(a, b)
    return f


FUNCS = {
    "toYaml": to_yaml,
    "indent": indent,
    "nindent": lambda n, s: "\n" + indent(n, s),
    "quote": go_quote,
    "default": lambda d, v=None: v if truthy(v) else d,
    "required": required,
    "printf": go_printf,
    "print": lambda *a: "".join(to_text(x) for x in a),
    "trunc": lambda n, s: to_text(s)[: int(n)],
    "trimSuffix": lambda suf, s: to_text(s)[: -len(suf)] if suf and to_text(s).endswith(suf) else to_text(s),
    "trimPrefix": lambda pre, s: to_text(s)[len(pre):] if to_text(s).startswith(pre) else to_text(s),
    "replace": lambda old, new, s: to_text(s).replace(old, new),
    "contains": lambda sub, s: sub in to_text(s),
    "hasPrefix": lambda pre, s: to_text(s).startswith(pre),
    "lower": lambda s: to_text(s).lower(),
    "upper": lambda s: to_text(s).upper(),
    "trim": lambda s: to_text(s).strip(),
    "toString": to_text,
    "int": lambda v: int(float(v)) if v not in (None, "") else 0,
    "add": lambda *a: sum(int(x) for x in a),
    "eq": lambda a, *b: any(a == x for x in b),
    "ne": cmp(lambda a, b: a != b),
    "lt": cmp(lambda a, b: a < b),
    "le": cmp(lambda a, b: a <= b),
    "gt": cmp(lambda a, b: a > b),
    "ge": cmp(lambda a, b: a >= b),
    "not": lambda v: not truthy(v),
    "empty": lambda v: not truthy(v),
    "sha256sum": lambda s: hashlib.sha256(to_text(s).encode()).hexdigest(),
    "b64enc": lambda s: base64.b64encode(to_text(s).encode()).decode(),
    "list": lambda *a: list(a),
    "dict": lambda *a: {a[i]: a[i + 1] for i in range(0, len(a), 2)},
    "hasKey": lambda d, k: isinstance(d, dict) and k in d,
    "index": lambda coll, *keys: __import__("functools").reduce(lambda c, k: c[k] if c is not None else None, keys, coll),
    "fail": lambda msg: (_ for _ in ()).throw(TemplateError(f"fail: {msg}")),
}
LAZY = {"and", "or"}


class Renderer:
    def __init__(self, defines):
        self.defines = defines

    def field(self, value, path, where):
        for part in [p for p in path.split(".") if p]:
            if isinstance(value, dict):
                value = value.get(part)
            elif value is None:
                raise TemplateError(f"{where}: nil pointer evaluating .{part}")
            else:
                attr = getattr(value, part, None)
                if attr is None:
                    raise TemplateError(f"{where}: {type(value).__name__} has no field {part}")
                value = attr
        return value

    def operand(self, tok, dot, scope, where):
        kind, text = tok
        if kind == "str":
            return bytes(text[1:-1], "utf-8").decode("unicode_escape")
        if kind == "raw":
            return text[1:-1]
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind == "field":
            return dot if text == "." else self.field(dot, text, where)
        if kind == "var":
            name, _, rest = text.partition(".")
            for s in reversed(scope):
                if name in s:
                    return self.field(s[name], rest, where)
            raise TemplateError(f"{where}: undefined variable {name}")
        if kind == "ident" and text in ("true", "false", "nil"):
            return {"true": True, "false": False, "nil": None}[text]
        raise TemplateError(f"{where}: unexpected {text}")

    def split(self, toks, where):
        """Splits a token list into commands at top-level '|', keeping parenthesised groups."""
        cmds, cur, depth = [], [], 0
        for t in toks:
            if t == ("punct", "(" ):
                depth += 1
            elif t == ("punct", ")"):
                depth -= 1
            if t == ("punct", "|") and depth == 0:
                cmds.append(cur)
                cur = []
            else:
                cur.append(t)
        cmds.append(cur)
        if depth:
            raise TemplateError(f"{where}: unbalanced parentheses")
        return cmds

    def args(self, toks, dot, scope, where):
        out, i = [], 0
        while i < len(toks):
            if toks[i] == ("punct", "("):
                depth, j = 1, i + 1
                while depth:
                    depth += {("punct", "("): 1, ("punct", ")"): -1}.get(toks[j], 0)
                    j += 1
                out.append(("value", self.pipeline(toks[i + 1:j - 1], dot, scope, where)))
                i = j
            else:
                out.append(("token", toks[i]))
                i += 1
        return out

    def command(self, toks, dot, scope, where, piped, has_piped):
        parts = self.args(toks, dot, scope, where)
        if not parts:
            raise TemplateError(f"{where}: empty command")
        head = parts[0]
        value = lambda p: p[1] if p[0] == "value" else self.operand(p[1], dot, scope, where)
        if head[0] == "token" and head[1][0] == "ident" and head[1][1] not in ("true", "false", "nil"):
            name = head[1][1]
            rest = parts[1:]
            if name in LAZY:
                vals = [value(p) for p in rest] + ([piped] if has_piped else [])
                pick = (lambda v: not truthy(v)) if name == "and" else truthy
                return next((v for v in vals if pick(v)), vals[-1])
            args = [value(p) for p in rest] + ([piped] if has_piped else [])
            if name == "include":
                return self.include(args[0], args[1] if len(args) > 1 else None, where)
            if name not in FUNCS:
                raise TemplateError(f"{where}: function {name} is not implemented here")
            try:
                return FUNCS[name](*args)
            except TemplateError:
                raise
            except Exception as e:
                raise TemplateError(f"{where}: {name}{tuple(args)!r}: {e}")
        v = value(head)
        if callable(v):
            return v(*[value(p) for p in parts[1:]], *([piped] if has_piped else []))
        if len(parts) > 1 or has_piped:
            raise TemplateError(f"{where}: {head[1][1] if head[0] == 'token' else 'value'} is not a function")
        return v

    def pipeline(self, toks, dot, scope, where):
        value, has = None, False
        for cmd in self.split(toks, where):
            value, has = self.command(cmd, dot, scope, where, value, has), True
        return value

    def evaluate(self, expr, dot, scope, where, declare=True):
        toks = tokens(expr, where)
        if len(toks) >= 2 and toks[0][0] == "var" and toks[1][0] in ("decl", "assign"):
            v = self.pipeline(toks[2:], dot, scope, where)
            if toks[1][0] == "decl":
                scope[-1][toks[0][1]] = v
            else:
                for s in reversed(scope):
                    if toks[0][1] in s:
                        s[toks[0][1]] = v
                        break
            return None, True
        return self.pipeline(toks, dot, scope, where), False

    def include(self, name, data, where):
        if name not in self.defines:
            raise TemplateError(f"{where}: no template named {name}")
        return self.render(self.defines[name], data, [{"$": data}])

    def render(self, nodes, dot, scope):
        out = []
        for n in nodes:
            kind = n[0]
            if kind == "text":
                out.append(n[1])
            elif kind == "action":
                v, assigned = self.evaluate(n[1], dot, scope, n[2])
                if not assigned:
                    out.append(to_text(v))
            elif kind == "if":
                for cond, body, where in n[1]:
                    if truthy(self.evaluate(cond, dot, scope, where)[0]):
                        out.append(self.render(body, dot, scope + [{}]))
                        break
                else:
                    out.append(self.render(n[2], dot, scope + [{}]))
            elif kind == "with":
                v = self.evaluate(n[1], dot, scope, n[4])[0]
                out.append(self.render(n[2], v, scope + [{}]) if truthy(v) else self.render(n[3], dot, scope + [{}]))
            elif kind == "range":
                expr, where = n[1], n[4]
                names = []
                m = re.match(r"^(\$\w+)(?:\s*,\s*(\$\w+))?\s*:=\s*(.*)$", expr, re.S)
                if m:
                    names = [x for x in (m.group(1), m.group(2)) if x]
                    expr = m.group(3)
                coll = self.evaluate(expr, dot, scope, where)[0]
                if coll is None or not truthy(coll):
                    out.append(self.render(n[3], dot, scope + [{}]))
                    continue
                pairs = sorted(coll.items()) if isinstance(coll, dict) else list(enumerate(coll))
                for k, v in pairs:
                    s = {}
                    if len(names) == 2:
                        s[names[0]], s[names[1]] = k, v
                    elif names:
                        s[names[0]] = v
                    out.append(self.render(n[2], v, scope + [s]))
        return "".join(out)


# ---- Helm around it -----------------------------------------------------------------------------

def merge(base, over):
    out = dict(base)
    for k, v in (over or {}).items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


class Files:
    def __init__(self, root):
        self.root = root

    def Get(self, rel):  # noqa: N802 (Helm's name)
        with open(os.path.join(self.root, rel)) as f:
            return f.read()


def render_chart(chart, value_files=(), release="fte", namespace="default"):
    meta = yaml.safe_load(open(os.path.join(chart, "Chart.yaml")))
    values = yaml.safe_load(open(os.path.join(chart, "values.yaml"))) or {}
    for f in value_files:
        values = merge(values, yaml.safe_load(open(f)) or {})
    root = {
        "Values": values,
        "Release": {"Name": release, "Namespace": namespace, "Service": "Helm", "IsInstall": True, "IsUpgrade": False},
        "Chart": {k[0].upper() + k[1:]: v for k, v in meta.items()},
        "Files": Files(chart),
    }
    tdir = os.path.join(chart, "templates")
    names = sorted(os.listdir(tdir))
    defines, parsed = {}, {}
    for name in names:
        if name.endswith((".yaml", ".tpl")):
            src = open(os.path.join(tdir, name)).read()
            nodes, _ = Parser(lex(src, name), defines).parse()
            parsed[name] = nodes
    r = Renderer(defines)
    docs = []
    for name in names:
        if name.startswith("_") or not name.endswith(".yaml"):
            continue
        text = r.render(parsed[name], root, [{"$": root}])
        if text.strip():
            docs.append(f"---\n# Source: {meta['name']}/templates/{name}\n{text.strip()}\n")
    return "".join(docs)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("chart")
    ap.add_argument("-f", "--values", action="append", default=[])
    ap.add_argument("--release", default="fte")
    ap.add_argument("--namespace", default="default")
    a = ap.parse_args(argv[1:])
    try:
        sys.stdout.write(render_chart(a.chart, a.values, a.release, a.namespace))
    except TemplateError as e:
        print(f"helm_render: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
