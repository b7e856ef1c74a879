-- Rooms of a branch where appointments happen.
-- Read: admin, doctor, nurse, reception, billing. Create: admin. Update/delete: admin. anon: nothing.

create table public.rooms (
  id uuid primary key,
  branch_id uuid not null references public.branches (id),
  name text not null,
  kind text not null check (kind in ('consultation', 'procedure', 'exam', 'other')),
  active boolean not null default true,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

create index rooms_branch_id_idx on public.rooms (branch_id);

select sync.register_table('rooms');

create policy rooms_read on public.rooms for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy rooms_create on public.rooms for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin}'));

create policy rooms_update on public.rooms for update to authenticated
  using ((select sync.current_role()) = any ('{admin}'))
  with check ((select sync.current_role()) = any ('{admin}'));

create policy rooms_delete on public.rooms for delete to authenticated
  using ((select sync.current_role()) = any ('{admin}'));
