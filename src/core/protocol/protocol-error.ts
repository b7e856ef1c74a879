import type { z } from 'zod';

/**
 * Why a server answer was refused. A malformed answer is an expected outcome (a value), never a
 * crash: the engine turns it into the error state and leaves local data untouched.
 */
export type ProtocolErrorCode =
  | 'malformed_response' // not the documented shape
  | 'unknown_table' // a change for a table this client does not sync
  | 'rev_regressed' // revs not ascending, or a cursor below what was asked for
  | 'result_mismatch'; // push results that do not answer the mutations sent, one by one, in order

/** Plain data (no class) so it survives structured clone across a MessagePort; recognise by `kind`. */
export interface ProtocolError {
  readonly kind: 'protocol_error';
  readonly code: ProtocolErrorCode;
  readonly message: string;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProtocolError };

export function protocolError(code: ProtocolErrorCode, message: string): ProtocolError {
  return { kind: 'protocol_error', code, message };
}

export function isProtocolError(value: unknown): value is ProtocolError {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'protocol_error'
  );
}

/** Runs a schema and turns its issues into a `malformed_response` naming the paths that failed. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown, what: string): Parsed<z.output<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: protocolError('malformed_response', `${what}: ${issues}`) };
}
