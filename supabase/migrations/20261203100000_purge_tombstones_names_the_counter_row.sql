-- sync_purge_tombstones raises the purge horizon with an UPDATE of sync.counter that named no row.
-- On Supabase the API's sessions load pg-safeupdate, which refuses an UPDATE or DELETE without a
-- WHERE clause inside functions too, so the purge failed there when called through the API
-- ("UPDATE requires a WHERE clause"). The counter has one row, `singleton`: the update now names
-- it. Nothing else changes.

create or replace function public.sync_purge_tombstones(older_than interval default null) returns jsonb
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
  update sync.counter set purge_horizon = greatest(purge_horizon, highest)
   where singleton
  returning purge_horizon into horizon;
  return jsonb_build_object('purged', counts, 'purge_horizon', horizon);
end
$$;
