import { fileError, type FileCheck } from './file-error.ts';
import { validateFileName } from './file-name.ts';
import { contentTypeOf, fileLimitsFor, isFileOwnerTable, typeAllowed } from './file-limits.ts';
import { isRowId } from './object-path.ts';
import {
  categoriesForOwner,
  defaultCategoryFor,
  isFileCategory,
  type FileCategory,
} from './file-category.ts';

export interface CaptureInput {
  readonly name: string;
  readonly size: number;
  /** As the browser declared it (may be empty). */
  readonly contentType: string;
  readonly ownerTable: string;
  readonly ownerId: string;
  /** Who may see it (file-category.ts); none: the owner's default, the most private kind. */
  readonly category?: string | undefined;
}

export interface ValidCapture {
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly ownerTable: string;
  readonly ownerId: string;
  readonly category: FileCategory;
}

/**
 * Everything about a new file that can be judged before its bytes are read: owner, name, size
 * and type against the owner's limits. Checked in the order a person can act on (who it belongs
 * to, what it is called, whether it is empty, too big, of the wrong kind); the first failure wins.
 */
export function validateCapture(input: CaptureInput): FileCheck<ValidCapture> {
  if (!isFileOwnerTable(input.ownerTable)) {
    return { ok: false, error: fileError('invalid_owner', `files cannot belong to "${input.ownerTable}"`) };
  }
  if (!isRowId(input.ownerId))
    return { ok: false, error: fileError('invalid_owner', `"${input.ownerId}" is not a lowercase uuid`) };
  const category = input.category ?? defaultCategoryFor(input.ownerTable);
  if (!isFileCategory(category) || !categoriesForOwner(input.ownerTable).includes(category)) {
    return {
      ok: false,
      error: fileError(
        'category_not_allowed',
        `files of ${input.ownerTable} may be ${categoriesForOwner(input.ownerTable).join(', ')}, not "${String(category)}"`,
      ),
    };
  }
  const name = validateFileName(input.name);
  if (!name.ok) return name;
  if (!Number.isSafeInteger(input.size) || input.size <= 0) {
    return { ok: false, error: fileError('empty_file', `"${name.value}" is empty`) };
  }
  const limits = fileLimitsFor(input.ownerTable);
  if (input.size > limits.maxBytes) {
    return {
      ok: false,
      error: fileError(
        'file_too_large',
        `"${name.value}" has ${input.size} bytes; ${input.ownerTable} accept at most ${limits.maxBytes}`,
      ),
    };
  }
  const contentType = contentTypeOf(name.value, input.contentType);
  if (!typeAllowed(limits, contentType)) {
    return {
      ok: false,
      error: fileError(
        'type_not_allowed',
        `${contentType} is not accepted for ${input.ownerTable} (${limits.allowedTypes.join(', ')})`,
      ),
    };
  }
  return {
    ok: true,
    value: {
      name: name.value,
      contentType,
      size: input.size,
      ownerTable: input.ownerTable,
      ownerId: input.ownerId,
      category,
    },
  };
}
