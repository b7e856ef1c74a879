-- Appointments of a patient with a professional.
-- Read: admin, doctor, nurse, reception, billing. Create: admin, doctor, nurse, reception. Update/delete: admin, doctor, nurse, reception. anon: nothing.

create table public.appointments (
  id uuid primary key,
  patient_id uuid not null references public.patients (id),
  professional_id uuid not null references public.profiles (id),
  room_id uuid references public.rooms (id),
  branch_id uuid not null references public.branches (id),
  service_id uuid references public.services (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'confirmed', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show')),
  notes text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint appointments_check_1 check (ends_at > starts_at)
);

create index appointments_patient_id_idx on public.appointments (patient_id);
create index appointments_professional_id_idx on public.appointments (professional_id);
create index appointments_room_id_idx on public.appointments (room_id);
create index appointments_branch_id_idx on public.appointments (branch_id);
create index appointments_service_id_idx on public.appointments (service_id);
create index appointments_starts_at_idx on public.appointments (branch_id, starts_at);

select sync.register_table('appointments');

create policy appointments_read on public.appointments for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy appointments_create on public.appointments for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse,reception}'));

create policy appointments_update on public.appointments for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse,reception}'));

create policy appointments_delete on public.appointments for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception}'));
