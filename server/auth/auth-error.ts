import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/send.ts';

/** GoTrue error codes this server produces (`apierrors/errorcode.go`). */
export type AuthErrorCode =
  | 'bad_json'
  | 'validation_failed'
  | 'invalid_credentials'
  | 'refresh_token_not_found'
  | 'refresh_token_already_used'
  | 'no_authorization'
  | 'bad_jwt'
  | 'session_not_found'
  | 'not_admin'
  | 'user_not_found'
  | 'email_exists'
  | 'user_already_exists'
  | 'unsupported_grant_type'
  | 'request_too_large'
  | 'weak_password'
  | 'not_found'
  | 'over_request_rate_limit'
  | 'user_banned'
  | 'signup_disabled'
  | 'anonymous_provider_disabled'
  | 'user_already_exists'
  | 'reauthentication_needed'
  | 'reauthentication_not_valid'
  | 'same_password';

/**
 * GoTrue's API-version 2024-01-01 error body. `error_code` and `msg` are repeated from the legacy
 * shape because a browser only sees the version header when it is exposed, and auth-js falls back
 * to those fields otherwise.
 */
export function sendAuthError(
  res: ServerResponse,
  status: number,
  code: AuthErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    { code, error_code: code, msg: message, message },
    { 'X-Supabase-Api-Version': '2024-01-01', 'X-Sb-Error-Code': code, ...headers },
  );
}
