import { fromThousandths, planMovement, stockThousandths } from '../../../core/inventory/stock-ledger.ts';
import { mutate, type WriteResult } from '../../../engine/write-api.ts';
import type { ClinicDb } from '../../../engine/local-db.ts';

export type MoveResult =
  | { readonly ok: true; readonly onHand: number }
  | {
      readonly ok: false;
      readonly code: 'invalid_quantity' | 'below_zero' | 'row_missing' | string;
      readonly message: string;
    };

class Refused extends Error {
  constructor(readonly result: MoveResult) {
    super('refused');
  }
}

async function step(write: Promise<WriteResult>) {
  const result = await write;
  if (!result.ok) throw new Refused({ ok: false, code: result.error.code, message: result.error.message });
}

/**
 * Moves stock: one ledger row (`inventory_movements`, append-only) and the item's stock on hand,
 * in ONE Dexie transaction with their outbox entries. The stock is written as the new count; the
 * entity rules merge `quantity_on_hand` as a counter (both sides' deltas add), so two devices
 * moving the same item offline end at the start plus every movement, whichever pushes first.
 * A movement that leaves the stock below zero is refused unless `allowBelowZero` (the person was
 * asked and confirmed).
 */
export async function moveStock(
  db: ClinicDb,
  itemId: string,
  movement: { readonly kind: string; readonly quantity: string; readonly reason: string },
  options: { readonly allowBelowZero: boolean; readonly now?: Date },
): Promise<MoveResult> {
  return db
    .transaction('rw', [db.rows('inventory_items'), db.rows('inventory_movements'), db.outbox], async () => {
      const item = await db.rows('inventory_items').get(itemId);
      if (!item || item.deleted_at) return { ok: false, code: 'row_missing', message: itemId } as const;
      const plan = planMovement(item['quantity_on_hand'], movement.kind, movement.quantity);
      if (plan.kind === 'invalid_quantity')
        return { ok: false, code: 'invalid_quantity', message: movement.quantity } as const;
      if (plan.kind === 'below_zero' && !options.allowBelowZero)
        return {
          ok: false,
          code: 'below_zero',
          message: String(fromThousandths(plan.afterThousandths)),
        } as const;
      // The ledger keeps `out` as a positive quantity (as the seed does); an adjustment keeps its sign.
      const stored = movement.kind === 'adjustment' ? plan.deltaThousandths : Math.abs(plan.deltaThousandths);
      await step(
        mutate(db, 'inventory_movements', 'insert', crypto.randomUUID(), {
          item_id: itemId,
          kind: movement.kind,
          quantity: fromThousandths(stored),
          moved_at: (options.now ?? new Date()).toISOString(),
          reason: movement.reason.trim() || null,
        }),
      );
      await step(
        mutate(db, 'inventory_items', 'update', itemId, {
          quantity_on_hand: fromThousandths(plan.afterThousandths),
        }),
      );
      return { ok: true, onHand: fromThousandths(plan.afterThousandths) } as const;
    })
    .catch((error: unknown): MoveResult => {
      if (error instanceof Refused) return error.result;
      // IndexedDB failed (quota, a closed database): nothing was written; the screen says so.
      return {
        ok: false,
        code: 'local_error',
        message: error instanceof Error ? error.message : String(error),
      };
    });
}

/** What a movement would leave, for the form's preview (null: not a valid quantity). */
export function previewAfter(onHand: unknown, kind: string, quantity: string): number | null {
  const plan = planMovement(onHand, kind, quantity);
  return plan.kind === 'invalid_quantity' ? null : fromThousandths(plan.afterThousandths);
}

export const isLow = (onHand: unknown, reorderLevel: unknown): boolean => {
  const level = stockThousandths(reorderLevel ?? null);
  const current = stockThousandths(onHand);
  return reorderLevel != null && level !== null && current !== null && current < level;
};
