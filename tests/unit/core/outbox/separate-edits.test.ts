import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../../src/core/entity-rules.ts';
import { coalesce } from '../../../../src/core/outbox/coalesce.ts';
import { newOutboxEntry, type OutboxEntry } from '../../../../src/core/outbox/outbox-entry.ts';
import { chooseNextBatch } from '../../../../src/core/outbox/next-batch.ts';
import type { SyncedTableName } from '../../../../src/core/synced-tables.ts';

const invoice = '00000000-0000-4000-8000-0000000000a1';
const line = '00000000-0000-4000-8000-0000000000b1';

function entry(
  seq: number,
  table: SyncedTableName,
  rowId: string,
  op: 'insert' | 'update',
  data: Record<string, unknown>,
) {
  return {
    ...newOutboxEntry({
      mid: `m${seq}`,
      table,
      rowId,
      op,
      data,
      base: {},
      baseRev: op === 'insert' ? null : 0,
      now: seq,
    }),
    seq,
  } as OutboxEntry;
}

describe('edits kept apart', () => {
  it('an invoice issued offline is not folded into its unsent insert, so it reaches the server after its lines', () => {
    const insert = entry(1, 'invoices', invoice, 'insert', { status: 'draft', total: 0 });
    const issue = entry(3, 'invoices', invoice, 'update', { status: 'issued', total: 80 });
    expect(coalesce(insert, issue, rulesFor('invoices'))).toEqual({ kind: 'append' });
    // A draft's running total still folds into the insert.
    expect(
      coalesce(insert, entry(2, 'invoices', invoice, 'update', { total: 80 }), rulesFor('invoices')).kind,
    ).toBe('replace');
    // Other tables fold as before.
    expect(
      coalesce(
        entry(1, 'appointments', line, 'insert', { status: 'scheduled' }),
        entry(2, 'appointments', line, 'update', { status: 'confirmed' }),
        rulesFor('appointments'),
      ).kind,
    ).toBe('replace');

    // Sent in order: the insert and its line first (row heads), the issue only after the insert.
    const queue = [
      insert,
      entry(2, 'invoice_items', line, 'insert', { invoice_id: invoice, amount: 80 }),
      issue,
    ];
    const first = chooseNextBatch(queue, { now: 10, maxMutations: 100 }).map((e) => e.mid);
    expect(first).toEqual(['m1', 'm2']);
  });
});
