-- sync_pull(since, max_rows) (DESIGN §3.2): the changed rows of every synced table the caller may
-- see, rev > since, ascending, at most max_rows, read in one snapshot.
--
-- - One snapshot: the whole answer, purge horizon included, is ONE SQL statement (in READ
--   COMMITTED every plpgsql statement would take a new snapshot; the function is also STABLE,
--   which makes its statements share the caller's snapshot).
-- - Cost follows the changes, not the table sizes: each table contributes
--   `where rev > since order by rev limit max_rows + 1`, an index range scan on its unique rev
--   index, and the union is cut to max_rows + 1 (the extra row only tells `has_more`).
-- - Revs are unique across tables (one counter), so a page boundary never splits a rev.
-- - Security invoker: RLS decides what the caller pulls.
-- - `reset`: since > 0 and below the purge horizon (tombstones the client never saw are gone):
--   no changes, cursor 0, has_more true; the client drops its synced copy and pulls from 0.

create function sync.pull_statement() returns text
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
      select ($1 > 0 and $1 < c.purge_horizon) as reset from sync.counter c
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

create function public.sync_pull(since bigint, max_rows integer default 1000) returns jsonb
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
  execute sync.pull_statement() into answer using since, max_rows;
  return answer;
end
$$;

revoke execute on function public.sync_pull(bigint, integer) from public, anon;
grant execute on function public.sync_pull(bigint, integer) to authenticated, service_role;
grant execute on function sync.pull_statement() to authenticated, service_role;
