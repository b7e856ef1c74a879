-- Lab and imaging studies requested for a patient.
-- Read: admin, doctor, nurse. Create: admin, doctor, nurse. Update/delete: admin, doctor, nurse. anon: nothing.

create table public.studies (
  id uuid primary key,
  patient_id uuid not null references public.patients (id),
  encounter_id uuid references public.encounters (id),
  requested_by uuid references public.profiles (id),
  kind text not null check (kind in ('lab', 'imaging', 'ecg', 'other')),
  name text not null,
  status text not null default 'requested' check (status in ('requested', 'collected', 'resulted', 'cancelled')),
  requested_at timestamptz not null,
  resulted_at timestamptz,
  result_summary text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

create index studies_patient_id_idx on public.studies (patient_id);
create index studies_encounter_id_idx on public.studies (encounter_id);
create index studies_requested_by_idx on public.studies (requested_by);

select sync.register_table('studies');

create policy studies_read on public.studies for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy studies_create on public.studies for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy studies_update on public.studies for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy studies_delete on public.studies for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
