-- Patients, with Brazilian (CPF, RG) or Honduran (DNI) documents and a normalised phone for dedup.
-- Read: admin, doctor, nurse, reception, billing. Create: admin, doctor, nurse, reception. Update/delete: admin, doctor, nurse, reception. anon: nothing.

create table public.patients (
  id uuid primary key,
  full_name text not null,
  document_type text check (document_type in ('CPF', 'RG', 'DNI', 'passport', 'other')),
  document_id text,
  birth_date date,
  sex text check (sex in ('female', 'male', 'other', 'unknown')),
  phone text,
  phone_normalized text,
  email text,
  address jsonb,
  notes text,
  tags text[],
  branch_id uuid references public.branches (id),
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint patients_check_1 check (address is null or jsonb_typeof(address) = 'object')
);

create index patients_branch_id_idx on public.patients (branch_id);
create index patients_phone_normalized_idx on public.patients (phone_normalized);
create index patients_document_idx on public.patients (document_type, document_id);

select sync.register_table('patients');

create policy patients_read on public.patients for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy patients_create on public.patients for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse,reception}'));

create policy patients_update on public.patients for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse,reception}'));

create policy patients_delete on public.patients for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception}'));
