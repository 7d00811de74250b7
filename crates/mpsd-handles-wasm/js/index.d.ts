/** One broken rule: an RFC 6901 pointer, a stable code, an English message. */
export interface Violation {
  pointer: string;
  code: string;
  message: string;
}

/** The verdict on one body. */
export interface Result {
  valid: boolean;
  kind: "activity" | "invite" | "transfer" | "search" | null;
  errors: Violation[];
}

/** Validates a POST /handles body. */
export function validate(body: string | Uint8Array): Result;

/** Whether a body is valid (stops at the first violation). */
export function isValid(body: string | Uint8Array): boolean;
