-- Cash register sessions of a branch.
-- Read: admin, billing. Create: admin, billing. Update/delete: admin, billing. anon: nothing.

create table public.cash_closures (
  id uuid primary key,
  branch_id uuid not null references public.branches (id),
  currency text not null check (currency in ('BRL', 'HNL')),
  opened_at timestamptz not null,
  opened_by uuid references public.profiles (id),
  opening_amount numeric not null default 0,
  closed_at timestamptz,
  closed_by uuid references public.profiles (id),
  expected_amount numeric,
  closing_amount numeric,
  notes text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint cash_closures_check_1 check (opening_amount >= 0),
  constraint cash_closures_check_2 check (closing_amount is null or closing_amount >= 0),
  constraint cash_closures_check_3 check (expected_amount is null or expected_amount >= 0),
  constraint cash_closures_check_4 check (closed_at is null or closed_at >= opened_at)
);

create index cash_closures_branch_id_idx on public.cash_closures (branch_id);
create index cash_closures_opened_by_idx on public.cash_closures (opened_by);
create index cash_closures_closed_by_idx on public.cash_closures (closed_by);

select sync.register_table('cash_closures');

create policy cash_closures_read on public.cash_closures for select to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'));

create policy cash_closures_create on public.cash_closures for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,billing}'));

create policy cash_closures_update on public.cash_closures for update to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'))
  with check ((select sync.current_role()) = any ('{admin,billing}'));

create policy cash_closures_delete on public.cash_closures for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'));
