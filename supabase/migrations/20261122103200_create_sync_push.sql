-- sync_push(client_id, mutations) (DESIGN §3.3). One result per mutation, in order.
--
-- What holds:
-- - Names are checked against the registry of synced tables and the table's real columns before
--   any dynamic SQL, and then only ever quoted with format('%I'): a table or column name is data,
--   never SQL.
-- - Each mutation runs in its own savepoint (a plpgsql BEGIN ... EXCEPTION block): a rejected or
--   conflicting mutation never aborts the others and nothing is half-applied.
-- - Compare-and-set: update, delete (and undelete when it carries a base_rev) apply only if the
--   row, locked (by the UPDATE itself, or FOR UPDATE), still has rev = base_rev; otherwise
--   `conflict` with the server row.
-- - Idempotent by `mid` through sync.mutations (see its migration for why a concurrent duplicate
--   waits and replays).
-- - Server-owned columns in `data` (id, rev, created_at, updated_at, deleted_at, last_editor) are
--   ignored, never applied: the row triggers set them.
-- - Transient failures (deadlock, serialization, lock timeout, cancel) are not recorded as
--   rejections: they fail the whole call, which the client retries with the same mids.
-- - Security invoker: RLS and table grants decide; a refusal by either is `forbidden`.

-- Largest `data` accepted (its stored jsonb size). Record text is far smaller; file bytes go to Storage.
create function sync.max_data_bytes() returns integer
language sql immutable
as $$ select 262144 $$;

-- Null when `m` has the shape of a mutation, else why not (the `invalid_mutation` message).
-- Written as one expression so that it costs one evaluation per mutation.
create function sync.mutation_shape_error(m jsonb) returns text
language sql immutable
as $$
  select case
    when jsonb_typeof(m) is distinct from 'object' then 'a mutation must be a JSON object'
    when not sync.is_uuid(m -> 'mid') then 'mid must be a uuid'
    when jsonb_typeof(m -> 'table') is distinct from 'string' or length(m ->> 'table') not between 1 and 63
      then 'table must be a non-empty string'
    when coalesce(m ->> 'op', '') not in ('insert', 'update', 'delete', 'undelete') or jsonb_typeof(m -> 'op') <> 'string'
      then 'op must be one of insert, update, delete, undelete'
    when not sync.is_uuid(m -> 'id') then 'id must be a uuid'
    when coalesce(jsonb_typeof(m -> 'base_rev'), 'null') not in ('null', 'number')
      or (jsonb_typeof(m -> 'base_rev') = 'number'
          and not ((m ->> 'base_rev') ~ '^[0-9]{1,16}$' and (m ->> 'base_rev')::numeric <= 9007199254740991))
      then 'base_rev must be null or an integer >= 0'
    when coalesce(jsonb_typeof(m -> 'data'), 'null') not in ('null', 'object') then 'data must be a JSON object'
    when m ->> 'op' = 'insert' and jsonb_typeof(m -> 'data') is distinct from 'object' then 'an insert needs data (the whole row)'
    when coalesce(jsonb_typeof(m -> 'base'), 'null') not in ('null', 'object') then 'base must be a JSON object'
    when coalesce(jsonb_typeof(m -> 'at'), 'null') not in ('null', 'string') then 'at must be a string'
    when pg_column_size(m -> 'data') > sync.max_data_bytes()
      then format('data takes %s bytes, more than the %s accepted', pg_column_size(m -> 'data'), sync.max_data_bytes())
  end
$$;

create function sync.rejection(mutation_id text, code text, message text) returns jsonb
language sql immutable
as $$
  select jsonb_build_object('mid', mutation_id, 'status', 'rejected', 'code', code, 'message', message, 'replayed', false)
$$;

create function sync.applied(mutation_id text, server_row jsonb) returns jsonb
language sql immutable
as $$
  select jsonb_build_object('mid', mutation_id, 'status', 'applied', 'rev', (server_row ->> 'rev')::bigint,
                            'row', server_row, 'replayed', false)
$$;

create function sync.conflict(mutation_id text, server_row jsonb, message text) returns jsonb
language sql immutable
as $$
  select jsonb_build_object('mid', mutation_id, 'status', 'conflict', 'row', server_row, 'code', 'conflict',
                            'message', message, 'replayed', false)
$$;

-- The SQLSTATE of a failed write as a rejection code.
create function sync.rejection_code(state text) returns text
language sql immutable
as $$
  select case
    when state = '42501' then 'forbidden'
    when left(state, 2) in ('22', '23') or state in ('42804', '54000') then 'invalid_data'
    else 'server_error'
  end
$$;

-- Whether a row exists regardless of RLS: tells "not yours" (forbidden) from "not there".
create function sync.row_exists(table_name text, row_id uuid) returns boolean
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  found_row boolean;
begin
  if not exists (select 1 from sync.entity_settings s where s.table_name = row_exists.table_name) then
    return false;
  end if;
  execute format('select exists (select 1 from public.%I where id = $1)', row_exists.table_name)
    into found_row using row_id;
  return found_row;
end
$$;

revoke execute on function sync.row_exists(text, uuid) from public;
grant execute on function sync.row_exists(text, uuid) to authenticated, service_role;

-- The caller's writable view of a row, locked until commit (FOR UPDATE passes the SELECT and
-- UPDATE policies), or null.
create function sync.lock_row(table_name text, row_id uuid) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  locked jsonb;
begin
  execute format('select to_jsonb(x) from public.%I x where x.id = $1 for update', lock_row.table_name)
    into locked using row_id;
  return locked;
end
$$;

-- `data`'s values as the table's column types would store them, as JSON (raises on a bad value).
create function sync.typed_values(table_name text, data jsonb) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  typed jsonb;
begin
  execute format('select to_jsonb(r) from jsonb_populate_record(null::public.%I, $1) r', typed_values.table_name)
    into typed using data;
  return (select coalesce(jsonb_object_agg(k, typed -> k), '{}'::jsonb) from jsonb_object_keys(data) k);
end
$$;

create function sync.apply_insert(mutation_id text, table_name text, row_id uuid, data jsonb) returns jsonb
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
  existing := sync.lock_row(apply_insert.table_name, row_id);
  if existing is null then
    return sync.rejection(mutation_id, 'forbidden', format('%s %s exists and your role may not change it', apply_insert.table_name, row_id));
  end if;
  if existing ->> 'deleted_at' is null
     and not exists (select 1 from jsonb_each(sync.typed_values(apply_insert.table_name, data)) v
                      where existing -> v.key is distinct from v.value) then
    return sync.applied(mutation_id, existing);
  end if;
  return sync.conflict(mutation_id, existing, format('%s %s already exists with other values', apply_insert.table_name, row_id));
end
$$;

-- The locked row, or a ready result (forbidden, conflict) when the caller may not CAS on it.
create function sync.row_for_cas(mutation_id text, table_name text, row_id uuid, base_rev bigint, needs_base boolean,
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
    elsif sync.row_exists(row_for_cas.table_name, row_id) then
      refusal := sync.rejection(mutation_id, 'forbidden', format('your role may not change %s %s', row_for_cas.table_name, row_id));
    else
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

-- Compare-and-set in the UPDATE itself (`where rev = base_rev`: the row is locked and, under a
-- concurrent write, re-checked on its newest version). Only a miss pays for finding out why.
create function sync.apply_update(mutation_id text, table_name text, row_id uuid, base_rev bigint, data jsonb) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  cas record;
  plain_columns text;
  record_columns text;
  written jsonb;
begin
  if data <> '{}'::jsonb and base_rev is not null then
    select string_agg(quote_ident(k), ', '), string_agg('r.' || quote_ident(k), ', ')
      into plain_columns, record_columns from jsonb_object_keys(data) k;
    execute format('update public.%I t set (%s) = (select %s from jsonb_populate_record(null::public.%I, $2) r)
                    where t.id = $1 and t.rev = $3 returning to_jsonb(t)',
                   apply_update.table_name, plain_columns, record_columns, apply_update.table_name)
      into written using row_id, data, base_rev;
    if written is not null then
      return sync.applied(mutation_id, written);
    end if;
  end if;
  cas := sync.row_for_cas(mutation_id, apply_update.table_name, row_id, base_rev, true);
  if cas.refusal is not null then
    return cas.refusal;
  end if;
  if data = '{}'::jsonb then
    return sync.applied(mutation_id, cas.locked);
  end if;
  -- The row is there at base_rev and locked, yet the UPDATE touched nothing: RLS refused it.
  return sync.rejection(mutation_id, 'forbidden', format('your role may not change %s %s', apply_update.table_name, row_id));
end
$$;

create function sync.apply_delete(mutation_id text, table_name text, row_id uuid, base_rev bigint) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  cas record;
  after_delete jsonb;
begin
  cas := sync.row_for_cas(mutation_id, apply_delete.table_name, row_id, base_rev, true);
  if cas.refusal is not null then
    return cas.refusal;
  end if;
  if cas.locked ->> 'deleted_at' is not null then
    return sync.applied(mutation_id, cas.locked);
  end if;
  -- A real DELETE, so the DELETE policy decides; the soft-delete trigger turns it into an update.
  execute format('delete from public.%I where id = $1', apply_delete.table_name) using row_id;
  execute format('select to_jsonb(x) from public.%I x where x.id = $1', apply_delete.table_name)
    into after_delete using row_id;
  if after_delete ->> 'deleted_at' is null then
    return sync.rejection(mutation_id, 'forbidden', format('your role may not delete %s %s', apply_delete.table_name, row_id));
  end if;
  return sync.applied(mutation_id, after_delete);
end
$$;

create function sync.apply_undelete(mutation_id text, table_name text, row_id uuid, base_rev bigint) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  cas record;
  restore_window interval;
  written jsonb;
begin
  cas := sync.row_for_cas(mutation_id, apply_undelete.table_name, row_id, base_rev, false);
  if cas.refusal is not null then
    return cas.refusal;
  end if;
  if cas.locked ->> 'deleted_at' is null then
    return sync.applied(mutation_id, cas.locked);
  end if;
  select s.restore_window into restore_window from sync.entity_settings s where s.table_name = apply_undelete.table_name;
  if (cas.locked ->> 'deleted_at')::timestamptz < now() - restore_window then
    return sync.rejection(mutation_id, 'restore_window_expired',
                          format('%s %s was deleted at %s; %s can be restored for %s', apply_undelete.table_name, row_id,
                                 cas.locked ->> 'deleted_at', apply_undelete.table_name, restore_window));
  end if;
  execute format('update public.%I t set deleted_at = null where t.id = $1 returning to_jsonb(t)', apply_undelete.table_name)
    into written using row_id;
  if written is null then
    return sync.rejection(mutation_id, 'forbidden', format('your role may not restore %s %s', apply_undelete.table_name, row_id));
  end if;
  return sync.applied(mutation_id, written);
end
$$;

-- Validates names and rev of a well-shaped mutation, then applies it. Raises only on database
-- errors (bad values, constraints, RLS), which sync.push_one turns into rejections.
create function sync.apply_mutation(m jsonb) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  mutation_id text := m ->> 'mid';
  target text := m ->> 'table';
  row_id uuid := (m ->> 'id')::uuid;
  base_rev bigint := (m ->> 'base_rev')::bigint;
  data jsonb := coalesce(nullif(m -> 'data', 'null'::jsonb), '{}'::jsonb)
                - array['id', 'rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor'];
  settings sync.entity_settings;
  unknown text;
begin
  select * into settings from sync.entity_settings s where s.table_name = target;
  if not found then
    return sync.rejection(mutation_id, 'unknown_table', format('%L is not a synced table', target));
  end if;
  if not settings.client_writable then
    return sync.rejection(mutation_id, 'forbidden', format('%s is written only by the server', target));
  end if;
  select string_agg(format('%L', k), ', ' order by k) into unknown
    from jsonb_object_keys(data) k
   where not exists (select 1 from pg_catalog.pg_attribute a
                      where a.attrelid = format('public.%I', target)::regclass
                        and a.attname = k and a.attnum > 0 and not a.attisdropped);
  if unknown is not null then
    return sync.rejection(mutation_id, 'unknown_column', format('%s has no column %s', target, unknown));
  end if;
  -- update, delete and undelete check base_rev against the last rev issued only when their
  -- compare-and-set misses (sync.row_for_cas); an insert has no row to compare with.
  if m ->> 'op' = 'insert' and base_rev > sync.last_rev() then
    return sync.rejection(mutation_id, 'invalid_rev',
                          format('base_rev %s is above the last rev the server issued (%s)', base_rev, sync.last_rev()));
  end if;
  return case m ->> 'op'
    when 'insert' then sync.apply_insert(mutation_id, target, row_id, data)
    when 'update' then sync.apply_update(mutation_id, target, row_id, base_rev, data)
    when 'delete' then sync.apply_delete(mutation_id, target, row_id, base_rev)
    else sync.apply_undelete(mutation_id, target, row_id, base_rev)
  end;
end
$$;

-- One new mutation: shape, then apply in a savepoint. Database errors become rejections, except
-- transient ones (deadlock, serialization, lock timeout, cancel), which fail the whole call so
-- the client retries it with the same mids.
create function sync.push_one(m jsonb) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  shape_error text := sync.mutation_shape_error(m);
  mutation_id text := case when jsonb_typeof(m) = 'object' then m ->> 'mid' end;
  outcome jsonb;
  state text;
  reason text;
  detail text;
begin
  if shape_error is not null then
    return sync.rejection(mutation_id, 'invalid_mutation', shape_error);
  end if;
  begin
    outcome := sync.apply_mutation(m);
  exception
    when serialization_failure or deadlock_detected or lock_not_available or query_canceled then
      raise;
    when others then
      get stacked diagnostics state = returned_sqlstate, reason = message_text, detail = pg_exception_detail;
      outcome := sync.rejection(mutation_id, sync.rejection_code(state),
                                reason || coalesce(nullif(' (' || detail || ')', ' ()'), ''));
  end;
  return outcome;
end
$$;

-- An earlier answer to `mid`: from the log (another call) or from this call, marked replayed.
create function sync.replay(mutation_id text, earlier jsonb, answered jsonb[], answered_mids text[]) returns jsonb
language plpgsql immutable
set search_path = ''
as $$
declare
  position integer;
begin
  if earlier ? mutation_id then
    if not (earlier -> mutation_id ->> 'mine')::boolean then
      return sync.rejection(mutation_id, 'invalid_mutation', 'this mid was already used by another user');
    end if;
    return (earlier -> mutation_id -> 'result') || '{"replayed": true}'::jsonb;
  end if;
  position := array_position(answered_mids, mutation_id);
  if position is not null then
    return answered[position] || '{"replayed": true}'::jsonb;
  end if;
  return null;
end
$$;

create function public.sync_push(client_id text, mutations jsonb) returns jsonb
language plpgsql volatile
security invoker
set search_path = ''
as $$
declare
  results jsonb[] := '{}';
  -- Mids answered in this call, at the same index as their result in `answered`.
  answered_mids text[] := '{}';
  answered jsonb[] := '{}';
  to_record jsonb[] := '{}';
  earlier jsonb;
  m jsonb;
  mutation_id text;
  outcome jsonb;
begin
  if client_id is null or length(client_id) not between 1 and 200 then
    raise exception 'invalid_mutation: client_id must be 1 to 200 characters'
      using errcode = 'invalid_parameter_value';
  end if;
  if jsonb_typeof(mutations) is distinct from 'array' then
    raise exception 'invalid_mutation: mutations must be a JSON array'
      using errcode = 'invalid_parameter_value';
  end if;
  if jsonb_array_length(mutations) > 5000 then
    raise exception 'invalid_mutation: at most 5000 mutations per push, got %', jsonb_array_length(mutations)
      using errcode = 'invalid_parameter_value';
  end if;
  perform set_config('sync.editor', coalesce(auth.uid()::text, current_user::text) || '/' || client_id, true);
  -- Become the writer first: pushes serialise here, before any mid lookup (so a concurrent
  -- duplicate mid waits and replays) and before any row lock (so two pushes never deadlock).
  perform sync.become_writer();
  earlier := sync.recorded_results(array(
    select (e ->> 'mid')::uuid from jsonb_array_elements(mutations) e where sync.is_uuid(e -> 'mid')));
  for m in select e from jsonb_array_elements(mutations) e loop
    mutation_id := case when sync.is_uuid(m -> 'mid') then m ->> 'mid' end;
    outcome := null;
    if mutation_id is not null and (earlier ? mutation_id or mutation_id = any (answered_mids)) then
      outcome := sync.replay(mutation_id, earlier, answered, answered_mids);
    end if;
    if outcome is null then
      outcome := sync.push_one(m);
      if mutation_id is not null then
        answered_mids := array_append(answered_mids, mutation_id);
        answered := array_append(answered, outcome);
        to_record := array_append(to_record, jsonb_build_object('mutation', m, 'result', outcome));
      end if;
    end if;
    results := array_append(results, outcome);
  end loop;
  perform sync.record_mutations(client_id, to_record);
  return jsonb_build_object(
    'results', to_jsonb(results),
    'server_time', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
  );
end
$$;

revoke execute on function public.sync_push(text, jsonb) from public, anon;
grant execute on function public.sync_push(text, jsonb) to authenticated, service_role;
