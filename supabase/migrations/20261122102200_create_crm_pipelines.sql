-- Sales pipelines for leads.
-- Read: admin, reception. Create: admin, reception. Update/delete: admin, reception. anon: nothing.

create table public.crm_pipelines (
  id uuid primary key,
  name text not null,
  description text,
  active boolean not null default true,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

select sync.register_table('crm_pipelines');

create policy crm_pipelines_read on public.crm_pipelines for select to authenticated
  using ((select sync.current_role()) = any ('{admin,reception}'));

create policy crm_pipelines_create on public.crm_pipelines for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,reception}'));

create policy crm_pipelines_update on public.crm_pipelines for update to authenticated
  using ((select sync.current_role()) = any ('{admin,reception}'))
  with check ((select sync.current_role()) = any ('{admin,reception}'));

create policy crm_pipelines_delete on public.crm_pipelines for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,reception}'));
