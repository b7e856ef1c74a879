-- Addenda: what a professional adds to an encounter after it was signed (the signed record itself
-- never changes). An addendum is final once written: there is no update or delete policy, so
-- nobody changes or removes one through the API; a correction is another addendum. The author
-- is the server's call: the signing-in user's own profile when there is one.
-- Clinical data: read and created by admin, doctor, nurse; changed by nobody. anon: nothing.

create table public.encounter_addenda (
  id uuid primary key,
  encounter_id uuid not null references public.encounters (id),
  author_id uuid not null references public.profiles (id),
  written_at timestamptz not null,
  body text not null,
  rev bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  last_editor text,
  constraint encounter_addenda_body_not_blank check (btrim(body) <> '')
);

create index encounter_addenda_encounter_id_idx on public.encounter_addenda (encounter_id);
create index encounter_addenda_author_id_idx on public.encounter_addenda (author_id);

select sync.register_table('encounter_addenda');
update sync.entity_settings set read_roles = '{admin,doctor,nurse}' where table_name = 'encounter_addenda';

create policy encounter_addenda_read on public.encounter_addenda for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create policy encounter_addenda_create on public.encounter_addenda for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse}'));

create function clinic.stamp_addendum_author() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.author_id := coalesce(clinic.caller_profile(), new.author_id);
  return new;
end
$$;

create trigger encounter_addenda_stamp_author before insert on public.encounter_addenda
  for each row execute function clinic.stamp_addendum_author();
