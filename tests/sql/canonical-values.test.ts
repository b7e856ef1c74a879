import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBaseline, applyMigrations, defaultMigrationsDir } from '../../server/db/migrate.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';

const canonicalising = '20261207130000';
const ids = {
  spelled: 'd1200000-0000-4000-8000-000000000001',
  canonical: 'd1200000-0000-4000-8000-000000000002',
  national: 'd1200000-0000-4000-8000-000000000003',
  lead: 'd1200000-0000-4000-8000-000000000004',
};

interface Patient {
  id: string;
  full_name: string;
  document_id: string | null;
  phone: string | null;
  phone_normalized: string | null;
  email: string | null;
  notes: string | null;
  rev: string;
  deleted_at: string | null;
  last_editor: string | null;
}

// Rows written before the migration in other spellings are rewritten canonical, each with a new
// rev (so devices pull them); canonical rows and what cannot be read without numbering plans stay.
describe.each(testTargets())('canonical stored values on $name', (target) => {
  let test: TestDatabase;
  let before: Map<string, Patient>;
  let after: Map<string, Patient>;
  let earlier: string;

  beforeAll(async () => {
    test = await target.create();
    earlier = await mkdtemp(join(tmpdir(), 'migrations-'));
    for (const file of await readdir(defaultMigrationsDir))
      if (file < canonicalising) await cp(join(defaultMigrationsDir, file), join(earlier, file));
    await applyBaseline(test.db);
    await applyMigrations(test.db, earlier);
    await test.db.query(
      `insert into patients (id, full_name, document_type, document_id, phone, phone_normalized, email, notes) values
        ($1, '  Maria   Aparecida ', 'CPF', '529.982.247-25', '+55 11 94592-4944', '+5511945924944', ' maria@example.com ', 'Alergia a dipirona. '),
        ($2, 'José López', 'DNI', '0801199012345', '+50498765432', '+50498765432', null, null),
        ($3, 'Ana Souza', 'RG', ' MG-12.345.678 ', '(11) 91234-5678', null, '', '  ')`,
      [ids.spelled, ids.canonical, ids.national],
    );
    await test.db.query(`update patients set deleted_at = now() where id = $1`, [ids.national]);
    await test.db.exec(
      `insert into crm_pipelines (id, name) values ('d1200000-0000-4000-8000-0000000000aa', 'P');
       insert into crm_pipeline_stages (id, pipeline_id, name, position) values
         ('d1200000-0000-4000-8000-0000000000ab', 'd1200000-0000-4000-8000-0000000000aa', 'S', 1)`,
    );
    await test.db.query(
      `insert into crm_leads (id, pipeline_id, stage_id, full_name, phone, phone_normalized)
       values ($1, 'd1200000-0000-4000-8000-0000000000aa', 'd1200000-0000-4000-8000-0000000000ab', 'Lead', '+55 (11) 9 1111-2222', null)`,
      [ids.lead],
    );
    before = await patients();
    const applied = await applyMigrations(test.db);
    expect(applied).toContain(canonicalising);
    after = await patients();
  });
  afterAll(async () => {
    await rm(earlier, { recursive: true, force: true });
    await test.drop();
  });

  async function patients(): Promise<Map<string, Patient>> {
    const { rows } = await test.db.query<Patient>(
      `select id::text, full_name, document_id, phone, phone_normalized, email, notes, rev::text, deleted_at::text, last_editor
         from patients where id::text like 'd1200000-%'`,
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  it('rewrites phones in E.164, CPF and DNI by their digits, text trimmed, with a new rev', () => {
    expect(after.get(ids.spelled)).toMatchObject({
      full_name: 'Maria Aparecida',
      document_id: '52998224725',
      phone: '+5511945924944',
      phone_normalized: '+5511945924944',
      email: 'maria@example.com',
      notes: 'Alergia a dipirona.',
      last_editor: 'migration:store_phones_and_documents_canonical',
    });
    expect(BigInt(after.get(ids.spelled)?.rev ?? 0)).toBeGreaterThan(
      BigInt(before.get(ids.spelled)?.rev ?? 0),
    );
  });

  it('leaves canonical rows as they were, rev included', () => {
    expect(after.get(ids.canonical)).toEqual(before.get(ids.canonical));
  });

  it('trims a tombstone without moving its deletion; keeps a national number it cannot read', () => {
    const national = after.get(ids.national);
    expect(national).toMatchObject({
      document_id: 'MG-12.345.678',
      phone: '(11) 91234-5678',
      email: null,
      notes: null,
    });
    expect(national?.deleted_at).toBe(before.get(ids.national)?.deleted_at);
  });

  it('rewrites CRM lead phones too', async () => {
    const { rows } = await test.db.query<{ phone: string }>(`select phone from crm_leads where id = $1`, [
      ids.lead,
    ]);
    expect(rows[0]?.phone).toBe('+5511911112222');
  });
});
