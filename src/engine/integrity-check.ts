import { digestSummary, digestText, digestsAgree, type Digest } from '../core/protocol/digest.ts';
import { syncedTableNames, type SyncedTableName } from '../core/synced-tables.ts';
import type { ClinicDb } from './local-db.ts';
import type { SyncRemote } from './remote-port.ts';
import { describeFailure } from './remote-port.ts';
import { repullTables } from './resync.ts';
import { appendAudit } from './capped-log.ts';

export interface TableIntegrity {
  readonly table: SyncedTableName;
  readonly local: Digest;
  readonly remote: Digest | null;
  /** `ok`: equal; `repaired`: differed, re-pulled, now equal; `mismatch`: still differs; `error`: no answer. */
  readonly state: 'ok' | 'repaired' | 'mismatch' | 'error';
  readonly message: string | null;
}

export interface IntegrityReport {
  readonly checkedAt: string;
  readonly tables: readonly TableIntegrity[];
  readonly ok: boolean;
}

/**
 * Proves the local copy equals the server's: per table, SHA-256 (WebCrypto) of the `id:rev` lines
 * of the rows the server has confirmed (rev > 0; local-only inserts are not on the server yet),
 * compared with `sync_digest`. A table that differs is re-pulled and checked again; the result
 * per table lands in `sync_state` and the audit log.
 */
export async function runIntegrityCheck(db: ClinicDb, remote: SyncRemote): Promise<IntegrityReport> {
  const tables: TableIntegrity[] = [];
  for (const table of syncedTableNames) tables.push(await checkTable(db, remote, table));
  const report = {
    checkedAt: new Date().toISOString(),
    tables,
    ok: tables.every((t) => t.state === 'ok' || t.state === 'repaired'),
  };
  await db.transaction('rw', [db.sync_state, db.audit], async () => {
    for (const t of tables) {
      await db.sync_state.put({
        key: `table:${t.table}`,
        table: t.table,
        state: t.state === 'mismatch' || t.state === 'error' ? 'mismatch' : 'ok',
        lastCheckAt: report.checkedAt,
        localHash: t.local.hash,
        remoteHash: t.remote?.hash ?? null,
      });
    }
    const differing = tables.filter((t) => t.state !== 'ok');
    await appendAudit(db, {
      kind: 'integrity',
      message:
        differing.length === 0
          ? 'every table matches the server'
          : differing.map((t) => `${t.table}: ${t.state}`).join(', '),
    });
  });
  return report;
}

async function checkTable(db: ClinicDb, remote: SyncRemote, table: SyncedTableName): Promise<TableIntegrity> {
  const first = await compare(db, remote, table);
  if (first.state !== 'mismatch') return first;
  const repulled = await repullTables(db, remote, [table]);
  if (repulled.kind !== 'ok') return { ...first, state: 'error', message: describeFailure(repulled) };
  const second = await compare(db, remote, table);
  return second.state === 'ok' ? { ...second, state: 'repaired' } : second;
}

async function compare(db: ClinicDb, remote: SyncRemote, table: SyncedTableName): Promise<TableIntegrity> {
  const local = await localDigest(db, table);
  const answer = await remote.digest(table);
  if (answer.kind !== 'ok')
    return { table, local, remote: null, state: 'error', message: describeFailure(answer) };
  const agree = digestsAgree(local, answer.value);
  return { table, local, remote: answer.value, state: agree ? 'ok' : 'mismatch', message: null };
}

export async function localDigest(db: ClinicDb, table: SyncedTableName): Promise<Digest> {
  const rows: { id: string; rev: number }[] = [];
  await db.rows(table).each((row) => {
    if (row.rev > 0) rows.push({ id: row.id, rev: row.rev });
  });
  return { ...digestSummary(rows), hash: await sha256Hex(digestText(rows)) };
}

async function sha256Hex(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
