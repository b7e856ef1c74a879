import type { SupabaseClient } from '@supabase/supabase-js';
import type { DemoClinic, DemoStaff, DemoTable } from './demo-clinic.ts';

/**
 * Loads the demo clinic into a Supabase project through its APIs only, as the service role: the
 * staff through the Auth admin API (a project's `postgres` may not write GoTrue's tables), every
 * row through PostgREST. Rows already there are left alone (an upsert that ignores duplicates),
 * so a second run adds only what is missing and never overwrites what people changed.
 */

/** A refusal of the project, in words a person can act on. Nothing was written when it comes from `checkProject`. */
export class RemoteSeedError extends Error {
  override readonly name = 'RemoteSeedError';
}

export interface TableOutcome {
  readonly name: string;
  readonly rows: number;
  readonly added: number;
  readonly deleted: number;
}

export interface SeedOutcome {
  readonly staffCreated: readonly string[];
  readonly staffPresent: readonly string[];
  readonly tables: readonly TableOutcome[];
}

/** Rows per request: well under PostgREST's and the gateway's body limits, and under a statement timeout. */
const BATCH_ROWS = 500;
const ID_LOOKUP = 100;

/** Before writing anything: the key is the service role's and every table the clinic needs exists. */
export async function checkProject(
  client: SupabaseClient,
  tables: readonly string[],
): Promise<Map<string, number>> {
  const { error } = await client.auth.admin.listUsers({ page: 1, perPage: 1 });
  if (error) {
    if (error.status === 401 || error.status === 403)
      throw new RemoteSeedError(
        `the project refused the key (${error.status} ${error.message}): pass the project's service_role key, not the anon key`,
      );
    if (!error.status)
      throw new RemoteSeedError(`the project did not answer (${error.message}): check the URL`);
    throw new RemoteSeedError(
      `the project's Auth API did not answer as expected: ${error.status} ${error.message}`,
    );
  }
  const counts = new Map<string, number>();
  const missing: string[] = [];
  for (const table of tables) {
    // Not a HEAD request: its 404 has no body, which the client reports as success.
    const { count, error: readError } = await client.from(table).select('id', { count: 'exact' }).limit(1);
    if (readError) {
      if (readError.code === 'PGRST205' || readError.code === '42P01') missing.push(table);
      else throw new RemoteSeedError(`reading ${table} failed: ${readError.code} ${readError.message}`);
    } else counts.set(table, count ?? 0);
  }
  if (missing.length > 0)
    throw new RemoteSeedError(
      `the project has no table ${missing.join(', ')}: push the schema first (supabase db push)`,
    );
  return counts;
}

export async function seedProject(
  client: SupabaseClient,
  clinic: DemoClinic,
  progress: (line: string) => void = () => undefined,
): Promise<SeedOutcome> {
  const staffCreated: string[] = [];
  const staffPresent: string[] = [];
  for (const person of clinic.staff) {
    const outcome = await createStaff(client, person);
    (outcome === 'created' ? staffCreated : staffPresent).push(person.email);
  }
  progress(`staff logins: ${staffCreated.length} created, ${staffPresent.length} already there`);
  const tables: TableOutcome[] = [];
  const signatures = clinic.tables.find((table) => table.name === 'encounters')?.rows.filter(isSigned) ?? [];
  for (const table of clinic.tables) {
    const outcome = await loadTable(client, table.name === 'encounters' ? unsigned(table) : table);
    tables.push(outcome);
    progress(
      `${table.name.padEnd(24)} ${String(outcome.added).padStart(5)} added of ${outcome.rows}` +
        (outcome.deleted > 0 ? `, ${outcome.deleted} deleted` : ''),
    );
  }
  const signed = await signEncounters(client, signatures);
  progress(`signatures               ${String(signed).padStart(5)} added of ${signatures.length}`);
  return { staffCreated, staffPresent, tables };
}

/*
 * A signed encounter takes no new part (prescriptions, diagnoses, files… are refused once it is
 * signed, for the service role too). So encounters load unsigned, their parts follow, and the
 * signatures come last, each only where the encounter is still unsigned: a run never re-signs or
 * changes what is already there.
 */
type Row = Record<string, unknown>;

function isSigned(row: Row): boolean {
  return row['signed_at'] !== null && row['signed_at'] !== undefined;
}

function unsigned(table: DemoTable): DemoTable {
  return { ...table, rows: table.rows.map((row) => ({ ...row, signed_at: null, signed_by: null })) };
}

async function signEncounters(client: SupabaseClient, rows: readonly Row[]): Promise<number> {
  let signed = 0;
  for (const row of rows) {
    const { data, error } = await client
      .from('encounters')
      .update({ signed_at: row['signed_at'], signed_by: row['signed_by'] ?? null })
      .eq('id', row['id'] as string)
      .is('signed_at', null)
      .select('id');
    if (error)
      throw new RemoteSeedError(`signing the seed's encounter ${String(row['id'])} failed: ${error.message}`);
    signed += data?.length ?? 0;
  }
  return signed;
}

async function createStaff(client: SupabaseClient, person: DemoStaff): Promise<'created' | 'present'> {
  const { error } = await client.auth.admin.createUser({
    id: person.id,
    email: person.email,
    password_hash: person.passwordHash,
    email_confirm: true,
    user_metadata: person.userMetadata,
    app_metadata: person.appMetadata,
  });
  if (!error) return 'created';
  if (error.code === 'email_exists' || error.status === 422) {
    const { data } = await client.auth.admin.getUserById(person.id);
    if (data.user?.email?.toLowerCase() === person.email.toLowerCase()) return 'present';
    throw new RemoteSeedError(
      `${person.email} is already a login of this project under another id: the demo clinic's records point at ${person.id}; remove that login or seed another project`,
    );
  }
  throw new RemoteSeedError(
    `creating the login ${person.email} failed: ${error.status ?? ''} ${error.message}`,
  );
}

/*
 * Rows already in the project are left out before writing, not only skipped by the conflict
 * clause: a row's write triggers run before the conflict is found, and the parts of a signed
 * encounter refuse even an insert that would have changed nothing.
 */
async function withoutPresent(client: SupabaseClient, table: string, rows: readonly Row[]): Promise<Row[]> {
  const present = new Set<string>();
  // A hundred ids keep the query string short enough for any API gateway in front of PostgREST.
  for (let start = 0; start < rows.length; start += ID_LOOKUP) {
    const ids = rows.slice(start, start + ID_LOOKUP).map((row) => row['id'] as string);
    const { data, error } = await client.from(table).select('id').in('id', ids);
    if (error)
      throw new RemoteSeedError(
        `reading which ${table} rows are there failed: ${error.code} ${error.message}`,
      );
    for (const row of (data ?? []) as { id: string }[]) present.add(row.id);
  }
  return rows.filter((row) => !present.has(row['id'] as string));
}

async function loadTable(client: SupabaseClient, table: DemoTable): Promise<TableOutcome> {
  const added = new Set<string>();
  for (let start = 0; start < table.rows.length; start += BATCH_ROWS) {
    const batch = await withoutPresent(client, table.name, table.rows.slice(start, start + BATCH_ROWS));
    if (batch.length === 0) continue;
    const { data, error } = await client
      .from(table.name)
      .upsert(batch, { onConflict: 'id', ignoreDuplicates: true })
      .select('id');
    if (error)
      throw new RemoteSeedError(
        `loading ${table.name} (rows ${start + 1}–${start + batch.length}) failed: ${error.code} ${error.message}`,
      );
    for (const row of (data ?? []) as { id: string }[]) added.add(row.id);
  }
  // Only tombstones this run created are deleted: an older copy may have been restored since.
  const toDelete = table.tombstones.filter((id) => added.has(id));
  for (let start = 0; start < toDelete.length; start += BATCH_ROWS) {
    const { error } = await client
      .from(table.name)
      .delete()
      .in('id', toDelete.slice(start, start + BATCH_ROWS));
    if (error)
      throw new RemoteSeedError(`deleting the seed's deleted ${table.name} failed: ${error.message}`);
  }
  return { name: table.name, rows: table.rows.length, added: added.size, deleted: toDelete.length };
}
