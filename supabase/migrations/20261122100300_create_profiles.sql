-- Staff profiles: id is the auth user id (no foreign key to auth.users, so a profile syncs and restores on its own); role drives every RLS policy.
-- Read: admin, doctor, nurse, reception, billing. Create: admin. Update/delete: admin. anon: nothing.

create table public.profiles (
  id uuid primary key,
  full_name text not null,
  role text not null check (role in ('admin', 'doctor', 'nurse', 'reception', 'billing')),
  branch_id uuid references public.branches (id),
  email text,
  phone text,
  license_number text,
  active boolean not null default true,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text
);

create index profiles_branch_id_idx on public.profiles (branch_id);

select sync.register_table('profiles');

create policy profiles_read on public.profiles for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}'));

create policy profiles_create on public.profiles for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin}'));

create policy profiles_update on public.profiles for update to authenticated
  using ((select sync.current_role()) = any ('{admin}'))
  with check ((select sync.current_role()) = any ('{admin}'));

create policy profiles_delete on public.profiles for delete to authenticated
  using ((select sync.current_role()) = any ('{admin}'));
