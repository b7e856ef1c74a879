-- Services offered, with duration and price.
-- Read: admin, doctor, nurse, reception, billing. Create: admin. Update/delete: admin. anon: nothing.

create table public.services (
  id uuid primary key,
  category_id uuid references public.service_categories (id),
  name text not null,
  code text,
  duration_minutes integer not null default 30,
  price numeric not null,
  currency text not null check (currency in ('BRL', 'HNL')),
  active boolean not null default true,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint services_check_1 check (duration_minutes > 0),
  constraint services_check_2 check (price >= 0)
);

create index services_category_id_idx on public.services (category_id);

select sync.register_table('services');

create policy services_read on public.services for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy services_create on public.services for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin}'));

create policy services_update on public.services for update to authenticated
  using ((select sync.current_role()) = any ('{admin}'))
  with check ((select sync.current_role()) = any ('{admin}'));

create policy services_delete on public.services for delete to authenticated
  using ((select sync.current_role()) = any ('{admin}'));
