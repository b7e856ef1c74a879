-- Stock in, out and adjustments.
-- Read: admin, doctor, nurse, reception, billing. Create: admin, nurse. Update/delete: admin, nurse. anon: nothing.

create table public.inventory_movements (
  id uuid primary key,
  item_id uuid not null references public.inventory_items (id),
  kind text not null check (kind in ('in', 'out', 'adjustment', 'transfer')),
  quantity numeric not null,
  moved_at timestamptz not null,
  reason text,
  reference_table text,
  reference_id uuid,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint inventory_movements_check_1 check (quantity <> 0)
);

create index inventory_movements_item_id_idx on public.inventory_movements (item_id);

select sync.register_table('inventory_movements');

create policy inventory_movements_read on public.inventory_movements for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy inventory_movements_create on public.inventory_movements for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,nurse}'));

create policy inventory_movements_update on public.inventory_movements for update to authenticated
  using ((select sync.current_role()) = any ('{admin,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,nurse}'));

create policy inventory_movements_delete on public.inventory_movements for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,nurse}'));
