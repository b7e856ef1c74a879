-- The medications a patient is taking, one row each (added on two devices: both kept). A row
-- may come from a prescription line (`prescription_item_id`); `ended_on` set = no longer taken.
-- Clinical data: read and written by admin, doctor, nurse; reception and billing see nothing.
-- anon: nothing.

create table public.patient_medications (
  id uuid primary key,
  patient_id uuid not null references public.patients (id),
  medication text not null,
  presentation text,
  dosage text,
  route text check (route in ('oral', 'sublingual', 'topical', 'ophthalmic', 'otic', 'nasal',
    'inhalation', 'rectal', 'vaginal', 'intramuscular', 'intravenous', 'subcutaneous', 'transdermal')),
  frequency text,
  started_on date,
  ended_on date,
  prescription_item_id uuid references public.prescription_items (id),
  noted_by uuid references public.profiles (id),
  notes text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint patient_medications_medication_not_blank check (btrim(medication) <> ''),
  constraint patient_medications_ends_after_start check (ended_on is null or started_on is null or ended_on >= started_on)
);

create index patient_medications_patient_id_idx on public.patient_medications (patient_id);
create index patient_medications_prescription_item_id_idx on public.patient_medications (prescription_item_id);
create index patient_medications_noted_by_idx on public.patient_medications (noted_by);

select sync.register_table('patient_medications');
update sync.entity_settings set read_roles = '{admin,doctor,nurse}' where table_name = 'patient_medications';

create policy patient_medications_read on public.patient_medications for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy patient_medications_create on public.patient_medications for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy patient_medications_update on public.patient_medications for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy patient_medications_delete on public.patient_medications for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
