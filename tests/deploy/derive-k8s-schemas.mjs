// Dev-time tool: derives the trimmed Kubernetes API schemas that tests/scripts/deploy_k8s_schema.sh
// validates deploy/k8s against. It reads the TypeScript declarations of the `kubernetes-types`
// package (generated upstream from the Kubernetes OpenAPI spec) and writes one JSON Schema document
// holding only the definitions reachable from the kinds we deploy, with every object closed
// (additionalProperties: false) so that a misspelt field fails validation like `kubectl --validate=strict`.
//
// Run: cd tests/deploy && npm install && npm run derive-schemas. Nothing here runs in the tests.
// Losses, stated: the declarations say `number` for both int32 and float fields, and they carry no
// enum or pattern constraints; Quantity accepts numbers as the API server does.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve("kubernetes-types/package.json"));
const pkgVersion = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version;

// apiVersion/kind → module and interface name in kubernetes-types.
const ROOTS = [
  ["v1", "Namespace", "core/v1"],
  ["v1", "ConfigMap", "core/v1"],
  ["v1", "Secret", "core/v1"],
  ["v1", "Service", "core/v1"],
  ["v1", "ServiceAccount", "core/v1"],
  ["apps/v1", "Deployment", "apps/v1"],
  ["batch/v1", "Job", "batch/v1"],
  ["networking.k8s.io/v1", "Ingress", "networking/v1"],
  ["networking.k8s.io/v1", "NetworkPolicy", "networking/v1"],
  ["policy/v1", "PodDisruptionBudget", "policy/v1"],
  ["autoscaling/v2", "HorizontalPodAutoscaler", "autoscaling/v2"],
];

const modules = new Map();  // "core/v1" → { decls: Map(name → {kind, body}), imports: Map(name → module) }

function loadModule(mod) {
  if (modules.has(mod)) return modules.get(mod);
  let src = fs.readFileSync(path.join(pkgDir, mod + ".d.ts"), "utf8");
  src = src.replace(/\/\*[\s\S]*?\*\//g, "");
  const imports = new Map();
  for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)";/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(mod), m[2]));
    for (const n of m[1].split(",").map((s) => s.trim()).filter(Boolean)) imports.set(n, target);
  }
  const decls = new Map();
  for (const m of src.matchAll(/export type (\w+) = ([^;]+);/g)) decls.set(m[1], { kind: "type", body: m[2].trim() });
  // Interfaces: scan braces so that inline `{ [name: string]: T; }` members stay inside.
  const re = /export interface (\w+)\s*\{/g;
  let m;
  while ((m = re.exec(src))) {
    let depth = 1, i = re.lastIndex;
    for (; depth > 0; ++i) depth += src[i] === "{" ? 1 : src[i] === "}" ? -1 : 0;
    decls.set(m[1], { kind: "interface", body: src.slice(re.lastIndex, i - 1) });
  }
  const entry = { decls, imports };
  modules.set(mod, entry);
  return entry;
}

function splitMembers(body) {
  const out = [];
  let depth = 0, cur = "";
  for (const ch of body) {
    if (ch === "{" || ch === "<") depth++;
    if (ch === "}" || ch === ">") depth--;
    if (ch === ";" && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const definitions = {};
const qualified = (mod, name) => mod.replace(/\//g, ".") + "." + name;

function resolveName(mod, name) {
  const { decls, imports } = loadModule(mod);
  if (decls.has(name)) return [mod, name];
  if (imports.has(name)) return resolveName(imports.get(name), name);
  throw new Error(`${mod}: unknown type ${name}`);
}

function schemaOf(mod, t) {
  t = t.trim();
  if (t === "string") return { type: "string" };
  if (t === "number") return { type: "number" };
  if (t === "boolean") return { type: "boolean" };
  if (/^"[^"]*"$/.test(t)) return { const: JSON.parse(t) };
  if (t === "number | string" || t === "string | number") return { type: ["number", "string"] };
  let a = /^Array<(.+)>$/.exec(t) || /^(\w+)\[\]$/.exec(t);
  if (a) return { type: "array", items: schemaOf(mod, a[1]) };
  a = /^\{\s*\[\w+: string\]:\s*(.+?);?\s*\}$/s.exec(t);
  if (a) return { type: "object", additionalProperties: schemaOf(mod, a[1]) };
  if (t.includes("|")) return { anyOf: t.split("|").map((p) => schemaOf(mod, p)) };
  if (/^\w+$/.test(t)) return { $ref: "#/definitions/" + define(...resolveName(mod, t)) };
  throw new Error(`${mod}: cannot translate type '${t}'`);
}

function define(mod, name) {
  const q = qualified(mod, name);
  if (q in definitions) return q;
  definitions[q] = {};  // placeholder against cycles (JSONSchemaProps refers to itself)
  const d = loadModule(mod).decls.get(name);
  if (name === "Quantity") {
    definitions[q] = { type: ["string", "number"] };
  } else if (d.kind === "type") {
    definitions[q] = schemaOf(mod, d.body);
  } else {
    const properties = {}, required = [];
    for (const member of splitMembers(d.body)) {
      const mm = /^(?:readonly\s+)?"?([\w$-]+)"?(\??):\s*([\s\S]+)$/.exec(member);
      if (!mm) throw new Error(`${mod}.${name}: cannot parse member '${member}'`);
      properties[mm[1]] = schemaOf(mod, mm[3]);
      if (mm[2] !== "?") required.push(mm[1]);
    }
    // An interface without members (RawExtension, FieldsV1) is free-form JSON.
    definitions[q] = Object.keys(properties).length
      ? { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false }
      : { type: "object" };
  }
  return q;
}

const kinds = {};
for (const [apiVersion, kind, mod] of ROOTS) kinds[`${apiVersion}/${kind}`] = define(mod, kind);

const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
const doc = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $comment: `Derived from kubernetes-types ${pkgVersion} (Kubernetes API 1.30) by tests/deploy/derive-k8s-schemas.mjs; do not edit by hand.`,
  kinds,
  definitions: sorted,
};
const out = process.argv[2];
fs.writeFileSync(out, JSON.stringify(doc, null, 1) + "\n");
console.log(`${out}: ${Object.keys(kinds).length} kinds, ${Object.keys(sorted).length} definitions`);
