-- sync_pull plans its statement once per session, and reads which tables the caller may pull
-- once per call instead of once per table.
--
-- Why: a pull near the head (a poke, a poll: most pulls) returns a handful of rows, yet spent
-- ~8 ms planning the 25-branch statement afresh (dynamic EXECUTE) and ~15 ms running it, 0.6 ms a
-- branch, nearly all of it in each branch's catalog lookups (sync.may_pull). A poke makes every
-- connected device pull at once, so this cost is paid once per device per edit.
--
-- What changes:
-- - `readable` (one CTE, evaluated once) lists the tables the caller may pull, by the same rules
--   as sync.may_pull; each branch's one-time filter only looks its table up in that list. When
--   the answer is `reset`, the list is empty and no branch runs (as before).
-- - sync.pull_page(since, max_rows, known_horizon) holds the statement as static SQL in plpgsql,
--   so each session keeps its plan. It is generated from sync.pull_statement() (still the one
--   source of the statement), and generated again whenever the set of synced tables changes (a
--   statement trigger on sync.entity_settings), so a later migration that registers a table needs
--   nothing more.
-- - The plan is generic (plan_cache_mode = force_generic_plan on the function): not knowing
--   `since`, every branch still reads its rev index in rev order and stops at the limit, so the
--   cost stays proportional to the rows returned (tests/sql/pull-plan.test.ts checks the plan).
-- Everything else (one statement, one snapshot, RLS, reset rules, cursor rules, arguments,
-- security invoker, grants) is as in 20261122111400_pull_takes_the_known_purge_horizon.sql.

create or replace function sync.pull_statement() returns text
language plpgsql stable
set search_path = ''
as $$
declare
  branches text;
begin
  select string_agg(format(
           '(select %L::text as table_name, x.rev, to_jsonb(x) as row from public.%I x
              where x.rev > $1 and (select %L = any (r.tables) from readable r)
              order by x.rev limit $2 + 1)',
           s.table_name, s.table_name, s.table_name),
         E'\n union all ' order by s.position)
    into branches
    from sync.entity_settings s;
  return format($sql$
    with horizon as (
      select ($1 > 0 and (($1 < c.purge_horizon and coalesce($3::bigint, -1) < c.purge_horizon)
                          or $1 > l.rev)) as reset,
             least(c.purge_horizon, l.rev) as cursor_floor,
             coalesce(c.purge_horizon, 0) as purge_horizon
      from sync.counter c cross join (select sync.last_rev() as rev) l
    ),
    readable as (
      select array(
        select s.table_name from sync.entity_settings s
         where not (select reset from horizon)
           and (s.read_roles is null
                or (select sync.current_role()) = any (s.read_roles)
                or (select r.rolsuper or r.rolbypassrls from pg_catalog.pg_roles r where r.rolname = current_user)
                or exists (select 1 from pg_catalog.pg_tables t
                            where t.schemaname = 'public' and t.tablename = s.table_name and t.tableowner = current_user))
      ) as tables
    ),
    page as (
      select u.table_name, u.rev, u.row, row_number() over (order by u.rev) as n
      from (select * from (%s) changed order by rev limit $2 + 1) u
    ),
    more as (
      select (select reset from horizon) or exists (select 1 from page p where p.n > $2) as has_more
    )
    select jsonb_build_object(
      'changes', coalesce((select jsonb_agg(jsonb_build_object('table', p.table_name, 'row', p.row) order by p.rev)
                           from page p where p.n <= $2), '[]'::jsonb),
      'cursor', case when (select reset from horizon) then 0
                     when (select has_more from more)
                       then coalesce((select max(p.rev) from page p where p.n <= $2), $1)
                     else greatest($1, (select max(p.rev) from page p), (select cursor_floor from horizon)) end,
      'has_more', (select has_more from more),
      'reset', (select reset from horizon),
      'purge_horizon', (select purge_horizon from horizon),
      'server_time', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    )
  $sql$, branches);
end
$$;

-- (Re)creates sync.pull_page from sync.pull_statement(). In a plpgsql body, $1..$3 are the
-- function's arguments (since, max_rows, known_horizon).
create function sync.install_pull_page() returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  execute format($f$
    create or replace function sync.pull_page(since bigint, max_rows integer, known_horizon bigint) returns jsonb
    language plpgsql stable
    security invoker
    set search_path = ''
    set plan_cache_mode = force_generic_plan
    as $body$
    begin
      return (%s);
    end
    $body$
  $f$, sync.pull_statement());
  revoke execute on function sync.pull_page(bigint, integer, bigint) from public, anon;
  grant execute on function sync.pull_page(bigint, integer, bigint) to authenticated, service_role;
end
$$;

revoke execute on function sync.install_pull_page() from public;

create function sync.reinstall_pull_page() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform sync.install_pull_page();
  return null;
end
$$;

revoke execute on function sync.reinstall_pull_page() from public;

create trigger entity_settings_reinstall_pull_page
  after insert or delete or update of table_name, position or truncate on sync.entity_settings
  for each statement execute function sync.reinstall_pull_page();

select sync.install_pull_page();

create or replace function public.sync_pull(since bigint, max_rows integer default 1000, known_horizon bigint default null)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
begin
  if since is null or since < 0 then
    raise exception 'invalid_argument: since must be a rev >= 0, got %', coalesce(since::text, 'null')
      using errcode = 'invalid_parameter_value';
  end if;
  if max_rows is null or max_rows < 1 or max_rows > 10000 then
    raise exception 'invalid_argument: max_rows must be between 1 and 10000, got %', coalesce(max_rows::text, 'null')
      using errcode = 'invalid_parameter_value';
  end if;
  if known_horizon < 0 then
    raise exception 'invalid_argument: known_horizon must be a rev >= 0 or null, got %', known_horizon
      using errcode = 'invalid_parameter_value';
  end if;
  return sync.pull_page(since, max_rows, known_horizon);
end
$$;
