-- The sync machinery every synced table plugs into (DESIGN §3.1): the rev counter, the per-entity
-- settings, and the row triggers that stamp revs, turn DELETE into a soft delete and poke clients.
-- Internals live in schema `sync`; PostgREST exposes only `public`, so none of this is callable
-- over HTTP. The RPCs come in later migrations.

create schema if not exists sync;
grant usage on schema sync to authenticated, service_role;

-- One row. Every write of a synced row runs `update sync.counter set rev = rev + 1 returning rev`;
-- the row lock that update takes is held until the writing transaction ends, so a second writer
-- waits for the first to commit before it gets a rev. Hence rev order = commit order, and a puller
-- that has seen rev N has seen every row with rev <= N (no skipped rows, DESIGN §3.1).
-- `purge_horizon` is the highest rev of any tombstone removed for real (DESIGN §3.2 `reset`).
create table sync.counter (
  singleton boolean primary key default true check (singleton),
  rev bigint not null default 0 check (rev >= 0),
  purge_horizon bigint not null default 0 check (purge_horizon >= 0)
);
insert into sync.counter default values;
grant select on sync.counter to authenticated, service_role;

-- The registry of synced tables and their per-entity settings, in one place. `position` is the
-- order tables were registered (parents first), used to purge children before parents.
create table sync.entity_settings (
  table_name text primary key,
  position integer generated always as identity,
  restore_window interval not null default interval '7 days',
  tombstone_ttl interval not null default interval '30 days',
  client_writable boolean not null default true,
  check (restore_window <= tombstone_ttl)
);
grant select on sync.entity_settings to authenticated, service_role;

-- Issues the next rev. Security definer so writers need no rights on the counter.
create function sync.next_rev() returns bigint
language sql volatile
security definer
set search_path = ''
as $$
  update sync.counter set rev = rev + 1 returning rev
$$;
revoke execute on function sync.next_rev() from public;
grant execute on function sync.next_rev() to authenticated, service_role;

-- Who wrote: `<auth user id>/<client id>` inside sync_push (which sets `sync.editor`), the auth
-- user for other API writes, the database user for SQL console writes.
create function sync.editor() returns text
language sql stable
set search_path = ''
as $$
  select coalesce(
    nullif(current_setting('sync.editor', true), ''),
    auth.uid()::text,
    current_user::text
  )
$$;

-- BEFORE INSERT OR UPDATE on every synced table. Server-owned columns are always overwritten:
-- whatever a client or console sent for rev, created_at, updated_at or last_editor is ignored.
-- deleted_at: an insert is always live; an update may clear it (undelete, whose window sync_push
-- enforces) or set it, and a set value is normalised to the server's now().
create function sync.stamp_row() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.rev := sync.next_rev();
  new.updated_at := now();
  new.last_editor := sync.editor();
  if tg_op = 'INSERT' then
    new.created_at := now();
    new.deleted_at := null;
  else
    if new.id is distinct from old.id then
      raise exception 'the id of a synced row never changes (% -> %)', old.id, new.id
        using errcode = 'check_violation';
    end if;
    new.created_at := old.created_at;
    if new.deleted_at is not null and new.deleted_at is distinct from old.deleted_at then
      new.deleted_at := now();
    end if;
  end if;
  return new;
end
$$;

-- BEFORE DELETE on every synced table: a DELETE from any source becomes a soft delete (an UPDATE
-- that goes through stamp_row, so it gets a rev and reaches clients). Only sync_purge_tombstones,
-- which sets `sync.purging`, removes rows for real. Deleting a tombstone again changes nothing.
create function sync.soft_delete() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_setting('sync.purging', true) = 'on' then
    return old;
  end if;
  execute format('update %I.%I set deleted_at = now() where id = $1 and deleted_at is null',
                 tg_table_schema, tg_table_name)
    using old.id;
  return null;
end
$$;

-- Deferred to commit, once per row but acting once per transaction: sends one realtime poke with
-- the transaction's last rev. A rolled-back write never pokes (its trigger events are discarded).
-- Security definer so callers need no rights on realtime.messages.
create function sync.poke() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  tx text := pg_current_xact_id()::text;
begin
  if current_setting('sync.poked', true) is distinct from tx then
    perform set_config('sync.poked', tx, true);
    perform realtime.send(jsonb_build_object('rev', (select c.rev from sync.counter c)), 'poke', 'sync', false);
  end if;
  return null;
end
$$;

-- The role of the signed-in user, from their live profile. Security definer so that policies on
-- `profiles` itself can call it without recursing into RLS. plpgsql so it may be created before
-- `profiles` exists. Policies call it as `(select sync.current_role())`: evaluated once per query.
create function sync.current_role() returns text
language plpgsql stable
security definer
set search_path = ''
as $$
begin
  return (
    select p.role from public.profiles p
    where p.id = auth.uid() and p.deleted_at is null and p.active
  );
end
$$;
revoke execute on function sync.current_role() from public;
grant execute on function sync.current_role() to authenticated, service_role;

-- Turns a freshly created table into a synced table: rev index (unique, since every row write
-- takes its own rev), triggers, RLS on, API grants (anon gets nothing; TRUNCATE, which would skip
-- the soft-delete trigger, is granted to nobody), and its settings row.
create function sync.register_table(table_name text) returns void
language plpgsql
set search_path = ''
as $$
begin
  execute format('create unique index %I on public.%I (rev)', table_name || '_rev_key', table_name);
  execute format('create trigger sync_stamp_row before insert or update on public.%I
                  for each row execute function sync.stamp_row()', table_name);
  execute format('create trigger sync_soft_delete before delete on public.%I
                  for each row execute function sync.soft_delete()', table_name);
  execute format('create constraint trigger sync_poke after insert or update on public.%I
                  deferrable initially deferred for each row execute function sync.poke()', table_name);
  execute format('alter table public.%I enable row level security', table_name);
  execute format('revoke all on public.%I from public, anon, authenticated, service_role', table_name);
  execute format('grant select, insert, update, delete on public.%I to authenticated, service_role', table_name);
  insert into sync.entity_settings (table_name) values (register_table.table_name);
end
$$;
revoke execute on function sync.register_table(text) from public;
