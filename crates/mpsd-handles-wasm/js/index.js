// The validator of mpsd-handles, compiled to WebAssembly: the same verdicts,
// pointers, codes and messages as the Rust crate.
"use strict";
const native = require("./native.js");

const kinds = native.kindNames();

function kindCode(body) {
  if (typeof body === "string") return native.kindOfString(body);
  if (body instanceof Uint8Array) return native.kindOfBytes(body);
  throw new TypeError("body must be a string or a Uint8Array");
}

/**
 * Validates a POST /handles body. A valid body costs one call that builds
 * nothing; the violations are worded only for an invalid one.
 * @param {string | Uint8Array} body
 * @returns {{valid: boolean, kind: string | null, errors: {pointer: string, code: string, message: string}[]}}
 */
function validate(body) {
  const code = kindCode(body);
  if (code !== 0) return { valid: true, kind: kinds[code - 1], errors: [] };
  const text = typeof body === "string" ? native.reportOfString(body) : native.reportOfBytes(body);
  return { valid: false, kind: null, errors: JSON.parse(text) };
}

/**
 * Whether a body is valid (stops at the first violation).
 * @param {string | Uint8Array} body
 * @returns {boolean}
 */
function isValid(body) {
  return kindCode(body) !== 0;
}

module.exports = { validate, isValid };
