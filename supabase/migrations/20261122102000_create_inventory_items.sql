-- Stock items of a branch.
-- Read: admin, doctor, nurse, reception, billing. Create: admin, nurse. Update/delete: admin, nurse. anon: nothing.

create table public.inventory_items (
  id uuid primary key,
  category_id uuid references public.inventory_categories (id),
  branch_id uuid not null references public.branches (id),
  name text not null,
  sku text,
  unit text not null,
  quantity_on_hand numeric not null default 0,
  reorder_level numeric,
  unit_cost numeric,
  active boolean not null default true,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint inventory_items_check_1 check (reorder_level is null or reorder_level >= 0),
  constraint inventory_items_check_2 check (unit_cost is null or unit_cost >= 0)
);

create index inventory_items_category_id_idx on public.inventory_items (category_id);
create index inventory_items_branch_id_idx on public.inventory_items (branch_id);

select sync.register_table('inventory_items');

create policy inventory_items_read on public.inventory_items for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy inventory_items_create on public.inventory_items for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,nurse}'));

create policy inventory_items_update on public.inventory_items for update to authenticated
  using ((select sync.current_role()) = any ('{admin,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,nurse}'));

create policy inventory_items_delete on public.inventory_items for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,nurse}'));
