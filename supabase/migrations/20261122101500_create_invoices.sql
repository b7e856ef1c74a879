-- Invoices of a patient.
-- Read: admin, billing. Create: admin, billing. Update/delete: admin, billing. anon: nothing.

create table public.invoices (
  id uuid primary key,
  patient_id uuid not null references public.patients (id),
  branch_id uuid not null references public.branches (id),
  number text,
  status text not null default 'draft' check (status in ('draft', 'issued', 'paid', 'cancelled')),
  currency text not null check (currency in ('BRL', 'HNL')),
  issued_at timestamptz,
  due_date date,
  total numeric not null default 0,
  notes text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint invoices_check_1 check (total >= 0)
);

create index invoices_patient_id_idx on public.invoices (patient_id);
create index invoices_branch_id_idx on public.invoices (branch_id);

select sync.register_table('invoices');

create policy invoices_read on public.invoices for select to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'));

create policy invoices_create on public.invoices for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,billing}'));

create policy invoices_update on public.invoices for update to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'))
  with check ((select sync.current_role()) = any ('{admin,billing}'));

create policy invoices_delete on public.invoices for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'));
