-- What a merge or a person's decision replaced, kept so nothing typed disappears without a trace
-- (issue 12). When a column's policy (lww, server-wins, client-wins) or a decision on a conflict
-- replaces a value someone typed, the device that settled it writes one row here: the value, its
-- column (and record section), who typed it (`typed_by`, the replaced row's `last_editor`; null
-- when it is this row's own `last_editor`, the device that recorded it), when, on which device,
-- what replaced it and why. Rows sync like any other, so every device shows the record's history
-- and can bring a value back (a new edit of the record).
--
-- A history row is seen by exactly the roles that may read the table its value came from (a
-- replaced record section is clinical data): `sync.may_pull(table_name)` holds for the caller,
-- which also refuses values of tables that do not exist. Rows are written once: no role updates
-- or deletes them.

create table public.superseded_values (
  id uuid primary key,
  table_name text not null check (table_name ~ '^[a-z_]+$'),
  row_id uuid not null,
  column_name text not null,
  section text,
  value jsonb,
  typed_by text,
  typed_at timestamptz,
  typed_on text,
  replaced_with jsonb,
  reason text not null check (reason in ('lww', 'server-wins', 'client-wins', 'merge', 'manual', 'choice')),
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

create index superseded_values_row_idx on public.superseded_values (table_name, row_id);

select sync.register_table('superseded_values');
update sync.entity_settings set read_roles = '{admin,doctor,nurse,reception,billing}'
 where table_name = 'superseded_values';

create policy superseded_values_read on public.superseded_values for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
         and sync.may_pull(table_name));

create policy superseded_values_create on public.superseded_values for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
              and sync.may_pull(table_name));
