-- The restore window holds for every writer, not only sync_push: an update that clears
-- deleted_at (an undelete through REST, an RPC, the SQL console) is refused once the row has been
-- deleted for longer than its entity's restore_window. sync_push answers such an undelete
-- `restore_window_expired` before it writes; anything else now meets this trigger.
--
-- A trigger of its own (sync_restore_window, BEFORE UPDATE, only when deleted_at goes from set to
-- null), so the row stamp stays as it is. Tables registered later get it from the trigger on
-- sync.entity_settings below, which fires when sync.register_table adds a table's settings row.

create function sync.keep_restore_window() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  restore_for interval;
begin
  select s.restore_window into restore_for from sync.entity_settings s where s.table_name = tg_table_name;
  if old.deleted_at < now() - restore_for then
    raise exception 'restore_window_expired: % % was deleted at %; % can be restored for %',
                    tg_table_name, old.id, old.deleted_at, tg_table_name, restore_for
      using errcode = 'check_violation',
            detail = format('deleted_at %s is older than the restore window of %s', old.deleted_at, restore_for),
            hint = 'Create the record again instead';
  end if;
  return new;
end
$$;

create function sync.add_restore_window_trigger(table_name text) returns void
language plpgsql
set search_path = ''
as $$
begin
  execute format('create trigger sync_restore_window before update on public.%I for each row
                  when (old.deleted_at is not null and new.deleted_at is null)
                  execute function sync.keep_restore_window()', table_name);
end
$$;
revoke execute on function sync.add_restore_window_trigger(text) from public;

select sync.add_restore_window_trigger(s.table_name) from sync.entity_settings s order by s.position;

create function sync.restore_window_for_new_table() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform sync.add_restore_window_trigger(new.table_name);
  return null;
end
$$;

create trigger sync_restore_window_for_new_tables after insert on sync.entity_settings
  for each row execute function sync.restore_window_for_new_table();
