import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/send.ts';

/** PostgREST's error body: all four keys always present, absent ones null (`Error.hs`). */
export interface PostgrestErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: string | null;
  readonly hint: string | null;
}

/** An error PostgREST itself raises before or instead of running SQL (PGRSTnnn codes). */
export class PostgrestError extends Error {
  override readonly name = 'PostgrestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
  }

  get body(): PostgrestErrorBody {
    return { code: this.code, message: this.message, details: this.details, hint: this.hint };
  }
}

interface DatabaseErrorLike {
  readonly code: string;
  readonly message: string;
  readonly detail?: string | undefined;
  readonly hint?: string | undefined;
}

export function isDatabaseError(error: unknown): error is DatabaseErrorLike {
  const code: unknown = error instanceof Error ? (error as unknown as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** `pgErrorStatus` from PostgREST's Error.hs: SQLSTATE → HTTP status. */
export function statusForSqlState(code: string, role: string): number {
  if (code === '42501') return role === 'anon' ? 401 : 403;
  if (code.startsWith('PT') && /^PT\d{3}$/.test(code)) return Number(code.slice(2));
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '23P01': 409,
    '25006': 405,
    '42883': 404,
    '42P01': 404,
    P0001: 400,
    '21000': 400,
  };
  if (exact[code] !== undefined) return exact[code];
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '53': 503,
    '54': 500,
    '55': 500,
    '57': 500,
    '58': 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  };
  return byClass[code.slice(0, 2)] ?? 400;
}

/** Answers any error of a REST request; unexpected ones become a 500 without leaking a stack. */
export function sendRestError(res: ServerResponse, error: unknown, role: string): void {
  const headers: Record<string, string> = {};
  if (error instanceof PostgrestError) {
    headers['Proxy-Status'] = `PostgREST; error=${error.code}`;
    if (error.status === 401)
      headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${error.message}"`;
    return sendJson(res, error.status, error.body, headers);
  }
  if (isDatabaseError(error)) {
    const status = statusForSqlState(error.code, role);
    headers['Proxy-Status'] = `PostgREST; error=${error.code}`;
    if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
    return sendJson(
      res,
      status,
      { code: error.code, message: error.message, details: error.detail ?? null, hint: error.hint ?? null },
      headers,
    );
  }
  console.error('unexpected REST error', error);
  sendJson(res, 500, { code: 'PGRST000', message: 'Internal server error', details: null, hint: null });
}
