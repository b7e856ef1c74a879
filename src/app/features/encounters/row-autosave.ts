import { useEffect, useRef, useState } from 'react';
import type { SyncedTableName } from '../../../core/synced-tables.ts';
import type { LocalRow } from '../../../engine/local-records.ts';
import { mutate } from '../../../engine/write-api.ts';
import { useClinicDb } from '../../data/clinic-data-context.tsx';

export type FieldKind = 'text' | 'number';
export type SaveState = 'saved' | 'saving' | 'error';

const autosaveDelayMs = 800;

/** The saves waiting for their pause in typing, so that signing can write them first. */
const waiting = new Set<() => Promise<void>>();

/** Writes every row edit still waiting for its pause (before a signature locks the rows). */
export async function flushRowAutosaves(): Promise<void> {
  await Promise.all([...waiting].map((flush) => flush()));
}

/** A form value as the column stores it: trimmed text or null; a number or null. */
export function storedValue(kind: FieldKind, value: string): string | number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (kind === 'text') return trimmed;
  const number = Number(trimmed.replace(',', '.'));
  return Number.isFinite(number) ? number : null;
}

const shown = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/**
 * The fields of one row edited in place, saved to the device after a pause in typing (as the
 * encounter's sections are). Only the fields whose stored form differs from the row are written,
 * so a save never rewrites what nobody touched; leaving the screen flushes a pending save.
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
    Object.fromEntries(Object.keys(fields).map((f) => [f, shown(row[f])])),
  );
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
    const stored = (await db.rows(table).get(row.id)) ?? row;
    const changes: Record<string, string | number | null> = {};
    let missing = false;
    for (const [field, kind] of Object.entries(fields)) {
      const next = storedValue(kind, latest.current[field] ?? '');
      if (next === null && required.includes(field)) missing = true;
      else if (next !== (stored[field] ?? null)) changes[field] = next;
    }
    if (missing) {
      setState('error');
      setError('required');
    }
    if (Object.keys(changes).length === 0) {
      if (!missing) setState('saved');
      return;
    }
    const result = await mutate(db, table, 'update', row.id, changes);
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
