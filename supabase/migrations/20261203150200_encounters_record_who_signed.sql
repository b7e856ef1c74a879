-- Who signed an encounter, next to when (`signed_at`). The server decides: when an encounter
-- becomes signed, `signed_by` is the signing user's own profile (the profile whose id is the
-- authenticated user); only a writer without one (a database session, the hub's service role
-- relaying a device's push) keeps the value sent, falling back to the encounter's professional.
-- So a signature can never be put in someone else's name through the API.
-- Existing signed encounters are taken as signed by their professional.

alter table public.encounters add column signed_by uuid references public.profiles (id);
create index encounters_signed_by_idx on public.encounters (signed_by);

update public.encounters set signed_by = professional_id where signed_at is not null and signed_by is null;

alter table public.encounters add constraint encounters_signed_by_with_signed_at
  check ((signed_at is null) = (signed_by is null));

-- The clinical record's own rules (signature, authorship). Not exposed through the API
-- (PostgREST serves `public` only).
create schema if not exists clinic;
grant usage on schema clinic to authenticated, service_role;

-- The live, active profile of the authenticated caller, or null (anon, service role, SQL
-- sessions). Security definer: the answer must not depend on what the caller may read.
create function clinic.caller_profile() returns uuid
language sql stable
security definer
set search_path = ''
as $$
  select p.id from public.profiles p
   where p.id = auth.uid() and p.deleted_at is null and p.active
$$;
revoke execute on function clinic.caller_profile() from public;
grant execute on function clinic.caller_profile() to authenticated, service_role;

create function clinic.stamp_signer() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.signed_at is not null and (tg_op = 'INSERT' or old.signed_at is null) then
    new.signed_by := coalesce(clinic.caller_profile(), new.signed_by, new.professional_id);
  elsif new.signed_at is null then
    new.signed_by := null;
  elsif tg_op = 'UPDATE' then
    new.signed_by := coalesce(old.signed_by, new.signed_by);
  end if;
  return new;
end
$$;

create trigger encounters_stamp_signer before insert or update on public.encounters
  for each row execute function clinic.stamp_signer();
