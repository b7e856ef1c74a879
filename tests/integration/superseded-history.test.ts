import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { newId, startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';
import { restoringEdit, type KeptValue } from '../../src/core/merge/restoring-edit.ts';
import { clientIdOf } from '../../src/engine/sync-state.ts';

let server: LocalServer;
let proxyA: FaultProxy;
let a: SyncClient;
let b: SyncClient;

beforeAll(async () => {
  server = await startLocalServer({});
  proxyA = await startFaultProxy(server.url);
  a = await startSyncClient(server, {
    name: 'reception',
    url: proxyA.url,
    email: 'recepcao@clinica.example',
  });
  b = await startSyncClient(server, { name: 'doctor', email: 'medica@clinica.example' });
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await proxyA.close();
  await server.close();
});

// Issue 12, item 2: the notes reception typed offline lose to the doctor's later notes (lww).
// They are kept: an audit line on the reception device and a history row every device pulls,
// from which either device brings them back with a new edit.
describe('nothing superseded is thrown away', () => {
  it('keeps the replaced value with who typed it, when and where, on every device, and restores it', async () => {
    const id = newId();
    await a.write('patients', 'insert', id, { full_name: 'Carla Menezes', phone: '+5511945924944' });
    await syncUntilQuiet(a);
    await syncUntilQuiet(b);

    proxyA.setOffline(true);
    await a.write('patients', 'update', id, { phone: '+5511977778888', notes: 'Prefere WhatsApp.' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await b.write('patients', 'update', id, { notes: 'Alergia a dipirona.' });
    await syncUntilQuiet(b);
    proxyA.setOffline(false);
    await syncUntilQuiet(a);
    await syncUntilQuiet(b);

    const row = await server.db.query<{ phone: string; notes: string }>(
      'select phone, notes from patients where id = $1',
      [id],
    );
    expect(row.rows[0]).toEqual({ phone: '+5511977778888', notes: 'Alergia a dipirona.' });

    const kept = await server.db.query<
      KeptValue & { typed_on: string; reason: string; replaced_with: unknown }
    >(
      `select table_name, column_name, section, value, typed_on, reason, replaced_with, typed_at
         from superseded_values where row_id = $1`,
      [id],
    );
    expect(kept.rows).toEqual([
      expect.objectContaining({
        table_name: 'patients',
        column_name: 'notes',
        section: null,
        value: 'Prefere WhatsApp.',
        typed_on: await clientIdOf(a.db),
        reason: 'lww',
        replaced_with: 'Alergia a dipirona.',
      }),
    ]);
    const audit = await a.db.audit.where('kind').equals('value-superseded').toArray();
    expect(audit.map((line) => line.details?.['rowId'])).toEqual([id]);

    // The doctor's device sees it too, and brings the value back as a new edit.
    const history = await b.db
      .rows('superseded_values')
      .where('[table_name+row_id]')
      .equals(['patients', id])
      .toArray();
    expect(history.map((h) => h['value'])).toEqual(['Prefere WhatsApp.']);
    const current = (await b.db.rows('patients').get(id)) ?? {};
    const restore = restoringEdit(history[0] as unknown as KeptValue, current);
    expect((await b.write('patients', 'update', id, restore)).ok).toBe(true);
    await syncUntilQuiet(b);
    const restored = await server.db.query<{ notes: string }>('select notes from patients where id = $1', [
      id,
    ]);
    expect(restored.rows[0]?.notes).toBe('Prefere WhatsApp.');
  });
});
