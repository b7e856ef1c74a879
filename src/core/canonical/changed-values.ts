import { jsonEqual } from '../merge/json-equal.ts';

/**
 * What a person changed in a form: the values of `now` that differ from `opened`, where both are
 * the form read into canonical column values by the SAME reading (phones in E.164, documents as
 * their digits, text trimmed). `opened` is the form as it was shown (or as last saved), not the
 * stored row: a value stored in another spelling, or changed by another device while the form was
 * open, is then untouched unless the person edits it, so saving an untouched form changes nothing
 * and a notes-only edit never rewrites the phone.
 */
export function changedValues<V extends Readonly<Record<string, unknown>>>(opened: V, now: V): Partial<V> {
  const changed: Partial<Record<keyof V, unknown>> = {};
  for (const key of Object.keys(now) as (keyof V)[]) {
    if (!jsonEqual(opened[key], now[key])) changed[key] = now[key];
  }
  return changed as Partial<V>;
}
