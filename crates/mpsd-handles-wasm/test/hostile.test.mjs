// A hostile caller cannot fool the package: a Uint8Array is judged by its
// own bytes, read through the intrinsic %TypedArray% getters, never by its
// own `length`, its subclass's methods, or what an earlier call left in
// WebAssembly memory. Run: node --test test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const { validate, isValid, validateQuery } = createRequire(import.meta.url)(process.env.MPSD_HANDLES_PKG ?? "../pkg/index.js");
const invite = readFileSync(join(root, "tests/data/valid/invite.json"));
const encode = (text) => new TextEncoder().encode(text);

test("an own length cannot make a short body pass or read another call's bytes", () => {
  assert.equal(validate(invite).valid, true);
  const expected = validate("{}");
  const liar = encode("{}");
  Object.defineProperty(liar, "length", { value: invite.length });
  assert.deepEqual(validate(liar), expected);
  assert.equal(isValid(liar), false);
  // No member name of the earlier body leaks into this report.
  assert.ok(!JSON.stringify(validate(liar)).includes("inviteAttributes"));
});

test("a huge length lie breaks nothing, then or later", () => {
  const liar = encode("{}");
  Object.defineProperty(liar, "length", { value: 2 ** 31 });
  assert.equal(validate(liar, { maxBytes: 0xffffffff }).valid, false);
  assert.equal(validate(invite).valid, true);
  assert.equal(validateQuery(encode("{}")).valid, false);
});

test("a subclass's subarray does not decide the verdict", () => {
  class Sneaky extends Uint8Array {
    subarray() {
      return invite;
    }
    slice() {
      return invite;
    }
  }
  const big = new Sneaky(70000);
  const got = validate(big);
  assert.equal(got.valid, false);
  assert.equal(got.errors[0].code, "body_too_large");
  const small = new Sneaky(encode("[]"));
  assert.equal(validate(small).errors[0].code, "invalid_type");
});

test("a Uint8Array from another realm is bytes", () => {
  const foreign = vm.runInNewContext("new Uint8Array(bytes)", { bytes: [...invite] });
  assert.ok(!(foreign instanceof Uint8Array));
  assert.deepEqual(validate(foreign), validate(invite));
  assert.equal(isValid(foreign), true);
});

test("a view on a detached buffer is a clear error", () => {
  const view = encode("{}");
  structuredClone(view.buffer, { transfer: [view.buffer] });
  assert.throws(() => validate(view), { name: "TypeError", message: /detached/ });
});

test("a view a resizable buffer shrank under is a clear error, not an empty body", () => {
  // Issue 27: its length reads 0 then, and it was judged as "".
  const buffer = new ArrayBuffer(16, { maxByteLength: 64 });
  const view = new Uint8Array(buffer, 4, 8);
  view.set(encode("{}"));
  assert.equal(validate(view).valid, false);
  buffer.resize(6);
  assert.throws(() => validate(view), { name: "TypeError", message: /outside its buffer/ });
  assert.throws(() => isValid(view), TypeError);
  // A length-tracking view follows the buffer: what is there is judged.
  const tracking = new Uint8Array(buffer);
  tracking.set(encode("{}"));
  buffer.resize(2);
  assert.deepEqual(validate(tracking), validate(encode("{}")));
});

test("strings with lone surrogates are judged as their WTF-8, of every width", () => {
  // The WTF-8 is written into one typed array now (a plain array of
  // numbers took 8 times the memory); every width of code point still
  // gives the bytes it gave.
  const reference = (text) => {
    const bytes = [];
    for (const ch of text) {
      const c = ch.codePointAt(0);
      if (c >= 0xd800 && c <= 0xdfff) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
      else bytes.push(...encode(ch));
    }
    return Uint8Array.from(bytes);
  };
  for (const text of ['{"a":"\ud800"}', '{"\u00e9\u4e2d\ud83d\ude00":"\udc00x"}', "\ud800", "\udbff\ud800", "x\udfff"]) {
    const got = validate(text);
    assert.equal(got.valid, false, text);
    assert.deepEqual(got, validate(reference(text)), text);
  }
});

test("other views and lying objects are refused without calling them", () => {
  let called = false;
  const lying = new Proxy({}, { get() { called = true; return () => invite; } });
  assert.throws(() => validate(lying), TypeError);
  assert.throws(() => validate(new Uint16Array(4)), { message: /Uint16Array/ });
  assert.throws(() => validate([123, 125]), { message: /array/ });
  assert.equal(called, false);
});
