-- Referrals to other specialties.
-- Read: admin, doctor, nurse. Create: admin, doctor, nurse. Update/delete: admin, doctor, nurse. anon: nothing.

create table public.referrals (
  id uuid primary key,
  encounter_id uuid references public.encounters (id),
  patient_id uuid not null references public.patients (id),
  professional_id uuid not null references public.profiles (id),
  specialty text not null,
  referred_to text,
  reason text,
  urgency text not null default 'routine' check (urgency in ('routine', 'priority', 'urgent')),
  status text not null default 'open' check (status in ('open', 'scheduled', 'completed', 'cancelled')),
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

create index referrals_encounter_id_idx on public.referrals (encounter_id);
create index referrals_patient_id_idx on public.referrals (patient_id);
create index referrals_professional_id_idx on public.referrals (professional_id);

select sync.register_table('referrals');

create policy referrals_read on public.referrals for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy referrals_create on public.referrals for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy referrals_update on public.referrals for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy referrals_delete on public.referrals for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
