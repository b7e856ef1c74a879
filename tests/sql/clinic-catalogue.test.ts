import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../server/db/migrate.ts';
import { clinicTables, syncedTableNames, type ClinicColumn } from '../../src/core/schema/clinic-tables.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';

interface DbColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
}

const typeNames: Record<string, ClinicColumn['type']> = {
  uuid: 'uuid',
  text: 'text',
  integer: 'integer',
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'date',
  'timestamp with time zone': 'timestamptz',
  jsonb: 'jsonb',
  bigint: 'bigint',
};

function catalogueType(column: DbColumn): string {
  if (column.data_type === 'ARRAY')
    return column.udt_name === '_text' ? 'text[]' : `array of ${column.udt_name}`;
  return typeNames[column.data_type] ?? column.data_type;
}

/** `CHECK ((kind = ANY (ARRAY['a'::text, 'b'::text])))` → ['kind', ['a', 'b']]. */
function checkedValues(definition: string): [string, string[]] | undefined {
  const match = /^CHECK \(\(\(?(\w+) = ANY \(ARRAY\[(.*)\]\)\)\)?\)$/.exec(definition);
  if (!match?.[1] || match[2] === undefined) return undefined;
  const values = [...match[2].matchAll(/'((?:[^']|'')*)'::text/g)].map((m) =>
    (m[1] ?? '').replaceAll("''", "'"),
  );
  return [match[1], values];
}

describe.each(testTargets())('clinic catalogue on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await prepareDatabase(test.db, { seed: false });
  });
  afterAll(() => test.drop());

  it('lists exactly the tables of the public schema, registered for sync in the same order', async () => {
    const tables = await test.db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([...syncedTableNames].sort());
    const registered = await test.db.query<{ table_name: string; client_writable: boolean }>(
      'select table_name, client_writable from sync.entity_settings order by position',
    );
    expect(registered.rows).toEqual(
      clinicTables.map((t) => ({ table_name: t.name, client_writable: !t.serverWritten })),
    );
  });

  it('has the columns of information_schema: names, order, types and nullability', async () => {
    const columns = await test.db.query<DbColumn>(
      `select table_name, column_name, data_type, udt_name, is_nullable from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
    );
    for (const table of clinicTables) {
      const actual = columns.rows
        .filter((c) => c.table_name === table.name)
        .map((c) => ({ name: c.column_name, type: catalogueType(c), nullable: c.is_nullable === 'YES' }));
      const expected = table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable }));
      expect(actual, table.name).toEqual(expected);
    }
  });

  it('has the foreign keys of the database, each pointing to an earlier table or itself', async () => {
    const keys = await test.db.query<{ table_name: string; column_name: string; target: string }>(
      `select c.conrelid::regclass::text as table_name, a.attname as column_name, c.confrelid::regclass::text as target
         from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
    );
    const actual = keys.rows.map((k) => `${k.table_name}.${k.column_name} -> ${k.target}`).sort();
    const expected = clinicTables
      .flatMap((t) =>
        t.columns
          .filter((c) => c.references !== undefined)
          .map((c) => `${t.name}.${c.name} -> ${c.references}`),
      )
      .sort();
    expect(actual).toEqual(expected);
    for (const [index, table] of clinicTables.entries()) {
      for (const column of table.columns) {
        if (column.references === undefined) continue;
        const position = syncedTableNames.indexOf(column.references as (typeof syncedTableNames)[number]);
        expect(position, `${table.name}.${column.name}`).toBeGreaterThanOrEqual(0);
        expect(position, `${table.name}.${column.name}`).toBeLessThanOrEqual(index);
      }
    }
  });

  it('has the allowed values of the check constraints', async () => {
    const checks = await test.db.query<{ table_name: string; definition: string }>(
      `select conrelid::regclass::text as table_name, pg_get_constraintdef(oid) as definition
         from pg_constraint where contype = 'c' and connamespace = 'public'::regnamespace`,
    );
    const actual = checks.rows
      .map((c) => ({ table: c.table_name, parsed: checkedValues(c.definition) }))
      .filter((c) => c.parsed !== undefined)
      .map((c) => `${c.table}.${c.parsed?.[0]}: ${c.parsed?.[1].join(',')}`)
      .sort();
    const expected = clinicTables
      .flatMap((t) =>
        t.columns
          .filter((c) => c.values !== undefined)
          .map((c) => `${t.name}.${c.name}: ${c.values?.join(',')}`),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('has every range and cross-field check of the database, on the columns it names', async () => {
    const checks = await test.db.query<{
      table_name: string;
      name: string;
      definition: string;
      columns: string[];
    }>(
      `select c.conrelid::regclass::text as table_name, c.conname as name, pg_get_constraintdef(c.oid) as definition,
              array(select a.attname::text from pg_attribute a
                     where a.attrelid = c.conrelid and a.attnum = any (c.conkey) order by a.attname) as columns
         from pg_constraint c where c.contype = 'c' and c.connamespace = 'public'::regnamespace`,
    );
    const ruled = checks.rows.filter(
      (c) => checkedValues(c.definition) === undefined && !c.definition.includes(' ~ '),
    );
    const actual = ruled.map((c) => `${c.table_name}.${c.name}: ${c.columns.join(',')}`).sort();
    const expected = clinicTables
      .flatMap((t) =>
        t.checks.map((check) => {
          const columns = [
            check.column,
            ...('start' in check ? [check.start] : []),
            ...('other' in check ? [check.other] : []),
          ];
          if (check.kind === 'not_self') columns.push('id');
          return `${t.name}.${check.name}: ${columns.sort().join(',')}`;
        }),
      )
      .sort();
    expect(actual).toEqual(expected);
    const patterns = checks.rows
      .filter((c) => c.definition.includes(' ~ '))
      .map((c) => `${c.table_name}.${c.columns.join(',')}: ${/'([^']*)'::text/.exec(c.definition)?.[1]}`)
      .sort();
    const formats = clinicTables
      .flatMap((t) =>
        t.columns.filter((c) => c.format).map((c) => `${t.name}.${c.name}: ${c.format?.pattern}`),
      )
      .sort();
    expect(patterns).toEqual(formats);
  });

  it('gives the pull the same readers as the catalogue (to skip tables a role cannot read)', async () => {
    const settings = await test.db.query<{ table_name: string; read_roles: string[] }>(
      'select table_name, read_roles from sync.entity_settings order by position',
    );
    expect(settings.rows).toEqual(clinicTables.map((t) => ({ table_name: t.name, read_roles: [...t.read] })));
  });

  it('has row level security enabled on every synced table, and nothing granted to anon', async () => {
    const tables = await test.db.query<{ relname: string; relrowsecurity: boolean; anon: boolean }>(
      `select relname, relrowsecurity,
              has_table_privilege('anon', c.oid, 'select,insert,update,delete,truncate') as anon
         from pg_class c where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`,
    );
    expect(tables.rows).toEqual(
      [...syncedTableNames].sort().map((name) => ({ relname: name, relrowsecurity: true, anon: false })),
    );
  });
});
