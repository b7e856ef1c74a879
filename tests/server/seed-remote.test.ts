import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database, type Queryable } from '../../server/db/database.ts';
import { defaultSeedFile, prepareDatabase } from '../../server/db/migrate.ts';
import { serverColumns, syncedTableNames } from '../../src/core/schema/clinic-tables.ts';
import { DEMO, DEMO_PASSWORD, serverTargets, type TestServer } from './support/server-harness.ts';

/**
 * `npm run seed:remote` against the local server standing in for a new Supabase project whose
 * schema was pushed and which has no data: the real command, over real HTTP, as the service role.
 */
const root = resolve(new URL('../..', import.meta.url).pathname);

function seedRemote(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts', 'seed-remote.ts'), ...args],
    {
      cwd: root,
      env: { ...process.env, SUPABASE_URL: '', SUPABASE_SERVICE_ROLE_KEY: '', ...env },
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code, output })));
}

/** Every synced row, without the columns the server stamps, by table and id. */
async function clinicRows(db: Queryable): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const table of syncedTableNames) {
    const result = await db.query<{ rows: unknown[] }>(
      `select coalesce(json_agg(to_jsonb(t) - $1::text[] order by t.id), '[]') as rows from public."${table}" t`,
      [[...serverColumns]],
    );
    rows[table] = result.rows[0]!.rows.map(withoutClockTimes);
  }
  return rows;
}

/**
 * The seed writes today's arrivals as minutes before the moment it runs (two patients waiting), so
 * two runs a few seconds apart differ there: compare whether an arrival is recorded, not its instant.
 */
function withoutClockTimes(row: unknown): unknown {
  const { checked_in_at: arrived, ...rest } = row as Record<string, unknown>;
  return arrived === undefined ? rest : { ...rest, checked_in_at: arrived === null ? null : 'recorded' };
}

const lastRev = async (db: Queryable) =>
  (await db.query<{ rev: number }>('select sync.last_rev() as rev')).rows[0]!.rev;

const target = serverTargets()[0]!;

describe(`npm run seed:remote into a new project (the local server on ${target.name})`, () => {
  let server: TestServer;
  let reference: Database;
  let scratch: string;

  beforeAll(async () => {
    [server, reference] = await Promise.all([target.start({ seed: false }), openPglite()]);
    // What `npm start` serves: the same seed, run as SQL.
    await prepareDatabase(reference, { seed: true });
    scratch = await mkdtemp(join(tmpdir(), 'seed-remote-'));
  });
  afterAll(async () => {
    await server?.close();
    await reference?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('refuses the anon key before writing anything, and says which key it needs', async () => {
    const before = await lastRev(server.db);
    const { code, output } = await seedRemote(['--url', server.url, '--service-key', server.anonKey]);
    expect(code).toBe(1);
    expect(output).toContain("pass the project's service_role key, not the anon key");
    expect(await lastRev(server.db)).toBe(before);
    const users = await server.db.query<{ n: number }>('select count(*)::int as n from auth.users');
    expect(users.rows[0]?.n).toBe(0);
  });

  it('loads the same clinic the seed gives the local server, with logins that sign in', async () => {
    const { code, output } = await seedRemote(['--url', server.url, '--service-key', server.serviceRoleKey]);
    expect(code, output).toBe(0);
    expect(output).toContain('staff logins: 5 created, 0 already there');
    expect(output).toContain('signed in as admin@clinica.example');

    expect(await clinicRows(server.db)).toEqual(await clinicRows(reference));
    const staffOf = (db: Queryable) =>
      db.query(`select id, email, raw_user_meta_data from auth.users order by email`).then((r) => r.rows);
    expect(await staffOf(server.db)).toEqual(await staffOf(reference));
    for (const email of Object.values(DEMO)) {
      const { error } = await server.client().auth.signInWithPassword({ email, password: DEMO_PASSWORD });
      expect(error, email).toBeNull();
    }
    // Each login sees what its role may see: the doctor pulls encounters.
    const doctor = await server.signedIn(DEMO.doctor);
    const { count } = await doctor.from('encounters').select('*', { count: 'exact', head: true });
    expect(count).toBeGreaterThan(0);
  });

  it('run again, adds only what is missing and rewrites nothing; a deleted row arrives deleted', async () => {
    const before = await clinicRows(server.db);
    const revBefore = await lastRev(server.db);
    // The seed plus one lead that it deletes again: a tombstone to carry over.
    const seedFile = join(scratch, 'seed-with-tombstone.sql');
    const lead = '92000000-0000-4000-8000-000000009999';
    await writeFile(
      seedFile,
      `${await readFile(defaultSeedFile, 'utf8')}
insert into public.crm_leads (id, pipeline_id, stage_id, full_name)
values ('${lead}', '90000000-0000-4000-8000-000000000001', '91000000-0000-4000-8000-000000000001', 'Lead Descartado');
delete from public.crm_leads where id = '${lead}';
`,
    );
    const { code, output } = await seedRemote(['--seed-file', seedFile], {
      SUPABASE_URL: server.url,
      SUPABASE_SERVICE_ROLE_KEY: server.serviceRoleKey,
    });
    expect(code, output).toBe(0);
    expect(output).toContain('staff logins: 0 created, 5 already there');
    expect(output).toMatch(/crm_leads\s+1 added of 11, 1 deleted/);
    expect(output).toContain('Done: 0 logins created, 1 rows added');

    const after = await clinicRows(server.db);
    const { crm_leads: leadsAfter, ...restAfter } = after;
    const { crm_leads: leadsBefore, ...restBefore } = before;
    expect(restAfter).toEqual(restBefore);
    expect(leadsAfter).toEqual(expect.arrayContaining(leadsBefore!));
    // Nothing already there was written again: only the new lead's insert and delete took revs.
    const written = await server.db.query<{ rev: number; deleted: boolean }>(
      `select rev, deleted_at is not null as deleted from crm_leads where rev > $1`,
      [revBefore],
    );
    expect(written.rows).toEqual([{ rev: expect.any(Number), deleted: true }]);
  });

  it('says the schema must be pushed first when a table is missing, and writes nothing', async () => {
    await server.db.exec(`drop table public.crm_leads cascade; notify pgrst, 'reload schema'`);
    const before = await lastRev(server.db);
    const { code, output } = await seedRemote(['--url', server.url, '--service-key', server.serviceRoleKey]);
    expect(code).toBe(1);
    expect(output).toContain('the project has no table crm_leads: push the schema first (supabase db push)');
    expect(await lastRev(server.db)).toBe(before);
  });

  it('explains its options, and exits 2 on a bad command line', async () => {
    const help = await seedRemote(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('--service-key');
    const bad = await seedRemote(['--url', 'ftp://nowhere']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--url must be the project URL');
  });
});
