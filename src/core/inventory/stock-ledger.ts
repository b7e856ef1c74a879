import { quantityDecimals, quantityThousandths } from '../billing/money.ts';

/**
 * How an inventory movement changes stock on hand. The seed and the data form store `in`, `out`
 * and `transfer` (out of this item's branch) with a positive quantity and an `adjustment` as the
 * signed correction, so a movement's effect is read from its kind, never from its sign alone.
 *
 * Arithmetic is in thousandths (quantities are numeric with up to 3 places: 0.5 ml, 2.25 boxes),
 * so a ledger of many small movements never drifts by a float error.
 */
export const movementKinds = ['in', 'out', 'adjustment', 'transfer'] as const;
export type MovementKind = (typeof movementKinds)[number];

const scale = 10 ** quantityDecimals;

/** The change a movement makes to stock on hand, in thousandths (null: not an exact quantity). */
export function movementDelta(kind: string, quantity: unknown): number | null {
  const q = quantityThousandths(quantity);
  if (q === null) return null;
  const n = Number(q);
  switch (kind) {
    case 'in':
      return Math.abs(n);
    case 'out':
    case 'transfer':
      return -Math.abs(n);
    default:
      return n;
  }
}

/** Stock as thousandths (null when the stored value is not an exact quantity). */
export function stockThousandths(value: unknown): number | null {
  const q = quantityThousandths(value ?? 0);
  return q === null ? null : Number(q);
}

/** Thousandths back to the stored numeric value. */
export function fromThousandths(thousandths: number): number {
  return thousandths / scale;
}

export type MovementPlan =
  | { readonly kind: 'ok'; readonly afterThousandths: number; readonly deltaThousandths: number }
  | { readonly kind: 'below_zero'; readonly afterThousandths: number; readonly deltaThousandths: number }
  | { readonly kind: 'invalid_quantity' };

/**
 * What a movement the person is about to save does to `onHand`. A result below zero is allowed
 * only after they confirm it (`below_zero`): stock counts lag behind reality, and refusing would
 * only push people to write a fake entry first.
 */
export function planMovement(onHand: unknown, kind: string, quantity: unknown): MovementPlan {
  const delta = movementDelta(kind, quantity);
  const current = stockThousandths(onHand);
  if (delta === null || delta === 0 || current === null) return { kind: 'invalid_quantity' };
  const after = current + delta;
  return { kind: after < 0 ? 'below_zero' : 'ok', afterThousandths: after, deltaThousandths: delta };
}

export interface LedgerMovement {
  readonly id: string;
  readonly kind: string;
  readonly quantity: unknown;
  readonly moved_at: string;
}

export interface LedgerLine<M extends LedgerMovement> {
  readonly movement: M;
  readonly deltaThousandths: number;
  /** Stock after this movement, counting back from the stock on hand now. */
  readonly balanceThousandths: number;
}

/**
 * The item's movements oldest first with the balance after each. The balance is anchored on the
 * stock on hand now (the last line's balance equals it), because items may have started with
 * stock no movement recorded. Ties in time are ordered by id so every device shows one order.
 */
export function ledger<M extends LedgerMovement>(movements: readonly M[], onHand: unknown): LedgerLine<M>[] {
  const ordered = [...movements].sort(
    (a, b) => Date.parse(a.moved_at) - Date.parse(b.moved_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const deltas = ordered.map((movement) => movementDelta(movement.kind, movement.quantity) ?? 0);
  let balance = stockThousandths(onHand) ?? 0;
  const lines: LedgerLine<M>[] = new Array<LedgerLine<M>>(ordered.length);
  for (let i = ordered.length - 1; i >= 0; i--) {
    const movement = ordered[i] as M;
    const delta = deltas[i] ?? 0;
    lines[i] = { movement, deltaThousandths: delta, balanceThousandths: balance };
    balance -= delta;
  }
  return lines;
}
