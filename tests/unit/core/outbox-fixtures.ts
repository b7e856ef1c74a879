import type { OutboxEntry } from '../../../src/core/outbox/outbox-entry.ts';

export const ROW_A = 'aaaaaaaa-0000-4000-8000-000000000001';
export const ROW_B = 'bbbbbbbb-0000-4000-8000-000000000002';
export const ROW_C = 'cccccccc-0000-4000-8000-000000000003';

/** A mutation id whose last digits are `n`, readable in failures. */
export function mid(n: number): string {
  return `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;
}

/** A pending, never-sent update of patients/ROW_A unless told otherwise. */
export function entry(overrides: Partial<OutboxEntry> & { seq: number }): OutboxEntry {
  return {
    mid: mid(overrides.seq),
    table: 'patients',
    rowId: ROW_A,
    op: 'update',
    data: { phone: '+5511999990000' },
    base: { phone: '+5511988880000' },
    baseRev: 10,
    at: '2026-11-22T10:00:00.000Z',
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    result: null,
    supersedes: [],
    createdAt: 0,
    ...overrides,
  };
}

/** A mid generator counting up from `start`. */
export function midSource(start = 1000): () => string {
  let next = start;
  return () => mid(next++);
}
