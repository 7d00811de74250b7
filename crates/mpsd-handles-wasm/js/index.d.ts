/**
 * One broken rule: an RFC 6901 pointer, a stable code, an English message,
 * and where it is in the body (1-based line and column, the column counted
 * in Unicode code points; null where unknown).
 */
export interface Violation {
  pointer: string;
  code: string;
  message: string;
  line: number | null;
  column: number | null;
}

/** The verdict on one body. */
export interface Result {
  valid: boolean;
  kind: "activity" | "invite" | "transfer" | "search" | null;
  errors: Violation[];
}

/** The limits (the Rust `Validator`'s); each defaults to its DEFAULT_ constant. */
export interface Options {
  /** Bodies longer than this many bytes (UTF-8) are refused as too large. */
  maxBytes?: number;
  /** Arrays and objects nested deeper than this are refused (the body is depth 1). */
  maxDepth?: number;
}

/** The default byte limit: 65536. */
export const DEFAULT_MAX_BYTES: number;
/** The default nesting limit: 32. */
export const DEFAULT_MAX_DEPTH: number;

/** Validates a POST /handles body. */
export function validate(body: string | Uint8Array, options?: Options): Result;

/** Whether a body is valid (stops at the first violation). */
export function isValid(body: string | Uint8Array, options?: Options): boolean;

/** Validates a POST /handles/query body (kind: "activity" or "search"). */
export function validateQuery(body: string | Uint8Array, options?: Options): Result;

/** Whether a POST /handles/query body is valid. */
export function isValidQuery(body: string | Uint8Array, options?: Options): boolean;
