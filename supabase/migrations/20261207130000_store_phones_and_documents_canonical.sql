-- Phones and documents already stored are rewritten in the one form every writer now uses, so a
-- form that compares what a person edited never mistakes another spelling for an edit (issue 12:
-- a notes-only save wrote the phone back, and a concurrent phone edit was lost):
-- - phones in E.164: "+55 11 94592-4944" -> "+5511945924944", for numbers written with their
--   +country code (a number without it cannot be read here without the numbering plans; the app
--   reads those the same way on both sides of a comparison, and writes E.164 when one is edited);
-- - CPF and DNI by their digits: "529.982.247-25" -> "52998224725";
-- - text trimmed, an empty text as null; a patient's name with single spaces.
--
-- Only rows whose values change are updated. Each one gets a rev through the row stamp, as any
-- write, so devices pull the canonical values; deleted_at is not touched (no tombstone moves, no
-- undelete meets the restore window). No clinical table is touched, so no signed encounter's
-- lock is met (and a migration runs as the owner, whom signatures do not bind).

select set_config('sync.editor', 'migration:store_phones_and_documents_canonical', true);

create function pg_temp.canonical_phone(phone text) returns text
language sql immutable
as $$
  select case
    when phone is null or btrim(phone) = '' then null
    when phone ~ '^\s*\+[0-9\s().\-/]+$' and length(regexp_replace(phone, '\D', '', 'g')) between 8 and 15
      then '+' || regexp_replace(phone, '\D', '', 'g')
    else btrim(phone)
  end
$$;

create function pg_temp.canonical_text(value text) returns text
language sql immutable
as $$ select nullif(btrim(value), '') $$;

update public.patients p
   set full_name = c.full_name, document_id = c.document_id, phone = c.phone,
       phone_normalized = c.phone_normalized, email = c.email, notes = c.notes
  from (
    select id,
           regexp_replace(btrim(full_name), '\s+', ' ', 'g') as full_name,
           case when document_type in ('CPF', 'DNI') and document_id ~ '\d'
                then regexp_replace(document_id, '\D', '', 'g')
                else pg_temp.canonical_text(document_id) end as document_id,
           pg_temp.canonical_phone(phone) as phone,
           pg_temp.canonical_phone(phone_normalized) as phone_normalized,
           pg_temp.canonical_text(email) as email,
           pg_temp.canonical_text(notes) as notes
      from public.patients
  ) c
 where c.id = p.id
   and (p.full_name, p.document_id, p.phone, p.phone_normalized, p.email, p.notes)
       is distinct from (c.full_name, c.document_id, c.phone, c.phone_normalized, c.email, c.notes);

update public.crm_leads
   set phone = pg_temp.canonical_phone(phone), phone_normalized = pg_temp.canonical_phone(phone_normalized)
 where (phone, phone_normalized) is distinct from (pg_temp.canonical_phone(phone), pg_temp.canonical_phone(phone_normalized));

update public.profiles set phone = pg_temp.canonical_phone(phone)
 where phone is distinct from pg_temp.canonical_phone(phone);

update public.branches set phone = pg_temp.canonical_phone(phone)
 where phone is distinct from pg_temp.canonical_phone(phone);
