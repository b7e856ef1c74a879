-- Clinic branches (one per site; country, timezone and currency drive the UI).
-- Read: admin, doctor, nurse, reception, billing. Create: admin. Update/delete: admin. anon: nothing.

create table public.branches (
  id uuid primary key,
  name text not null,
  code text not null,
  country text not null check (country in ('BR', 'HN')),
  timezone text not null default 'America/Sao_Paulo',
  currency text not null check (currency in ('BRL', 'HNL')),
  phone text,
  address jsonb,
  active boolean not null default true,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint branches_check_1 check (address is null or jsonb_typeof(address) = 'object')
);

create unique index branches_code_key on public.branches (code) where deleted_at is null;

select sync.register_table('branches');

create policy branches_read on public.branches for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy branches_create on public.branches for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin}'));

create policy branches_update on public.branches for update to authenticated
  using ((select sync.current_role()) = any ('{admin}'))
  with check ((select sync.current_role()) = any ('{admin}'));

create policy branches_delete on public.branches for delete to authenticated
  using ((select sync.current_role()) = any ('{admin}'));
