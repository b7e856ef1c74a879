import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO, serverTargets, type TestServer } from '../support/server-harness.ts';

const patient = 'd0000000-0000-4000-8000-000000000001';
type Role = keyof typeof DEMO;

// Finding 14: an X-ray attached on a patient's page opened for the billing user. A file now has
// a category, and the files rows and the objects follow it, through every way in.
describe.each(serverTargets())('file categories on $name', (target) => {
  let server: TestServer;
  const clients = {} as Record<Role, SupabaseClient>;

  beforeAll(async () => {
    server = await target.start();
    for (const role of Object.keys(DEMO) as Role[]) clients[role] = await server.signedIn(DEMO[role]);
  });
  afterAll(() => server?.close());

  /** Attaches a file as `role` the way a device does: the row by sync_push, the bytes by upload. */
  async function attach(role: Role, name: string, category: string) {
    const bytes = `bytes of ${name} ${randomUUID()}`;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = `patients/${patient}/${sha256}-${name}`;
    const id = randomUUID();
    const client = clients[role];
    const upload = await client.storage
      .from('clinic-files')
      .upload(path, new Blob([bytes], { type: 'image/png' }));
    const { data } = await client.rpc('sync_push', {
      client_id: `categories-${role}`,
      mutations: [
        {
          mid: randomUUID(),
          table: 'files',
          op: 'insert',
          id,
          data: {
            owner_table: 'patients',
            owner_id: patient,
            bucket: 'clinic-files',
            path,
            name,
            content_type: 'image/png',
            size: bytes.length,
            sha256,
            category,
          },
          base: {},
        },
      ],
    });
    return {
      id,
      path,
      upload: upload.error,
      result: (data as { results: { status: string; code?: string }[] }).results[0]!,
    };
  }

  /**
   * Whether the client's pull from 0 holds the file's row. A pull may stop for a moment below the
   * row's rev (a transaction id no session claims any more counts as open, to be safe: on a shared
   * server, often another database's transaction ending right then); only a pull that reached
   * the row's rev answers.
   */
  async function pulledBy(client: SupabaseClient, fileId: string): Promise<boolean> {
    const { rows } = await server.db.query<{ rev: number | string }>('select rev from files where id = $1', [
      fileId,
    ]);
    const rev = Number(rows[0]?.rev ?? 0);
    for (let attempt = 0; ; attempt += 1) {
      const { data } = await client.rpc('sync_pull', { since: 0, max_rows: 10000 });
      const answer = data as { cursor: number; changes: { table: string; row: { id: string } }[] };
      if (answer.changes.some((c) => c.table === 'files' && c.row.id === fileId)) return true;
      if (answer.cursor >= rev || attempt >= 80) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Who sees the file: its row in sync_pull and REST, and its object by download and list. */
  async function seenBy(file: { id: string; path: string }) {
    const who: Record<string, string> = {};
    for (const role of Object.keys(DEMO) as Role[]) {
      const client = clients[role];
      const inPull = await pulledBy(client, file.id);
      const rest = (await client.from('files').select('id').eq('id', file.id)).data?.length === 1;
      const download = (await client.storage.from('clinic-files').download(file.path)).error === null;
      const listed = (
        (await client.storage.from('clinic-files').list(`patients/${patient}`, { limit: 1000 })).data ?? []
      ).some((entry) => `patients/${patient}/${entry.name}` === file.path);
      who[role] = [inPull, rest, download, listed].every(Boolean)
        ? 'sees'
        : [inPull, rest, download, listed].some(Boolean)
          ? 'partly'
          : 'no';
    }
    return who;
  }

  it('a clinical file on a patient is for admin, doctor and nurse only', async () => {
    const xray = await attach('doctor', 'raio-x.png', 'clinical');
    expect(xray.upload).toBeNull();
    expect(xray.result.status).toBe('applied');
    expect(await seenBy(xray)).toEqual({
      admin: 'sees',
      doctor: 'sees',
      nurse: 'sees',
      reception: 'no',
      billing: 'no',
    });
  });

  it('an administrative file (an ID scan) is for every role; a billing file for admin and billing', async () => {
    const id = await attach('reception', 'rg.png', 'administrative');
    expect(id.result.status).toBe('applied');
    expect(await seenBy(id)).toEqual({
      admin: 'sees',
      doctor: 'sees',
      nurse: 'sees',
      reception: 'sees',
      billing: 'sees',
    });
    const receipt = await attach('billing', 'recibo.png', 'billing');
    expect(receipt.result.status).toBe('applied');
    expect(await seenBy(receipt)).toEqual({
      admin: 'sees',
      doctor: 'no',
      nurse: 'no',
      reception: 'no',
      billing: 'sees',
    });
  });

  it('a role may not attach a file of a category it may not see', async () => {
    const byReception = await attach('reception', 'exame.png', 'clinical');
    expect(byReception.result).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const byBilling = await attach('billing', 'laudo.png', 'clinical');
    expect(byBilling.result).toMatchObject({ status: 'rejected', code: 'forbidden' });
    // The bytes it uploaded stay its own (and the admins') until a row it may see names them.
    expect(await seenBy(byBilling)).toEqual({
      admin: 'partly',
      doctor: 'no',
      nurse: 'no',
      reception: 'no',
      billing: 'partly',
    });
  });
});
