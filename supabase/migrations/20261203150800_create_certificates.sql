-- Medical certificates (atestados) issued in an encounter: a sick leave of `days` days from
-- `starts_on`, or a statement of attendance. `cid_code` is printed only when the patient agreed
-- (CFM Resolution 1.658/2002), so it is a separate, optional column. Clinical data: admin,
-- doctor, nurse; reception and billing see nothing. anon: nothing.

create table public.certificates (
  id uuid primary key,
  encounter_id uuid not null references public.encounters (id),
  patient_id uuid not null references public.patients (id),
  professional_id uuid not null references public.profiles (id),
  kind text not null check (kind in ('sick_leave', 'attendance')),
  issued_at timestamptz not null,
  starts_on date,
  days integer,
  cid_code text,
  remarks text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint certificates_days_check check (days is null or days between 1 and 365),
  constraint certificates_cid_code_format check (cid_code is null or cid_code ~ '^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$')
);

create index certificates_encounter_id_idx on public.certificates (encounter_id);
create index certificates_patient_id_idx on public.certificates (patient_id);
create index certificates_professional_id_idx on public.certificates (professional_id);

select sync.register_table('certificates');
update sync.entity_settings set read_roles = '{admin,doctor,nurse}' where table_name = 'certificates';

create policy certificates_read on public.certificates for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy certificates_create on public.certificates for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy certificates_update on public.certificates for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy certificates_delete on public.certificates for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
