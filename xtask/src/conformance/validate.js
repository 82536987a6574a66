// Written by `cargo xtask conformance`.
const fs = require("fs");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");
const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const doc = input.document;
const decode = (t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~");
const at = (ref) => ref.replace(/^#/, "").split("/").slice(1).map(decode).reduce((n, t) => (n == null ? n : n[t]), doc);
const follow = (node) => { for (let i = 0; node && node.$ref && i < 64; i++) node = at(node.$ref); return node; };
function lower(node) {
  if (Array.isArray(node)) return node.map(lower);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "example" || k === "discriminator" || k === "xml" || k === "externalDocs") continue;
    out[k] = k === "properties" || k === "patternProperties" ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, lower(s)])) : lower(v);
  }
  // OpenAPI 3.0's boolean exclusive bounds, in JSON Schema's numeric form.
  for (const [exclusive, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]]) {
    if (typeof out[exclusive] === "boolean") {
      if (out[exclusive] && typeof out[bound] === "number") { out[exclusive] = out[bound]; delete out[bound]; }
      else delete out[exclusive];
    }
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: "null" }] };
  }
  delete out.nullable;
  if (out["x-null-type"]) return { type: "null" };
  return out;
}
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
// The integer formats of OpenAPI's format registry that ajv-formats leaves out.
const widths = { int8: [-128, 127], int16: [-32768, 32767], uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295], uint64: [0, 18446744073709551615], uint: [0, 18446744073709551615] };
for (const [name, [min, max]] of Object.entries(widths)) ajv.addFormat(name, { type: "number", validate: (n) => Number.isInteger(n) && n >= min && n <= max });
ajv.addSchema(lower(doc), "doc");
const local = (node) => {
  if (Array.isArray(node)) return node.map(local);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#") ? "doc" + v : local(v);
  return out;
};
const results = input.checks.map((check) => {
  if (check.schema !== undefined) {
    try {
      const validate = ajv.compile(local(lower(check.schema)));
      return validate(check.value) ? { valid: true } : { valid: false, errors: ajv.errorsText(validate.errors) };
    } catch (e) {
      return { valid: true, errors: "cannot validate: " + e.message };
    }
  }
  const operation = at(check.operation) || {};
  const responses = operation.responses || {};
  const status = String(check.status);
  const response = follow(responses[status] || responses[status[0] + "XX"] || responses.default);
  if (!response || !response.content) return { valid: true, errors: "no schema declared" };
  const media = Object.keys(response.content).find((m) => (check.content_type || "").startsWith(m.split(";")[0])) || Object.keys(response.content)[0];
  const key = Object.keys(responses).find((k) => responses[k] && follow(responses[k]) === response);
  let pointer = responses[key] && responses[key].$ref ? responses[key].$ref : check.operation + "/responses/" + key.replace(/~/g, "~0").replace(/\//g, "~1");
  pointer += "/content/" + media.replace(/~/g, "~0").replace(/\//g, "~1") + "/schema";
  let body;
  try { body = JSON.parse(check.body); } catch (e) { return { valid: false, errors: "the body is not JSON: " + e.message }; }
  try {
    const validate = ajv.compile({ $ref: "doc" + pointer });
    return validate(body) ? { valid: true } : { valid: false, errors: ajv.errorsText(validate.errors) };
  } catch (e) {
    return { valid: true, errors: "cannot validate: " + e.message };
  }
});
process.stdout.write(JSON.stringify(results));
