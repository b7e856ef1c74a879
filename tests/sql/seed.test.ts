import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../server/db/migrate.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import { canonicalPhone } from '../../src/core/canonical/phone.ts';
import { canonicalDocumentId } from '../../src/core/canonical/document-id.ts';
import { isValidSusCard } from '../../src/core/canonical/sus-card.ts';

/** The Receita Federal rule: two check digits, each 11 - (weighted sum mod 11), 0 when that is >= 10. */
function validCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  const check = (length: number) => {
    const sum = digits
      .slice(0, length)
      .reduce((total, digit, index) => total + digit * (length + 1 - index), 0);
    const rest = 11 - (sum % 11);
    return rest >= 10 ? 0 : rest;
  };
  return check(9) === digits[9] && check(10) === digits[10];
}

describe.each(testTargets())('demo seed on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
  });
  afterAll(() => test.drop());

  it('prepares a fresh database once: everything applied and seeded, then nothing on the second run', async () => {
    const first = await prepareDatabase(test.db);
    expect(first.fresh).toBe(true);
    expect(first.applied.length).toBeGreaterThan(25);
    const second = await prepareDatabase(test.db);
    expect(second).toEqual({ fresh: false, applied: [] });
    const patients = await test.db.query<{ n: number }>('select count(*)::int as n from patients');
    expect(patients.rows[0]?.n).toBe(200);
  });

  it('has one login per role with the documented password, each with a live profile of that role', async () => {
    const logins = await test.db.query<{
      email: string;
      role: string;
      password_ok: boolean;
      identity: boolean;
    }>(
      `select u.email, p.role,
              u.encrypted_password = extensions.crypt('clinica-demo-2026', u.encrypted_password) as password_ok,
              exists (select 1 from auth.identities i where i.user_id = u.id and i.provider = 'email') as identity
         from auth.users u join profiles p on p.id = u.id order by u.email`,
    );
    expect(logins.rows).toEqual([
      { email: 'admin@clinica.example', role: 'admin', password_ok: true, identity: true },
      { email: 'enfermeiro@clinica.example', role: 'nurse', password_ok: true, identity: true },
      { email: 'financeiro@clinica.example', role: 'billing', password_ok: true, identity: true },
      { email: 'medica@clinica.example', role: 'doctor', password_ok: true, identity: true },
      { email: 'recepcao@clinica.example', role: 'reception', password_ok: true, identity: true },
    ]);
    const wrong = await test.db.query<{ ok: boolean }>(
      `select encrypted_password = extensions.crypt('wrong', encrypted_password) as ok from auth.users limit 1`,
    );
    expect(wrong.rows[0]?.ok).toBe(false);
  });

  it('has Brazilian patients with valid CPFs and +55 phones, Honduran ones with DNIs and +504 phones', async () => {
    const patients = await test.db.query<{
      document_type: string;
      document_id: string;
      phone_normalized: string;
      country: string;
    }>(
      `select p.document_type, p.document_id, p.phone_normalized, b.country from patients p join branches b on b.id = p.branch_id`,
    );
    const brazil = patients.rows.filter((p) => p.country === 'BR');
    const honduras = patients.rows.filter((p) => p.country === 'HN');
    expect(brazil.length).toBe(120);
    expect(honduras.length).toBe(80);
    for (const p of brazil) {
      expect(p.document_type).toBe('CPF');
      expect(validCpf(p.document_id), p.document_id).toBe(true);
      expect(p.phone_normalized).toMatch(/^\+5511\d{9}$/);
    }
    for (const p of honduras) {
      expect(p.document_type).toBe('DNI');
      expect(p.document_id).toMatch(/^\d{4}(19|20)\d{2}\d{5}$/);
      expect(p.phone_normalized).toMatch(/^\+504\d{8}$/);
    }
  });

  it('gives some Brazilian patients a Cartão SUS the device accepts, and the tagged ones a convênio', async () => {
    const cards = await test.db.query<{ sus_card_number: string }>(
      'select sus_card_number from patients where sus_card_number is not null',
    );
    expect(cards.rows.length).toBeGreaterThan(30);
    for (const row of cards.rows) expect(isValidSusCard(row.sus_card_number), row.sus_card_number).toBe(true);
    const insured = await test.db.query<{ n: number }>(
      `select count(*)::int as n from patients
        where insurance_name is not null and insurance_plan is not null and insurance_card_number ~ '^[0-9]+$'`,
    );
    expect(insured.rows[0]?.n).toBeGreaterThan(10);
  });

  it('stores phones and documents canonical, as the app writes them', async () => {
    const people = await test.db.query<{
      phone: string | null;
      phone_normalized: string | null;
      document_type: string | null;
      document_id: string | null;
    }>(
      `select phone, phone_normalized, document_type, document_id from patients
       union all select phone, phone_normalized, null, null from crm_leads
       union all select phone, null, null, null from profiles
       union all select phone, null, null, null from branches`,
    );
    expect(people.rows.length).toBeGreaterThan(200);
    for (const person of people.rows) {
      if (person.phone !== null) expect(canonicalPhone(person.phone, 'BR')).toBe(person.phone);
      if (person.phone_normalized !== null) expect(person.phone_normalized).toBe(person.phone);
      if (person.document_id !== null)
        expect(canonicalDocumentId(person.document_type ?? '', person.document_id)).toBe(person.document_id);
    }
  });

  it('has an agenda around today and encounters with record sections', async () => {
    const agenda = await test.db.query<{ past: number; upcoming: number }>(
      `select count(*) filter (where starts_at < now())::int as past, count(*) filter (where starts_at >= now())::int as upcoming from appointments`,
    );
    expect(agenda.rows[0]?.past).toBeGreaterThan(100);
    expect(agenda.rows[0]?.upcoming).toBeGreaterThan(100);
    const records = await test.db.query<{ n: number }>(
      `select count(*)::int as n from encounters where record ?& array['anamnesis', 'diagnosis', 'plan']`,
    );
    expect(records.rows[0]?.n).toBeGreaterThan(100);
  });

  it('is deterministic: the same ids and names on every database', async () => {
    const sample = await test.db.query<{ id: string; full_name: string; document_id: string }>(
      `select id::text, full_name, document_id from patients where id = 'd0000000-0000-4000-8000-000000000121'`,
    );
    expect(sample.rows).toEqual([
      {
        id: 'd0000000-0000-4000-8000-000000000121',
        full_name: expect.any(String),
        document_id: expect.stringMatching(/^\d{13}$/),
      },
    ]);
    expect(validCpf('52998224725')).toBe(true);
    expect(validCpf('52998224724')).toBe(false);
  });
});
