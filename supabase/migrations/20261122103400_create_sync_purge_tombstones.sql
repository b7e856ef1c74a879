-- sync_purge_tombstones(older_than) (DESIGN §3.4): removes, for real, tombstones deleted longer ago
-- than `older_than` (or, when null, than each entity's tombstone_ttl), and raises the purge
-- horizon to the highest rev removed, so sync_pull tells clients behind it to `reset`.
--
-- - Service role only (execute is granted to nobody else, and the body checks again).
-- - Children are purged before parents (reverse registration order). A tombstone still referenced
--   by another row (a foreign key) is kept: removing it would break the referencing row.
--   record_versions rows are never deleted, so an encounter that has versions stays a tombstone.
-- - Only this function sets `sync.purging`, the flag that lets a DELETE through the soft-delete
--   trigger, and it clears it before returning.

create function public.sync_purge_tombstones(older_than interval default null) returns jsonb
language plpgsql volatile
security invoker
set search_path = ''
as $$
declare
  entity record;
  cutoff timestamptz;
  purged_count bigint;
  purged_max bigint;
  tombstone record;
  counts jsonb := '{}'::jsonb;
  highest bigint := 0;
  horizon bigint;
begin
  if coalesce(auth.role(), '') <> 'service_role'
     and not pg_has_role(current_user, 'service_role', 'usage') then
    raise exception 'forbidden: only the service role purges tombstones' using errcode = 'insufficient_privilege';
  end if;
  if older_than is not null and older_than < interval '0' then
    raise exception 'invalid_argument: older_than must not be negative' using errcode = 'invalid_parameter_value';
  end if;
  perform set_config('sync.purging', 'on', true);
  for entity in select s.table_name, s.tombstone_ttl from sync.entity_settings s order by s.position desc loop
    cutoff := now() - coalesce(older_than, entity.tombstone_ttl);
    begin
      execute format('with gone as (delete from public.%I where deleted_at is not null and deleted_at <= $1 returning rev)
                      select count(*), coalesce(max(rev), 0) from gone', entity.table_name)
        into purged_count, purged_max using cutoff;
    exception when foreign_key_violation then
      -- Some tombstones are still referenced: purge the others one by one.
      purged_count := 0;
      purged_max := 0;
      for tombstone in execute format('select id, rev from public.%I where deleted_at is not null and deleted_at <= $1',
                                      entity.table_name) using cutoff loop
        begin
          execute format('delete from public.%I where id = $1', entity.table_name) using tombstone.id;
          purged_count := purged_count + 1;
          purged_max := greatest(purged_max, tombstone.rev);
        exception when foreign_key_violation then
          null;
        end;
      end loop;
    end;
    if purged_count > 0 then
      counts := counts || jsonb_build_object(entity.table_name, purged_count);
      highest := greatest(highest, purged_max);
    end if;
  end loop;
  perform set_config('sync.purging', 'off', true);
  update sync.counter set purge_horizon = greatest(purge_horizon, highest) returning purge_horizon into horizon;
  return jsonb_build_object('purged', counts, 'purge_horizon', horizon);
end
$$;

revoke execute on function public.sync_purge_tombstones(interval) from public, anon, authenticated;
grant execute on function public.sync_purge_tombstones(interval) to service_role;
grant update on sync.counter to service_role;
