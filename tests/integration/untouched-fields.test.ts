import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { newId, startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';
import {
  checkPatientForm,
  formFromRow,
  patientChange,
  type PatientForm,
} from '../../src/app/features/patients/patient-validation.ts';

const context = { today: '2026-12-07', defaultCountry: 'BR' as const };

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

/** Saves the patient form of `client` as the screen does: open it on the stored row, edit, save. */
async function saveForm(client: SyncClient, id: string, edit: Partial<PatientForm>): Promise<void> {
  const row = await client.db.rows('patients').get(id);
  if (!row) throw new Error(`${client.name} does not have patient ${id}`);
  const opened = formFromRow(row);
  const edited = { ...opened, ...edit };
  expect(checkPatientForm(edited, context).ok).toBe(true);
  const changes = patientChange(opened, edited, context);
  if (Object.keys(changes).length > 0)
    expect((await client.write('patients', 'update', id, changes)).ok).toBe(true);
}

// Issue 12, item 1: reception (A) edits a patient's phone and notes offline; the doctor (B),
// online, edits only the notes. The row was stored in another spelling (phone "+55 11 …", CPF
// with dots), as older writers left it. B's save must carry only the notes, so A's phone, which
// nobody else changed, survives the merge.
describe('a save carries only what the person changed', () => {
  it('an offline phone edit survives a concurrent notes-only edit on another device', async () => {
    const id = newId();
    await server.db.query(
      `insert into patients (id, full_name, document_type, document_id, phone, phone_normalized, notes)
       values ($1, 'Beatriz Conceição Araújo', 'CPF', '529.982.247-25', '+55 11 94592-4944', '+5511945924944', 'Primeira consulta.')`,
      [id],
    );
    await syncUntilQuiet(a);
    await syncUntilQuiet(b);

    proxyA.setOffline(true);
    await saveForm(a, id, { phone: '(11) 97777-8888', notes: 'Prefere contato por WhatsApp.' });
    await saveForm(b, id, { notes: 'Alergia a dipirona.' });
    const sentByB = await b.db.outbox.where('[table+rowId]').equals(['patients', id]).toArray();
    expect(sentByB.map((entry) => Object.keys(entry.data))).toEqual([['notes']]);
    await syncUntilQuiet(b);

    proxyA.setOffline(false);
    await syncUntilQuiet(a);
    await syncUntilQuiet(b);

    const { rows } = await server.db.query<{ phone: string; phone_normalized: string; notes: string }>(
      'select phone, phone_normalized, notes from patients where id = $1',
      [id],
    );
    expect(rows[0]).toMatchObject({ phone: '+5511977778888', phone_normalized: '+5511977778888' });
    for (const client of [a, b])
      expect(await client.db.rows('patients').get(id), client.name).toMatchObject({
        phone: '+5511977778888',
        notes: rows[0]?.notes,
      });
  });

  it('re-saving an untouched patient queues nothing', async () => {
    const id = newId();
    await server.db.query(
      `insert into patients (id, full_name, document_type, document_id, phone, email)
       values ($1, ' João  Silva ', 'CPF', '529.982.247-25', '+55 11 94592-4944', 'joao@example.com ')`,
      [id],
    );
    await syncUntilQuiet(b);
    await saveForm(b, id, {});
    expect(await b.db.outbox.where('[table+rowId]').equals(['patients', id]).count()).toBe(0);
  });
});
