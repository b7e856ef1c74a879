import { z } from 'zod';

/**
 * A server revision: a positive safe integer the server alone issues (`bigint` in SQL, a JSON
 * number on the wire). The client stores it and never invents one; 0 means "not on the server yet".
 */
export const revSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * Row ids are client-generated UUIDs. Any 8-4-4-4-12 hex form is accepted (seed rows use
 * hand-written ids that carry no RFC version); they are compared in lowercase, as PostgreSQL
 * prints them, so ordering by string equals ordering by `uuid` on the server.
 */
export const rowIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'expected a lowercase uuid');

/** Column values of a row, as JSON. */
export type RowValues = Record<string, unknown>;

/**
 * A row of a synced table as the server sends it: the sync columns are checked, the domain
 * columns are passed through (the catalogue in `schema/clinic-tables.ts` describes them).
 */
export const syncedRowSchema = z.looseObject({
  id: rowIdSchema,
  rev: revSchema,
  deleted_at: z.string().nullable(),
});

export type SyncedRow = z.output<typeof syncedRowSchema>;

/** Columns only the server writes; a push never sets them (DESIGN §3.1). */
export const serverOwnedColumns = ['rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor'] as const;

export type ServerOwnedColumn = (typeof serverOwnedColumns)[number];

export function isServerOwnedColumn(column: string): column is ServerOwnedColumn {
  return (serverOwnedColumns as readonly string[]).includes(column);
}
