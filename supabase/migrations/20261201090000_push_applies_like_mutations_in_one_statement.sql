-- sync_push applies a run of like mutations (consecutive inserts, or consecutive compare-and-set
-- updates, of one table with one set of columns) in ONE statement instead of one per mutation.
--
-- Why: a mutation applied alone pays for a savepoint and for dynamic statements planned afresh
-- (the existence check, the write). Flushing an offline queue is runs of exactly this shape: 200
-- inserts took ~250 ms on PGlite and ~95 ms on PostgreSQL one by one, ~22 ms and ~10 ms as one
-- statement.
--
-- What stays true (every rule of 20261122103200_create_sync_push.sql):
-- - Results are the same values, in input order; replays, the mutation log and every rejection
--   code are unchanged. A run only ever produces `applied` results: anything else is decided by
--   the one-by-one path, which is still the only place a rejection or a conflict is made.
-- - A run is tried in its own savepoint. If any of it would not simply apply (an error from a
--   check, a foreign key, RLS, a value; an insert id that exists), the savepoint is rolled back,
--   nothing of the run remains, and the whole run goes mutation by mutation. An update whose
--   compare-and-set misses (or that RLS hides) is left out of the run's writes and goes through
--   the one-by-one path after it, which says why (conflict, forbidden, invalid_rev).
-- - Order: runs and single mutations are applied in input order; rows inside a run get their revs
--   in input order. The only difference: inside one insert run, a row may reference (foreign key)
--   a row of the same table that comes later in the same run, as constraints are checked at the
--   end of the statement; one by one that insert would have been refused.
-- - Names: a run's table is checked against sync.entity_settings and its columns against the
--   table's real columns before any dynamic SQL, and only ever quoted with %I.
-- - Mids stay unique in a run, and so do row ids (one statement must never write a row twice).

-- The kind of run `m` can join (table, op and its client columns, each as JSON text, so the
-- concatenation is unambiguous), or null when it is applied alone: only well-shaped inserts without base_rev and updates with a base_rev, each
-- carrying at least one client column, join runs. The columns are listed in jsonb's own key order
-- (canonical for a set of keys). One immutable expression, so the planner inlines it: a query
-- per mutation (or a stable call such as jsonb_build_array) would cost more than applying it.
create function sync.run_key(m jsonb) returns text
language sql immutable
as $$
  select case
    when sync.mutation_shape_error(m) is null
         and ((m ->> 'op' = 'insert' and coalesce(jsonb_typeof(m -> 'base_rev'), 'null') = 'null')
              or (m ->> 'op' = 'update' and jsonb_typeof(m -> 'base_rev') = 'number'))
         and ((m -> 'data') - array['id', 'rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor']) <> '{}'::jsonb
      then (m -> 'table')::text || (m -> 'op')::text
           || jsonb_path_query_array((m -> 'data') - array['id', 'rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor'],
                                     '$.keyvalue().key')::text
  end
$$;

-- Whether any of these ids exists in the table, regardless of RLS (security definer, like
-- sync.row_exists): an insert run only ever creates rows.
create function sync.any_row_exists(table_name text, row_ids uuid[]) returns boolean
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  found_row boolean;
begin
  if not exists (select 1 from sync.entity_settings s where s.table_name = any_row_exists.table_name) then
    return false;
  end if;
  execute format('select exists (select 1 from public.%I where id = any ($1))', any_row_exists.table_name)
    into found_row using row_ids;
  return found_row;
end
$$;

revoke execute on function sync.any_row_exists(text, uuid[]) from public;
grant execute on function sync.any_row_exists(text, uuid[]) to authenticated, service_role;

-- Applies a run (a JSON array of like mutations, see sync.run_key). Returns a JSON array with,
-- at each position, the `applied` result or JSON null (that mutation goes the one-by-one path),
-- or SQL null when the whole run goes the one-by-one path (nothing of it was written).
create function sync.push_run(run jsonb) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  target text := run -> 0 ->> 'table';
  op text := run -> 0 ->> 'op';
  columns text[];
  plain_columns text;
  record_columns text;
  written jsonb;
begin
  select array_agg(k order by k) into columns
    from jsonb_object_keys((run -> 0 -> 'data') - array['id', 'rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor']) k;
  if not exists (select 1 from sync.entity_settings s where s.table_name = target and s.client_writable)
     or exists (select 1 from unnest(columns) c
                 where not exists (select 1 from pg_catalog.pg_attribute a
                                    where a.attrelid = format('public.%I', target)::regclass
                                      and a.attname = c and a.attnum > 0 and not a.attisdropped)) then
    return null;
  end if;
  select string_agg(quote_ident(c), ', '), string_agg('r.' || quote_ident(c), ', ')
    into plain_columns, record_columns from unnest(columns) c;
  begin
    if op = 'insert' then
      if sync.any_row_exists(target, array(select (e ->> 'id')::uuid from jsonb_array_elements(run) e)) then
        return null;
      end if;
      execute format(
        'with written as (
           insert into public.%1$I as t (id, %2$s)
           select (x.m ->> ''id'')::uuid, %3$s
             from jsonb_array_elements($1) with ordinality x(m, n)
             cross join lateral jsonb_populate_record(null::public.%1$I, x.m -> ''data'') r
            order by x.n
           on conflict (id) do nothing
           returning t.id, to_jsonb(t) as written_row)
         select coalesce(jsonb_object_agg(w.id::text, w.written_row), ''{}'') from written w',
        target, plain_columns, record_columns)
        into written using run;
      if (select count(*) from jsonb_object_keys(written)) <> jsonb_array_length(run) then
        -- Another writer created one of the ids since the check: roll the run back.
        raise exception using errcode = 'unique_violation';
      end if;
    else
      execute format(
        'with written as (
           update public.%1$I t set (%2$s) = row(%3$s)
             from jsonb_array_elements($1) x(m)
             cross join lateral jsonb_populate_record(null::public.%1$I, x.m -> ''data'') r
            where t.id = (x.m ->> ''id'')::uuid and t.rev = (x.m ->> ''base_rev'')::bigint
           returning t.id, to_jsonb(t) as written_row)
         select coalesce(jsonb_object_agg(w.id::text, w.written_row), ''{}'') from written w',
        target, plain_columns, record_columns)
        into written using run;
    end if;
  exception
    when serialization_failure or deadlock_detected or lock_not_available or query_canceled then
      raise;
    when others then
      return null;
  end;
  return (select jsonb_agg(case when written ? (e ->> 'id')
                                then sync.applied(e ->> 'mid', written -> (e ->> 'id'))
                                else 'null'::jsonb end order by n)
            from jsonb_array_elements(run) with ordinality x(e, n));
end
$$;

create or replace function public.sync_push(client_id text, mutations jsonb) returns jsonb
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
  -- The mutations as a plpgsql array: indexing it is cheap, indexing the jsonb would detoast the
  -- whole batch on every access.
  items jsonb[];
  -- sync.run_key of each item, computed in one query (a call per item from plpgsql costs more).
  run_keys text[];
  total integer;
  next_index integer := 1;
  m jsonb;
  mutation_id text;
  outcome jsonb;
  run_mids text[];
  run_ids text[];
  run_length integer;
  run_outcomes jsonb;
  candidate jsonb;
begin
  if client_id is null or length(client_id) not between 1 and 200 then
    raise exception 'invalid_mutation: client_id must be 1 to 200 characters'
      using errcode = 'invalid_parameter_value';
  end if;
  if jsonb_typeof(mutations) is distinct from 'array' then
    raise exception 'invalid_mutation: mutations must be a JSON array'
      using errcode = 'invalid_parameter_value';
  end if;
  items := array(select e from jsonb_array_elements(mutations) e);
  total := coalesce(array_length(items, 1), 0);
  run_keys := array(select sync.run_key(e) from unnest(items) with ordinality x(e, n) order by n);
  if total > 5000 then
    raise exception 'invalid_mutation: at most 5000 mutations per push, got %', total
      using errcode = 'invalid_parameter_value';
  end if;
  perform set_config('sync.editor', coalesce(auth.uid()::text, current_user::text) || '/' || client_id, true);
  -- Become the writer first: pushes serialise here, before any mid lookup (so a concurrent
  -- duplicate mid waits and replays) and before any row lock (so two pushes never deadlock).
  perform sync.become_writer();
  earlier := sync.recorded_results(array(
    select (e ->> 'mid')::uuid from unnest(items) e where sync.is_uuid(e -> 'mid')));
  while next_index <= total loop
    m := items[next_index];
    mutation_id := case when sync.is_uuid(m -> 'mid') then m ->> 'mid' end;
    if mutation_id is not null and (earlier ? mutation_id or mutation_id = any (answered_mids)) then
      results := array_append(results, sync.replay(mutation_id, earlier, answered, answered_mids));
      next_index := next_index + 1;
      continue;
    end if;
    -- The longest run of like, new mutations from here (see sync.run_key).
    run_length := 1;
    if run_keys[next_index] is not null then
      run_mids := array[mutation_id];
      run_ids := array[m ->> 'id'];
      while next_index + run_length <= total loop
        candidate := items[next_index + run_length];
        exit when run_keys[next_index + run_length] is distinct from run_keys[next_index]
               or earlier ? (candidate ->> 'mid')
               or (candidate ->> 'mid') = any (answered_mids)
               or (candidate ->> 'mid') = any (run_mids)
               or (candidate ->> 'id') = any (run_ids);
        run_mids := array_append(run_mids, candidate ->> 'mid');
        run_ids := array_append(run_ids, candidate ->> 'id');
        run_length := run_length + 1;
      end loop;
    end if;
    run_outcomes := null;
    if run_length > 1 then
      run_outcomes := sync.push_run(to_jsonb(items[next_index : next_index + run_length - 1]));
    end if;
    for offset_in_run in 0 .. run_length - 1 loop
      m := items[next_index + offset_in_run];
      mutation_id := case when sync.is_uuid(m -> 'mid') then m ->> 'mid' end;
      outcome := nullif(run_outcomes -> offset_in_run, 'null'::jsonb);
      if outcome is null then
        outcome := sync.push_one(m);
      end if;
      if mutation_id is not null then
        answered_mids := array_append(answered_mids, mutation_id);
        answered := array_append(answered, outcome);
        to_record := array_append(to_record, jsonb_build_object('mutation', m, 'result', outcome));
      end if;
      results := array_append(results, outcome);
    end loop;
    next_index := next_index + run_length;
  end loop;
  perform sync.record_mutations(client_id, to_record);
  return jsonb_build_object(
    'results', to_jsonb(results),
    'server_time', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
  );
end
$$;
