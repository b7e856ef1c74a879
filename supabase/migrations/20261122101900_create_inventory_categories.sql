-- Groups of stock items.
-- Read: admin, doctor, nurse, reception, billing. Create: admin, nurse. Update/delete: admin, nurse. anon: nothing.

create table public.inventory_categories (
  id uuid primary key,
  name text not null,
  description text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

select sync.register_table('inventory_categories');

create policy inventory_categories_read on public.inventory_categories for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy inventory_categories_create on public.inventory_categories for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,nurse}'));

create policy inventory_categories_update on public.inventory_categories for update to authenticated
  using ((select sync.current_role()) = any ('{admin,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,nurse}'));

create policy inventory_categories_delete on public.inventory_categories for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,nurse}'));
