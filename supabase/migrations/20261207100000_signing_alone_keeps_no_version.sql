-- Signing an encounter changes no word of it: the version history keeps what was written, and a
-- signature alone (signed_at and signed_by set, nothing else) is not a new version. Who signed and
-- when stay on the encounter itself. A save that signs and edits at once still keeps the version
-- it replaces.
create or replace function sync.keep_encounter_version() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  not_content constant text[] := array['rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor', 'signed_at', 'signed_by'];
begin
  if (to_jsonb(old) - not_content) is distinct from (to_jsonb(new) - not_content) then
    insert into public.record_versions
      (id, encounter_id, version_rev, version, edited_by, edited_at, replaced_by, replaced_at)
    values
      (gen_random_uuid(), old.id, old.rev, to_jsonb(old), old.last_editor, old.updated_at, new.last_editor, now());
  end if;
  return null;
end
$$;
