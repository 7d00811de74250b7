// The validator of mpsd-handles, compiled to WebAssembly: the same verdicts,
// pointers, codes and messages as the Rust crate.
"use strict";
const native = require("./native.js");

const kinds = native.kindNames();
/** The default byte limit (64 KiB). */
const DEFAULT_MAX_BYTES = native.defaultMaxBytes();
/** The default nesting limit (the body itself is depth 1). */
const DEFAULT_MAX_DEPTH = native.defaultMaxDepth();

/** `options.maxBytes` and `options.maxDepth`, checked, or the defaults. */
function limits(options) {
  if (options === undefined) return [DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH];
  if (options === null || typeof options !== "object") throw new TypeError("options must be an object");
  const limit = (name, fallback) => {
    const n = options[name];
    if (n === undefined) return fallback;
    if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) {
      throw new RangeError(`${name} must be an integer from 0 to 4294967295`);
    }
    return n;
  };
  return [limit("maxBytes", DEFAULT_MAX_BYTES), limit("maxDepth", DEFAULT_MAX_DEPTH)];
}

/**
 * What the validator is given for a body:
 * - a body surely past the byte limit is cut to the limit plus one (the
 *   report is the same: the size is judged first), so that it is never
 *   copied whole into WebAssembly memory, which does not shrink again;
 *   every UTF-16 unit of a string is at least one byte of UTF-8;
 * - a string UTF-8 cannot encode (a lone surrogate) is written as WTF-8,
 *   as Python's `surrogatepass` does, so that it is reported as those bytes
 *   are (invalid UTF-8 at its column) instead of silently becoming U+FFFD.
 */
function prepare(body, maxBytes) {
  if (typeof body === "string") {
    if (body.length > maxBytes) return body.slice(0, maxBytes + 1);
    return body.isWellFormed() ? body : wtf8(body);
  }
  if (typedArrayTag(body) === "Uint8Array") return ownView(body, maxBytes);
  // Described without reading the body's properties (a getter is the caller's code).
  const found = body === null ? "null" : Array.isArray(body) ? "array" : (typedArrayTag(body) ?? bufferKind(body) ?? typeof body);
  // A class name is the caller's text: escaped and cut, like any echo.
  const shown = JSON.stringify(found.slice(0, 64)).slice(1, -1);
  throw new TypeError(`body must be a string or a Uint8Array, not ${shown}`);
}

// The intrinsic %TypedArray% getters, taken once at load: a body's length,
// buffer and offset are read through them, never through the body's own
// properties or methods (an own `length`, or a subclass's `subarray`,
// cannot decide what is judged).
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const getter = (name) => Object.getOwnPropertyDescriptor(TypedArrayPrototype, name).get;
const [lengthOf, bufferOf, offsetOf, tagOf] = ["length", "buffer", "byteOffset", Symbol.toStringTag].map(getter);
const apply = Reflect.apply;
const atOf = TypedArrayPrototype.at;
const IntrinsicUint8Array = Uint8Array;

/** The typed array's kind ("Uint8Array", ...) from its internal slot, any realm; undefined for anything else. */
function typedArrayTag(value) {
  return value !== null && typeof value === "object" ? apply(tagOf, value, []) : undefined;
}

const byteLengthOf = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;

/** "ArrayBuffer" for one (of any realm), from its internal slot; undefined otherwise. */
function bufferKind(value) {
  try {
    apply(byteLengthOf, value, []);
    return "ArrayBuffer";
  } catch {
    return undefined;
  }
}

/**
 * A fresh view of this realm's Uint8Array on the body's own bytes, at most
 * `maxBytes + 1` of them: what crosses into WebAssembly is exactly the
 * body, whatever it claims. A view on a detached buffer, or outside a
 * resizable buffer that shrank under it, is a TypeError (its length reads
 * 0 then, and it was judged as an empty body).
 */
function ownView(body, maxBytes) {
  try {
    // The intrinsic `at` validates the view first: it throws for one that
    // is detached or out of bounds.
    apply(atOf, body, [0]);
  } catch {
    throw new TypeError("body is a Uint8Array outside its buffer (detached, or shrunk under it): it has no bytes to judge");
  }
  const length = apply(lengthOf, body, []);
  const offset = apply(offsetOf, body, []);
  const buffer = apply(bufferOf, body, []);
  try {
    return new IntrinsicUint8Array(buffer, offset, Math.min(length, maxBytes + 1));
  } catch (e) {
    throw new TypeError("body is a Uint8Array whose buffer is detached: it has no bytes to judge");
  }
}

/**
 * A string's code points as UTF-8, lone surrogates included (WTF-8),
 * written into one typed array of at most 3 bytes per UTF-16 unit (a
 * plain array of numbers took 8 times the memory of a well-formed string's
 * encoding: 10 M characters with one lone surrogate, 240 MB).
 */
function wtf8(text) {
  const out = new IntrinsicUint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 0x3f);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.subarray(0, n);
}

/** The native functions for handles and for queries. */
const HANDLES = {
  kindOfString: native.kindOfString,
  kindOfBytes: native.kindOfBytes,
  reportOfString: native.reportOfString,
  reportOfBytes: native.reportOfBytes,
};
const QUERIES = {
  kindOfString: native.queryKindOfString,
  kindOfBytes: native.queryKindOfBytes,
  reportOfString: native.queryReportOfString,
  reportOfBytes: native.queryReportOfBytes,
};

/** The verdict on a prepared body: its type's code, or 0. */
function kindOf(input, maxBytes, maxDepth, fns = HANDLES) {
  return typeof input === "string"
    ? fns.kindOfString(input, maxBytes, maxDepth)
    : fns.kindOfBytes(input, maxBytes, maxDepth);
}

/** validate() with the native functions `fns`. */
function judge(body, options, fns) {
  const [maxBytes, maxDepth] = limits(options);
  const input = prepare(body, maxBytes);
  const code = kindOf(input, maxBytes, maxDepth, fns);
  if (code !== 0) return { valid: true, kind: kinds[code - 1], errors: [] };
  const report =
    typeof input === "string"
      ? fns.reportOfString(input, maxBytes, maxDepth)
      : fns.reportOfBytes(input, maxBytes, maxDepth);
  return { valid: false, kind: null, errors: JSON.parse(report) };
}

/**
 * Validates a POST /handles body. A valid body costs one call that builds
 * nothing; the violations are worded only for an invalid one.
 * @param {string | Uint8Array} body
 * @param {{maxBytes?: number, maxDepth?: number}} [options]
 * @returns {{valid: boolean, kind: string | null, errors: {pointer: string, code: string, message: string}[]}}
 */
function validate(body, options) {
  return judge(body, options, HANDLES);
}

/**
 * Validates a POST /handles/query body (an activity or a search query).
 * @param {string | Uint8Array} body
 * @param {{maxBytes?: number, maxDepth?: number}} [options]
 * @returns {{valid: boolean, kind: string | null, errors: {pointer: string, code: string, message: string}[]}}
 */
function validateQuery(body, options) {
  return judge(body, options, QUERIES);
}

/**
 * Whether a POST /handles/query body is valid.
 * @param {string | Uint8Array} body
 * @param {{maxBytes?: number, maxDepth?: number}} [options]
 * @returns {boolean}
 */
function isValidQuery(body, options) {
  const [maxBytes, maxDepth] = limits(options);
  return kindOf(prepare(body, maxBytes), maxBytes, maxDepth, QUERIES) !== 0;
}

/**
 * Whether a body is valid (stops at the first violation).
 * @param {string | Uint8Array} body
 * @param {{maxBytes?: number, maxDepth?: number}} [options]
 * @returns {boolean}
 */
function isValid(body, options) {
  const [maxBytes, maxDepth] = limits(options);
  return kindOf(prepare(body, maxBytes), maxBytes, maxDepth) !== 0;
}

module.exports = { validate, isValid, validateQuery, isValidQuery, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH };
