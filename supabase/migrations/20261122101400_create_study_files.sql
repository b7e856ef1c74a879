-- Files attached to a study.
-- Read: admin, doctor, nurse. Create: admin, doctor, nurse. Update/delete: admin, doctor, nurse. anon: nothing.

create table public.study_files (
  id uuid primary key,
  study_id uuid not null references public.studies (id),
  file_id uuid not null references public.files (id),
  caption text,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

create index study_files_study_id_idx on public.study_files (study_id);
create index study_files_file_id_idx on public.study_files (file_id);

select sync.register_table('study_files');

create policy study_files_read on public.study_files for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy study_files_create on public.study_files for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy study_files_update on public.study_files for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy study_files_delete on public.study_files for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));
