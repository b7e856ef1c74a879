-- Prescriptions issued in an encounter.
-- Read: admin, doctor, nurse. Create: admin, doctor, nurse. Update/delete: admin, doctor, nurse. anon: nothing.

create table public.prescriptions (
  id uuid primary key,
  encounter_id uuid not null references public.encounters (id),
  patient_id uuid not null references public.patients (id),
  professional_id uuid not null references public.profiles (id),
  issued_at timestamptz not null,
  status text not null default 'draft' check (status in ('draft', 'issued', 'cancelled')),
  notes text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

create index prescriptions_encounter_id_idx on public.prescriptions (encounter_id);
create index prescriptions_patient_id_idx on public.prescriptions (patient_id);
create index prescriptions_professional_id_idx on public.prescriptions (professional_id);

select sync.register_table('prescriptions');

create policy prescriptions_read on public.prescriptions for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy prescriptions_create on public.prescriptions for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy prescriptions_update on public.prescriptions for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy prescriptions_delete on public.prescriptions for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
