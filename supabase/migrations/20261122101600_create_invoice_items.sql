-- Lines of an invoice.
-- Read: admin, billing. Create: admin, billing. Update/delete: admin, billing. anon: nothing.

create table public.invoice_items (
  id uuid primary key,
  invoice_id uuid not null references public.invoices (id),
  service_id uuid references public.services (id),
  description text not null,
  quantity numeric not null,
  unit_price numeric not null,
  amount numeric not null,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint invoice_items_check_1 check (quantity > 0),
  constraint invoice_items_check_2 check (unit_price >= 0),
  constraint invoice_items_check_3 check (amount >= 0)
);

create index invoice_items_invoice_id_idx on public.invoice_items (invoice_id);
create index invoice_items_service_id_idx on public.invoice_items (service_id);

select sync.register_table('invoice_items');

create policy invoice_items_read on public.invoice_items for select to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'));

create policy invoice_items_create on public.invoice_items for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,billing}'));

create policy invoice_items_update on public.invoice_items for update to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'))
  with check ((select sync.current_role()) = any ('{admin,billing}'));

create policy invoice_items_delete on public.invoice_items for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,billing}'));
