-- Metadata of stored files (the bytes live in Storage); `replaces` chains versions.
-- Read: admin, doctor, nurse, reception, billing. Create: admin, doctor, nurse, reception, billing. Update/delete: admin, doctor, nurse, reception, billing. anon: nothing.
-- Row rule: files of clinical owners (encounters, prescriptions, referrals, studies) only for admin, doctor, nurse; files of billing owners (invoices, payments, cash_closures) only for admin, billing.

create table public.files (
  id uuid primary key,
  owner_table text not null check (owner_table in ('branches', 'profiles', 'patients', 'appointments', 'encounters', 'prescriptions', 'referrals', 'studies', 'invoices', 'payments', 'cash_closures', 'inventory_items', 'crm_leads')),
  owner_id uuid not null,
  bucket text not null,
  path text not null,
  name text not null,
  content_type text not null,
  size bigint not null,
  sha256 text,
  uploaded_at timestamptz,
  replaces uuid references public.files (id),
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint files_check_1 check (size >= 0),
  constraint files_check_2 check (sha256 is null or sha256 ~ '^[0-9a-f]{64}$'),
  constraint files_check_3 check (replaces is null or replaces <> id)
);

create index files_owner_idx on public.files (owner_table, owner_id);

select sync.register_table('files');

create policy files_read on public.files for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (owner_table not in ('encounters', 'prescriptions', 'referrals', 'studies') or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (owner_table not in ('invoices', 'payments', 'cash_closures') or (select sync.current_role()) = any ('{admin,billing}')));

create policy files_create on public.files for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (owner_table not in ('encounters', 'prescriptions', 'referrals', 'studies') or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (owner_table not in ('invoices', 'payments', 'cash_closures') or (select sync.current_role()) = any ('{admin,billing}')));

create policy files_update on public.files for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (owner_table not in ('encounters', 'prescriptions', 'referrals', 'studies') or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (owner_table not in ('invoices', 'payments', 'cash_closures') or (select sync.current_role()) = any ('{admin,billing}')))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (owner_table not in ('encounters', 'prescriptions', 'referrals', 'studies') or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (owner_table not in ('invoices', 'payments', 'cash_closures') or (select sync.current_role()) = any ('{admin,billing}')));

create policy files_delete on public.files for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (owner_table not in ('encounters', 'prescriptions', 'referrals', 'studies') or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (owner_table not in ('invoices', 'payments', 'cash_closures') or (select sync.current_role()) = any ('{admin,billing}')));
