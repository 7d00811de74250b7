// The validator of mpsd-handles, compiled to WebAssembly: the same verdicts,
// pointers, codes and messages as the Rust crate.
"use strict";
const native = require("./native.js");

/**
 * Validates a POST /handles body.
 * @param {string | Uint8Array} body
 * @returns {{valid: boolean, kind: string | null, errors: {pointer: string, code: string, message: string}[]}}
 */
function validate(body) {
  if (typeof body === "string") return JSON.parse(native.validateString(body));
  if (body instanceof Uint8Array) return JSON.parse(native.validateBytes(body));
  throw new TypeError("body must be a string or a Uint8Array");
}

/**
 * Whether a body is valid (stops at the first violation).
 * @param {string | Uint8Array} body
 * @returns {boolean}
 */
function isValid(body) {
  if (typeof body === "string") return native.isValid(new TextEncoder().encode(body));
  if (body instanceof Uint8Array) return native.isValid(body);
  throw new TypeError("body must be a string or a Uint8Array");
}

module.exports = { validate, isValid };
