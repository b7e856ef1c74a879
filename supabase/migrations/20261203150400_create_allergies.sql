-- A patient's allergies, one row each: two professionals recording allergies on two offline
-- devices add two rows, and both are kept (a merged text field would make them collide).
-- `status` retires an entry without deleting it: 'resolved' (no longer allergic) or 'refuted'
-- (recorded in error). Clinical data: read and written by admin, doctor, nurse; reception and
-- billing see nothing. anon: nothing.

create table public.allergies (
  id uuid primary key,
  patient_id uuid not null references public.patients (id),
  substance text not null,
  reaction text,
  severity text check (severity in ('mild', 'moderate', 'severe', 'unknown')),
  status text not null default 'active' check (status in ('active', 'resolved', 'refuted')),
  noted_by uuid references public.profiles (id),
  noted_at timestamptz not null,
  notes text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint allergies_substance_not_blank check (btrim(substance) <> '')
);

create index allergies_patient_id_idx on public.allergies (patient_id);
create index allergies_noted_by_idx on public.allergies (noted_by);

select sync.register_table('allergies');
update sync.entity_settings set read_roles = '{admin,doctor,nurse}' where table_name = 'allergies';

create policy allergies_read on public.allergies for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy allergies_create on public.allergies for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy allergies_update on public.allergies for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy allergies_delete on public.allergies for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
