-- sync_digest(table_name) (DESIGN §3.4): count, max rev and the hex SHA-256 of the `id:rev\n`
-- lines of the table's live and deleted rows ordered by id, as the caller sees them (RLS applies),
-- so a client can prove its copy equals the server's. `sha256()` is core PostgreSQL (no pgcrypto).
-- Uuids print as lowercase hex, so `order by id` equals ordering the lines as strings.

create function public.sync_digest(table_name text) returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  answer jsonb;
begin
  if not exists (select 1 from sync.entity_settings s where s.table_name = sync_digest.table_name) then
    raise exception 'unknown_table: % is not a synced table', quote_literal(coalesce(sync_digest.table_name, 'null'))
      using errcode = 'invalid_parameter_value';
  end if;
  execute format($sql$
    select jsonb_build_object(
      'count', count(*),
      'max_rev', coalesce(max(x.rev), 0),
      'hash', encode(sha256(convert_to(coalesce(string_agg(x.id::text || ':' || x.rev::text || E'\n', '' order by x.id), ''), 'UTF8')), 'hex')
    )
    from public.%I x
  $sql$, sync_digest.table_name) into answer;
  return answer;
end
$$;

revoke execute on function public.sync_digest(text) from public, anon;
grant execute on function public.sync_digest(text) to authenticated, service_role;
