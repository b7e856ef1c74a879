-- The sync machinery every synced table plugs into (DESIGN §3.1): the rev counter, the per-entity
-- settings, and the row triggers that stamp revs, turn DELETE into a soft delete and poke clients.
-- Internals live in schema `sync`; PostgREST exposes only `public`, so none of this is callable
-- over HTTP. The RPCs come in later migrations.

create schema if not exists sync;
grant usage on schema sync to authenticated, service_role;

-- Rev order = commit order (DESIGN §3.1). Every writing transaction, before it takes its first
-- rev, locks the one row of sync.counter and keeps that lock until it commits or rolls back; revs
-- come from a sequence only while the lock is held. So a second writer waits for the first to end
-- before it gets any rev: all of the first one's revs are lower and committed before the second
-- one's exist, and a puller that has seen rev N has seen every row with rev <= N (no skipped rows).
-- Within a transaction each written row takes its own rev (unique across all tables), so a page
-- of `rev > since limit n` never splits a group. A rolled-back write leaves a gap in the revs,
-- which costs nothing.
-- (Taking each rev by `update sync.counter set rev = rev + 1` would give the same order, but a
-- transaction writing n rows would build an n-long version chain on that one row: quadratic.)
-- `purge_horizon` is the highest rev of any tombstone removed for real (DESIGN §3.2 `reset`).
create table sync.counter (
  singleton boolean primary key default true check (singleton),
  purge_horizon bigint not null default 0 check (purge_horizon >= 0)
);
insert into sync.counter default values;
grant select on sync.counter to authenticated, service_role;

create sequence sync.revs as bigint minvalue 1 no cycle;

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

-- Makes this transaction the writer: locks the counter row until it ends. `sync.writer` (local
-- to the transaction, and undone with a rolled-back savepoint exactly like the lock) spares the
-- repeated lock. Security definer so writers need no rights on the counter.
create function sync.become_writer() returns void
language plpgsql volatile
security definer
set search_path = ''
as $$
begin
  if current_setting('sync.writer', true) is distinct from 'yes' then
    perform 1 from sync.counter for update;
    perform set_config('sync.writer', 'yes', true);
  end if;
end
$$;

-- Issues the next rev (see above for why the order holds).
create function sync.next_rev() returns bigint
language plpgsql volatile
security definer
set search_path = ''
as $$
begin
  perform sync.become_writer();
  return nextval('sync.revs');
end
$$;

-- The highest rev issued so far (0 before the first).
create function sync.last_rev() returns bigint
language sql stable
security definer
set search_path = ''
as $$
  select case when is_called then last_value else 0 end from sync.revs
$$;

revoke execute on function sync.become_writer(), sync.next_rev(), sync.last_rev() from public;
grant execute on function sync.become_writer(), sync.next_rev(), sync.last_rev() to authenticated, service_role;

-- Who wrote: `<auth user id>/<client id>` inside sync_push (which sets `sync.editor`), the auth
-- user for other API writes, the database user for SQL console writes.
-- (No SET clause: it runs for every written row, and a SET clause makes each call costlier.)
create function sync.editor() returns text
language sql stable
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
    -- currval: the last rev this session (so this transaction) took, when it wrote its last row.
    perform realtime.send(jsonb_build_object('rev', currval('sync.revs')), 'poke', 'sync', false);
  end if;
  return null;
end
$$;

-- The role of the signed-in user, from their live profile. Security definer so that policies on
-- `profiles` itself can call it without recursing into RLS. plpgsql so it may be created before
-- `profiles` exists. Policies call it as `(select sync.current_role())`: once per statement;
-- within a transaction the answer is kept in `sync.role_of`, keyed by the user it is for, as a
-- push runs several statements per mutation.
create function sync.current_role() returns text
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  cached text := current_setting('sync.role_of', true);
  found_role text;
begin
  if uid is null then
    return null;
  end if;
  if cached is not null and left(cached, 37) = uid::text || '=' then
    return nullif(substr(cached, 38), '');
  end if;
  select p.role into found_role from public.profiles p
   where p.id = uid and p.deleted_at is null and p.active;
  perform set_config('sync.role_of', uid::text || '=' || coalesce(found_role, ''), true);
  return found_role;
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
