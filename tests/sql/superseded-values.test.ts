import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import { mutation, pushAs, seeded, seededDatabase, staff } from './support/sync-fixture.ts';

const kept = (table: string, rowId: string, column: string) => ({
  table_name: table,
  row_id: rowId,
  column_name: column,
  value: 'Prefere WhatsApp.',
  replaced_with: 'Alergia a dipirona.',
  typed_at: '2026-12-07T10:42:00Z',
  typed_on: 'device-a',
  reason: 'lww',
});

// A kept superseded value is seen by exactly the roles that may read the table it came from, is
// written once, and names a table that exists.
describe.each(testTargets())('superseded values on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  const readers = async (id: string) => {
    const who: string[] = [];
    for (const [role, user] of Object.entries(staff)) {
      const seen = await asUser(test.db, user, (tx) =>
        tx.query('select id from public.superseded_values where id = $1', [id]),
      );
      if (seen.rows.length === 1) who.push(role);
    }
    return who;
  };

  it('a replaced patient value is seen by every role, a replaced record section only by clinical roles', async () => {
    const patientValue = randomUUID();
    const sectionValue = randomUUID();
    const results = await pushAs(test.db, 'doctor', [
      mutation({
        table: 'superseded_values',
        op: 'insert',
        id: patientValue,
        data: kept('patients', seeded.patient, 'notes'),
      }),
      mutation({
        table: 'superseded_values',
        op: 'insert',
        id: sectionValue,
        data: { ...kept('encounters', seeded.unsignedEncounter, 'record'), section: 'anamnesis' },
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await readers(patientValue)).toEqual(['admin', 'doctor', 'nurse', 'reception', 'billing']);
    expect(await readers(sectionValue)).toEqual(['admin', 'doctor', 'nurse']);
  });

  it('reception may not keep a value of a table it cannot read, nor of a table that does not exist', async () => {
    const results = await pushAs(test.db, 'reception', [
      mutation({
        table: 'superseded_values',
        op: 'insert',
        id: randomUUID(),
        data: kept('encounters', seeded.encounter, 'record'),
      }),
      mutation({
        table: 'superseded_values',
        op: 'insert',
        id: randomUUID(),
        data: kept('nope', seeded.patient, 'x'),
      }),
      mutation({
        table: 'superseded_values',
        op: 'insert',
        id: randomUUID(),
        data: kept('Patients; drop', seeded.patient, 'x'),
      }),
    ]);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
    ]);
  });

  it('is written once: nobody changes or deletes a kept value', async () => {
    const id = randomUUID();
    const [inserted] = await pushAs(test.db, 'reception', [
      mutation({
        table: 'superseded_values',
        op: 'insert',
        id,
        data: kept('patients', seeded.patient, 'phone'),
      }),
    ]);
    expect(inserted?.status).toBe('applied');
    const results = await pushAs(test.db, 'admin', [
      mutation({
        table: 'superseded_values',
        op: 'update',
        id,
        base_rev: inserted?.rev ?? null,
        data: { value: 'x' },
      }),
      mutation({ table: 'superseded_values', op: 'delete', id, base_rev: inserted?.rev ?? null }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
