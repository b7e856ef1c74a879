import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestText } from '../../src/core/protocol/digest.ts';
import { asRole, asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import {
  currentRev,
  issuedBound,
  mutation,
  newPatient,
  pullAll,
  pullAs,
  pushAs,
  rowOf,
  seeded,
  seededDatabase,
  staff,
  type Row,
} from './support/sync-fixture.ts';

// The rules of DESIGN §3.1-3.4, one test (at least) each, on every database target.
describe.each(testTargets())('sync rules on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  async function insertPatient(overrides: Record<string, unknown> = {}): Promise<Row> {
    const id = randomUUID();
    const [result] = await pushAs(test.db, 'reception', [
      mutation({ table: 'patients', op: 'insert', id, data: newPatient(overrides) }),
    ]);
    expect(result?.status).toBe('applied');
    return result?.row as Row;
  }

  describe('sync_pull', () => {
    it('pages by rev: ascending unique revs, cursor = last rev, has_more until the end, nothing twice', async () => {
      const head = await currentRev(test.db);
      const first = await pullAs(test.db, 'admin', 0, 100);
      expect(first.changes).toHaveLength(100);
      expect(first.has_more).toBe(true);
      expect(first.reset).toBe(false);
      const revs = first.changes.map((c) => c.row.rev);
      expect(revs).toEqual([...revs].sort((a, b) => a - b));
      expect(first.cursor).toBe(revs.at(-1));
      const all = await pullAll(test.db, 'admin', 0, 333);
      const allRevs = all.map((c) => c.row.rev);
      expect(new Set(allRevs).size).toBe(allRevs.length);
      expect(allRevs).toEqual([...allRevs].sort((a, b) => a - b));
      const rows = await test.db.query<{ n: number }>(
        `select (select count(*) from patients) + (select count(*) from appointments) + (select count(*) from encounters) as n`,
      );
      const counted = all.filter((c) => ['patients', 'appointments', 'encounters'].includes(c.table)).length;
      expect(counted).toBe(Number(rows.rows[0]?.n));
      expect(Math.max(...allRevs)).toBeLessThanOrEqual(head);
      const end = await pullAs(test.db, 'admin', head);
      expect(end).toMatchObject({ changes: [], has_more: false, reset: false });
      expect(end.cursor).toBeGreaterThanOrEqual(head);
    });

    it('answers a pull from the head with no changes, a cursor at the settled mark, and a server time', async () => {
      const head = await currentRev(test.db);
      // On a shared server a transaction id no session claims any more (another database's,
      // ending right then) counts as open for a moment, to be safe: ask again while held there.
      let answer = await pullAs(test.db, 'doctor', head);
      for (let held = 0; answer.cursor < head && held < 80; held += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        answer = await pullAs(test.db, 'doctor', head);
      }
      expect(answer.changes).toEqual([]);
      // Nothing is open: every rev below the next transaction's range is settled, and the cursor
      // moves up to it (never beyond what the server can have issued).
      expect(answer.cursor).toBeGreaterThanOrEqual(head);
      expect(answer.cursor).toBeLessThanOrEqual(await issuedBound(test.db));
      expect(answer.held_since).toBeNull();
      expect(Number.isNaN(Date.parse(answer.server_time))).toBe(false);
      // From there, still nothing; the cursor never goes back (it may move up past a passing
      // hold of the first answer, never past what was issued).
      const again = await pullAs(test.db, 'doctor', answer.cursor);
      expect(again.changes).toEqual([]);
      expect(again.cursor).toBeGreaterThanOrEqual(answer.cursor);
      expect(again.cursor).toBeLessThanOrEqual(await issuedBound(test.db));
    });

    it('returns tombstones with deleted_at set', async () => {
      const row = await insertPatient();
      await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'delete', id: row.id, base_rev: row.rev }),
      ]);
      const changes = await pullAs(test.db, 'reception', row.rev);
      const tombstone = changes.changes.find((c) => c.row.id === row.id);
      expect(tombstone?.row.deleted_at).not.toBeNull();
    });

    it('tells a client whose cursor is ahead of every rev issued (the server went back in time) to reset', async () => {
      const bound = await issuedBound(test.db);
      expect(await pullAs(test.db, 'admin', bound + 2 ** 40)).toMatchObject({
        reset: true,
        changes: [],
        cursor: 0,
      });
      expect((await pullAs(test.db, 'admin', await currentRev(test.db))).reset).toBe(false);
      expect((await pullAs(test.db, 'admin', bound)).reset).toBe(false);
    });

    it('rejects a negative since and an out-of-range max_rows with a coded error', async () => {
      await expect(pullAs(test.db, 'admin', -1)).rejects.toThrow(/invalid_argument: since/);
      await expect(pullAs(test.db, 'admin', 0, 0)).rejects.toThrow(/invalid_argument: max_rows/);
      await expect(pullAs(test.db, 'admin', 0, 10_001)).rejects.toThrow(/invalid_argument: max_rows/);
    });
  });

  describe('sync_push', () => {
    it('ignores client-sent rev, created_at, updated_at, deleted_at and last_editor', async () => {
      const id = randomUUID();
      const [result] = await pushAs(
        test.db,
        'reception',
        [
          mutation({
            table: 'patients',
            op: 'insert',
            id,
            data: newPatient({
              rev: 1,
              created_at: '2000-01-01T00:00:00Z',
              updated_at: '2000-01-01T00:00:00Z',
              deleted_at: '2000-01-01T00:00:00Z',
              last_editor: 'someone-else',
            }),
          }),
        ],
        'tablet-7',
      );
      expect(result?.status).toBe('applied');
      const row = await rowOf(test.db, 'patients', id);
      expect(row?.rev).toBe(result?.rev);
      expect(row?.rev).toBeGreaterThan(1000);
      expect(row?.deleted_at).toBeNull();
      expect(String(row?.created_at)).not.toMatch(/^2000/);
      expect(row?.last_editor).toBe(`${staff.reception}/tablet-7`);
    });

    it('applies an update whose base_rev is current and gives the row a new, higher rev', async () => {
      const row = await insertPatient();
      const [result] = await pushAs(test.db, 'nurse', [
        mutation({
          table: 'patients',
          op: 'update',
          id: row.id,
          base_rev: row.rev,
          data: { phone: '+5511900001111' },
          base: { phone: row['phone'] },
        }),
      ]);
      expect(result).toMatchObject({ status: 'applied', replayed: false });
      expect(result?.rev).toBeGreaterThan(row.rev);
      expect(result?.row?.['phone']).toBe('+5511900001111');
    });

    it('answers a stale base_rev with conflict and the current server row, and writes nothing', async () => {
      const row = await insertPatient();
      const [first] = await pushAs(test.db, 'reception', [
        mutation({
          table: 'patients',
          op: 'update',
          id: row.id,
          base_rev: row.rev,
          data: { notes: 'theirs' },
        }),
      ]);
      const before = await currentRev(test.db);
      const [stale] = await pushAs(test.db, 'doctor', [
        mutation({ table: 'patients', op: 'update', id: row.id, base_rev: row.rev, data: { notes: 'mine' } }),
      ]);
      expect(stale?.status).toBe('conflict');
      expect(stale?.row).toMatchObject({ id: row.id, rev: first?.rev, notes: 'theirs' });
      expect(await currentRev(test.db)).toBe(before);
      expect((await rowOf(test.db, 'patients', row.id))?.['notes']).toBe('theirs');
    });

    it('treats a delete with a stale base_rev as a conflict too', async () => {
      const row = await insertPatient();
      await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'update', id: row.id, base_rev: row.rev, data: { notes: 'x' } }),
      ]);
      const [stale] = await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'delete', id: row.id, base_rev: row.rev }),
      ]);
      expect(stale?.status).toBe('conflict');
      expect((await rowOf(test.db, 'patients', row.id))?.deleted_at).toBeNull();
    });

    it('answers an update of a row the server does not have with conflict and row null', async () => {
      const [result] = await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'update', id: randomUUID(), base_rev: 1, data: { notes: 'x' } }),
      ]);
      expect(result).toMatchObject({ status: 'conflict', row: null });
    });

    it('replays a processed mid: same result, replayed true, nothing written', async () => {
      const id = randomUUID();
      const insert = mutation({ table: 'patients', op: 'insert', id, data: newPatient() });
      const [first] = await pushAs(test.db, 'reception', [insert]);
      const before = await currentRev(test.db);
      const [again] = await pushAs(test.db, 'reception', [insert]);
      expect(again).toEqual({ ...first, replayed: true });
      expect(await currentRev(test.db)).toBe(before);
      const logged = await test.db.query('select 1 from sync.mutations where mid = $1', [insert['mid']]);
      expect(logged.rows).toHaveLength(1);
    });

    it('replays a mid repeated within one batch without applying it twice', async () => {
      const row = await insertPatient();
      const update = mutation({
        table: 'patients',
        op: 'update',
        id: row.id,
        base_rev: row.rev,
        data: { notes: 'once' },
      });
      const [first, second] = await pushAs(test.db, 'reception', [update, update]);
      expect(first?.status).toBe('applied');
      expect(second).toEqual({ ...first, replayed: true });
    });

    it("does not replay another user's mid to them", async () => {
      const insert = mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() });
      await pushAs(test.db, 'reception', [insert]);
      const [other] = await pushAs(test.db, 'doctor', [insert]);
      expect(other).toMatchObject({ status: 'rejected', code: 'invalid_mutation' });
      expect(other?.row).toBeUndefined();
    });

    it('treats an insert of an existing id as an update with base_rev null: applied if identical, else conflict', async () => {
      const id = randomUUID();
      const data = newPatient({ birth_date: '1990-05-01' });
      await pushAs(test.db, 'reception', [mutation({ table: 'patients', op: 'insert', id, data })]);
      const before = await currentRev(test.db);
      const [same] = await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'insert', id, data }),
      ]);
      expect(same?.status).toBe('applied');
      expect(await currentRev(test.db)).toBe(before);
      const [different] = await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'insert', id, data: { ...data, full_name: 'Outro Nome' } }),
      ]);
      expect(different).toMatchObject({ status: 'conflict', row: { id, full_name: data['full_name'] } });
    });

    it('answers applied to a role that may create but not change rows when it re-sends an identical insert', async () => {
      const id = randomUUID();
      const data = {
        branch_id: seeded.branch,
        amount: 90,
        currency: 'BRL',
        method: 'pix',
        paid_at: '2026-11-23T10:00:00.000Z',
      };
      const [first] = await pushAs(test.db, 'reception', [
        mutation({ table: 'payments', op: 'insert', id, data }),
      ]);
      expect(first?.status).toBe('applied');
      const [again] = await pushAs(test.db, 'reception', [
        mutation({ table: 'payments', op: 'insert', id, data }),
      ]);
      expect(again).toMatchObject({ status: 'applied', rev: first?.rev });
    });

    it('undeletes within the restore window', async () => {
      const row = await insertPatient();
      const [deleted] = await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'delete', id: row.id, base_rev: row.rev }),
      ]);
      expect(deleted?.row?.deleted_at).not.toBeNull();
      const [restored] = await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'undelete', id: row.id, base_rev: deleted?.rev ?? 0 }),
      ]);
      expect(restored).toMatchObject({ status: 'applied', row: { deleted_at: null } });
    });

    it('refuses to undelete after the restore window with restore_window_expired', async () => {
      const row = await insertPatient();
      await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'delete', id: row.id, base_rev: row.rev }),
      ]);
      await test.db.query(
        `update sync.entity_settings set restore_window = interval '1 millisecond' where table_name = 'patients'`,
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const [late] = await pushAs(test.db, 'reception', [
          mutation({ table: 'patients', op: 'undelete', id: row.id }),
        ]);
        expect(late).toMatchObject({ status: 'rejected', code: 'restore_window_expired' });
        expect((await rowOf(test.db, 'patients', row.id))?.deleted_at).not.toBeNull();
      } finally {
        await test.db.query(
          `update sync.entity_settings set restore_window = interval '7 days' where table_name = 'patients'`,
        );
      }
    });

    it('records every processed mutation: mid, client, user, table, row, op, status, rev, time', async () => {
      const row = await insertPatient();
      const update = mutation({
        table: 'patients',
        op: 'update',
        id: row.id,
        base_rev: row.rev,
        data: { notes: 'audit' },
      });
      const [result] = await pushAs(test.db, 'nurse', [update], 'pc-recepcao');
      const logged = await test.db.query(
        `select client_id, user_id::text, table_name, row_id::text, op, status, rev, received_at is not null as timed
           from sync.mutations where mid = $1`,
        [update['mid']],
      );
      expect(logged.rows[0]).toEqual({
        client_id: 'pc-recepcao',
        user_id: staff.nurse,
        table_name: 'patients',
        row_id: row.id,
        op: 'update',
        status: 'applied',
        rev: result?.rev,
        timed: true,
      });
    });
  });

  describe('soft deletes and revs from any source', () => {
    it('turns a plain SQL DELETE into a soft delete with a new rev that clients pull', async () => {
      const row = await insertPatient();
      const deleted = await test.db.query('delete from patients where id = $1', [row.id]);
      expect(deleted.rowCount).toBe(0);
      const after = await rowOf(test.db, 'patients', row.id);
      expect(after?.deleted_at).not.toBeNull();
      expect(after?.rev).toBeGreaterThan(row.rev);
      expect(after?.last_editor).toBe('postgres');
      const pulled = await pullAs(test.db, 'reception', row.rev);
      expect(pulled.changes.find((c) => c.row.id === row.id)?.row.deleted_at).not.toBeNull();
    });

    it('gives a push by the service role (the clinic mirror) revs, its editor and no RLS limits', async () => {
      const id = randomUUID();
      const answer = await asRole(test.db, 'service_role', (tx) =>
        tx.query<{ a: { results: { status: string; row: Row }[] } }>('select sync_push($1, $2::jsonb) as a', [
          'mirror-1',
          JSON.stringify([
            mutation({
              table: 'encounters',
              op: 'insert',
              id,
              data: {
                patient_id: seeded.patient,
                professional_id: staff.doctor,
                started_at: '2026-11-23T10:00:00Z',
                record: { plan: 'x' },
              },
            }),
          ]),
        ]),
      );
      expect(answer.rows[0]?.a.results[0]).toMatchObject({
        status: 'applied',
        row: { id, last_editor: 'service_role/mirror-1' },
      });
      const pulled = await pullAll(test.db, 'doctor', (answer.rows[0]?.a.results[0]?.row.rev ?? 1) - 1);
      expect(pulled.map((c) => c.row.id)).toContain(id);
    });

    it('gives an SQL console insert a rev that clients pull', async () => {
      const head = await currentRev(test.db);
      const id = randomUUID();
      await test.db.query(`insert into patients (id, full_name) values ($1, 'Console')`, [id]);
      const pulled = await pullAs(test.db, 'reception', head);
      expect(pulled.changes.map((c) => c.row.id)).toEqual([id]);
      expect(pulled.changes[0]?.row.last_editor).toBe('postgres');
    });

    it('gives an SQL console update a rev and ignores a rev it sets itself', async () => {
      const row = await insertPatient();
      await test.db.query(`update patients set notes = 'console', rev = 5 where id = $1`, [row.id]);
      const after = await rowOf(test.db, 'patients', row.id);
      expect(after?.rev).toBeGreaterThan(row.rev);
      expect(after?.['notes']).toBe('console');
    });
  });

  describe('sync_digest', () => {
    it('hashes the id:rev lines exactly as the client core does', async () => {
      const rows = await test.db.query<{ id: string; rev: number }>('select id::text, rev from patients');
      const expected = createHash('sha256').update(digestText(rows.rows)).digest('hex');
      const digest = await asUser(test.db, staff.reception, (tx) =>
        tx.query<{ d: unknown }>(`select sync_digest('patients') as d`),
      );
      expect(digest.rows[0]?.d).toEqual({
        count: rows.rows.length,
        max_rev: Math.max(...rows.rows.map((r) => r.rev)),
        hash: expected,
      });
    });

    it('covers only what the caller may read, and refuses an unknown table', async () => {
      const digest = await asUser(test.db, staff.reception, (tx) =>
        tx.query<{ d: unknown }>(`select sync_digest('encounters') as d`),
      );
      expect(digest.rows[0]?.d).toEqual({
        count: 0,
        max_rev: 0,
        hash: createHash('sha256').update('').digest('hex'),
      });
      await expect(
        asUser(test.db, staff.reception, (tx) =>
          tx.query(`select sync_digest('patients; drop table patients')`),
        ),
      ).rejects.toThrow(/unknown_table/);
    });
  });

  describe('sync_purge_tombstones', () => {
    it('removes old tombstones, raises the horizon, and makes pulls from below it reset', async () => {
      const keep = await insertPatient();
      const gone = await insertPatient();
      const [deleted] = await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'delete', id: gone.id, base_rev: gone.rev }),
      ]);
      const purge = await asRole(test.db, 'service_role', (tx) =>
        tx.query<{ r: { purge_horizon: number; purged: Record<string, number> } }>(
          `select sync_purge_tombstones(interval '0 seconds') as r`,
        ),
      );
      const horizon = purge.rows[0]?.r.purge_horizon ?? 0;
      expect(horizon).toBeGreaterThanOrEqual(deleted?.rev ?? Infinity);
      expect(purge.rows[0]?.r.purged['patients']).toBeGreaterThanOrEqual(1);
      expect(await rowOf(test.db, 'patients', gone.id)).toBeUndefined();
      expect(await rowOf(test.db, 'patients', keep.id)).toBeDefined();
      expect(await pullAs(test.db, 'reception', keep.rev)).toMatchObject({
        reset: true,
        changes: [],
        cursor: 0,
      });
      expect((await pullAs(test.db, 'reception', 0, 1)).reset).toBe(false);
      expect((await pullAs(test.db, 'reception', horizon)).reset).toBe(false);
    });

    it('keeps a tombstone that live rows still reference', async () => {
      const patient = await test.db.query<{ id: string }>(
        `select p.id::text from patients p join appointments a on a.patient_id = p.id limit 1`,
      );
      const id = patient.rows[0]?.id ?? '';
      await test.db.query('delete from patients where id = $1', [id]);
      await asRole(test.db, 'service_role', (tx) =>
        tx.query(`select sync_purge_tombstones(interval '0 seconds')`),
      );
      expect((await rowOf(test.db, 'patients', id))?.deleted_at).not.toBeNull();
    });

    it('is refused to signed-in staff, even admins', async () => {
      await expect(
        asUser(test.db, staff.admin, (tx) => tx.query(`select sync_purge_tombstones(interval '0 seconds')`)),
      ).rejects.toThrow(/permission denied/);
    });
  });

  describe('record_versions', () => {
    it('keeps the previous version of an encounter on every content update, with who, when and rev', async () => {
      const before = await rowOf(test.db, 'encounters', seeded.unsignedEncounter);
      const record = { ...(before?.['record'] as object), plan: 'Novo plano' };
      const [result] = await pushAs(
        test.db,
        'doctor',
        [
          mutation({
            table: 'encounters',
            op: 'update',
            id: seeded.unsignedEncounter,
            base_rev: before?.rev ?? 0,
            data: { record },
          }),
        ],
        'consultorio-1',
      );
      expect(result?.status).toBe('applied');
      const versions = await test.db.query<{
        version_rev: number;
        version: Row;
        edited_by: string;
        replaced_by: string;
      }>('select version_rev, version, edited_by, replaced_by from record_versions where encounter_id = $1', [
        seeded.unsignedEncounter,
      ]);
      expect(versions.rows).toHaveLength(1);
      expect(versions.rows[0]).toMatchObject({
        version_rev: before?.rev,
        version: { record: before?.['record'] },
        edited_by: before?.last_editor,
        replaced_by: `${staff.doctor}/consultorio-1`,
      });
      // From just below this write: the unsigned encounter still has its seeded rev, which the
      // purge tests above left below the purge horizon (a pull from there would only reset).
      const pulled = await pullAll(test.db, 'nurse', (result?.rev ?? 1) - 1);
      expect(pulled.some((c) => c.table === 'record_versions')).toBe(true);
    });

    it('refuses client writes to record_versions', async () => {
      const [result] = await pushAs(test.db, 'admin', [
        mutation({
          table: 'record_versions',
          op: 'insert',
          id: randomUUID(),
          data: { encounter_id: seeded.encounter },
        }),
      ]);
      expect(result).toMatchObject({ status: 'rejected', code: 'forbidden' });
    });
  });

  describe('realtime poke', () => {
    async function pokes(): Promise<{ payload: { rev: number } }[]> {
      const result = await test.db.query<{ payload: { rev: number } }>(
        `select payload from realtime.messages where topic = 'sync' and event = 'poke' order by inserted_at, payload->>'rev'`,
      );
      return result.rows;
    }

    it('sends one poke per committing transaction, carrying its last rev', async () => {
      const before = (await pokes()).length;
      const results = await pushAs(test.db, 'reception', [
        mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() }),
        mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() }),
        mutation({ table: 'patients', op: 'insert', id: randomUUID(), data: newPatient() }),
      ]);
      const after = await pokes();
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)?.payload.rev).toBe(results.at(-1)?.rev);
    });

    it('sends no poke for a rolled-back write or a push that wrote nothing', async () => {
      const before = (await pokes()).length;
      await expect(
        test.db.transaction(async (tx) => {
          await tx.query(`update patients set notes = 'rolled back' where id = $1`, [seeded.patient]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await pushAs(test.db, 'reception', [
        mutation({ table: 'nope', op: 'insert', id: randomUUID(), data: {} }),
      ]);
      expect(await pokes()).toHaveLength(before);
    });
  });
});
