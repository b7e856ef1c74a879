import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, prepareDatabase } from '../../server/db/migrate.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import { dynamicSqlText, findUnsafeWrites } from './support/safe-update-rule.ts';

/**
 * On Supabase every statement the API runs, and every function it reaches, is under
 * pg-safeupdate: an UPDATE or DELETE without a WHERE clause fails. These tests hold every
 * function of the migrated database to that rule (see `support/safe-update-rule.ts`).
 */
describe.each(testTargets())('the safe-update rule on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await prepareDatabase(test.db, { seed: false });
  });
  afterAll(() => test.drop());

  it('no function of the migrated database updates or deletes without a WHERE clause', async () => {
    expect(await findUnsafeWrites(test.db)).toEqual([]);
  });

  it('catches every form an unfiltered write can take in a function, and nothing else', async () => {
    await test.db.exec(`
      create schema offenders;
      create table offenders.t (id int primary key, a int);
      create function offenders.plain() returns void language plpgsql as $$
        begin update offenders.t set a = 1; end $$;
      create function offenders.sql_body() returns void language sql as $$
        delete from offenders.t $$;
      create function offenders.atomic_body() returns void language sql
        begin atomic update offenders.t set a = 2; end;
      create function offenders.in_cte() returns bigint language plpgsql as $$
        declare n bigint;
        begin with gone as (delete from offenders.t returning 1) select count(*) into n from gone; return n; end $$;
      create function offenders.dynamic(tbl text) returns void language plpgsql as $$
        begin execute format('update offenders.%I set a = %L', tbl, 3); end $$;
      create function offenders.dynamic_loop() returns void language plpgsql as $$
        declare r record;
        begin for r in execute 'delete from offenders.t returning id' loop null; end loop; end $$;
      create function offenders.concatenated(tbl text) returns void language plpgsql as $$
        begin execute 'delete from ' || tbl; end $$;
      create function offenders.unreadable(statement text) returns void language plpgsql as $$
        begin execute statement; end $$;
      create function offenders.on_trigger() returns trigger language plpgsql as $$
        begin update offenders.t set a = new.a; return new; end $$;
      create function offenders.careful(tbl text) returns void language plpgsql as $$
        declare r record;
        begin
          update offenders.t set a = 1 where id = 1;
          delete from offenders.t where true;
          execute format('update offenders.%I set a = 1 where id = $1', tbl) using 1;
          for r in execute format('delete from offenders.%I where a is null returning id', tbl) loop null; end loop;
        end $$;
    `);
    try {
      const findings = (await findUnsafeWrites(test.db)).map((finding) => [
        finding.fn,
        finding.kind,
        finding.reason,
      ]);
      expect(findings).toEqual([
        ['offenders.atomic_body()', 'violation', 'UPDATE requires a WHERE clause'],
        ['offenders.concatenated(text)', 'violation', 'DELETE requires a WHERE clause'],
        ['offenders.dynamic(text)', 'violation', 'UPDATE requires a WHERE clause'],
        ['offenders.dynamic_loop()', 'violation', 'DELETE requires a WHERE clause'],
        ['offenders.in_cte()', 'violation', 'DELETE requires a WHERE clause'],
        ['offenders.on_trigger()', 'violation', 'UPDATE requires a WHERE clause'],
        ['offenders.plain()', 'violation', 'UPDATE requires a WHERE clause'],
        ['offenders.sql_body()', 'violation', 'DELETE requires a WHERE clause'],
        ['offenders.unreadable(text)', 'unchecked', 'dynamic SQL that is not a literal or format() of one'],
      ]);
    } finally {
      await test.db.exec('drop schema offenders cascade');
    }
  });

  it('would have caught the purge as it was first written', async () => {
    // The migrations before the purge named its counter row: the first version updates sync.counter without WHERE.
    const before = await mkdtemp(join(tmpdir(), 'migrations-before-'));
    const old = await target.create();
    try {
      await cp(defaultMigrationsDir, before, {
        recursive: true,
        filter: (source) => !source.endsWith('_purge_tombstones_names_the_counter_row.sql'),
      });
      await prepareDatabase(old.db, { seed: false, migrationsDir: before });
      expect(await findUnsafeWrites(old.db)).toEqual([
        expect.objectContaining({
          fn: 'sync_purge_tombstones(interval)',
          kind: 'violation',
          reason: 'UPDATE requires a WHERE clause',
          statement: expect.stringMatching(/^update sync\.counter set purge_horizon/),
        }),
      ]);
    } finally {
      await old.drop();
      await rm(before, { recursive: true, force: true });
    }
  });
});

describe('reading dynamic SQL', () => {
  it('reads literals, format() of a literal and concatenations, and gives up on anything else', () => {
    expect(dynamicSqlText(`'delete from t'`)).toBe('delete from t');
    expect(dynamicSqlText(`format('update %I set a = %L where id = %s', t, v, 1)`)).toBe(
      `update  x  set a = 'x' where id =  x `,
    );
    expect(dynamicSqlText(`format('update %1$I set a = 1 %%', t)`)).toBe('update  x  set a = 1 %');
    expect(dynamicSqlText(`format($sql$ delete from %I $sql$, t)`)).toBe(' delete from  x  ');
    expect(dynamicSqlText(`'delete from ' || t`)).toBe('delete from  x ');
    expect(dynamicSqlText('statement')).toBeUndefined();
    expect(dynamicSqlText('sync.pull_statement()')).toBeUndefined();
  });
});
