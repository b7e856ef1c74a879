-- sync_push gives the same answer for a row the caller may not see as for a row that does not
-- exist, so a push cannot be used to learn whether a hidden id exists (a receptionist probing
-- encounter ids got `forbidden` for real ones and `conflict` for made-up ones).
--
-- - update / delete / undelete of a row the caller cannot change: `forbidden` only when the
--   caller can read it (it sees the row anyway); a hidden row is answered as a missing one,
--   `conflict` with `row: null` (DESIGN §3.3's answer for a row the server does not have).
-- - insert of an id that exists but is hidden: the answer an insert refused by RLS gets,
--   `forbidden` with the database's own message. For a role that may not insert into the table
--   at all that is exactly the answer for a new id. (A role that may insert there gets `applied`
--   for a new id: an insert of an existing id can never succeed, so the two stay apart; ids are
--   random uuids or content hashes, which nobody guesses.)
--
-- Redefines sync.row_for_cas and sync.apply_insert (their last definitions are in
-- 20261122103200_create_sync_push.sql and 20261122111100_compare_reinserts_with_the_visible_row.sql);
-- only the branches for a row the caller cannot lock change.

create or replace function sync.row_for_cas(mutation_id text, table_name text, row_id uuid, base_rev bigint, needs_base boolean,
                                            out locked jsonb, out refusal jsonb)
language plpgsql volatile
set search_path = ''
as $$
begin
  locked := sync.lock_row(row_for_cas.table_name, row_id);
  if locked is null then
    if base_rev > sync.last_rev() then
      refusal := sync.rejection(mutation_id, 'invalid_rev',
                                format('base_rev %s is above the last rev the server issued (%s)', base_rev, sync.last_rev()));
    elsif sync.visible_row(row_for_cas.table_name, row_id) is not null then
      refusal := sync.rejection(mutation_id, 'forbidden', format('your role may not change %s %s', row_for_cas.table_name, row_id));
    else
      -- Missing, or hidden from the caller: one answer for both.
      refusal := sync.conflict(mutation_id, null, format('%s %s does not exist on the server', row_for_cas.table_name, row_id));
    end if;
  elsif (needs_base or base_rev is not null) and (locked ->> 'rev')::bigint is distinct from base_rev then
    -- Checked only on a miss: a base_rev equal to the row's rev was issued by the server.
    if base_rev > sync.last_rev() then
      refusal := sync.rejection(mutation_id, 'invalid_rev',
                                format('base_rev %s is above the last rev the server issued (%s)', base_rev, sync.last_rev()));
      return;
    end if;
    refusal := sync.conflict(mutation_id, locked,
                             format('%s %s is at rev %s, not base_rev %s', row_for_cas.table_name, row_id,
                                    locked ->> 'rev', coalesce(base_rev::text, 'null')));
  end if;
end
$$;

create or replace function sync.apply_insert(mutation_id text, table_name text, row_id uuid, data jsonb) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  written jsonb;
  existing jsonb;
  plain_columns text;
  record_columns text;
begin
  -- Checked first so that an existing id costs no rev (the stamp trigger runs before ON CONFLICT).
  if sync.row_exists(apply_insert.table_name, row_id) then
    written := null;
  elsif data = '{}'::jsonb then
    execute format('insert into public.%I as t (id) values ($1) on conflict (id) do nothing returning to_jsonb(t)',
                   apply_insert.table_name)
      into written using row_id;
  else
    select string_agg(quote_ident(k), ', '), string_agg('r.' || quote_ident(k), ', ')
      into plain_columns, record_columns from jsonb_object_keys(data) k;
    execute format('insert into public.%I as t (id, %s) select $1, %s from jsonb_populate_record(null::public.%I, $2) r
                    on conflict (id) do nothing returning to_jsonb(t)',
                   apply_insert.table_name, plain_columns, record_columns, apply_insert.table_name)
      into written using row_id, data;
  end if;
  if written is not null then
    return sync.applied(mutation_id, written);
  end if;
  -- The id exists: like an update with base_rev null, a conflict unless it already holds this data.
  -- Locked when the caller may change it; else as the caller may read it (a role that may create
  -- but not change rows, re-sending an insert, still gets `applied` for identical data).
  existing := coalesce(sync.lock_row(apply_insert.table_name, row_id), sync.visible_row(apply_insert.table_name, row_id));
  if existing is null then
    -- Hidden from the caller: the answer of an insert that RLS refuses, word for word.
    return sync.rejection(mutation_id, 'forbidden',
                          format('new row violates row-level security policy for table "%s"', apply_insert.table_name));
  end if;
  if existing ->> 'deleted_at' is null
     and not exists (select 1 from jsonb_each(sync.typed_values(apply_insert.table_name, data)) v
                      where existing -> v.key is distinct from v.value) then
    return sync.applied(mutation_id, existing);
  end if;
  return sync.conflict(mutation_id, existing, format('%s %s already exists with other values', apply_insert.table_name, row_id));
end
$$;
