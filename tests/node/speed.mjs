// Speed of the npm package (crates/mpsd-handles-wasm/pkg, built by its
// build.sh) against JSON.parse + a compiled ajv 8 validator (2020-12, with
// ajv-formats) on the exported schema: nanoseconds per body, the best of 5
// timed rounds, and the ratio (goal ≤ 1.0 on valid bodies). Not a test.
//   (cd tests/node && npm ci) && crates/mpsd-handles-wasm/build.sh && node tests/node/speed.mjs
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = fileURLToPath(new URL("../../", import.meta.url));
const { validate, isValid } = createRequire(import.meta.url)(`${root}crates/mpsd-handles-wasm/pkg/index.js`);
const schema = JSON.parse(readFileSync(`${root}schemas/handle-request.schema.json`, "utf8"));
const ajv = new Ajv2020({ allErrors: false, strict: false });
addFormats(ajv);
ajv.addKeyword({ keyword: "x-maxUriEncodedLength" });
const check = ajv.compile(schema);

const bodies = {
  activity: "tests/data/valid/activity-minimal.json",
  invite: "tests/data/valid/invite.json",
  transfer: "tests/data/valid/transfer.json",
  search: "tests/data/valid/search.json",
  invalid: "tests/data/invalid/many-violations.json",
};

function nsPerCall(f, body) {
  let n = 1000;
  for (;;) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(body);
    if (Number(process.hrtime.bigint() - t) > 2e8) break;
    n *= 2;
  }
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(body);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / n);
  }
  return best;
}

console.log("| body | validate | isValid | JSON.parse + ajv | validate / (JSON.parse + ajv) |");
console.log("|---|---|---|---|---|");
for (const [name, path] of Object.entries(bodies)) {
  const text = readFileSync(`${root}${path}`, "utf8");
  const ours = nsPerCall(validate, text);
  const verdict = nsPerCall(isValid, text);
  const theirs = nsPerCall((t) => check(JSON.parse(t)), text);
  console.log(`| ${name} | ${ours.toFixed(0)} ns | ${verdict.toFixed(0)} ns | ${theirs.toFixed(0)} ns | ${(ours / theirs).toFixed(2)} |`);
}
