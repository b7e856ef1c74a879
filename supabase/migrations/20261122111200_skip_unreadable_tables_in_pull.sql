-- A pull skips, at no cost, the tables the caller's role may not read at all.
--
-- RLS alone filters row by row: a receptionist's pull would walk every encounter with rev > since
-- to return none of them, on every page, so an initial sync would cost pages × invisible rows.
-- Each table's branch now carries `(select sync.may_pull(table))`, a condition without row
-- references that the planner turns into a one-time filter: the branch does not run at all.
--
-- `read_roles` repeats the roles of each table's read policy (as the catalogue lists them; the
-- catalogue test keeps the three equal). It only ever skips work: when it is null the branch
-- runs and RLS decides, and RLS still filters every row that is read.

alter table sync.entity_settings add column read_roles text[];

update sync.entity_settings s set read_roles = r.roles::text[]
from (values
  ('branches', '{admin,doctor,nurse,reception,billing}'),
  ('rooms', '{admin,doctor,nurse,reception,billing}'),
  ('profiles', '{admin,doctor,nurse,reception,billing}'),
  ('service_categories', '{admin,doctor,nurse,reception,billing}'),
  ('services', '{admin,doctor,nurse,reception,billing}'),
  ('patients', '{admin,doctor,nurse,reception,billing}'),
  ('appointments', '{admin,doctor,nurse,reception,billing}'),
  ('encounters', '{admin,doctor,nurse}'),
  ('prescriptions', '{admin,doctor,nurse}'),
  ('prescription_items', '{admin,doctor,nurse}'),
  ('referrals', '{admin,doctor,nurse}'),
  ('studies', '{admin,doctor,nurse}'),
  ('files', '{admin,doctor,nurse,reception,billing}'),
  ('study_files', '{admin,doctor,nurse}'),
  ('invoices', '{admin,billing}'),
  ('invoice_items', '{admin,billing}'),
  ('cash_closures', '{admin,billing}'),
  ('payments', '{admin,billing,reception}'),
  ('inventory_categories', '{admin,doctor,nurse,reception,billing}'),
  ('inventory_items', '{admin,doctor,nurse,reception,billing}'),
  ('inventory_movements', '{admin,doctor,nurse,reception,billing}'),
  ('crm_pipelines', '{admin,reception}'),
  ('crm_pipeline_stages', '{admin,reception}'),
  ('crm_leads', '{admin,reception}'),
  ('record_versions', '{admin,doctor,nurse}')
) as r(table_name, roles)
where s.table_name = r.table_name;

-- Whether the caller could read any row of `table_name`: roles that bypass RLS and the table's
-- owner always, staff whose role is among the table's readers, nobody else. No SET clause and
-- security invoker: it must see the caller as current_user.
create function sync.may_pull(table_name text) returns boolean
language sql stable
as $$
  select coalesce((select r.rolsuper or r.rolbypassrls from pg_catalog.pg_roles r where r.rolname = current_user), false)
      or exists (select 1 from pg_catalog.pg_tables t
                  where t.schemaname = 'public' and t.tablename = may_pull.table_name and t.tableowner = current_user)
      or coalesce((select s.read_roles is null or sync.current_role() = any (s.read_roles)
                     from sync.entity_settings s where s.table_name = may_pull.table_name), false)
$$;

create or replace function sync.pull_statement() returns text
language plpgsql stable
set search_path = ''
as $$
declare
  branches text;
begin
  select string_agg(format(
           '(select %L::text as table_name, x.rev, to_jsonb(x) as row from public.%I x
              where x.rev > $1 and not (select reset from horizon) and (select sync.may_pull(%L))
              order by x.rev limit $2 + 1)',
           s.table_name, s.table_name, s.table_name),
         E'\n union all ' order by s.position)
    into branches
    from sync.entity_settings s;
  return format($sql$
    with horizon as (
      select ($1 > 0 and ($1 < c.purge_horizon or $1 > sync.last_rev())) as reset from sync.counter c
    ),
    page as (
      select u.table_name, u.rev, u.row, row_number() over (order by u.rev) as n
      from (select * from (%s) changed order by rev limit $2 + 1) u
    )
    select jsonb_build_object(
      'changes', coalesce((select jsonb_agg(jsonb_build_object('table', p.table_name, 'row', p.row) order by p.rev)
                           from page p where p.n <= $2), '[]'::jsonb),
      'cursor', case when (select reset from horizon) then 0
                     else coalesce((select max(p.rev) from page p where p.n <= $2), $1) end,
      'has_more', (select reset from horizon) or exists (select 1 from page p where p.n > $2),
      'reset', (select reset from horizon),
      'server_time', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    )
  $sql$, branches);
end
$$;
