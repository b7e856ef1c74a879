import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RowValues } from '../../../src/core/protocol/synced-row.ts';
import type { SyncedTableName } from '../../../src/core/synced-tables.ts';
import { ModelClient } from './support/model-client.ts';
import { ModelServer } from './support/model-server.ts';

// Coalescing equivalence: a client that makes a run of edits offline (its unsent edits folded
// into few entries) ends with the same server rows as a client that sends every edit on its own
// as soon as it is made. At every step both clients show the same rows.
// The one intended difference is left out of the generator: an insert cancelled by a delete
// before it was sent never reaches the server, so unlike a sent one it cannot be restored.

const PATIENT = 'aaaaaaaa-0000-4000-8000-000000000001';
const ITEM = 'bbbbbbbb-0000-4000-8000-000000000002';
const NEW_ROW = 'dddddddd-0000-4000-8000-000000000004';
const RUNS = Number(process.env['FC_RUNS'] ?? 300);

type Edit =
  | { kind: 'field'; column: 'email' | 'full_name' | 'notes'; value: string | null }
  | { kind: 'tag'; tag: string; add: boolean }
  | { kind: 'stock'; delta: number }
  | { kind: 'delete' | 'undelete' }
  | { kind: 'insert-new' }
  | { kind: 'edit-new'; value: string }
  | { kind: 'delete-new' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('field' as const),
    column: fc.constantFrom('email' as const, 'full_name' as const, 'notes' as const),
    value: fc.constantFrom('a', 'b', null),
  }),
  fc.record({ kind: fc.constant('tag' as const), tag: fc.constantFrom('t0', 't1', 't2'), add: fc.boolean() }),
  fc.record({ kind: fc.constant('stock' as const), delta: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'undelete' as const) }),
  fc.record({ kind: fc.constant('insert-new' as const) }),
  fc.record({ kind: fc.constant('edit-new' as const), value: fc.constantFrom('x', 'y') }),
  fc.record({ kind: fc.constant('delete-new' as const) }),
);

function setUp(): { server: ModelServer; client: ModelClient } {
  const server = new ModelServer();
  server.seed('patients', { id: PATIENT, full_name: 'Ana', email: null, notes: null, tags: [] });
  server.seed('inventory_items', { id: ITEM, name: 'Gauze', unit: 'box', quantity_on_hand: 50 });
  let tick = Date.parse('2026-11-22T09:00:00Z');
  const client = new ModelClient('solo', () => (tick += 1_000));
  client.pull(server);
  return { server, client };
}

function apply(client: ModelClient, step: Edit): string {
  const patient = client.view('patients', PATIENT);
  switch (step.kind) {
    case 'field':
      return client.edit('patients', {
        op: 'update',
        rowId: PATIENT,
        changes: { [step.column]: step.value },
      });
    case 'tag': {
      const tags = (patient?.['tags'] as string[] | undefined) ?? [];
      const next = step.add ? [...new Set([...tags, step.tag])] : tags.filter((t) => t !== step.tag);
      return client.edit('patients', { op: 'update', rowId: PATIENT, changes: { tags: next } });
    }
    case 'stock': {
      const quantity = client.view('inventory_items', ITEM)?.['quantity_on_hand'] as number;
      return client.edit('inventory_items', {
        op: 'update',
        rowId: ITEM,
        changes: { quantity_on_hand: quantity + step.delta },
      });
    }
    case 'delete':
    case 'undelete':
      return client.edit('patients', { op: step.kind, rowId: PATIENT, changes: {} });
    case 'insert-new':
      return client.edit('patients', { op: 'insert', rowId: NEW_ROW, changes: { full_name: 'Bia' } });
    case 'edit-new':
      return client.edit('patients', { op: 'update', rowId: NEW_ROW, changes: { notes: step.value } });
    case 'delete-new':
      return client.edit('patients', { op: 'delete', rowId: NEW_ROW, changes: {} });
  }
}

/** Domain columns only, and a tombstone the same as no row: what a person can see. */
function visible(row: RowValues | undefined): RowValues | null {
  if (row === undefined || row['deleted_at'] != null) return null;
  const { rev: _rev, updated_at: _updated, deleted_at: _deleted, ...domain } = row;
  return domain;
}

function flush(client: ModelClient, server: ModelServer): number {
  let sent = 0;
  for (let i = 0; i < 50; i += 1) {
    const batch = client.push(server);
    if (batch === 0) break;
    sent += batch;
  }
  return sent;
}

/** Ids are fresh for every insert in the app: the new row is inserted at most once. */
function insertOnce(steps: Edit[]): Edit[] {
  const first = steps.findIndex((step) => step.kind === 'insert-new');
  return steps.filter((step, index) => step.kind !== 'insert-new' || index === first);
}

describe('coalescing', () => {
  it('sending the folded entries equals sending every edit on its own', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }).map(insertOnce), (steps) => {
        const offline = setUp();
        const online = setUp();
        let sentOnline = 0;
        for (const step of steps) {
          const offlineKind = apply(offline.client, step);
          const onlineKind = apply(online.client, step);
          expect(offlineKind === 'rejected').toBe(onlineKind === 'rejected');
          sentOnline += flush(online.client, online.server);
          for (const [table, id] of [
            ['patients', PATIENT],
            ['patients', NEW_ROW],
            ['inventory_items', ITEM],
          ] as [SyncedTableName, string][]) {
            expect(visible(offline.client.view(table, id))).toEqual(visible(online.client.view(table, id)));
          }
        }
        const sentOffline = flush(offline.client, offline.server);
        expect(offline.client.openEntries()).toEqual([]);
        expect(sentOffline).toBeLessThanOrEqual(sentOnline);
        for (const [table, id] of [
          ['patients', PATIENT],
          ['patients', NEW_ROW],
          ['inventory_items', ITEM],
        ] as const) {
          expect(visible(offline.server.row(table, id))).toEqual(visible(online.server.row(table, id)));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
