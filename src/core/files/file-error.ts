/**
 * Why a file was refused before anything was stored. Plain data recognised by `kind` (it crosses
 * the worker boundary by structured clone); nothing is written when one is returned.
 */
export type FileErrorCode =
  | 'empty_file' // zero bytes: nothing worth keeping, and usually a failed capture
  | 'file_too_large' // above the owner's limit (the bucket's limit at most)
  | 'type_not_allowed' // a content type the owner's rules do not accept
  | 'name_empty' // blank after trimming
  | 'name_has_path' // `/`, `\`, `..` or a drive letter: a name, never a path
  | 'name_has_control_characters' // C0/C1 controls, DEL, bidi overrides
  | 'name_too_long' // more than 255 characters
  | 'invalid_owner' // not a table files can belong to, or not a uuid
  | 'category_not_allowed' // a category the owner's records cannot hold (a clinical record's file is clinical)
  | 'invalid_hash' // not 64 lowercase hex digits
  | 'same_as_replaced'; // a new version with the very content and name of the one it replaces

export interface FileError {
  readonly kind: 'file_error';
  readonly code: FileErrorCode;
  readonly message: string;
}

export function fileError(code: FileErrorCode, message: string): FileError {
  return { kind: 'file_error', code, message };
}

export type FileCheck<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FileError };
