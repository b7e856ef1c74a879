import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { startLocalServer, type LocalServer } from '../../../server/local-server.ts';
import { objectPathFor } from '../../../src/core/files/object-path.ts';
import { createSupabaseFileStorage } from '../../../src/engine/files/supabase-file-storage.ts';
import { createServerFileRows } from '../../../src/engine/files/server-file-rows.ts';
import { createLocalFileRows } from '../../../src/engine/files/local-file-rows.ts';
import { reconcileStorage } from '../../../src/engine/files/reconcile-storage.ts';
import { auditReconcile } from '../../../src/engine/files/reconcile-audit.ts';
import { fileRowIdFor } from '../../../src/engine/files/sha256-hex.ts';
import { syncUntilQuiet } from '../../support/sync-client.ts';
import { scanBytes, serviceClient, somePatientId, startFileDevice } from './support/file-device.ts';

let server: LocalServer;
let patientId: string;
const sha = (bytes: ArrayBuffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

beforeAll(async () => {
  server = await startLocalServer({});
  patientId = await somePatientId(server);
});
afterAll(() => server.close());

/** Puts an object in the bucket behind the rows' back (as a restore from backup or another tool would). */
async function putObject(name: string, seed: number): Promise<string> {
  const bytes = scanBytes(1000 + seed, seed);
  const path = objectPathFor('patients', patientId, sha(bytes), name);
  const { error } = await serviceClient(server)
    .storage.from('clinic-files')
    .upload(path, bytes, { contentType: 'application/pdf' });
  if (error) throw error;
  return path;
}

/** Writes a `files` row straight in the database (as a restore of the table alone would). */
async function putRow(
  name: string,
  seed: number,
  uploadedAt: string | null,
): Promise<{ id: string; path: string }> {
  const bytes = scanBytes(1000 + seed, seed);
  const path = objectPathFor('patients', patientId, sha(bytes), name);
  const id = randomUUID();
  await server.db.query(
    `insert into files (id, owner_table, owner_id, bucket, path, name, content_type, size, sha256, uploaded_at)
     values ($1, 'patients', $2, 'clinic-files', $3, $4, 'application/pdf', $5, $6, $7)`,
    [id, patientId, path, name, bytes.byteLength, sha(bytes), uploadedAt],
  );
  return { id, path };
}

async function snapshot() {
  const files = await server.db.query('select id, path, uploaded_at, rev, deleted_at from files order by id');
  const objects = await server.db.query(
    `select name, version from storage.objects where bucket_id = 'clinic-files' order by name`,
  );
  return { files: files.rows, objects: objects.rows };
}

/** The command in its own process (asynchronously: the server answers from this process). */
function runCommand(
  args: string[],
  key: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/storage-reconcile.ts', ...args],
      {
        env: { ...process.env, SUPABASE_URL: server.url, SUPABASE_SERVICE_ROLE_KEY: key },
        encoding: 'utf8',
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

function reconcilerFor() {
  const client = serviceClient(server);
  return (dryRun: boolean) =>
    reconcileStorage({
      storage: createSupabaseFileStorage(client, 'clinic-files'),
      rows: createServerFileRows(client),
      dryRun,
    });
}

describe('storage reconciliation', () => {
  it('reports a seeded mismatch in a dry run without changing anything, then repairs both directions', async () => {
    const orphans = [
      await putObject('scan-1.pdf', 1),
      await putObject('scan-2.pdf', 2),
      await putObject('scan-3.pdf', 3),
    ];
    const lost = [
      await putRow('lost-1.pdf', 11, '2026-11-20T10:00:00Z'),
      await putRow('lost-2.pdf', 12, '2026-11-20T10:00:00Z'),
    ];
    const waiting = await putRow('waiting.pdf', 13, null);
    const stray = 'exports/2026/report.csv';
    await serviceClient(server)
      .storage.from('clinic-files')
      .upload(stray, 'a,b\n', { contentType: 'text/plain' });
    const reconcile = reconcilerFor();

    const before = await snapshot();
    const dry = await reconcile(true);
    if (dry.kind !== 'ok') throw new Error(JSON.stringify(dry));
    expect(await snapshot()).toEqual(before);
    expect(dry.lines.at(-1)).toBe(
      'Dry run, nothing changed: Found 4 objects in bucket / 3 active rows / added 3 / marked missing 2',
    );
    expect(dry.lines).toContain(`skipped clinic-files/${stray}: not a clinic file key`);
    expect(dry.lines).toContain('1 rows still wait for a device to upload their bytes');

    const done = await reconcile(false);
    if (done.kind !== 'ok') throw new Error(JSON.stringify(done));
    expect(done.lines.at(-1)).toBe('Found 4 objects in bucket / 3 active rows / added 3 / marked missing 2');
    const { rows } = await server.db.query<{
      id: string;
      path: string;
      name: string;
      sha256: string;
      size: number;
      owner_id: string;
      uploaded_at: string | null;
      rev: number;
    }>('select id, path, name, sha256, size, owner_id, uploaded_at, rev from files order by path');
    const byPath = new Map(rows.map((row) => [row.path, row]));
    for (const [i, path] of orphans.entries()) {
      const row = byPath.get(path);
      expect(row).toMatchObject({
        id: await fileRowIdFor('clinic-files', path),
        name: `scan-${i + 1}.pdf`,
        owner_id: patientId,
        size: 1001 + i,
      });
      expect(row?.uploaded_at).not.toBeNull();
      expect(row?.rev).toBeGreaterThan(0);
    }
    for (const row of lost) expect(byPath.get(row.path)?.uploaded_at).toBeNull();
    expect(byPath.get(waiting.path)?.uploaded_at).toBeNull();
    expect(byPath.has(stray)).toBe(false);

    const again = await reconcile(false);
    if (again.kind !== 'ok') throw new Error(JSON.stringify(again));
    expect(again.lines.at(-1)).toBe('Found 4 objects in bucket / 6 active rows / added 0 / marked missing 0');
  });

  it('runs as npm run storage:reconcile -- --dry-run with the service role and changes nothing', async () => {
    await putObject('from-command.pdf', 21);
    const before = await snapshot();
    const run = await runCommand(['--dry-run'], server.serviceRoleKey);
    expect(run.stderr.replace(/.*Node\.js 20.*\n?/gu, '')).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /would add row [0-9a-f-]{36} for clinic-files\/patients\/.*-from-command\.pdf \(1021 bytes, application\/pdf\)/u,
    );
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^Dry run, nothing changed: Found \d+ objects in bucket \/ \d+ active rows \/ added 1 \/ marked missing 0$/u,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('fails with exit code 1 and a clear message when the credentials are wrong', async () => {
    const run = await runCommand([], server.anonKey);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/storage:reconcile failed to list (objects|rows)/u);
  });

  it('repairs from the admin screen through the device copy and the outbox', async () => {
    const path = await putObject('from-admin.pdf', 31);
    const admin = await startFileDevice(server, { name: 'admin-reconcile' });
    await syncUntilQuiet(admin.sync);
    const outcome = await reconcileStorage({
      storage: admin.storage,
      rows: createLocalFileRows(admin.sync.db),
      dryRun: false,
    });
    if (outcome.kind !== 'ok') throw new Error(JSON.stringify(outcome));
    // The previous test's dry run left its object without a row: this run adds both.
    expect(outcome.plan.add.map((row) => row.path)).toContain(path);
    expect(outcome.plan.add).toHaveLength(2);
    await auditReconcile(admin.sync.db, outcome);
    const audit = await admin.sync.db.audit.where('kind').equals('storage-reconcile').toArray();
    expect(audit.map((line) => line.message)).toEqual([outcome.lines.at(-1)]);
    expect(audit[0]?.details).toMatchObject({ dryRun: false, decisions: outcome.lines.slice(0, -1) });
    await syncUntilQuiet(admin.sync);
    const { rows } = await server.db.query<{ uploaded_at: string | null }>(
      'select uploaded_at from files where path = $1',
      [path],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.uploaded_at).not.toBeNull();
    expect(await admin.sync.api.getStatus()).toMatchObject({ pending: 0, failed: 0, conflicts: 0 });
    await admin.close();
  });
});
