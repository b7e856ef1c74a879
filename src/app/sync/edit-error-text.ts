import type { TFunction } from 'i18next';
import type { RowViolation } from '../../core/schema/row-violation.ts';
import { columnLabel } from '../features/data-browser/column-label.ts';

/**
 * Why the device refused to save an edit, in the person's language: the rule it breaks and the
 * field to correct, in the words a server refusal of the same rule is shown. Never the edit
 * error's developer message.
 */
export function editErrorText(
  t: TFunction,
  error: { readonly code: string; readonly violation?: RowViolation | undefined },
): string {
  const violation = error.violation;
  if (violation === undefined) return t('clinical.saveFailed', { code: error.code });
  const why = t(`refusals.reasons.${violation.reason}`);
  return `${why} (${t('refusals.field', { field: columnLabel(t, violation.column) })})`;
}
