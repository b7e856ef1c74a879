-- Payments received (reception may record them).
-- Read: admin, billing, reception. Create: admin, billing, reception. Update/delete: admin, billing. anon: nothing.

create table public.payments (
  id uuid primary key,
  invoice_id uuid references public.invoices (id),
  patient_id uuid references public.patients (id),
  branch_id uuid not null references public.branches (id),
  cash_closure_id uuid references public.cash_closures (id),
  amount numeric not null,
  currency text not null check (currency in ('BRL', 'HNL')),
  method text not null check (method in ('cash', 'card', 'pix', 'transfer', 'insurance', 'other')),
  paid_at timestamptz not null,
  reference text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint payments_check_1 check (amount >= 0)
);

create index payments_invoice_id_idx on public.payments (invoice_id);
create index payments_patient_id_idx on public.payments (patient_id);
create index payments_branch_id_idx on public.payments (branch_id);
create index payments_cash_closure_id_idx on public.payments (cash_closure_id);

select sync.register_table('payments');

create policy payments_read on public.payments for select to authenticated
  using ((select sync.current_role()) = any ('{admin,billing,reception}'));

create policy payments_create on public.payments for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,billing,reception}'));

create policy payments_update on public.payments for update to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'))
  with check ((select sync.current_role()) = any ('{admin,billing}'));

create policy payments_delete on public.payments for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'));
