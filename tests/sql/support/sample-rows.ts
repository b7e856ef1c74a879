import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../server/db/database.ts';
import {
  serverColumns,
  type ClinicColumn,
  type ClinicTable,
} from '../../../src/core/schema/clinic-tables.ts';

/**
 * A minimal valid row for any catalogue table, built from the catalogue alone: required columns
 * only, the first allowed value of a check, foreign keys pointing at `parents` (table → id).
 * That the catalogue suffices to build a valid row of every table is itself a check on it.
 */
export function sampleRow(table: ClinicTable, parents: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = { id: randomUUID() };
  for (const column of table.columns) {
    if (column.nullable || column.name === 'id' || (serverColumns as readonly string[]).includes(column.name))
      continue;
    row[column.name] = sampleValue(column, parents);
  }
  return row;
}

function sampleValue(column: ClinicColumn, parents: Record<string, string>): unknown {
  if (column.references !== undefined) {
    const parent = parents[column.references];
    if (parent === undefined) throw new Error(`no sample row of ${column.references} yet`);
    return parent;
  }
  if (column.values !== undefined) return column.values[0];
  if (column.format !== undefined) return column.format.example;
  switch (column.type) {
    case 'uuid':
      return randomUUID();
    case 'text':
      return `sample-${randomUUID().slice(0, 8)}`;
    case 'integer':
    case 'bigint':
      return 1;
    case 'numeric':
      // A line of 1 × 1 with nothing taken off is 1: the server recomputes amounts (invoice_items).
      return column.name === 'discount' ? 0 : 1;
    case 'boolean':
      return false;
    case 'date':
      return '2026-01-01';
    case 'timestamptz':
      return column.name === 'ends_at' ? '2026-01-01T11:00:00Z' : '2026-01-01T10:00:00Z';
    case 'jsonb':
      return {};
    case 'text[]':
      return ['sample'];
  }
}

export async function insertRow(db: Queryable, table: string, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(row)
    .map((c) => `"${c}"`)
    .join(', ');
  await db.query(
    `insert into public.${table} (${columns}) select ${columns} from jsonb_populate_record(null::public.${table}, $1)`,
    [JSON.stringify(row)],
  );
}
