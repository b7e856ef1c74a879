import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideField } from '../../../../src/core/merge/field-merge.ts';
import {
  fromThousandths,
  ledger,
  movementDelta,
  planMovement,
} from '../../../../src/core/inventory/stock-ledger.ts';

const RUNS = Number(process.env['FC_RUNS'] ?? 500);

describe('stock movements', () => {
  it('in adds, out and transfer take away, an adjustment is the signed correction', () => {
    expect(movementDelta('in', 5)).toBe(5000);
    expect(movementDelta('out', 2)).toBe(-2000);
    expect(movementDelta('transfer', 2)).toBe(-2000);
    expect(movementDelta('adjustment', -3)).toBe(-3000);
    expect(movementDelta('adjustment', 0.5)).toBe(500);
    expect(movementDelta('out', 0.0001)).toBeNull();
  });

  it('the report: a "saída" of 2 leaves 38 of 40, and going below zero must be confirmed', () => {
    expect(planMovement(40, 'out', 2)).toEqual({
      kind: 'ok',
      afterThousandths: 38_000,
      deltaThousandths: -2000,
    });
    expect(planMovement(1, 'out', 2).kind).toBe('below_zero');
    expect(planMovement(1, 'out', 0).kind).toBe('invalid_quantity');
    expect(planMovement(0.1, 'in', 0.2)).toMatchObject({ afterThousandths: 300 });
    expect(fromThousandths(300)).toBe(0.3);
  });

  it('the ledger ends at the stock on hand and each balance follows from the one before', () => {
    const movement = fc.record({
      id: fc.uuid(),
      kind: fc.constantFrom('in', 'out', 'adjustment'),
      quantity: fc.integer({ min: 1, max: 5000 }).map((n) => n / 10),
      moved_at: fc
        .integer({ min: 0, max: 10_000 })
        .map((s) => new Date(1_800_000_000_000 + s * 1000).toISOString()),
    });
    fc.assert(
      fc.property(
        fc.array(movement, { maxLength: 30 }),
        fc.integer({ min: 0, max: 100_000 }),
        (movements, onHand) => {
          const lines = ledger(movements, onHand);
          expect(lines.length).toBe(movements.length);
          if (lines.length === 0) return;
          expect(lines.at(-1)?.balanceThousandths).toBe(onHand * 1000);
          for (let i = 1; i < lines.length; i++) {
            const previous = lines[i - 1];
            const line = lines[i];
            expect(line?.balanceThousandths).toBe(
              (previous?.balanceThousandths ?? 0) + (line?.deltaThousandths ?? 0),
            );
            expect(Date.parse(line?.movement.moved_at ?? '')).toBeGreaterThanOrEqual(
              Date.parse(previous?.movement.moved_at ?? ''),
            );
          }
          expect(ledger([...movements].reverse(), onHand).map((l) => l.movement.id)).toEqual(
            lines.map((l) => l.movement.id),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('two devices moving the same stock offline end at the start plus both movements (counter merge)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: -100, max: 100 }),
        (start, a, b) => {
          // Device A's write reached the server first; device B's pending edit meets it.
          const decision = decideField(
            'merge',
            { base: start, mine: start + b, theirs: start + a },
            { mineAt: 0, theirsAt: 0 },
          );
          expect(decision).toMatchObject({ kind: 'resolved', value: start + a + b });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
