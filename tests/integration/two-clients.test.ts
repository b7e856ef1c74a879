import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { newId, startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';
import { withoutLocalColumns } from '../../src/engine/search-keys.ts';

let server: LocalServer;
let proxyA: FaultProxy;
let proxyB: FaultProxy;
let a: SyncClient;
let b: SyncClient;
let patientId: string;

beforeAll(async () => {
  server = await startLocalServer({});
  proxyA = await startFaultProxy(server.url);
  proxyB = await startFaultProxy(server.url);
});
afterAll(async () => {
  await Promise.all([proxyA.close(), proxyB.close()]);
  await server.close();
});

/** Both devices know the same patient, then both lose the link. */
beforeEach(async () => {
  a = await startSyncClient(server, {
    name: 'reception',
    url: proxyA.url,
    email: 'recepcao@clinica.example',
  });
  b = await startSyncClient(server, { name: 'doctor', url: proxyB.url, email: 'medica@clinica.example' });
  patientId = newId();
  await a.write('patients', 'insert', patientId, {
    full_name: 'Maria Aparecida',
    phone: '+5511911112222',
    email: 'maria@example.com',
  });
  await syncUntilQuiet(a);
  await syncUntilQuiet(b);
  expect(await b.db.rows('patients').get(patientId)).toBeDefined();
  proxyA.setOffline(true);
  proxyB.setOffline(true);
});
afterEach(async () => {
  proxyA.setOffline(false);
  proxyB.setOffline(false);
  await Promise.all([a.close(), b.close()]);
});

/** Brings the devices back one at a time, in the order given, so the server sees their pushes in that order. */
async function reconnectAndSync(...clients: SyncClient[]): Promise<void> {
  for (const client of clients) {
    (client === a ? proxyA : proxyB).setOffline(false);
    await syncUntilQuiet(client);
  }
}

async function expectConverged(): Promise<Record<string, unknown>> {
  const { rows } = await server.db.query<Record<string, unknown>>('select * from patients where id = $1', [
    patientId,
  ]);
  const onServer = rows[0];
  const none: Record<string, unknown> = {};
  const onA: Record<string, unknown> = withoutLocalColumns(
    (await a.db.rows('patients').get(patientId)) ?? none,
  );
  const onB: Record<string, unknown> = withoutLocalColumns(
    (await b.db.rows('patients').get(patientId)) ?? none,
  );
  expect(onA).toEqual(onB);
  expect(onA['rev']).toBe(onServer?.['rev']);
  expect(onA['deleted_at'] === null).toBe(onServer?.['deleted_at'] === null);
  return onA;
}

describe('two devices edit the same patient offline', () => {
  it('different fields: both edits survive, no conflict', async () => {
    await a.write('patients', 'update', patientId, { phone: '+5511933334444' });
    await b.write('patients', 'update', patientId, { email: 'maria.aparecida@example.com' });
    await reconnectAndSync(a, b, a);
    const row = await expectConverged();
    expect(row).toMatchObject({ phone: '+5511933334444', email: 'maria.aparecida@example.com' });
    expect(await b.db.conflicts.count()).toBe(0);
  });

  it('same field: a conflict record with base / mine / theirs, resolved, both converge', async () => {
    await a.write('patients', 'update', patientId, { full_name: 'Maria Aparecida Souza' });
    await b.write('patients', 'update', patientId, { full_name: 'Maria Aparecida Lima' });
    await reconnectAndSync(a, b);
    const [conflict] = await b.db.conflicts.toArray();
    expect(conflict).toMatchObject({ state: 'open', table: 'patients', rowId: patientId, kind: 'fields' });
    expect(conflict?.fields.map((field) => [field.column, field.base, field.mine, field.theirs])).toEqual([
      ['full_name', 'Maria Aparecida', 'Maria Aparecida Lima', 'Maria Aparecida Souza'],
    ]);
    // Until someone decides, B keeps showing its own edit.
    expect((await b.db.rows('patients').get(patientId))?.['full_name']).toBe('Maria Aparecida Lima');
    expect((await b.api.getStatus()).conflicts).toBe(1);

    const resolved = await b.api.resolveConflict(conflict?.id ?? '', 'mine');
    expect(resolved.ok).toBe(true);
    await syncUntilQuiet(b);
    await syncUntilQuiet(a);
    const row = await expectConverged();
    expect(row['full_name']).toBe('Maria Aparecida Lima');
    const history = await b.db.conflicts.get(conflict?.id ?? '');
    expect(history).toMatchObject({ state: 'resolved', resolution: { choice: 'mine' } });
    expect(await b.db.audit.where('kind').equals('conflict-resolved').count()).toBe(1);
  });

  it('a conflict resolved with typed values and one kept as theirs', async () => {
    await a.write('patients', 'update', patientId, { full_name: 'Maria A. Souza', birth_date: '1980-01-02' });
    await b.write('patients', 'update', patientId, { full_name: 'Maria A. Lima', birth_date: '1980-02-01' });
    await reconnectAndSync(a, b);
    const [conflict] = await b.db.conflicts.toArray();
    expect(conflict?.fields.map((field) => field.column)).toEqual(['birth_date', 'full_name']);
    const bad = await b.api.resolveConflict(conflict?.id ?? '', { values: { rev: 1 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_values' } });
    expect(
      await b.api.resolveConflict(conflict?.id ?? '', {
        values: { full_name: 'Maria Aparecida Souza Lima', birth_date: '1980-01-02' },
      }),
    ).toMatchObject({ ok: true });
    expect(await b.api.resolveConflict(conflict?.id ?? '', 'theirs')).toMatchObject({
      ok: false,
      error: { code: 'already_resolved' },
    });
    await syncUntilQuiet(b);
    await syncUntilQuiet(a);
    expect(await expectConverged()).toMatchObject({
      full_name: 'Maria Aparecida Souza Lima',
      birth_date: '1980-01-02',
    });
  });

  it('edit vs delete: the edit meets a deleted row; restoring keeps the edit', async () => {
    await a.write('patients', 'delete', patientId);
    await b.write('patients', 'update', patientId, { phone: '+5511955556666' });
    await reconnectAndSync(a, b);
    const [conflict] = await b.db.conflicts.toArray();
    expect(conflict).toMatchObject({ kind: 'edit_vs_delete', recommended: { choice: 'theirs' } });
    expect((await b.api.resolveConflict(conflict?.id ?? '', 'mine')).ok).toBe(true);
    await syncUntilQuiet(b);
    await syncUntilQuiet(a);
    expect(await expectConverged()).toMatchObject({ deleted_at: null, phone: '+5511955556666' });
  });

  it('delete vs edit: the delete wins as a soft delete that keeps the other edit', async () => {
    await a.write('patients', 'update', patientId, { phone: '+5511977778888' });
    await b.write('patients', 'delete', patientId);
    await reconnectAndSync(a, b, a);
    const row = await expectConverged();
    expect(row['deleted_at']).not.toBeNull();
    expect(row['phone']).toBe('+5511977778888');
    expect(await b.db.conflicts.count()).toBe(0);
  });

  it('undelete brings a deleted row back everywhere', async () => {
    proxyA.setOffline(false);
    await a.write('patients', 'delete', patientId);
    await syncUntilQuiet(a);
    proxyB.setOffline(false);
    await syncUntilQuiet(b);
    expect((await b.db.rows('patients').get(patientId))?.deleted_at).not.toBeNull();
    expect((await b.write('patients', 'undelete', patientId)).ok).toBe(true);
    await syncUntilQuiet(b);
    await syncUntilQuiet(a);
    expect((await expectConverged())['deleted_at']).toBeNull();
  });
});
