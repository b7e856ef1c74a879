import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import {
  fingerprint,
  mutation,
  pushAs,
  rowOf,
  seeded,
  seededDatabase,
  staff,
  type MutationResult,
  type Row,
} from './support/sync-fixture.ts';

const doctor = staff.doctor;
const nurse = staff.nurse;

// A signed encounter is read-only in every part for every API writer (sync_push, REST-style SQL
// as `authenticated`, the service role), who signed is the server's call, and an addendum is the
// one way to add after signing.
describe.each(testTargets())('signed encounters on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  const one = async (
    role: 'doctor' | 'nurse' | 'admin',
    m: Record<string, unknown>,
  ): Promise<MutationResult> => (await pushAs(test.db, role, [m]))[0] as MutationResult;

  /** An unsigned encounter of the seeded patient with a prescription, a line, a diagnosis and a file. */
  async function draftEncounter() {
    const ids = {
      encounter: randomUUID(),
      prescription: randomUUID(),
      item: randomUUID(),
      diagnosis: randomUUID(),
      certificate: randomUUID(),
      referral: randomUUID(),
      file: randomUUID(),
    };
    const results = await pushAs(test.db, 'doctor', [
      mutation({
        table: 'encounters',
        op: 'insert',
        id: ids.encounter,
        data: {
          patient_id: seeded.patient,
          professional_id: doctor,
          started_at: '2026-12-03T13:00:00Z',
          record: { anamnesis: 'Cefaleia há 2 dias.' },
        },
      }),
      mutation({
        table: 'prescriptions',
        op: 'insert',
        id: ids.prescription,
        data: {
          encounter_id: ids.encounter,
          patient_id: seeded.patient,
          professional_id: doctor,
          issued_at: '2026-12-03T13:10:00Z',
          status: 'draft',
          kind: 'simple',
        },
      }),
      mutation({
        table: 'prescription_items',
        op: 'insert',
        id: ids.item,
        data: {
          prescription_id: ids.prescription,
          position: 0,
          medication: 'Paracetamol',
          dosage: '1 comprimido',
        },
      }),
      mutation({
        table: 'encounter_diagnoses',
        op: 'insert',
        id: ids.diagnosis,
        data: { encounter_id: ids.encounter, code: 'G44.2', description: 'Cefaleia tensional', position: 0 },
      }),
      mutation({
        table: 'certificates',
        op: 'insert',
        id: ids.certificate,
        data: {
          encounter_id: ids.encounter,
          patient_id: seeded.patient,
          professional_id: doctor,
          kind: 'sick_leave',
          issued_at: '2026-12-03T13:20:00Z',
          starts_on: '2026-12-03',
          days: 2,
        },
      }),
      mutation({
        table: 'referrals',
        op: 'insert',
        id: ids.referral,
        data: {
          encounter_id: ids.encounter,
          patient_id: seeded.patient,
          professional_id: doctor,
          specialty: 'Neurologia',
          urgency: 'routine',
          status: 'open',
        },
      }),
      mutation({
        table: 'files',
        op: 'insert',
        id: ids.file,
        data: {
          owner_table: 'encounters',
          owner_id: ids.encounter,
          bucket: 'clinic-files',
          path: `encounters/${ids.encounter}/abc-exame.pdf`,
          name: 'exame.pdf',
          content_type: 'application/pdf',
          size: 10,
        },
      }),
    ]);
    expect(results.map((r) => [r.status, r.message])).toEqual(results.map(() => ['applied', undefined]));
    return ids;
  }

  async function sign(encounterId: string, role: 'doctor' | 'nurse' = 'doctor', claimedSigner = nurse) {
    const current = (await rowOf(test.db, 'encounters', encounterId)) as Row;
    return one(role, {
      ...mutation({
        table: 'encounters',
        op: 'update',
        id: encounterId,
        base_rev: current.rev,
        data: { signed_at: '2026-12-03T13:30:00Z', signed_by: claimedSigner },
      }),
    });
  }

  async function update(
    table: string,
    id: string,
    data: Record<string, unknown>,
    role: 'doctor' | 'admin' = 'doctor',
  ) {
    const current = (await rowOf(test.db, table, id)) as Row;
    return one(role, mutation({ table, op: 'update', id, base_rev: current.rev, data }));
  }

  const refusedAsSigned = (result: MutationResult) => {
    expect(result.status).toBe('rejected');
    expect(result.code).toBe('invalid_data');
    expect(result.message).toMatch(/^signed_encounter: /);
  };

  it('records the signing user as signer, whatever the device claims', async () => {
    const { encounter } = await draftEncounter();
    const signed = await sign(encounter, 'doctor', nurse);
    expect(signed.status).toBe('applied');
    expect(signed.row).toMatchObject({ signed_at: '2026-12-03T13:30:00+00:00', signed_by: doctor });
  });

  it('before signing every part may change; after signing none does, and nothing is written', async () => {
    const ids = await draftEncounter();
    expect(
      (await update('encounters', ids.encounter, { record: { anamnesis: 'Cefaleia há 3 dias.' } })).status,
    ).toBe('applied');
    expect((await update('prescription_items', ids.item, { frequency: 'a cada 8 horas' })).status).toBe(
      'applied',
    );
    expect((await sign(ids.encounter)).status).toBe('applied');
    const before = await fingerprint(test.db);

    refusedAsSigned(await update('encounters', ids.encounter, { record: { anamnesis: 'mudado' } }));
    refusedAsSigned(await update('encounters', ids.encounter, { signed_at: null }));
    refusedAsSigned(
      await update('encounters', ids.encounter, { started_at: '2026-12-01T10:00:00Z' }, 'admin'),
    );
    refusedAsSigned(await update('prescriptions', ids.prescription, { status: 'cancelled' }));
    refusedAsSigned(await update('prescription_items', ids.item, { dosage: '2 comprimidos' }));
    refusedAsSigned(await update('encounter_diagnoses', ids.diagnosis, { code: 'R51' }));
    refusedAsSigned(await update('certificates', ids.certificate, { days: 5 }));
    refusedAsSigned(await update('referrals', ids.referral, { reason: 'outro motivo' }));
    refusedAsSigned(await update('files', ids.file, { name: 'renomeado.pdf' }));
    for (const [table, id] of [
      ['encounters', ids.encounter],
      ['prescriptions', ids.prescription],
      ['prescription_items', ids.item],
      ['files', ids.file],
    ] as const) {
      const current = (await rowOf(test.db, table, id)) as Row;
      refusedAsSigned(await one('doctor', mutation({ table, op: 'delete', id, base_rev: current.rev })));
    }
    const inserts = await pushAs(test.db, 'doctor', [
      mutation({
        table: 'prescription_items',
        op: 'insert',
        id: randomUUID(),
        data: { prescription_id: ids.prescription, position: 1, medication: 'Ibuprofeno' },
      }),
      mutation({
        table: 'prescriptions',
        op: 'insert',
        id: randomUUID(),
        data: {
          encounter_id: ids.encounter,
          patient_id: seeded.patient,
          professional_id: doctor,
          issued_at: '2026-12-03T14:00:00Z',
          status: 'draft',
        },
      }),
      mutation({
        table: 'encounter_diagnoses',
        op: 'insert',
        id: randomUUID(),
        data: { encounter_id: ids.encounter, code: 'R51', description: 'Cefaleia', position: 1 },
      }),
      mutation({
        table: 'files',
        op: 'insert',
        id: randomUUID(),
        data: {
          owner_table: 'encounters',
          owner_id: ids.encounter,
          bucket: 'clinic-files',
          path: `encounters/${ids.encounter}/def-laudo.pdf`,
          name: 'laudo.pdf',
          content_type: 'application/pdf',
          size: 10,
        },
      }),
    ]);
    for (const result of inserts) refusedAsSigned(result);
    expect(await fingerprint(test.db)).toEqual(before);
  });

  it('binds plain SQL through the API and the service role too', async () => {
    const ids = await draftEncounter();
    await sign(ids.encounter);
    await expect(
      asUser(test.db, doctor, (tx) =>
        tx.query(`update public.encounters set record = '{"plan":"x"}' where id = $1`, [ids.encounter]),
      ),
    ).rejects.toThrow(/signed_encounter/);
    await expect(
      asRole(test.db, 'service_role', (tx) =>
        tx.query(`update public.prescription_items set medication = 'x' where id = $1`, [ids.item]),
      ),
    ).rejects.toThrow(/signed_encounter/);
    await expect(
      asRole(test.db, 'service_role', (tx) =>
        tx.query(`delete from public.encounters where id = $1`, [ids.encounter]),
      ),
    ).rejects.toThrow(/signed_encounter/);
  });

  it('still lets a chart merge move it, a referral be followed up and an upload finish', async () => {
    const ids = await draftEncounter();
    await sign(ids.encounter);
    const survivor = 'd0000000-0000-4000-8000-000000000002';
    expect((await update('encounters', ids.encounter, { patient_id: survivor })).status).toBe('applied');
    expect((await update('prescriptions', ids.prescription, { patient_id: survivor })).status).toBe(
      'applied',
    );
    expect((await update('referrals', ids.referral, { status: 'scheduled' })).status).toBe('applied');
    expect((await update('files', ids.file, { uploaded_at: '2026-12-03T13:40:00Z' })).status).toBe('applied');
  });

  it('takes addenda after signing, stamped with their author, and lets nobody change or remove one', async () => {
    const { encounter } = await draftEncounter();
    await sign(encounter);
    const id = randomUUID();
    const added = await one(
      'nurse',
      mutation({
        table: 'encounter_addenda',
        op: 'insert',
        id,
        data: {
          encounter_id: encounter,
          author_id: doctor,
          written_at: '2026-12-03T15:00:00Z',
          body: 'Paciente ligou: melhora.',
        },
      }),
    );
    expect(added.status).toBe('applied');
    expect(added.row).toMatchObject({ author_id: nurse, body: 'Paciente ligou: melhora.' });
    for (const role of ['nurse', 'doctor', 'admin'] as const) {
      const current = (await rowOf(test.db, 'encounter_addenda', id)) as Row;
      const changed = await one(
        role,
        mutation({
          table: 'encounter_addenda',
          op: 'update',
          id,
          base_rev: current.rev,
          data: { body: 'outro' },
        }),
      );
      expect(changed).toMatchObject({ status: 'rejected', code: 'forbidden' });
      const removed = await one(
        role,
        mutation({ table: 'encounter_addenda', op: 'delete', id, base_rev: current.rev }),
      );
      expect(removed).toMatchObject({ status: 'rejected', code: 'forbidden' });
    }
    expect(await rowOf(test.db, 'encounter_addenda', id)).toMatchObject({
      body: 'Paciente ligou: melhora.',
      deleted_at: null,
    });
  });

  it('keeps both allergies two professionals added to one patient', async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    const allergy = (substance: string) => ({
      patient_id: seeded.patient,
      substance,
      status: 'active',
      noted_at: '2026-12-03T10:00:00Z',
    });
    expect(
      (
        await one(
          'doctor',
          mutation({ table: 'allergies', op: 'insert', id: mine, data: allergy('Dipirona') }),
        )
      ).status,
    ).toBe('applied');
    expect(
      (await one('nurse', mutation({ table: 'allergies', op: 'insert', id: theirs, data: allergy('Látex') })))
        .status,
    ).toBe('applied');
    const rows = await test.db.query<{ substance: string }>(
      'select substance from allergies where id = any($1) order by substance',
      [[mine, theirs]],
    );
    expect(rows.rows.map((r) => r.substance)).toEqual(['Dipirona', 'Látex']);
  });

  it('refuses a malformed CID-10 code and a blank allergy with a coded error', async () => {
    const { encounter } = await draftEncounter();
    const badCode = await one(
      'doctor',
      mutation({
        table: 'encounter_diagnoses',
        op: 'insert',
        id: randomUUID(),
        data: { encounter_id: encounter, code: 'j06,9', description: 'x', position: 0 },
      }),
    );
    expect(badCode).toMatchObject({ status: 'rejected', code: 'invalid_data' });
    const blank = await one(
      'doctor',
      mutation({
        table: 'allergies',
        op: 'insert',
        id: randomUUID(),
        data: {
          patient_id: seeded.patient,
          substance: '  ',
          status: 'active',
          noted_at: '2026-12-03T10:00:00Z',
        },
      }),
    );
    expect(blank).toMatchObject({ status: 'rejected', code: 'invalid_data' });
  });
});
