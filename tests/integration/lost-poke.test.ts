import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server.ts';
import { defaultSyncConfig } from '../../src/core/sync-state-machine.ts';
import { newId, startSyncClient, syncUntilQuiet, type SyncClient } from '../support/sync-client.ts';

/**
 * On Supabase a poke can be lost without anyone being told: realtime.send turns its own failure
 * (a missing realtime.messages partition, a refusing policy) into a WARNING and the writing
 * transaction commits. The baseline does the same, so here the loss is made the way it happens
 * there — the message insert fails — and the engine must still bring the row in with its
 * periodic pull (30 s by default), while a device that only listens for pokes stays behind.
 */
let server: LocalServer;
let polling: SyncClient;
let pokeOnly: SyncClient;

const branch = 'b0000000-0000-4000-8000-000000000001';

async function insertPatientOnServer(name: string): Promise<string> {
  const id = newId();
  await server.db.query(`insert into public.patients (id, full_name, branch_id) values ($1, $2, $3)`, [
    id,
    name,
    branch,
  ]);
  return id;
}

async function arrives(client: SyncClient, id: string, timeoutMs: number): Promise<void> {
  await expect
    .poll(async () => (await client.db.rows('patients').get(id)) !== undefined, {
      timeout: timeoutMs,
      interval: 100,
    })
    .toBe(true);
}

const pokesFor = async (id: string) =>
  (
    await server.db.query<{ n: number }>(
      `select count(*)::int as n from realtime.messages
        where event = 'poke' and (payload ->> 'rev')::bigint >= (select rev from public.patients where id = $1)`,
      [id],
    )
  ).rows[0]!.n;

beforeAll(async () => {
  server = await startLocalServer({});
  // The engine's own timing: its default poll.
  polling = await startSyncClient(server, { name: 'polling', email: 'recepcao@clinica.example' });
  // Hears about changes only through pokes.
  pokeOnly = await startSyncClient(server, {
    name: 'poke-only',
    email: 'medica@clinica.example',
    config: { pollIntervalMs: 3_600_000 },
  });
  await Promise.all([syncUntilQuiet(polling), syncUntilQuiet(pokeOnly)]);
});
afterAll(async () => {
  await Promise.all([polling?.close(), pokeOnly?.close()]);
  await server?.close();
});

describe('a lost poke', () => {
  it('the engine polls every 30 s by default', () => {
    expect(defaultSyncConfig.pollIntervalMs).toBe(30_000);
  });

  it('with pokes delivered, a change reaches both devices at once', async () => {
    const id = await insertPatientOnServer('Paciente Avisado');
    await arrives(pokeOnly, id, 15_000);
    await arrives(polling, id, 15_000);
  });

  it('is recovered by the periodic pull, while a device that only hears pokes stays behind', async () => {
    // As a missing partition does on Supabase: the poke's message cannot be stored.
    await server.db.exec(
      `alter table realtime.messages add constraint pokes_are_lost check (event <> 'poke') not valid`,
    );
    try {
      const id = await insertPatientOnServer('Paciente Sem Aviso');
      expect(await pokesFor(id)).toBe(0);
      await arrives(polling, id, defaultSyncConfig.pollIntervalMs + 15_000);
      // The poke-only device would have had it within moments of the commit if a poke had gone out.
      expect(await pokeOnly.db.rows('patients').get(id)).toBeUndefined();

      // Pokes come back: the next change brings the device everything it missed.
      await server.db.exec('alter table realtime.messages drop constraint pokes_are_lost');
      const next = await insertPatientOnServer('Paciente Avisado de Novo');
      await arrives(pokeOnly, next, 15_000);
      expect(await pokeOnly.db.rows('patients').get(id)).toBeDefined();
    } finally {
      await server.db.exec('alter table realtime.messages drop constraint if exists pokes_are_lost');
    }
  }, 120_000);
});
