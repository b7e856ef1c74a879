-- sync_pull takes the purge horizon the client's copy is consistent with, and every answer says
-- the horizon of its snapshot.
--
-- A client pulling from 0 in pages after a purge got a first page whose cursor c1 lay below the
-- horizon H; its next call, sync_pull(c1), was answered `reset` (0 < since < H), so it started from
-- 0 again and never finished while more than one page of rows lay below H. The server alone
-- cannot tell such a cursor from one held since before the purge (whose copy may keep rows whose
-- tombstones were purged: reset needed). The client says which horizon its copy has seen:
--
-- - `purge_horizon` in every answer (reset or not; 0 when nothing was ever purged) is the horizon
--   read in the same snapshot as the rows.
-- - A page read with since = 0, or since >= H, or known_horizon >= H leaves the client's copy
--   consistent with every purge up to that page's H, so the client records that page's
--   `purge_horizon` as its known horizon and sends it as `known_horizon` on the next pull.
-- - Reset rule: since > 0 and since < H and coalesce(known_horizon, -1) < H (the client's copy
--   predates the purge), or since is ahead of the last rev issued (unchanged).
--
-- The 2-argument function is dropped, not overloaded: two functions named sync_pull would make a
-- call by argument names (PostgREST, supabase-js `rpc`) ambiguous. Calls without known_horizon
-- behave as before. Everything else is as in 20261122111300_pull_cursor_reaches_the_purge_horizon.sql:
-- one statement and one snapshot, RLS, the one-time table filter, the last page's cursor rule,
-- security invoker and the same grants.

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
      select ($1 > 0 and (($1 < c.purge_horizon and coalesce($3::bigint, -1) < c.purge_horizon)
                          or $1 > l.rev)) as reset,
             least(c.purge_horizon, l.rev) as cursor_floor,
             coalesce(c.purge_horizon, 0) as purge_horizon
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
      'purge_horizon', (select purge_horizon from horizon),
      'server_time', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    )
  $sql$, branches);
end
$$;

drop function public.sync_pull(bigint, integer);

create function public.sync_pull(since bigint, max_rows integer default 1000, known_horizon bigint default null)
returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  answer jsonb;
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
  execute sync.pull_statement() into answer using since, max_rows, known_horizon;
  return answer;
end
$$;

revoke execute on function public.sync_pull(bigint, integer, bigint) from public, anon;
grant execute on function public.sync_pull(bigint, integer, bigint) to authenticated, service_role;
