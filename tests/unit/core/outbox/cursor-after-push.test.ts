import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cursorAfterPush } from '../../../../src/core/outbox/cursor-after-push.ts';
import type { MutationResult } from '../../../../src/core/protocol/push.ts';

const id = (n: number) => `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, '0')}`;

const applied = (rev: number, n = rev): MutationResult => ({
  mid: id(n),
  status: 'applied',
  rev,
  row: { id: id(n), rev, deleted_at: null },
  replayed: false,
});

const conflict = (rev: number): MutationResult => ({
  mid: id(9000 + rev),
  status: 'conflict',
  row: { id: id(9000 + rev), rev, deleted_at: null },
  code: 'conflict',
  message: 'stale',
  replayed: false,
});

describe('cursorAfterPush', () => {
  it('passes a push whose applied rows carry exactly the next revs, in any order', () => {
    expect(cursorAfterPush(40, [applied(41), applied(42), applied(43)])).toBe(43);
    expect(cursorAfterPush(40, [applied(43), applied(41), applied(42)])).toBe(43);
  });

  it('ignores conflicts and rejections: only applied rows took revs', () => {
    const rejected: MutationResult = {
      mid: id(77),
      status: 'rejected',
      code: 'invalid_data',
      message: 'no',
      replayed: false,
    };
    expect(cursorAfterPush(40, [applied(41), conflict(12), rejected, applied(42)])).toBe(42);
  });

  it('keeps the cursor when a rev is missing: another writer, a side write or a rolled-back attempt', () => {
    expect(cursorAfterPush(40, [applied(41), applied(43)])).toBe(40);
  });

  it('keeps the cursor when the first rev is not the next one (someone wrote in between)', () => {
    expect(cursorAfterPush(40, [applied(42), applied(43)])).toBe(40);
    // An identical re-insert answers applied with the row's old rev.
    expect(cursorAfterPush(40, [applied(17), applied(41)])).toBe(40);
  });

  it('keeps the cursor when an applied answer has no row, or a row at another rev', () => {
    const noRow: MutationResult = { mid: id(1), status: 'applied', rev: 41, row: null, replayed: false };
    expect(cursorAfterPush(40, [noRow])).toBe(40);
    const otherRev: MutationResult = {
      mid: id(1),
      status: 'applied',
      rev: 41,
      row: { id: id(1), rev: 44, deleted_at: null },
      replayed: false,
    };
    expect(cursorAfterPush(40, [otherRev])).toBe(40);
  });

  it('keeps the cursor when nothing applied, and never moves it backwards', () => {
    expect(cursorAfterPush(40, [])).toBe(40);
    expect(cursorAfterPush(40, [conflict(45)])).toBe(40);
    expect(cursorAfterPush(40, [applied(39), applied(40)])).toBe(40);
  });

  it('moves only to the highest applied rev, and only when every rev between is accounted for', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 30 }),
        (cursor, offsets) => {
          const results = offsets.map((offset, i) => applied(cursor + offset, i));
          const next = cursorAfterPush(cursor, results);
          const revs = new Set(results.map((result) => (result.status === 'applied' ? result.rev : 0)));
          if (next === cursor) return;
          expect(next).toBe(Math.max(...revs));
          for (let rev = cursor + 1; rev <= next; rev += 1) expect(revs.has(rev)).toBe(true);
          expect(revs.size).toBe(next - cursor);
        },
      ),
    );
  });
});
