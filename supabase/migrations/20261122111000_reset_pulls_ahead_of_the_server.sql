-- sync_pull also answers `reset` when `since` is above every rev the server ever issued. A
-- client's cursor only ever holds revs it pulled, so this means the server went back in time (a
-- restore, or a local server whose data was reset): without a reset such a client would skip every
-- new row until the revs caught up with its cursor. Revs never go down otherwise, so a healthy
-- client never sees this reset.

create or replace function sync.pull_statement() returns text
language plpgsql stable
set search_path = ''
as $$
declare
  branches text;
begin
  select string_agg(format(
           '(select %L::text as table_name, x.rev, to_jsonb(x) as row from public.%I x
              where x.rev > $1 and not (select reset from horizon) order by x.rev limit $2 + 1)',
           s.table_name, s.table_name),
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
