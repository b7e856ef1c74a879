-- Revs follow transaction ids, so writers no longer wait on each other (DESIGN §3.1, the xid8
-- watermark), while a pull still never skips a row that commits late.
--
-- Before: every writing transaction locked the one row of sync.counter until it ended and took its
-- revs from a sequence, so writers ran one at a time; a push waited behind every open writing
-- transaction (a long data migration, a large hub page, a forgotten SQL session).
--
-- Now: a transaction's revs come from its own range of 2^16 values, the range of its top-level
-- transaction id x:
--
--     rev = ((x + range_offset) << 16) + n        n = 0, 1, 2, … its n-th written row version
--
-- Ranges never overlap, so revs stay unique across all tables without any shared counter, and a
-- transaction that writes more than 2^16 rows continues in the range of a fresh subtransaction id
-- (greater than x, and never any other transaction's top-level id). Nothing is locked; `n` lives
-- in a transaction-local setting (undone with a rolled-back savepoint, exactly like the rows that
-- used it).
--
-- Why a pull skips nothing: a pull's snapshot names the oldest transaction of this database that
-- is still open, s (or the next id, when none is). Every transaction with an id below s has ended,
-- so all of its committed rows are visible in that very snapshot; every transaction that can
-- still commit has an id >= s, so all of its revs are >= (s + range_offset) << 16 =: below. A pull
-- returns only rows with rev < below, and its cursor never passes below - 1: every row it will
-- ever meet later carries a higher rev. A late committer's rows are held back, never skipped.
-- Transactions of other databases of the cluster (a transaction writes only in its own) and of
-- autovacuum do not hold pulls back; an open transaction that cannot be told holds them back.
--
-- Cursors and existing rows stay valid: range_offset is chosen above every rev issued so far (the
-- old sequence's last value, every table's highest rev, the purge horizon), so all new revs are
-- higher than every old one and a device keeps pulling on from the cursor it has; no reset, no
-- outbox touched. The offset is moved again, the same way, if the data is ever found in another
-- cluster than the one that issued its revs (a dump restored elsewhere: transaction ids restart
-- there, the offset puts new revs above the old ones).
--
-- Limits: revs stay below 2^53 (JSON numbers are exact up to there) for 2^37 transaction ids
-- after this migration, decades at hundreds of writes a second; a writer past that limit is
-- refused with a clear error instead of issuing an unsafe rev.

-- Waits for every writer of the old scheme (they hold a row lock on sync.counter) and keeps new
-- ones out until this migration commits; after it, one that was waiting finds sync.revs gone and
-- fails (and is retried) rather than take an old-style rev.
alter table sync.counter
  add column range_offset bigint not null default 0,
  add column cluster text;

-- Always empty: a row inserted and deleted in a subtransaction is how a writer learns a fresh
-- subtransaction id for another range (PostgreSQL has no function naming the current one).
create table sync.range_claims (claimed boolean not null default true);
alter table sync.range_claims enable row level security;
revoke all on sync.range_claims from public;

-- The system identifier of this cluster: changes when the data reaches another cluster. A host
-- that does not let the owner read it gets 'unknown' everywhere (no move is then detected).
create function sync.cluster_id() returns text
language plpgsql stable
set search_path = ''
as $$
begin
  return (pg_control_system()).system_identifier::text;
exception when insufficient_privilege then
  return 'unknown';
end
$$;

-- The highest rev any synced table holds, or the purge horizon if that is higher.
create function sync.highest_rev() returns bigint
language plpgsql stable
set search_path = ''
as $$
declare
  entity record;
  table_max bigint;
  highest bigint;
begin
  select c.purge_horizon into highest from sync.counter c where c.singleton;
  for entity in select s.table_name from sync.entity_settings s loop
    execute format('select max(rev) from public.%I', entity.table_name) into table_max;
    highest := greatest(highest, table_max);
  end loop;
  return coalesce(highest, 0);
end
$$;

-- Moves the ranges above `floor`: every transaction that can still write has an id at or above
-- this snapshot's oldest open one, so its first rev will be above floor. Never moves them down.
create function sync.seat_ranges_above(floor bigint) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  oldest bigint := pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())::text::bigint;
begin
  update sync.counter c
     set range_offset = greatest(c.range_offset, (floor >> 16) + 1 - oldest),
         cluster = sync.cluster_id()
   where c.singleton;
end
$$;

select sync.seat_ranges_above(greatest(
  sync.highest_rev(),
  (select case when is_called then last_value else 0 end from sync.revs)));

drop sequence sync.revs;

-- The first rev of the range of transaction id `x` (bigint form of an xid8).
create function sync.range_start(x bigint, range_offset bigint) returns bigint
language plpgsql immutable
set search_path = ''
as $$
begin
  if x + range_offset >= 2 ^ 37 then
    raise exception 'rev space exhausted: transaction % would take revs above 2^53 (offset %)', x, range_offset
      using errcode = 'program_limit_exceeded';
  end if;
  return (x + range_offset) << 16;
end
$$;

-- Makes this transaction a writer, once: its first range starts at its own transaction id.
-- Writers do not wait on each other, except that a push (sync_push sets `sync.editor` to the
-- user and client it is for) waits for an earlier push of the same client to end, so a re-sent
-- mid that is still being applied is replayed instead of racing its first attempt (the mutation
-- log's primary key keeps any other race from applying a mid twice). If the data has moved to
-- another cluster, the ranges are first seated above every rev it holds.
-- Security definer so writers need no rights on sync.counter.
create or replace function sync.become_writer() returns void
language plpgsql volatile
security definer
set search_path = ''
as $$
declare
  editor text;
  here text;
  seated record;
begin
  if coalesce(current_setting('sync.rev_range', true), '') <> '' then
    return;
  end if;
  editor := current_setting('sync.editor', true);
  if coalesce(editor, '') <> '' then
    perform pg_advisory_xact_lock(hashtextextended('sync_push ' || editor, 0));
  end if;
  -- The cluster cannot change under a session: its id is read from the control file once.
  here := current_setting('sync.cluster', true);
  if coalesce(here, '') = '' then
    here := sync.cluster_id();
    perform set_config('sync.cluster', here, false);
  end if;
  select c.range_offset, c.cluster into seated from sync.counter c where c.singleton;
  if seated.cluster is distinct from here then
    perform 1 from sync.counter c where c.singleton for update;
    select c.range_offset, c.cluster into seated from sync.counter c where c.singleton;
    if seated.cluster is distinct from here then
      perform sync.seat_ranges_above(sync.highest_rev());
      select c.range_offset, c.cluster into seated from sync.counter c where c.singleton;
    end if;
  end if;
  perform set_config('sync.rev_range',
                     sync.range_start(pg_current_xact_id()::text::bigint, seated.range_offset)::text, true);
end
$$;

-- A fresh range for a transaction that used up its current one: the range of a new subtransaction
-- id of its own. (The block's exception clause is what makes it a subtransaction.)
create function sync.another_range() returns bigint
language plpgsql volatile
security definer
set search_path = ''
as $$
declare
  top bigint := pg_current_xact_id()::text::bigint;
  sub bigint;
  full_sub bigint;
begin
  begin
    insert into sync.range_claims default values returning xmin::text::bigint into sub;
    delete from sync.range_claims where xmin::text::bigint = sub;
  exception when others then
    raise;
  end;
  -- A subtransaction id is newer than its top-level id: same epoch, or the next one.
  full_sub := (top & ~((1::bigint << 32) - 1)) + sub;
  if full_sub < top then
    full_sub := full_sub + (1::bigint << 32);
  end if;
  return sync.range_start(full_sub, (select c.range_offset from sync.counter c where c.singleton));
end
$$;

-- Issues the next rev of this transaction (see the top of this file for why the order holds).
-- No SET clause and no security definer: it runs once per written row. `sync.rev_last` is the
-- last rev this transaction issued (the poke sends it).
create or replace function sync.next_rev() returns bigint
language plpgsql volatile
security invoker
as $$
declare
  last_issued text := pg_catalog.current_setting('sync.rev_last', true);
  rev bigint;
begin
  if last_issued is null or last_issued = '' then
    perform sync.become_writer();
    rev := pg_catalog.current_setting('sync.rev_range')::bigint;
  else
    rev := last_issued::bigint + 1;
    if rev % 65536 = 0 then
      rev := sync.another_range();
    end if;
  end if;
  perform pg_catalog.set_config('sync.rev_last', rev::text, true);
  return rev;
end
$$;

-- What a pull may return, read in the caller's snapshot (a stable function shares it):
-- - below: rows with rev < below are settled, all visible now, and nothing can commit under it;
-- - issued_below: every rev a committed transaction holds is below it (the next transaction id's
--   range starts there), so a cursor at or above it came from another server's history;
-- - held_since: when the open transaction that holds `below` back began (null when none does, or
--   when this role may not see it). Security definer: only privileged roles see other sessions'
--   start times.
create function sync.pull_bounds(out below bigint, out issued_below bigint, out held_since timestamptz)
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  snap pg_snapshot := pg_current_snapshot();
  next_id bigint := pg_snapshot_xmax(snap)::text::bigint;
  settled bigint := next_id;
  holder_start timestamptz;
  range_offset bigint;
begin
  select c.range_offset into range_offset from sync.counter c where c.singleton;
  if pg_snapshot_xmin(snap)::text::bigint < next_id or pg_current_xact_id_if_assigned() is not null then
    -- The oldest open transaction that may write rows here (the caller's own included: a pull
    -- never returns its own uncommitted rows). Known not to: transactions of other databases and
    -- of autovacuum (which never writes table rows); an id no backend claims counts, to be safe.
    with cannot_write_here as (
      select a.backend_xid from pg_stat_get_activity(null) a
       where a.backend_xid is not null
         and (a.datid is distinct from (select d.oid from pg_database d where d.datname = current_database())
              or a.backend_type = 'autovacuum worker')
    )
    select least(next_id, pg_current_xact_id_if_assigned()::text::bigint, min(x::text::bigint))
      into settled
      from pg_snapshot_xip(snap) x
     where x::xid not in (select o.backend_xid from cannot_write_here o);
    if settled < next_id then
      select coalesce(
               (select a.xact_start from pg_stat_get_activity(null) a where a.backend_xid = settled::text::xid8::xid),
               (select p.prepared from pg_prepared_xacts p where p.transaction = settled::text::xid8::xid))
        into holder_start;
    end if;
  end if;
  below := (settled + range_offset) << 16;
  issued_below := (next_id + range_offset) << 16;
  held_since := holder_start;
end
$$;

-- An upper bound of every rev issued so far (see pull_bounds.issued_below); `invalid_rev`
-- compares base_rev with it. (No SET clause and security invoker, so that it is inlined: callers
-- may read sync.counter.)
create or replace function sync.last_rev() returns bigint
language sql stable
security invoker
as $$
  select ((pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text::bigint + c.range_offset) << 16) - 1
    from sync.counter c where c.singleton
$$;

revoke execute on function sync.cluster_id(), sync.highest_rev(), sync.seat_ranges_above(bigint),
  sync.range_start(bigint, bigint), sync.another_range(), sync.pull_bounds() from public;
grant execute on function sync.range_start(bigint, bigint), sync.another_range(), sync.pull_bounds()
  to authenticated, service_role;

-- At commit, one poke per writing transaction with the last rev it issued.
create or replace function sync.poke() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  tx text := pg_current_xact_id()::text;
  last_issued bigint := nullif(current_setting('sync.rev_last', true), '')::bigint;
begin
  if last_issued is not null and current_setting('sync.poked', true) is distinct from tx then
    perform set_config('sync.poked', tx, true);
    perform realtime.send(jsonb_build_object('rev', last_issued), 'poke', 'sync', false);
  end if;
  return null;
end
$$;

-- The pull returns only settled rows (rev < below) and, on its last page, moves the cursor to
-- below - 1: every rev under it is settled, so nothing can be skipped, and the next push of this
-- device, if no other transaction id came between, starts right above the cursor (which lets the
-- push answer move the cursor over the device's own writes, src/core/outbox/cursor-after-push.ts).
-- Every answer also says since when an open transaction holds the pull back (`held_since`).
-- Everything else is as in 20261201091000_pull_plans_once_per_session.sql.
create or replace function sync.pull_statement() returns text
language plpgsql stable
set search_path = ''
as $$
declare
  branches text;
begin
  select string_agg(format(
           '(select %L::text as table_name, x.rev, to_jsonb(x) as row from public.%I x
              where x.rev > $1 and x.rev < (select h.below from horizon h) and (select %L = any (r.tables) from readable r)
              order by x.rev limit $2 + 1)',
           s.table_name, s.table_name, s.table_name),
         E'\n union all ' order by s.position)
    into branches
    from sync.entity_settings s;
  return format($sql$
    with bounds as (
      select b.below, b.issued_below, b.held_since from sync.pull_bounds() b
    ),
    horizon as (
      select ($1 > 0 and (($1 < c.purge_horizon and coalesce($3::bigint, -1) < c.purge_horizon)
                          or $1 >= b.issued_below)) as reset,
             b.below,
             b.held_since,
             coalesce(c.purge_horizon, 0) as purge_horizon
      from sync.counter c cross join bounds b
      where c.singleton
    ),
    readable as (
      select array(
        select s.table_name from sync.entity_settings s
         where not (select reset from horizon)
           and (s.read_roles is null
                or (select sync.current_role()) = any (s.read_roles)
                or (select r.rolsuper or r.rolbypassrls from pg_catalog.pg_roles r where r.rolname = current_user)
                or exists (select 1 from pg_catalog.pg_tables t
                            where t.schemaname = 'public' and t.tablename = s.table_name and t.tableowner = current_user))
      ) as tables
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
                     else greatest($1, (select below from horizon) - 1) end,
      'has_more', (select has_more from more),
      'reset', (select reset from horizon),
      'purge_horizon', (select purge_horizon from horizon),
      'held_since', (select to_char(held_since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') from horizon),
      'server_time', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    )
  $sql$, branches);
end
$$;

select sync.install_pull_page();
