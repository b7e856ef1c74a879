-- Medications of a prescription, in order.
-- Read: admin, doctor, nurse. Create: admin, doctor, nurse. Update/delete: admin, doctor, nurse. anon: nothing.

create table public.prescription_items (
  id uuid primary key,
  prescription_id uuid not null references public.prescriptions (id),
  position integer not null,
  medication text not null,
  dosage text,
  frequency text,
  duration text,
  quantity numeric,
  instructions text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint prescription_items_check_1 check (position >= 0),
  constraint prescription_items_check_2 check (quantity is null or quantity >= 0)
);

create index prescription_items_prescription_id_idx on public.prescription_items (prescription_id);

select sync.register_table('prescription_items');

create policy prescription_items_read on public.prescription_items for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy prescription_items_create on public.prescription_items for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy prescription_items_update on public.prescription_items for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy prescription_items_delete on public.prescription_items for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
