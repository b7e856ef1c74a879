-- Groups of services offered.
-- Read: admin, doctor, nurse, reception, billing. Create: admin. Update/delete: admin. anon: nothing.

create table public.service_categories (
  id uuid primary key,
  name text not null,
  description text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

select sync.register_table('service_categories');

create policy service_categories_read on public.service_categories for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy service_categories_create on public.service_categories for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin}'));

create policy service_categories_update on public.service_categories for update to authenticated
  using ((select sync.current_role()) = any ('{admin}'))
  with check ((select sync.current_role()) = any ('{admin}'));

create policy service_categories_delete on public.service_categories for delete to authenticated
  using ((select sync.current_role()) = any ('{admin}'));
