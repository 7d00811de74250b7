// The npm package gives the Rust crate's answer on every body of the
// conformance corpus (verdict, kind, each violation's pointer, code and
// message) and on the shipped examples. Run: node --test test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const { validate, isValid, validateQuery, isValidQuery } = createRequire(import.meta.url)(process.env.MPSD_HANDLES_PKG ?? "../pkg/index.js");

const lines = (path) => readFileSync(join(root, path), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const corpus = lines("tests/conformance/corpus.jsonl");
const expected = lines("tests/conformance/corpus-expected.jsonl");

test("the corpus is there", () => {
  assert.ok(corpus.length > 1000);
  assert.equal(expected.length, corpus.length);
});

test("every corpus body gets the crate's answer, as a string and as bytes", () => {
  corpus.forEach((entry, i) => {
    const want = expected[i];
    assert.equal(entry.name, want.name);
    for (const body of [entry.text, new TextEncoder().encode(entry.text)]) {
      const got = validate(body);
      assert.deepEqual(got, { valid: want.valid, kind: want.kind, errors: want.errors }, entry.name);
      assert.equal(isValid(body), want.valid, entry.name);
    }
  });
});

test("shipped examples", () => {
  for (const dir of ["valid", "invalid"]) {
    const folder = join(root, "tests", "data", dir);
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".json"))) {
      const got = validate(readFileSync(join(folder, file)));
      assert.equal(got.valid, dir === "valid", file);
    }
  }
});

test("bad input", () => {
  assert.throws(() => validate(42), TypeError);
  const bad = validate(new Uint8Array([0xff]));
  assert.equal(bad.errors[0].code, "syntax_error");
});

test("a lone surrogate is reported as its WTF-8 bytes, not replaced", () => {
  const good = readFileSync(join(root, "tests/data/valid/invite.json"), "utf8");
  const lone = good.replace("JoinMyMatch", "Join\ud800");
  assert.equal(isValid(lone), false);
  const got = validate(lone);
  assert.equal(got.errors[0].code, "syntax_error");
  // The same answer as for those bytes: ED A0 80 where the surrogate was.
  const at = Buffer.from(good.slice(0, good.indexOf("JoinMyMatch") + 4));
  const bytes = Buffer.concat([at, Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(good.slice(good.indexOf("JoinMyMatch") + 11))]);
  assert.deepEqual(got, validate(bytes));
  // A valid pair is the character it stands for.
  assert.equal(validate(good.replace("JoinMyMatch", "Join\ud83d\ude00")).valid, true);
});

test("a huge body is refused without being copied into WebAssembly memory", () => {
  // 100 MB once UTF-8; made flat now (a repeat() rope would be flattened
  // inside validate, and counted).
  const huge = Buffer.alloc(100_000_000, "é").toString();
  const before = process.memoryUsage().rss;
  const got = validate(huge);
  assert.deepEqual(got.errors.map((e) => e.code), ["body_too_large"]);
  assert.equal(isValid(huge), false);
  assert.deepEqual(validate(new Uint8Array(70_000)).errors.map((e) => e.code), ["body_too_large"]);
  const grownMb = (process.memoryUsage().rss - before) / 1e6;
  assert.ok(grownMb < 40, `rss grew ${grownMb} MB`);
  assert.throws(() => validate(new ArrayBuffer(2)), /not ArrayBuffer/);
  assert.throws(() => validate(null), /not null/);
  const forged = new (class {})();
  Object.defineProperty(forged.constructor, "name", { value: "x\nfake: valid" });
  assert.throws(() => validate(forged), (e) => e instanceof TypeError && !e.message.includes("\n"));
});

test("limits can be set", () => {
  const { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH } = createRequire(import.meta.url)(process.env.MPSD_HANDLES_PKG ?? "../pkg/index.js");
  assert.equal(DEFAULT_MAX_BYTES, 65536);
  assert.equal(DEFAULT_MAX_DEPTH, 32);
  const text = readFileSync(join(root, "tests/data/valid/invite.json"), "utf8");
  for (const body of [text, new TextEncoder().encode(text)]) {
    const small = validate(body, { maxBytes: 100 });
    assert.deepEqual(small.errors.map((e) => e.code), ["body_too_large"]);
    assert.match(small.errors[0].message, /100 bytes/);
    assert.equal(isValid(body, { maxBytes: 100 }), false);
    assert.deepEqual(validate(body, { maxBytes: Buffer.byteLength(text) }), validate(body));
  }
  const nested = '{"version": 1, "x": [[[1]]]}';
  assert.deepEqual(validate(nested, { maxDepth: 3 }).errors.map((e) => e.code), ["too_deep"]);
  assert.ok(!validate(nested, { maxDepth: 4 }).errors.some((e) => e.code === "too_deep"));
  const big = `{"version": 1, "type": "activity", "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"}}${" ".repeat(70_000)}`;
  assert.equal(isValid(big), false);
  assert.equal(isValid(big, { maxBytes: 100_000 }), true);
  for (const bad of [{ maxBytes: -1 }, { maxBytes: 1.5 }, { maxDepth: "8" }, { maxBytes: 2 ** 32 }]) {
    assert.throws(() => validate(text, bad), RangeError);
  }
  assert.throws(() => validate(text, 100), TypeError);
});

test("every query corpus body gets the crate's answer, as a string and as bytes", () => {
  const queries = lines("tests/conformance/query-expected.jsonl");
  assert.ok(queries.length > 50);
  queries.forEach((want, i) => {
    for (const body of [want.text, new TextEncoder().encode(want.text)]) {
      assert.deepEqual(validateQuery(body), { valid: want.valid, kind: want.kind, errors: want.errors }, `line ${i + 1}`);
      assert.equal(isValidQuery(body), want.valid, `line ${i + 1}`);
    }
  });
  const handle = readFileSync(join(root, "tests/data/valid/search.json"));
  assert.equal(isValid(handle), true);
  assert.equal(isValidQuery(handle), false);
});
