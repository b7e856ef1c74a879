import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import { appointmentStatuses, canReachStatus } from '../../src/core/agenda/appointment-status.ts';
import { mutation, pushAs, rowOf, seeded, seededDatabase, staff, type Row } from './support/sync-fixture.ts';

// The database and the app agree on every move of an appointment's status: each of the 49 pairs
// is pushed from a device and the server applies exactly those a chain of the app's moves reaches (edits made offline
// are folded into one before sending), so a completed appointment never changes status.
describe.each(testTargets())('appointment status moves on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  async function pushStatus(from: string, to: string) {
    // The owner's session is trusted: it puts the appointment in the starting status.
    await test.db.query('update appointments set status = $1 where id = $2', [from, seeded.appointment]);
    const current = (await rowOf(test.db, 'appointments', seeded.appointment)) as Row;
    const [result] = await pushAs(test.db, 'reception', [
      mutation({
        table: 'appointments',
        op: 'update',
        id: seeded.appointment,
        base_rev: current.rev,
        data: { status: to },
        base: { status: from },
      }),
    ]);
    return result;
  }

  it('applies exactly what a chain of the moves reaches, and refuses the rest in a way the app translates', async () => {
    const seen: string[] = [];
    for (const from of appointmentStatuses) {
      for (const to of appointmentStatuses) {
        if (from === to) continue;
        const result = await pushStatus(from, to);
        const stored = (await rowOf(test.db, 'appointments', seeded.appointment)) as Row;
        if (canReachStatus(from, to)) {
          expect(result?.status, `${from} → ${to}`).toBe('applied');
          expect(stored['status'], `${from} → ${to}`).toBe(to);
        } else {
          expect(result, `${from} → ${to}`).toMatchObject({ status: 'rejected', code: 'invalid_data' });
          expect(result?.message, `${from} → ${to}`).toMatch(/^appointment_status: /);
          expect(stored['status'], `${from} → ${to}`).toBe(from);
        }
        seen.push(`${from}→${to}`);
      }
    }
    expect(seen).toHaveLength(42);
    // The one status nothing leaves, and the single step that matters most at the front desk.
    expect(canReachStatus('completed', 'cancelled')).toBe(false);
  });

  it('refuses cancelling a completed appointment through plain SQL as a signed-in user too', async () => {
    await test.db.query("update appointments set status = 'completed' where id = $1", [seeded.appointment]);
    await expect(
      asUser(test.db, staff.reception, (tx) =>
        tx.query("update appointments set status = 'cancelled' where id = $1", [seeded.appointment]),
      ),
    ).rejects.toThrow(/appointment_status: /);
  });

  it('lets other columns of a completed appointment change (notes)', async () => {
    await test.db.query("update appointments set status = 'completed' where id = $1", [seeded.appointment]);
    const current = (await rowOf(test.db, 'appointments', seeded.appointment)) as Row;
    const [result] = await pushAs(test.db, 'reception', [
      mutation({
        table: 'appointments',
        op: 'update',
        id: seeded.appointment,
        base_rev: current.rev,
        data: { notes: 'Retorno em 30 dias.' },
      }),
    ]);
    expect(result?.status).toBe('applied');
  });
});
