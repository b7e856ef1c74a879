-- An insert of an id that exists is compared with the row as the caller may READ it when the
-- caller may not change it: a role that may create but not change rows (reception and payments)
-- re-sending an identical insert under a new mid gets `applied`, not `forbidden`.

-- The row as the caller may read it (RLS applies), or null.
create function sync.visible_row(table_name text, row_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  visible jsonb;
begin
  execute format('select to_jsonb(x) from public.%I x where x.id = $1', visible_row.table_name)
    into visible using row_id;
  return visible;
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
    return sync.rejection(mutation_id, 'forbidden', format('%s %s exists and your role may not see it', apply_insert.table_name, row_id));
  end if;
  if existing ->> 'deleted_at' is null
     and not exists (select 1 from jsonb_each(sync.typed_values(apply_insert.table_name, data)) v
                      where existing -> v.key is distinct from v.value) then
    return sync.applied(mutation_id, existing);
  end if;
  return sync.conflict(mutation_id, existing, format('%s %s already exists with other values', apply_insert.table_name, row_id));
end
$$;
