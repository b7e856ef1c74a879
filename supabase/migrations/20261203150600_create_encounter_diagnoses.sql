-- Diagnoses of an encounter coded with CID-10 (ICD-10), in order (position 0 is the main one).
-- `code` is a well-formed category or subcategory (A00, J06.9); `description` is the name shown
-- when it was chosen, in the language of the person who chose it. Clinical data: admin, doctor,
-- nurse; reception and billing see nothing. anon: nothing.

create table public.encounter_diagnoses (
  id uuid primary key,
  encounter_id uuid not null references public.encounters (id),
  code text not null,
  description text not null,
  position integer not null,
  notes text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint encounter_diagnoses_code_format check (code ~ '^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$'),
  constraint encounter_diagnoses_position_check check (position >= 0)
);

create index encounter_diagnoses_encounter_id_idx on public.encounter_diagnoses (encounter_id);

select sync.register_table('encounter_diagnoses');
update sync.entity_settings set read_roles = '{admin,doctor,nurse}' where table_name = 'encounter_diagnoses';

create policy encounter_diagnoses_read on public.encounter_diagnoses for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy encounter_diagnoses_create on public.encounter_diagnoses for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy encounter_diagnoses_update on public.encounter_diagnoses for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy encounter_diagnoses_delete on public.encounter_diagnoses for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
