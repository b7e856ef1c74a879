-- Medical records: one per visit, `record` holds the sections (anamnesis, diagnosis, plan, ...).
-- Read: admin, doctor, nurse. Create: admin, doctor, nurse. Update/delete: admin, doctor, nurse. anon: nothing.

create table public.encounters (
  id uuid primary key,
  patient_id uuid not null references public.patients (id),
  professional_id uuid not null references public.profiles (id),
  appointment_id uuid references public.appointments (id),
  branch_id uuid references public.branches (id),
  started_at timestamptz not null,
  record jsonb not null default '{}'::jsonb,
  signed_at timestamptz,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint encounters_check_1 check (jsonb_typeof(record) = 'object')
);

create index encounters_patient_id_idx on public.encounters (patient_id);
create index encounters_professional_id_idx on public.encounters (professional_id);
create index encounters_appointment_id_idx on public.encounters (appointment_id);
create index encounters_branch_id_idx on public.encounters (branch_id);

select sync.register_table('encounters');

create policy encounters_read on public.encounters for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy encounters_create on public.encounters for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy encounters_update on public.encounters for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy encounters_delete on public.encounters for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
