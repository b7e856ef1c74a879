import { describe, expect, it } from 'vitest';
import {
  chooseNextBatch,
  nextDueAt,
  outboxCounts,
  rowHeads,
} from '../../../../src/core/outbox/next-batch.ts';
import { entry, ROW_A, ROW_B, ROW_C } from '../outbox-fixtures.ts';

describe('chooseNextBatch', () => {
  it('sends one entry per row, the oldest open one, oldest rows first', () => {
    const entries = [
      entry({ seq: 5, rowId: ROW_B }),
      entry({ seq: 2, rowId: ROW_A }),
      entry({ seq: 3, rowId: ROW_A }),
      entry({ seq: 1, rowId: ROW_C, state: 'done' }),
      entry({ seq: 4, rowId: ROW_C }),
    ];
    expect(chooseNextBatch(entries, { now: 0, maxMutations: 10 }).map((e) => e.seq)).toEqual([2, 4, 5]);
  });

  it('holds back only the row whose head is in flight, in conflict or failed', () => {
    const entries = [
      entry({ seq: 1, rowId: ROW_A, state: 'sending' }),
      entry({ seq: 2, rowId: ROW_A }),
      entry({ seq: 3, rowId: ROW_B, state: 'conflict' }),
      entry({ seq: 4, rowId: ROW_B }),
      entry({ seq: 5, rowId: ROW_C, state: 'failed' }),
      entry({ seq: 6, rowId: ROW_C }),
      entry({ seq: 7, rowId: ROW_C, table: 'appointments' }),
    ];
    expect(chooseNextBatch(entries, { now: 0, maxMutations: 10 }).map((e) => e.seq)).toEqual([7]);
  });

  it('waits for an entry backing off, without letting the row behind it jump the queue', () => {
    const entries = [
      entry({ seq: 1, nextAttemptAt: 5_000 }),
      entry({ seq: 2 }),
      entry({ seq: 3, rowId: ROW_B }),
    ];
    expect(chooseNextBatch(entries, { now: 1_000, maxMutations: 10 }).map((e) => e.seq)).toEqual([3]);
    expect(chooseNextBatch(entries, { now: 5_000, maxMutations: 10 }).map((e) => e.seq)).toEqual([1, 3]);
    expect(nextDueAt(entries, 1_000)).toBe(5_000);
    expect(nextDueAt(entries, 5_000)).toBeNull();
  });

  it('caps the batch size', () => {
    const entries = [
      entry({ seq: 1, rowId: ROW_A }),
      entry({ seq: 2, rowId: ROW_B }),
      entry({ seq: 3, rowId: ROW_C }),
    ];
    expect(chooseNextBatch(entries, { now: 0, maxMutations: 2 }).map((e) => e.seq)).toEqual([1, 2]);
    expect(chooseNextBatch(entries, { now: 0, maxMutations: 0 })).toEqual([]);
  });
});

describe('rowHeads and outboxCounts', () => {
  it('keys rows by table and id', () => {
    const heads = rowHeads([entry({ seq: 1 }), entry({ seq: 2, table: 'appointments' })]);
    expect([...heads.keys()].sort()).toEqual([`appointments/${ROW_A}`, `patients/${ROW_A}`]);
  });

  it('counts open entries by state', () => {
    const entries = [
      entry({ seq: 1 }),
      entry({ seq: 2, state: 'sending' }),
      entry({ seq: 3, state: 'failed' }),
      entry({ seq: 4, state: 'conflict' }),
      entry({ seq: 5, state: 'done' }),
    ];
    expect(outboxCounts(entries)).toEqual({ pending: 1, sending: 1, conflict: 1, failed: 1 });
  });
});
