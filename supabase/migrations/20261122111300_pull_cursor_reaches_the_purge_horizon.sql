-- sync_pull's last page (has_more false) answers a cursor of at least the purge horizon.
--
-- The cursor used to be the last rev returned. After a purge the purged tombstone usually holds the
-- highest rev, so a client that had just pulled everything from 0 got a cursor below the horizon
-- and its next pull answered `reset` again, and again, until someone wrote a row above the horizon.
--
-- Moving the cursor up to the horizon skips nothing: the horizon is read in the same snapshot as
-- the rows, and the purge that raised it committed after the tombstone with that rev, which by
-- commit order came after every lower rev. So on the last page every row with since < rev <=
-- horizon the caller may see is already in this answer (or in an earlier page). The cursor never
-- goes below `since` nor above the highest rev issued (a reset is answered past that).
--
-- Everything else is as in 20261122111200_skip_unreadable_tables_in_pull.sql: one statement, one
-- snapshot, the one-time table filter, and sync_pull itself stays security invoker.

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
      select ($1 > 0 and ($1 < c.purge_horizon or $1 > l.rev)) as reset,
             least(c.purge_horizon, l.rev) as cursor_floor
      from sync.counter c cross join (select sync.last_rev() as rev) l
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
      'server_time', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    )
  $sql$, branches);
end
$$;
