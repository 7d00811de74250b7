// Runs the committed schemas in ajv 8 (with ajv-formats) over the
// conformance corpus and checks every verdict against the crate's.
// Usage: npm ci && npm test   (from tests/node)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path) => readFileSync(root + path, "utf8");

// docs/rules.md §3: UTF-8 bytes; A-Z a-z 0-9 - . _ ~ count 1, every other byte 3.
const unreserved = /^[A-Za-z0-9\-._~]$/;
function uriEncodedLength(text) {
  let n = 0;
  for (const byte of new TextEncoder().encode(text)) {
    n += unreserved.test(String.fromCharCode(byte)) ? 1 : 3;
  }
  return n;
}

function withKeyword(ajv) {
  addFormats(ajv);
  ajv.addKeyword({
    keyword: "x-maxUriEncodedLength",
    type: "string",
    schemaType: "number",
    validate: (max, data) => uriEncodedLength(data) <= max,
  });
  return ajv;
}

const drafts = [
  ["2020-12", withKeyword(new Ajv2020({ strict: true, allErrors: true })), "schemas/handle-request.schema.json"],
  ["draft-07", withKeyword(new Ajv({ strict: true, allErrors: true })), "schemas/draft-07/handle-request.schema.json"],
];

const corpus = read("tests/conformance/corpus.jsonl")
  .split("\n")
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line));

let failed = 0;
let passed = 0;
for (const [name, ajv, path] of drafts) {
  const validate = ajv.compile(JSON.parse(read(path)));
  for (const entry of corpus) {
    const theirs = validate(JSON.parse(entry.text));
    const agrees = theirs === entry.valid;
    // A documented difference must really differ; everything else must agree.
    if (agrees === (entry.difference === undefined)) {
      passed += 1;
    } else {
      failed += 1;
      console.log(`FAIL ${name}: ${entry.name}: crate ${entry.valid}, ajv ${theirs}`);
      if (!theirs) console.log(JSON.stringify(validate.errors));
    }
  }
}
console.log(`ajv: ${corpus.length} bodies x ${drafts.length} drafts`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
