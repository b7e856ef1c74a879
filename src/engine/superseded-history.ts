import type { SupersededValue } from '../core/merge/superseded-values.ts';
import type { ClinicDb } from './local-db.ts';
import { appendAudit } from './capped-log.ts';
import { clientIdOf } from './sync-state.ts';
import { mutate } from './write-api.ts';

/** The stores `keepSuperseded` writes: include them in the calling transaction's scope. */
export function supersededStores(db: ClinicDb) {
  return [db.audit, db.outbox, db.sync_state, db.rows('superseded_values')];
}

/**
 * Keeps every value a settlement replaced: one audit line each on this device, and one history
 * row (`superseded_values`) queued through the outbox like any edit, so every device shows it on
 * the record's screen and can bring it back. Runs inside the settlement's transaction (scope:
 * `supersededStores`), so the replacement and its trace commit together.
 *
 * Who typed it: a value of this device's edit was typed here (`typed_on` = this client; the
 * history row's own `last_editor` names the user); a value of the server row was typed by that
 * row's `last_editor` (`<user id>/<client id>`).
 */
export async function keepSuperseded(db: ClinicDb, values: readonly SupersededValue[]): Promise<void> {
  if (values.length === 0) return;
  const clientId = await clientIdOf(db);
  for (const value of values) {
    const typedOn = value.side === 'mine' ? clientId : (value.typedBy?.split('/')[1] ?? null);
    const id = crypto.randomUUID();
    const result = await mutate(db, 'superseded_values', 'insert', id, {
      table_name: value.table,
      row_id: value.rowId,
      column_name: value.column,
      section: value.section,
      value: value.value,
      typed_by: value.typedBy,
      typed_at: value.typedAt,
      typed_on: typedOn,
      replaced_with: value.replacedWith,
      reason: value.reason,
    });
    await appendAudit(db, {
      kind: 'value-superseded',
      message: `${value.table} ${value.rowId}: ${value.section ? `${value.column}.${value.section}` : value.column} ${JSON.stringify(value.value)} (${value.side}) replaced by ${JSON.stringify(value.replacedWith)} (${value.reason})`,
      details: {
        historyId: result.ok ? id : null,
        table: value.table,
        rowId: value.rowId,
        column: value.column,
        section: value.section,
        value: typeof value.value === 'string' ? value.value : JSON.stringify(value.value),
        side: value.side,
        typedBy: value.typedBy,
        typedAt: value.typedAt,
        typedOn,
        reason: value.reason,
      },
    });
  }
}
