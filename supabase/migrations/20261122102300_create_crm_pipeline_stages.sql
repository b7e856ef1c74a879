-- Ordered stages of a pipeline.
-- Read: admin, reception. Create: admin, reception. Update/delete: admin, reception. anon: nothing.

create table public.crm_pipeline_stages (
  id uuid primary key,
  pipeline_id uuid not null references public.crm_pipelines (id),
  name text not null,
  position integer not null,
  is_won boolean not null default false,
  is_lost boolean not null default false,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint crm_pipeline_stages_check_1 check (position >= 0),
  constraint crm_pipeline_stages_check_2 check (not (is_won and is_lost))
);

create index crm_pipeline_stages_pipeline_id_idx on public.crm_pipeline_stages (pipeline_id);

select sync.register_table('crm_pipeline_stages');

create policy crm_pipeline_stages_read on public.crm_pipeline_stages for select to authenticated
  using ((select sync.current_role()) = any ('{admin,reception}'));

create policy crm_pipeline_stages_create on public.crm_pipeline_stages for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,reception}'));

create policy crm_pipeline_stages_update on public.crm_pipeline_stages for update to authenticated
  using ((select sync.current_role()) = any ('{admin,reception}'))
  with check ((select sync.current_role()) = any ('{admin,reception}'));

create policy crm_pipeline_stages_delete on public.crm_pipeline_stages for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,reception}'));
