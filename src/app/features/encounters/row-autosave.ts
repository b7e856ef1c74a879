import { useEffect, useRef, useState } from 'react';
import type { SyncedTableName } from '../../../core/synced-tables.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { rowFieldChanges, shownValue, storedValue, type FieldKind } from './edited-fields.ts';

export type { FieldKind } from './edited-fields.ts';

export type SaveState = 'saved' | 'saving' | 'error';

const autosaveDelayMs = 800;

/** The saves waiting for their pause in typing, so that signing can write them first. */
const waiting = new Set<() => Promise<void>>();

/** Writes every row edit still waiting for its pause (before a signature locks the rows). */
export async function flushRowAutosaves(): Promise<void> {
  await Promise.all([...waiting].map((flush) => flush()));
}

/**
 * The fields of one row edited in place, saved to the device after a pause in typing (as the
 * encounter's sections are). Only the fields the person changed since the last save are written
 * (`rowFieldChanges`), so a save never rewrites what nobody touched here; leaving the screen
 * flushes a pending save.
 */
export function useRowAutosave(
  table: SyncedTableName,
  row: LocalRow,
  fields: Readonly<Record<string, FieldKind>>,
  /** Fields that may not be emptied: an empty one is left as stored and reported as `required`. */
  required: readonly string[] = [],
): {
  readonly values: Readonly<Record<string, string>>;
  readonly state: SaveState;
  readonly error: string | null;
  set(field: string, value: string): void;
} {
  const db = useClinicDb();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.keys(fields).map((f) => [f, shownValue(row[f])])),
  );
  // The fields as last written to the device (at first: as opened).
  const saved = useRef<Record<string, string>>(values);
  const [state, setState] = useState<SaveState>('saved');
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(values);
  latest.current = values;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flush = useRef(async () => {
    if (!timer.current) return;
    clearTimeout(timer.current);
    await save();
  });

  async function save() {
    timer.current = null;
    waiting.delete(flush.current);
    const now = latest.current;
    const missing = required.some((field) => storedValue(fields[field] ?? 'text', now[field] ?? '') === null);
    // An emptied required field is left as stored (and reported); the other edits are saved.
    const changes = rowFieldChanges(fields, saved.current, now);
    for (const field of required) if (changes[field] === null) delete changes[field];
    if (missing) {
      setState('error');
      setError('required');
    }
    if (Object.keys(changes).length === 0) {
      if (!missing) setState('saved');
      return;
    }
    const result = await mutate(db, table, 'update', row.id, changes);
    if (result.ok) {
      const written = Object.keys(changes);
      saved.current = { ...saved.current, ...Object.fromEntries(written.map((f) => [f, now[f] ?? ''])) };
    }
    if (result.ok && !missing) {
      setState('saved');
      setError(null);
    } else if (!result.ok) {
      setState('error');
      setError(result.error.code);
    }
  }

  useEffect(
    () => () => {
      if (timer.current) {
        clearTimeout(timer.current);
        void save();
      }
    },
    [],
  );

  return {
    values,
    state,
    error,
    set(field, value) {
      setValues((previous) => ({ ...previous, [field]: value }));
      setState('saving');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), autosaveDelayMs);
      waiting.add(flush.current);
    },
  };
}
