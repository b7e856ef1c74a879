import { fileError, type FileCheck } from './file-error.ts';

export const maxFileNameLength = 255;

// C0 controls, DEL, C1 controls, and the bidi overrides that make `gpj.exe` read as `exe.jpg`.
// Matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const PATH_PART = /[/\\]|^\.\.?$|^[a-zA-Z]:/u;

/**
 * A file's display name as the person gave it, checked: it must stay a name (never a path, so it
 * can never climb out of its folder in Storage or on a disk it is saved to), printable, and at
 * most 255 characters (what file systems accept). Returned NFC-normalised and trimmed, so the same
 * name typed on two devices compares equal.
 */
export function validateFileName(raw: string): FileCheck<string> {
  const name = raw.normalize('NFC').trim();
  if (name === '') return { ok: false, error: fileError('name_empty', 'the file name is empty') };
  if (CONTROL.test(name)) {
    return {
      ok: false,
      error: fileError('name_has_control_characters', 'the file name contains control characters'),
    };
  }
  if (PATH_PART.test(name) || name.includes('..')) {
    return { ok: false, error: fileError('name_has_path', `"${name}" is a path, not a file name`) };
  }
  if ([...name].length > maxFileNameLength) {
    return {
      ok: false,
      error: fileError(
        'name_too_long',
        `the file name has ${[...name].length} characters (at most ${maxFileNameLength})`,
      ),
    };
  }
  return { ok: true, value: name };
}

const SAFE_NAME_LENGTH = 80;

/**
 * The name as it appears in an object key: ASCII letters, digits, `.`, `_` and `-` only (Storage
 * keys and every download tool accept them), accents folded (`exame_cardíaco.pdf` →
 * `exame_cardiaco.pdf`), runs of anything else as one `_`, at most 80 characters with the
 * extension kept. Deterministic: two devices derive the same key for the same name.
 */
export function safeObjectName(name: string): string {
  const folded = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[^A-Za-z0-9._-]+/gu, '_')
    .replace(/\.{2,}/gu, '.')
    .replace(/^[._]+|_+$/gu, '');
  const safe = folded === '' ? 'file' : folded;
  if (safe.length <= SAFE_NAME_LENGTH) return safe;
  const dot = safe.lastIndexOf('.');
  const extension = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : '';
  return safe.slice(0, SAFE_NAME_LENGTH - extension.length) + extension;
}
