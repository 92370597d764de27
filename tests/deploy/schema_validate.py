#!/usr/bin/env python3
"""Validates Kubernetes manifests against the API schemas kept in tests/fixtures/k8s-schemas/.

Usage: schema_validate.py SCHEMA_DIR FILE... ('-' reads stdin). Every YAML document must name an
apiVersion/kind that one of the schema files lists under "kinds", and must match its schema. The
validator implements the JSON Schema keywords those files use (type, const, enum, properties,
required, additionalProperties, items, anyOf, $ref) and nothing else; a schema using any other
keyword is an error, so a new schema cannot be silently half-checked. Exits 1 on the first file
with problems after printing every problem found in it. Needs PyYAML (a dependency of yamllint).
"""
import json
import os
import sys

import yaml

KNOWN_KEYWORDS = {"$schema", "$comment", "type", "const", "enum", "properties", "required",
                  "additionalProperties", "items", "anyOf", "$ref"}


class Schemas:
    """All schema files of one folder; resolves "#/definitions/X" and "file.json#/definitions/X"."""

    def __init__(self, folder):
        self.docs, self.kinds = {}, {}
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json"):
                with open(os.path.join(folder, name)) as f:
                    doc = json.load(f)
                self.docs[name] = doc
                for kind, definition in doc.get("kinds", {}).items():
                    self.kinds[kind] = (name, definition)

    def resolve(self, current, ref):
        file, _, pointer = ref.partition("#")
        file = file or current
        node = self.docs[file]
        for part in pointer.strip("/").split("/"):
            node = node[part]
        return file, node


def type_ok(value, t):
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    if t == "string":
        return isinstance(value, str)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "null":
        return value is None
    raise ValueError("unknown type " + t)


def validate(schemas, file, schema, value, path, errors):
    unknown = set(schema) - KNOWN_KEYWORDS
    if unknown:
        raise ValueError(f"{file}: unsupported schema keywords {sorted(unknown)}")
    if "$ref" in schema:
        ref_file, target = schemas.resolve(file, schema["$ref"])
        validate(schemas, ref_file, target, value, path, errors)
        return
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            trial = []
            validate(schemas, file, option, value, path, trial)
            if not trial:
                break
        else:
            errors.append(f"{path}: matches none of the allowed forms")
        return
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: must be {schema['const']!r}, is {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: must be one of {schema['enum']}, is {value!r}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(type_ok(value, t) for t in types):
            errors.append(f"{path}: expected {'|'.join(types)}, got {type(value).__name__} {value!r}")
            return
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing required field '{key}'")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                validate(schemas, file, props[key], item, f"{path}.{key}", errors)
            elif extra is False:
                errors.append(f"{path}: unknown field '{key}'")
            elif isinstance(extra, dict):
                validate(schemas, file, extra, item, f"{path}.{key}", errors)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            validate(schemas, file, schema["items"], item, f"{path}[{i}]", errors)


def check_document(schemas, doc, where):
    errors = []
    if not isinstance(doc, dict):
        return [f"{where}: not a mapping"]
    key = f"{doc.get('apiVersion')}/{doc.get('kind')}"
    if key not in schemas.kinds:
        return [f"{where}: no schema for apiVersion/kind {key}"]
    name = (doc.get("metadata") or {}).get("name")
    if not name:
        errors.append(f"{where} {key}: metadata.name is missing")
    file, definition = schemas.kinds[key]
    validate(schemas, file, schemas.docs[file]["definitions"][definition], doc, f"{doc['kind']}/{name}", errors)
    # KEDA passes trigger metadata through as strings; check the kafka scaler's keys too.
    if doc.get("kind") == "ScaledObject":
        for i, trigger in enumerate((doc.get("spec") or {}).get("triggers") or []):
            if trigger.get("type") == "kafka":
                f2, meta_schema = schemas.resolve("keda-2.14.json", "#/definitions/kafkaTriggerMetadata")
                validate(schemas, f2, meta_schema, trigger.get("metadata"),
                         f"ScaledObject/{name}.spec.triggers[{i}].metadata", errors)
    return errors


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    schemas = Schemas(argv[1])
    failed, count = False, 0
    for path in argv[2:]:
        text = sys.stdin.read() if path == "-" else open(path).read()
        for i, doc in enumerate(yaml.safe_load_all(text)):
            if doc is None:
                continue
            count += 1
            problems = check_document(schemas, doc, f"{path}#{i}")
            for p in problems:
                print(f"{path}: {p}")
            failed = failed or bool(problems)
    print(f"schema_validate: {count} documents checked, {'FAILED' if failed else 'all valid'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
