-- Prospective patients moving through a pipeline.
-- Read: admin, reception. Create: admin, reception. Update/delete: admin, reception. anon: nothing.

create table public.crm_leads (
  id uuid primary key,
  pipeline_id uuid not null references public.crm_pipelines (id),
  stage_id uuid not null references public.crm_pipeline_stages (id),
  full_name text not null,
  phone text,
  phone_normalized text,
  email text,
  source text,
  patient_id uuid references public.patients (id),
  assigned_to uuid references public.profiles (id),
  value numeric,
  notes text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint crm_leads_check_1 check (value is null or value >= 0)
);

create index crm_leads_pipeline_id_idx on public.crm_leads (pipeline_id);
create index crm_leads_stage_id_idx on public.crm_leads (stage_id);
create index crm_leads_patient_id_idx on public.crm_leads (patient_id);
create index crm_leads_assigned_to_idx on public.crm_leads (assigned_to);
create index crm_leads_phone_normalized_idx on public.crm_leads (phone_normalized);

select sync.register_table('crm_leads');

create policy crm_leads_read on public.crm_leads for select to authenticated
  using ((select sync.current_role()) = any ('{admin,reception}'));

create policy crm_leads_create on public.crm_leads for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,reception}'));

create policy crm_leads_update on public.crm_leads for update to authenticated
  using ((select sync.current_role()) = any ('{admin,reception}'))
  with check ((select sync.current_role()) = any ('{admin,reception}'));

create policy crm_leads_delete on public.crm_leads for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,reception}'));
