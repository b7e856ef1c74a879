import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { objectPathFor } from '../../../src/core/files/object-path.ts';
import { createSupabaseFileStorage } from '../../../src/engine/files/supabase-file-storage.ts';
import type { FileStorage } from '../../../src/engine/files/file-storage-port.ts';
import { DEMO, serverTargets, type TestServer } from '../../server/support/server-harness.ts';
import { scanBytes } from './support/file-device.ts';

const ownerId = '0b7c2c1e-3f4a-4d5b-8c6d-7e8f9a0b1c2d';
const sha = (bytes: ArrayBuffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

/** The `clinic-files` bucket's RLS, per role, on PGlite and (with TEST_DATABASE_URL) PostgreSQL. */
describe.each(serverTargets())('clinic-files bucket rules on $name', (target) => {
  let server: TestServer;
  const storageOf: Partial<Record<keyof typeof DEMO | 'anon', FileStorage>> = {};
  const as = (who: keyof typeof DEMO | 'anon'): FileStorage => storageOf[who]!;

  beforeAll(async () => {
    server = await target.start();
    storageOf.anon = createSupabaseFileStorage(server.client(), 'clinic-files');
    for (const who of Object.keys(DEMO) as (keyof typeof DEMO)[]) {
      storageOf[who] = createSupabaseFileStorage(await server.signedIn(DEMO[who]), 'clinic-files');
    }
  });
  afterAll(() => server.close());

  const objects = async (path: string) =>
    (
      await server.db.query<{ n: number }>(`select count(*)::int as n from storage.objects where name = $1`, [
        path,
      ])
    ).rows[0]?.n;

  /** The `files` row that names an object: who may read the object follows its category. */
  async function name(path: string, ownerTable: string, category: string) {
    await server.db.query(
      `insert into public.files (id, owner_table, owner_id, bucket, path, name, content_type, size, category)
       values (gen_random_uuid(), $1, $2, 'clinic-files', $3, 'doc.pdf', 'application/pdf', 800, $4)`,
      [ownerTable, ownerId, path, category],
    );
  }

  async function upload(
    who: keyof typeof DEMO | 'anon',
    ownerTable: string,
    seed: number,
    type = 'application/pdf',
  ) {
    const bytes = scanBytes(800, seed);
    const path = objectPathFor(ownerTable, ownerId, sha(bytes), `doc-${seed}.pdf`);
    return { path, result: await as(who).upload(path, bytes, type) };
  }

  it('lets clinical roles store and read clinical files, and hides them from reception and billing', async () => {
    const { path, result } = await upload('doctor', 'encounters', 1);
    expect(result).toEqual({ kind: 'ok', value: 'created' });
    await name(path, 'encounters', 'clinical');
    expect((await as('nurse').download(path)).kind).toBe('ok');
    expect((await as('admin').download(path)).kind).toBe('ok');
    expect((await as('reception').download(path)).kind).not.toBe('ok');
    expect((await as('billing').download(path)).kind).not.toBe('ok');
    expect(await as('reception').list('encounters')).toEqual({ kind: 'ok', value: [] });
    expect((await upload('reception', 'studies', 2)).result).toMatchObject({ kind: 'refused' });
  });

  it('keeps billing files to admin and billing', async () => {
    const { path, result } = await upload('billing', 'invoices', 3);
    expect(result).toEqual({ kind: 'ok', value: 'created' });
    await name(path, 'invoices', 'billing');
    expect((await as('doctor').download(path)).kind).not.toBe('ok');
    expect((await upload('doctor', 'payments', 4)).result).toMatchObject({ kind: 'refused' });
  });

  it('lets every staff role attach to patients, and nobody overwrite an object', async () => {
    const { path, result } = await upload('reception', 'patients', 5);
    expect(result).toEqual({ kind: 'ok', value: 'created' });
    // Until a row names it, the object is its uploader's (and the admins').
    expect((await as('reception').download(path)).kind).toBe('ok');
    expect((await as('billing').download(path)).kind).not.toBe('ok');
    await name(path, 'patients', 'administrative');
    expect((await as('billing').download(path)).kind).toBe('ok');
    // The same key again is "exists", never a replacement.
    expect(await as('doctor').upload(path, scanBytes(800, 99), 'application/pdf')).toEqual({
      kind: 'ok',
      value: 'exists',
    });
    const stored = await as('admin').download(path);
    expect(stored.kind === 'ok' && sha(stored.value)).toBe(sha(scanBytes(800, 5)));
  });

  it('refuses anon, keys outside the owner tables, and types the bucket does not take', async () => {
    expect((await upload('anon', 'patients', 6)).result.kind).not.toBe('ok');
    expect((await upload('admin', 'rooms', 7)).result).toMatchObject({ kind: 'refused' });
    expect((await upload('admin', 'patients', 8, 'application/x-msdownload')).result).toMatchObject({
      kind: 'refused',
    });
    expect(await as('anon').list()).toEqual({ kind: 'ok', value: [] });
  });

  it('a clinical file on a patient is hidden from reception and billing, its object too', async () => {
    const { path } = await upload('doctor', 'patients', 10);
    await name(path, 'patients', 'clinical');
    for (const who of ['doctor', 'nurse', 'admin'] as const)
      expect((await as(who).download(path)).kind).toBe('ok');
    for (const who of ['reception', 'billing'] as const)
      expect((await as(who).download(path)).kind).not.toBe('ok');
  });

  it('lets only an admin remove an object', async () => {
    const { path } = await upload('doctor', 'patients', 9);
    await (await server.signedIn(DEMO.doctor)).storage.from('clinic-files').remove([path]);
    expect(await objects(path)).toBe(1);
    await (await server.signedIn(DEMO.admin)).storage.from('clinic-files').remove([path]);
    expect(await objects(path)).toBe(0);
  });
});
