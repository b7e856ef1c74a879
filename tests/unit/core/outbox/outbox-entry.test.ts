import { describe, expect, it } from 'vitest';
import {
  isOpen,
  mayHaveReachedServer,
  newOutboxEntry,
  rowKey,
  toMutation,
} from '../../../../src/core/outbox/outbox-entry.ts';
import { mutationSchema } from '../../../../src/core/protocol/push.ts';
import { entry, mid, ROW_A } from '../outbox-fixtures.ts';

describe('outbox entry', () => {
  const fresh = newOutboxEntry({
    mid: mid(1),
    table: 'patients',
    rowId: ROW_A,
    op: 'update',
    data: { phone: '+5511999990000' },
    base: { phone: null },
    baseRev: 4,
    now: Date.parse('2026-11-22T10:00:00.000Z'),
  });

  it('starts pending, never sent, due at once', () => {
    expect(fresh).toMatchObject({
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      result: null,
      supersedes: [],
    });
    expect(fresh.at).toBe('2026-11-22T10:00:00.000Z');
    expect(mayHaveReachedServer(fresh)).toBe(false);
  });

  it('becomes the documented wire mutation', () => {
    const mutation = toMutation(fresh);
    expect(mutation).toEqual({
      mid: mid(1),
      table: 'patients',
      op: 'update',
      id: ROW_A,
      base_rev: 4,
      data: { phone: '+5511999990000' },
      base: { phone: null },
      at: '2026-11-22T10:00:00.000Z',
    });
    expect(mutationSchema.safeParse(mutation).success).toBe(true);
  });

  it('counts as possibly seen by the server once sent, or in any state but pending', () => {
    expect(mayHaveReachedServer(entry({ seq: 1, attempts: 1 }))).toBe(true);
    expect(mayHaveReachedServer(entry({ seq: 1, state: 'sending' }))).toBe(true);
    expect(isOpen(entry({ seq: 1, state: 'failed' }))).toBe(true);
    expect(isOpen(entry({ seq: 1, state: 'done' }))).toBe(false);
    expect(rowKey(fresh)).toBe(`patients/${ROW_A}`);
  });
});
