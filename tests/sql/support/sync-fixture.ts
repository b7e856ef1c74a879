import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../../server/db/database.ts';
import { prepareDatabase } from '../../../server/db/migrate.ts';
import type { StaffRole } from '../../../src/core/schema/clinic-tables.ts';
import { asRole, asUser } from '../../support/as-role.ts';

/** The seeded staff logins (supabase/seed.sql), one per role. */
export const staff: Record<StaffRole, string> = {
  admin: 'a0000000-0000-4000-8000-000000000001',
  doctor: 'a0000000-0000-4000-8000-000000000002',
  nurse: 'a0000000-0000-4000-8000-000000000003',
  reception: 'a0000000-0000-4000-8000-000000000004',
  billing: 'a0000000-0000-4000-8000-000000000005',
};

export const seeded = {
  branch: 'b0000000-0000-4000-8000-000000000001',
  patient: 'd0000000-0000-4000-8000-000000000001',
  appointment: 'e0000000-0000-4000-8000-000000000001',
  encounter: 'e1000000-0000-4000-8000-000000000001',
  /** Every fifth seeded encounter is left unsigned, so it may still change. */
  unsignedEncounter: 'e1000000-0000-4000-8000-000000000005',
};

export type Row = Record<string, unknown> & { id: string; rev: number; deleted_at: string | null };

export interface MutationResult {
  mid: string | null;
  status: 'applied' | 'conflict' | 'rejected';
  rev?: number;
  row?: Row | null;
  code?: string;
  message?: string;
  replayed: boolean;
}

export interface PullAnswer {
  changes: { table: string; row: Row }[];
  cursor: number;
  has_more: boolean;
  reset: boolean;
  purge_horizon: number;
  held_since: string | null;
  server_time: string;
}

export interface MutationInput {
  mid?: string;
  table: string;
  op: 'insert' | 'update' | 'delete' | 'undelete';
  id: string;
  base_rev?: number | null;
  data?: Record<string, unknown>;
  base?: Record<string, unknown>;
  at?: string;
}

export async function seededDatabase(db: Database): Promise<void> {
  await prepareDatabase(db, { seed: true });
}

export function mutation(input: MutationInput): Record<string, unknown> {
  return { mid: randomUUID(), base_rev: null, data: {}, base: {}, at: new Date().toISOString(), ...input };
}

export async function pushAs(
  db: Database,
  role: StaffRole,
  mutations: unknown,
  clientId = 'test-device',
): Promise<MutationResult[]> {
  return asUser(db, staff[role], (tx) => pushIn(tx, mutations, clientId));
}

export async function pushIn(
  tx: Queryable,
  mutations: unknown,
  clientId = 'test-device',
): Promise<MutationResult[]> {
  const result = await tx.query<{ answer: { results: MutationResult[] } }>(
    'select sync_push($1, $2::jsonb) as answer',
    [clientId, JSON.stringify(mutations)],
  );
  return result.rows[0]?.answer.results ?? [];
}

export async function pullAs(
  db: Database,
  role: StaffRole | 'service_role',
  since: number,
  maxRows = 1000,
  knownHorizon?: number | null,
): Promise<PullAnswer> {
  const run = (tx: Queryable) => pullIn(tx, since, maxRows, knownHorizon);
  return role === 'service_role' ? asRole(db, 'service_role', run) : asUser(db, staff[role], run);
}

/** `knownHorizon` undefined makes the 2-argument call; null or a number passes `known_horizon`. */
export async function pullIn(
  tx: Queryable,
  since: number,
  maxRows = 1000,
  knownHorizon?: number | null,
): Promise<PullAnswer> {
  const result =
    knownHorizon === undefined
      ? await tx.query<{ answer: PullAnswer }>('select sync_pull($1, $2) as answer', [since, maxRows])
      : await tx.query<{ answer: PullAnswer }>('select sync_pull($1, $2, $3) as answer', [
          since,
          maxRows,
          knownHorizon,
        ]);
  const answer = result.rows[0]?.answer;
  if (answer === undefined) throw new Error('sync_pull returned nothing');
  return answer;
}

/** Pulls from `since` until has_more is false. */
export async function pullAll(
  db: Database,
  role: StaffRole | 'service_role',
  since = 0,
  maxRows = 1000,
): Promise<PullAnswer['changes']> {
  const all: PullAnswer['changes'] = [];
  const head = await lastRev(db);
  let cursor = since;
  for (let held = 0; ;) {
    const page = await pullAs(db, role, cursor, maxRows);
    all.push(...page.changes);
    cursor = page.cursor;
    if (page.has_more) continue;
    // Every rev issued before this call must come in. A pull may stop short for a moment: a
    // transaction id no session claims any more when the pull reads its bounds counts as open, to
    // be safe, and on a shared server that is often another test database's transaction ending
    // right then. The rows are held back, never skipped: ask again from the cursor.
    if (cursor >= head || held >= 80) return all;
    held += 1;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function lastRev(db: Queryable): Promise<number> {
  const result = await db.query<{ rev: number | string }>('select sync.last_rev() as rev');
  return Number(result.rows[0]?.rev ?? 0);
}

export async function rowOf(db: Queryable, table: string, id: string): Promise<Row | undefined> {
  const result = await db.query<{ row: Row }>(
    `select to_jsonb(t) as row from public.${table} t where id = $1`,
    [id],
  );
  return result.rows[0]?.row;
}

/** The highest rev any synced row holds (or the purge horizon): every write raises it. */
export async function currentRev(db: Queryable): Promise<number> {
  const result = await db.query<{ rev: number }>('select sync.highest_rev() as rev');
  return result.rows[0]?.rev ?? 0;
}

/**
 * `sync.last_rev()`: above every rev a committed transaction holds (the next transaction id's
 * range starts right after it), so a rev past it comes from another history of the server.
 */
export async function issuedBound(db: Queryable): Promise<number> {
  const result = await db.query<{ rev: number }>('select sync.last_rev() as rev');
  return result.rows[0]?.rev ?? 0;
}

/** A fingerprint of every synced table (id:rev of all rows) to prove "nothing else changed". */
export async function fingerprint(db: Queryable): Promise<Record<string, string>> {
  const tables = await db.query<{ table_name: string }>(
    'select table_name from sync.entity_settings order by position',
  );
  const prints: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    const digest = await db.query<{ d: { hash: string } }>('select sync_digest($1) as d', [table_name]);
    prints[table_name] = digest.rows[0]?.d.hash ?? '';
  }
  return prints;
}

export function newPatient(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    full_name: 'Paciente de Teste',
    document_type: 'CPF',
    phone: '+5511988887777',
    branch_id: seeded.branch,
    ...overrides,
  };
}
