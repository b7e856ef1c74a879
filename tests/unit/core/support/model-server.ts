import type { Mutation, MutationResult } from '../../../../src/core/protocol/push.ts';
import {
  isServerOwnedColumn,
  type RowValues,
  type SyncedRow,
} from '../../../../src/core/protocol/synced-row.ts';
import { jsonEqual } from '../../../../src/core/merge/json-equal.ts';

/**
 * The server side of DESIGN §3.2–3.3 in memory, for property tests of the core: compare-and-set on
 * base_rev, one rev per write, idempotence by mid, soft deletes, and a pull by rev. It follows the
 * contract, not the SQL: the SQL itself is tested against PostgreSQL elsewhere.
 */
export class ModelServer {
  private rev = 0;
  private time = Date.parse('2026-11-22T10:00:00Z');
  private readonly rows = new Map<string, SyncedRow>();
  private readonly results = new Map<string, MutationResult>();
  /** How many times each mid wrote a row: never more than once. */
  readonly writes = new Map<string, number>();

  push(mutations: readonly Mutation[]): MutationResult[] {
    return mutations.map((mutation) => {
      const first = this.results.get(mutation.mid);
      if (first !== undefined) return { ...first, replayed: true };
      const result = this.apply(mutation);
      this.results.set(mutation.mid, result);
      return result;
    });
  }

  pull(since: number): { table: string; row: SyncedRow }[] {
    return [...this.rows.entries()]
      .filter(([, row]) => row.rev > since)
      .sort(([, a], [, b]) => a.rev - b.rev)
      .map(([key, row]) => ({ table: key.split('/')[0] as string, row }));
  }

  row(table: string, id: string): SyncedRow | undefined {
    return this.rows.get(`${table}/${id}`);
  }

  allRows(): [string, SyncedRow][] {
    return [...this.rows.entries()];
  }

  /** A write that bypasses the sync RPC (an SQL console, the mirror): it still gets a rev. */
  seed(table: string, values: RowValues & { id: string }): SyncedRow {
    return this.write(`${table}/${values.id}`, { ...values, deleted_at: null });
  }

  private apply(m: Mutation): MutationResult {
    const key = `${m.table}/${m.id}`;
    const row = this.rows.get(key);
    if (m.op === 'insert') {
      if (row === undefined)
        return this.applied(m, this.write(key, { ...clean(m.data), id: m.id, deleted_at: null }));
      const same =
        row.deleted_at === null && Object.entries(clean(m.data)).every(([c, v]) => jsonEqual(row[c], v));
      return same
        ? { mid: m.mid, status: 'applied', rev: row.rev, row, replayed: false }
        : this.conflict(m, row);
    }
    if (row === undefined) return this.conflict(m, null);
    const casNeeded = m.op !== 'undelete' || m.base_rev !== null;
    if (casNeeded && row.rev !== m.base_rev) return this.conflict(m, row);
    if (m.op === 'update') return this.applied(m, this.write(key, { ...row, ...clean(m.data) }));
    if (m.op === 'delete') {
      if (row.deleted_at !== null)
        return { mid: m.mid, status: 'applied', rev: row.rev, row, replayed: false };
      return this.applied(m, this.write(key, { ...row, deleted_at: new Date(this.time).toISOString() }));
    }
    if (row.deleted_at === null) return { mid: m.mid, status: 'applied', rev: row.rev, row, replayed: false };
    return this.applied(m, this.write(key, { ...row, deleted_at: null }));
  }

  private write(key: string, values: RowValues): SyncedRow {
    this.rev += 1;
    this.time += 1_000;
    const deletedAt = values['deleted_at'];
    const row: SyncedRow = {
      ...values,
      id: String(values['id']),
      deleted_at: typeof deletedAt === 'string' ? deletedAt : null,
      rev: this.rev,
      updated_at: new Date(this.time).toISOString(),
    };
    this.rows.set(key, row);
    return row;
  }

  private applied(m: Mutation, row: SyncedRow): MutationResult {
    this.writes.set(m.mid, (this.writes.get(m.mid) ?? 0) + 1);
    return { mid: m.mid, status: 'applied', rev: row.rev, row, replayed: false };
  }

  private conflict(m: Mutation, row: SyncedRow | null): MutationResult {
    return { mid: m.mid, status: 'conflict', row, code: 'conflict', message: 'rev moved', replayed: false };
  }
}

function clean(data: RowValues): RowValues {
  return Object.fromEntries(
    Object.entries(data).filter(([column]) => column !== 'id' && !isServerOwnedColumn(column)),
  );
}
