// Speed of the npm package (crates/mpsd-handles-wasm/pkg, built by its
// build.sh) against JSON.parse + a compiled ajv 8 validator (2020-12, with
// ajv-formats) on the exported schema, measured with tinybench: the median
// of samples that are each the mean of a batch of calls, in nanoseconds per
// body, and the ratio (goal ≤ 1.0 on valid bodies). Not a test.
//   (cd tests/node && npm ci) && crates/mpsd-handles-wasm/build.sh && node tests/node/speed.mjs
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { Bench } from "tinybench";

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
const contenders = {
  validate,
  isValid,
  "JSON.parse + ajv": (text) => check(JSON.parse(text)),
};

// One sample = one batch: a single call (≈ 1 µs) is too close to the
// timer's resolution to be timed alone.
const BATCH = 200;
const bench = new Bench({ time: 1500, warmupTime: 300 });
let sink = 0;
for (const [body, path] of Object.entries(bodies)) {
  const text = readFileSync(`${root}${path}`, "utf8");
  for (const [name, f] of Object.entries(contenders)) {
    bench.add(`${body}|${name}`, () => {
      const start = bench.now();
      for (let i = 0; i < BATCH; i++) if (f(text)) sink++;
      const total = bench.now() - start;
      return { overriddenDuration: total / BATCH, overriddenIterationCost: total };
    });
  }
}
await bench.run();

const ns = {};
for (const task of bench.tasks) {
  if (task.result.state !== "completed") throw new Error(`${task.name}: ${task.result.state}`);
  ns[task.name] = task.result.latency.p50 * 1e6;
}
console.log(`| body | validate | isValid | JSON.parse + ajv | validate / (JSON.parse + ajv) |`);
console.log("|---|---|---|---|---|");
for (const body of Object.keys(bodies)) {
  const [ours, verdict, theirs] = Object.keys(contenders).map((name) => ns[`${body}|${name}`]);
  console.log(`| ${body} | ${ours.toFixed(0)} ns | ${verdict.toFixed(0)} ns | ${theirs.toFixed(0)} ns | ${(ours / theirs).toFixed(2)} |`);
}
if (sink < 0) console.log(sink);
