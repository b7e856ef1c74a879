import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { newId, startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';
import { localDigest } from '../../src/engine/integrity-check.ts';

/**
 * The commands of the status API against the local server: retry and discard of a refused edit
 * (never silent), integrity check repairing a damaged local copy, per-table and full resync,
 * local tombstone cleanup, and a pull `reset` after the server purged tombstones.
 */
let server: LocalServer;
let client: SyncClient;

beforeAll(async () => {
  server = await startLocalServer({});
  client = await startSyncClient(server, { name: 'commands' });
  await syncUntilQuiet(client);
});
afterAll(async () => {
  await client.close();
  await server.close();
});

async function refusedEdit(): Promise<{ id: string; mid: string; branch: string }> {
  const id = newId();
  await client.write('patients', 'insert', id, { full_name: 'Paciente Recusado' });
  await syncUntilQuiet(client);
  // A branch that does not exist: only the server can tell (the device checks the table's own
  // rules, not what other rows exist there), so it refuses the edit.
  const branch = newId();
  const written = await client.write('patients', 'update', id, { branch_id: branch });
  if (!written.ok || !written.mid) throw new Error('edit not queued');
  await client.api.syncNow();
  const entry = await client.db.outbox.where('mid').equals(written.mid).first();
  expect(entry).toMatchObject({ state: 'failed', lastError: { code: 'invalid_data' } });
  return { id, mid: written.mid, branch };
}

describe('engine commands', () => {
  it('a refused edit stays visible as failed; retry sends it again under a new mid', async () => {
    const { mid } = await refusedEdit();
    expect((await client.api.getStatus()).failed).toBe(1);
    expect(await client.db.audit.where('kind').equals('rejected').count()).toBeGreaterThanOrEqual(1);
    const retried = await client.api.retry(mid);
    expect(retried.ok).toBe(true);
    const again = retried.ok
      ? await client.db.outbox
          .where('mid')
          .equals(retried.mid ?? '')
          .first()
      : undefined;
    expect(again?.supersedes).toContain(mid);
    await client.api.syncNow();
    expect(
      (
        await client.db.outbox
          .where('mid')
          .equals(retried.ok ? (retried.mid ?? '') : '')
          .first()
      )?.state,
    ).toBe('failed');
    expect(await client.api.retry(mid)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    if (retried.ok && retried.mid) await client.api.discard(retried.mid, 'cleanup');
  });

  it('discard gives the edit up, audited, and the row shows the server value again', async () => {
    const { id, mid, branch } = await refusedEdit();
    expect((await client.db.rows('patients').get(id))?.['branch_id']).toBe(branch);
    const discarded = await client.api.discard(mid, 'branch picked from an old list');
    expect(discarded.ok).toBe(true);
    expect((await client.db.rows('patients').get(id))?.['branch_id']).toBeNull();
    const line = await client.db.audit.where('kind').equals('discard').last();
    expect(line?.message).toContain('branch picked from an old list');
    expect(line?.details).toMatchObject({ mid, data: { branch_id: branch } });
    expect(await client.api.discard(mid)).toMatchObject({ ok: false, error: { code: 'not_failed' } });
    expect((await client.api.getStatus()).failed).toBe(0);
  });

  it('the integrity check finds a damaged table and repairs it by pulling it again', async () => {
    const [victim] = await client.db.rows('rooms').limit(1).toArray();
    await client.db.rows('rooms').put({ ...victim!, rev: victim!.rev + 1_000_000 });
    const stray = newId();
    await client.db.rows('services').put({ id: stray, rev: 5, deleted_at: null, name: 'Serviço fantasma' });
    const report = await client.api.runIntegrityCheck();
    const states = Object.fromEntries(report.tables.map((table) => [table.table, table.state]));
    expect(states['rooms']).toBe('repaired');
    expect(states['services']).toBe('repaired');
    expect(states['patients']).toBe('ok');
    expect(report.ok).toBe(true);
    expect((await client.db.rows('rooms').get(victim!.id))?.rev).toBe(victim!.rev);
    expect(await client.db.rows('services').get(stray)).toBeUndefined();
  });

  it('resetSyncState(table) and forceFullResync rebuild the copy and keep the outbox', async () => {
    const before = await localDigest(client.db, 'patients');
    await client.db.rows('patients').clear();
    expect(await client.api.resetSyncState('patients')).toEqual({ ok: true, mid: null });
    expect(await localDigest(client.db, 'patients')).toEqual(before);
    expect(await client.api.resetSyncState('salaries' as 'patients')).toMatchObject({
      ok: false,
      error: { code: 'unknown_table' },
    });

    await client.engine.stop();
    const pendingId = newId();
    await client.write('patients', 'insert', pendingId, { full_name: 'Na fila durante o resync' });
    expect((await client.api.forceFullResync()).ok).toBe(true);
    expect(await client.db.rows('patients').get(pendingId)).toMatchObject({ rev: 0 });
    expect(await client.db.outbox.count()).toBeGreaterThanOrEqual(1);
    await client.engine.start();
    await syncUntilQuiet(client);
    expect((await client.db.rows('patients').get(pendingId))?.rev).toBeGreaterThan(0);
  });

  it('cleanupTombstones removes only deleted rows past their retention', async () => {
    const old = newId();
    const recent = newId();
    const longAgo = new Date(Date.now() - 400 * 24 * 3600 * 1000).toISOString();
    await client.db.rows('rooms').bulkPut([
      { id: old, rev: 1, deleted_at: longAgo, name: 'Sala antiga' },
      { id: recent, rev: 2, deleted_at: new Date().toISOString(), name: 'Sala recente' },
    ]);
    const { removed } = await client.api.cleanupTombstones();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await client.db.rows('rooms').get(old)).toBeUndefined();
    expect(await client.db.rows('rooms').get(recent)).toBeDefined();
    await client.db.rows('rooms').delete(recent);
  });

  it('after the server purges tombstones this client never saw, the pull resets: copy rebuilt, outbox kept', async () => {
    const doomed = newId();
    await client.write('patients', 'insert', doomed, { full_name: 'Será expurgado' });
    await syncUntilQuiet(client);
    await client.engine.stop();
    const queued = newId();
    await client.write('patients', 'insert', queued, { full_name: 'Escrito antes do reset' });
    await server.db.query('delete from patients where id = $1', [doomed]);
    await server.db.query(`select sync_purge_tombstones('0 seconds'::interval)`);
    const resetsBefore = await client.db.audit.where('kind').equals('reset').count();
    await client.engine.start();
    await syncUntilQuiet(client);
    expect(await client.db.audit.where('kind').equals('reset').count()).toBe(resetsBefore + 1);
    expect(await client.db.rows('patients').get(doomed)).toBeUndefined();
    expect((await client.db.rows('patients').get(queued))?.rev).toBeGreaterThan(0);
    const report = await client.api.runIntegrityCheck();
    expect(report.tables.filter((table) => table.state !== 'ok')).toEqual([]);
  });
});
