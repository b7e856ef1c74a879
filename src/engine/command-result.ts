/**
 * The answer of an engine command. Refusals are values with a code (a person clicked on something
 * that changed meanwhile, or passed bad input); nothing is written when a command is refused.
 */
export type CommandErrorCode =
  | 'not_found'
  | 'not_failed'
  | 'not_open'
  | 'already_resolved'
  | 'invalid_values'
  | 'unknown_table'
  | 'not_leader'
  | 'offline';

export type CommandResult =
  | { readonly ok: true; readonly mid: string | null }
  | {
      readonly ok: false;
      readonly error: {
        readonly kind: 'command_error';
        readonly code: CommandErrorCode;
        readonly message: string;
      };
    };

export function commandError(code: CommandErrorCode, message: string): CommandResult {
  return { ok: false, error: { kind: 'command_error', code, message } };
}

export const commandOk = (mid: string | null = null): CommandResult => ({ ok: true, mid });
