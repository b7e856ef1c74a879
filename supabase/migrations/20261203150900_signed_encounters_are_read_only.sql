-- A signed encounter is read-only in every part, for every writer that reaches the database
-- through the API (anon, authenticated, service_role: devices, the clinic hub, REST calls), not
-- only in the app: its sections, who and when, its prescriptions and their lines, its coded
-- diagnoses, its certificates, the content of its referrals and its attached files (encounter's
-- and prescriptions' files). After signing, an addendum (encounter_addenda) is the one way to add.
--
-- What may still change under a signature:
-- - `patient_id` (and server-owned columns): merging duplicate charts moves a signed encounter and
--   its documents to the surviving patient without touching their content;
-- - a referral's `status` (the referral is followed up: scheduled, completed);
-- - a file's `uploaded_at`: bytes captured before the signature may finish uploading after it.
-- Everything else, soft deletes and undeletes included, is refused with SQLSTATE 23514
-- (check_violation, so sync_push answers `rejected` / `invalid_data`) and a message starting with
-- `signed_encounter:`, which the app recognises and translates.
--
-- A database session of the owner (migrations, the seed, the SQL console) is trusted, as
-- everywhere else in this schema (see docs/sql.md): the rule binds the API roles.

-- Whether the current writer is bound by signatures. Security invoker: it must see the caller.
create function clinic.bound_by_signature() returns boolean
language sql stable
set search_path = ''
as $$
  select current_user in ('anon', 'authenticated', 'service_role')
$$;
revoke execute on function clinic.bound_by_signature() from public;
grant execute on function clinic.bound_by_signature() to anon, authenticated, service_role;

-- When the encounter a row belongs to was signed (null: unsigned, or the row belongs to none).
-- Security definer: the answer must not depend on what the caller may read.
create function clinic.signature_over(table_name text, row_data jsonb) returns timestamptz
language plpgsql stable
security definer
set search_path = ''
as $$
begin
  if table_name in ('prescriptions', 'encounter_diagnoses', 'certificates', 'referrals') then
    return (select e.signed_at from public.encounters e where e.id = (row_data ->> 'encounter_id')::uuid);
  elsif table_name = 'prescription_items' then
    return (select e.signed_at from public.prescriptions p join public.encounters e on e.id = p.encounter_id
             where p.id = (row_data ->> 'prescription_id')::uuid);
  elsif table_name = 'files' and row_data ->> 'owner_table' = 'encounters' then
    return (select e.signed_at from public.encounters e where e.id = (row_data ->> 'owner_id')::uuid);
  elsif table_name = 'files' and row_data ->> 'owner_table' = 'prescriptions' then
    return (select e.signed_at from public.prescriptions p join public.encounters e on e.id = p.encounter_id
             where p.id = (row_data ->> 'owner_id')::uuid);
  end if;
  return null;
end
$$;
revoke execute on function clinic.signature_over(text, jsonb) from public;
grant execute on function clinic.signature_over(text, jsonb) to anon, authenticated, service_role;

create function clinic.refuse_signed(what text, row_id uuid, signed_at timestamptz) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  raise exception 'signed_encounter: % % belongs to an encounter signed at %; it can no longer change (add an addendum instead)',
    what, row_id, to_char(signed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    using errcode = 'check_violation';
end
$$;
revoke execute on function clinic.refuse_signed(text, uuid, timestamptz) from public;
grant execute on function clinic.refuse_signed(text, uuid, timestamptz) to anon, authenticated, service_role;

-- BEFORE UPDATE on encounters. (A DELETE becomes an UPDATE of deleted_at through the
-- soft-delete trigger, so it is refused here too; the tombstone purge never meets a signed row.)
create function clinic.keep_signed_encounter() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  free constant text[] := array['patient_id', 'rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor'];
begin
  if old.signed_at is null or not clinic.bound_by_signature() then
    return new;
  end if;
  if (to_jsonb(new) - free) is distinct from (to_jsonb(old) - free) or new.deleted_at is distinct from old.deleted_at then
    perform clinic.refuse_signed('encounter', old.id, old.signed_at);
  end if;
  return new;
end
$$;

create trigger signed_encounter_is_read_only before update on public.encounters
  for each row execute function clinic.keep_signed_encounter();

-- BEFORE INSERT OR UPDATE on the rows that belong to an encounter. An insert under a signature
-- is refused; an update is refused when it changes more than the columns named above, or when
-- either the row's old or its new encounter is signed (moving a row out from under a signature
-- is a change too).
create function clinic.keep_signed_parts() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  free text[] := array['patient_id', 'rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor'];
  new_data jsonb := to_jsonb(new);
  old_data jsonb;
  signed timestamptz;
begin
  if not clinic.bound_by_signature() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    signed := clinic.signature_over(tg_table_name, new_data);
    if signed is not null then
      perform clinic.refuse_signed(tg_table_name, new.id, signed);
    end if;
    return new;
  end if;
  old_data := to_jsonb(old);
  signed := coalesce(clinic.signature_over(tg_table_name, old_data), clinic.signature_over(tg_table_name, new_data));
  if signed is null then
    return new;
  end if;
  if tg_table_name = 'referrals' then
    free := free || array['status'];
  elsif tg_table_name = 'files' then
    free := free || array['uploaded_at'];
  end if;
  if (new_data - free) is distinct from (old_data - free) or new.deleted_at is distinct from old.deleted_at then
    perform clinic.refuse_signed(tg_table_name, old.id, signed);
  end if;
  return new;
end
$$;

create trigger signed_encounter_is_read_only before insert or update on public.prescriptions
  for each row execute function clinic.keep_signed_parts();
create trigger signed_encounter_is_read_only before insert or update on public.prescription_items
  for each row execute function clinic.keep_signed_parts();
create trigger signed_encounter_is_read_only before insert or update on public.encounter_diagnoses
  for each row execute function clinic.keep_signed_parts();
create trigger signed_encounter_is_read_only before insert or update on public.certificates
  for each row execute function clinic.keep_signed_parts();
create trigger signed_encounter_is_read_only before insert or update on public.referrals
  for each row execute function clinic.keep_signed_parts();
create trigger signed_encounter_is_read_only before insert or update on public.files
  for each row execute function clinic.keep_signed_parts();
