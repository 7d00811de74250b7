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
const { validate, isValid } = createRequire(import.meta.url)("../pkg/index.js");

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
