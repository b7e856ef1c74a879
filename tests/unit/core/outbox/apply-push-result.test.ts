import { describe, expect, it } from 'vitest';
import { applyConflictOutcome, applyPushResult } from '../../../../src/core/outbox/apply-push-result.ts';
import { resolveConflict } from '../../../../src/core/merge/reconcile-conflict.ts';
import type { MutationResult } from '../../../../src/core/protocol/push.ts';
import { entry, mid, midSource, ROW_A } from '../outbox-fixtures.ts';

const context = () => ({ newMid: midSource(), now: Date.parse('2026-11-22T11:00:00Z'), clockOffsetMs: 0 });

function serverRow(rev: number, values: Record<string, unknown> = {}, deletedAt: string | null = null) {
  return {
    id: ROW_A,
    rev,
    deleted_at: deletedAt,
    updated_at: '2026-11-22T10:30:00Z',
    full_name: 'Ana Souza',
    phone: '+5511988880000',
    ...values,
  };
}

const applied = (m: string, rev: number, replayed = false): MutationResult => ({
  mid: m,
  status: 'applied',
  rev,
  row: serverRow(rev),
  replayed,
});

describe('applyPushResult: applied', () => {
  it('closes the entry and hands its rev to the next entry of the row', () => {
    const first = entry({ seq: 1, state: 'sending', attempts: 1 });
    const second = entry({ seq: 2, baseRev: null });
    const other = entry({ seq: 3, rowId: 'bbbbbbbb-0000-4000-8000-000000000002' });
    const settled = applyPushResult([second, first, other], applied(first.mid, 11), context());
    expect(settled.outcome).toBe('applied');
    expect(settled.updates).toEqual([
      { ...first, state: 'done', result: applied(first.mid, 11), lastError: null },
      { ...second, baseRev: 11 },
    ]);
    expect(settled.serverRow?.rev).toBe(11);
  });

  it('treats a replayed result (lost response, same mid re-sent) exactly like the first one', () => {
    const first = entry({ seq: 1, attempts: 2 });
    const once = applyPushResult([first], applied(first.mid, 11), context());
    const replay = applyPushResult([first], applied(first.mid, 11, true), context());
    expect(replay.updates.map((e) => e.state)).toEqual(once.updates.map((e) => e.state));
  });

  it('ignores a result delivered again after the entry closed, or for an unknown mid', () => {
    const done = entry({ seq: 1, state: 'done' });
    expect(applyPushResult([done], applied(done.mid, 11), context())).toMatchObject({
      outcome: 'stale',
      updates: [],
    });
    expect(applyPushResult([done], applied(mid(77), 11), context()).outcome).toBe('stale');
  });
});

describe('applyPushResult: rejected', () => {
  it('fails the entry with the server code, keeping the row blocked for a person', () => {
    const first = entry({ seq: 1, state: 'sending' });
    const result: MutationResult = {
      mid: first.mid,
      status: 'rejected',
      code: 'invalid_data',
      message: 'bad phone',
      replayed: false,
    };
    const settled = applyPushResult([first, entry({ seq: 2 })], result, context());
    expect(settled.outcome).toBe('rejected');
    expect(settled.updates).toEqual([
      { ...first, state: 'failed', result, lastError: { code: 'invalid_data', message: 'bad phone' } },
    ]);
  });
});

describe('applyPushResult: conflict', () => {
  const conflict = (m: string, row: ReturnType<typeof serverRow> | null): MutationResult => ({
    mid: m,
    status: 'conflict',
    row,
    code: 'conflict',
    message: 'rev moved',
    replayed: false,
  });

  it('re-sends a clean merge as a new mutation in the same place, based on the server rev', () => {
    const mine = entry({
      seq: 1,
      state: 'sending',
      attempts: 1,
      data: { phone: '+5511900000000' },
      base: { phone: '+5511988880000' },
    });
    const theirs = serverRow(12, { email: 'ana@example.com' });
    const settled = applyPushResult([mine], conflict(mine.mid, theirs), context());
    expect(settled.outcome).toBe('merged');
    expect(settled.updates[0]).toMatchObject({
      seq: 1,
      mid: mid(1000),
      op: 'update',
      data: { phone: '+5511900000000' },
      base: { phone: '+5511988880000' },
      baseRev: 12,
      state: 'pending',
      attempts: 0,
      supersedes: [mine.mid],
    });
    expect(settled.serverRow).toEqual(theirs);
  });

  it('settles when the server already holds the same values', () => {
    const mine = entry({ seq: 1, state: 'sending', data: { phone: '+5511900000000' } });
    const next = entry({ seq: 2, baseRev: null, data: { email: 'ana@example.com' }, base: { email: null } });
    const settled = applyPushResult(
      [mine, next],
      conflict(mine.mid, serverRow(12, { phone: '+5511900000000', email: null })),
      context(),
    );
    expect(settled.outcome).toBe('settled');
    expect(settled.updates.map((e) => [e.seq, e.state, e.baseRev])).toEqual([
      [1, 'done', 10],
      [2, 'pending', 12],
    ]);
  });

  it('keeps a manual conflict for a person, with a record holding all three versions', () => {
    const mine = entry({
      seq: 1,
      state: 'sending',
      data: { full_name: 'Ana B. Souza' },
      base: { full_name: 'Ana Souza' },
    });
    const settled = applyPushResult(
      [mine],
      conflict(mine.mid, serverRow(12, { full_name: 'Ana Souza Lima' })),
      context(),
    );
    expect(settled.outcome).toBe('conflict');
    expect(settled.updates[0]?.state).toBe('conflict');
    expect(settled.conflict).toMatchObject({
      kind: 'fields',
      rowId: ROW_A,
      theirsRev: 12,
      fields: [
        {
          column: 'full_name',
          base: 'Ana Souza',
          mine: 'Ana B. Souza',
          theirs: 'Ana Souza Lima',
          policy: 'manual',
        },
      ],
    });
  });

  it('fails an edit of a row the server does not have', () => {
    const mine = entry({ seq: 1, state: 'sending' });
    const settled = applyPushResult([mine], conflict(mine.mid, null), context());
    expect(settled.updates[0]).toMatchObject({ state: 'failed', lastError: { code: 'row_missing' } });
  });

  it('turns "keep mine" on an edit of a deleted row into an undelete, then the edit', () => {
    const mine = entry({ seq: 1, state: 'sending', data: { phone: '+5511900000000' } });
    const deleted = serverRow(12, {}, '2026-11-22T10:20:00Z');
    const settled = applyPushResult([mine], conflict(mine.mid, deleted), context());
    expect(settled.conflict?.kind).toBe('edit_vs_delete');
    const decided = applyConflictOutcome(
      [{ ...mine, state: 'conflict' }],
      { ...mine, state: 'conflict' },
      resolveConflict(settled.conflict!, 'mine'),
      deleted,
      context(),
    );
    expect(decided.updates[0]).toMatchObject({
      op: 'undelete',
      baseRev: 12,
      state: 'pending',
      supersedes: [mine.mid],
    });
    expect(decided.appended).toEqual([
      expect.objectContaining({
        op: 'update',
        data: { phone: '+5511900000000' },
        baseRev: null,
        rowId: ROW_A,
      }),
    ]);
  });
});

describe('applyPushResult: handing the next entry on to the answered row', () => {
  const stock = (rev: number, quantity: number) => ({
    id: ROW_A,
    rev,
    deleted_at: null,
    updated_at: '2026-11-22T10:30:00Z',
    quantity_on_hand: quantity,
  });
  const inventory = { table: 'inventory_items' as const };

  it('re-bases a queued counter edit on the merged server value, so no delta is lost', () => {
    // Client saw 10, took 2 out (e1: 10 → 8), then 1 more (e2: 8 → 7, queued behind e1).
    // Meanwhile someone added 5: e1 conflicts and merges to 13 and lands at rev 13.
    const e1 = entry({
      seq: 1,
      ...inventory,
      state: 'sending',
      attempts: 1,
      data: { quantity_on_hand: 8 },
      base: { quantity_on_hand: 10 },
    });
    const e2 = entry({ seq: 2, ...inventory, data: { quantity_on_hand: 7 }, base: { quantity_on_hand: 8 } });
    const settled = applyPushResult(
      [e1, e2],
      { mid: e1.mid, status: 'applied', rev: 13, row: stock(13, 13), replayed: false },
      context(),
    );
    expect(settled.updates[1]).toMatchObject({
      seq: 2,
      mid: e2.mid,
      baseRev: 13,
      data: { quantity_on_hand: 12 },
      base: { quantity_on_hand: 13 },
    });
  });

  it('turns a queued edit into a conflict when the answered row changed its column under it', () => {
    const e1 = entry({ seq: 1, state: 'sending', attempts: 1, data: { phone: '+5511900000001' } });
    const e2 = entry({ seq: 2, data: { full_name: 'Ana B.' }, base: { full_name: 'Ana' } });
    const row = serverRow(13, { full_name: 'Ana Lima', phone: '+5511900000001' });
    const settled = applyPushResult(
      [e1, e2],
      { mid: e1.mid, status: 'applied', rev: 13, row, replayed: false },
      context(),
    );
    expect(settled.outcome).toBe('applied');
    expect(settled.updates.map((e) => [e.seq, e.state])).toEqual([
      [1, 'done'],
      [2, 'conflict'],
    ]);
    expect(settled.conflict).toMatchObject({
      mid: e2.mid,
      fields: [{ column: 'full_name', theirs: 'Ana Lima' }],
    });
  });
});
