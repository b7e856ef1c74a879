-- Server-kept history of encounters: the previous version on every update (written only by a trigger).
-- Read: admin, doctor, nurse. Create: nobody. Update/delete: nobody. anon: nothing.

create table public.record_versions (
  id uuid primary key,
  encounter_id uuid not null references public.encounters (id),
  version_rev bigint not null,
  version jsonb not null,
  edited_by text,
  edited_at timestamptz not null,
  replaced_by text,
  replaced_at timestamptz not null,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

create index record_versions_encounter_id_idx on public.record_versions (encounter_id);

select sync.register_table('record_versions');
update sync.entity_settings set client_writable = false where table_name = 'record_versions';

create policy record_versions_read on public.record_versions for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

-- Every update of an encounter that changes its content keeps the version it replaces, so no
-- record text is ever lost to a merge or an overwrite. Security definer (owned by the migration
-- role, the table owner): clients have no insert right on record_versions, the trigger writes it.
-- A soft delete or undelete alone (only server-owned columns change) keeps no version.
create function sync.keep_encounter_version() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  server_owned constant text[] := array['rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor'];
begin
  if (to_jsonb(old) - server_owned) is distinct from (to_jsonb(new) - server_owned) then
    insert into public.record_versions
      (id, encounter_id, version_rev, version, edited_by, edited_at, replaced_by, replaced_at)
    values
      (gen_random_uuid(), old.id, old.rev, to_jsonb(old), old.last_editor, old.updated_at, new.last_editor, now());
  end if;
  return null;
end
$$;

create trigger keep_encounter_version after update on public.encounters
  for each row execute function sync.keep_encounter_version();
