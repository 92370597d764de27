#!/usr/bin/env python3
"""Validates Kubernetes manifests with the `jsonschema` library (Debian's python3-jsonschema, a
complete JSON Schema Draft 7 implementation) against the same schema files as schema_validate.py.

Usage: jsonschema_validate.py SCHEMA_DIR FILE... ('-' reads stdin). A second opinion on the
home-made validator: it implements every Draft 7 keyword, so a schema keyword schema_validate.py
does not know is still checked here. Every YAML document must name an apiVersion/kind listed under
"kinds" of one schema file. Prints each problem with its document and path; exits 1 if any.
"""
import json
import os
import sys

import jsonschema
import yaml


def main():
    folder, files = sys.argv[1], sys.argv[2:]
    store, kinds = {}, {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as f:
                doc = json.load(f)
            store["file:///schemas/" + name] = doc
            for kind, definition in doc.get("kinds", {}).items():
                kinds[kind] = (name, definition)
    problems = checked = 0
    for path in files:
        text = sys.stdin.read() if path == "-" else open(path).read()
        for i, obj in enumerate(d for d in yaml.safe_load_all(text) if d is not None):
            where = f"{path} document {i + 1}"
            kind = f"{obj.get('apiVersion')}/{obj.get('kind')}"
            if kind not in kinds:
                print(f"FAIL: {where}: no schema for {kind}")
                problems += 1
                continue
            name, definition = kinds[kind]
            base = "file:///schemas/" + name
            resolver = jsonschema.RefResolver(base, store[base], store=store)
            validator = jsonschema.Draft7Validator({"$ref": f"#/definitions/{definition}"},
                                                   resolver=resolver)
            for err in sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path)):
                loc = "/".join(str(p) for p in err.absolute_path) or "(root)"
                print(f"FAIL: {where} ({kind} {obj.get('metadata', {}).get('name')}): {loc}: {err.message}")
                problems += 1
            checked += 1
    if problems or not checked:
        print("FAIL: no documents" if not checked else f"FAIL: {problems} problem(s)")
        sys.exit(1)
    print(f"jsonschema (Draft 7): {checked} documents valid")


if __name__ == "__main__":
    main()
