-- What a Supabase project provides before any of our migrations run: roles, the `extensions`
-- schema with pgcrypto, the `auth` schema (users, identities, uid()/jwt()/role()), the `storage`
-- schema (buckets, objects with RLS) and `realtime.messages` / `realtime.send`.
--
-- The local server and the SQL tests apply this to plain PostgreSQL or PGlite; it is never run on a
-- real Supabase stack. Shapes follow Supabase's own migrations so that `supabase/migrations` and
-- `supabase/seed.sql` run unchanged on both.
--
-- Invariant: idempotent. Running it twice (or from two processes against two databases of one
-- cluster, where roles are shared) changes nothing the second time and never fails.

-- Roles are cluster-wide: another database of the same server may be creating them right now.
do $roles$
declare
  spec record;
begin
  for spec in
    select * from (values
      ('anon', 'nologin noinherit'),
      ('authenticated', 'nologin noinherit'),
      ('service_role', 'nologin noinherit bypassrls'),
      ('authenticator', 'login noinherit')
    ) as r(name, options)
  loop
    if not exists (select 1 from pg_roles where rolname = spec.name) then
      begin
        execute format('create role %I %s', spec.name, spec.options);
      exception when duplicate_object or unique_violation then
        null;
      end;
    end if;
  end loop;
end
$roles$;

do $members$
begin
  grant anon, authenticated, service_role to authenticator;
exception when others then
  -- Granting twice only warns; a concurrent grant from another database may collide. Either way
  -- the membership exists afterwards.
  null;
end
$members$;

-- Supabase's statement timeouts for the API roles: PostgREST logs in as `authenticator` and applies
-- the impersonated role's settings in each request (service_role has none: it keeps the
-- authenticator's 8 s). The local server applies them the same way (server/db/role-timeouts.ts).
-- Set per database rather than cluster-wide as Supabase does, so that preparing one database never
-- changes another of the same server; skipped when already set, so a second run changes nothing.
do $timeouts$
declare
  spec record;
begin
  for spec in
    select * from (values ('anon', '3s'), ('authenticated', '8s'), ('authenticator', '8s')) as t(role_name, timeout)
  loop
    if not exists (
      select 1 from pg_db_role_setting s
       where s.setrole = (select oid from pg_roles where rolname = spec.role_name)
         and s.setdatabase = (select oid from pg_database where datname = current_database())
         and 'statement_timeout=' || spec.timeout = any (s.setconfig)
    ) then
      execute format('alter role %I in database %I set statement_timeout = %L',
                     spec.role_name, current_database(), spec.timeout);
    end if;
  end loop;
end
$timeouts$;

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;
create extension if not exists pgcrypto with schema extensions;

-- Supabase grants table rights in `public` to the API roles by default and lets RLS decide.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant execute on functions to anon, authenticated, service_role;

------------------------------------------------------------------------------------------------
-- auth
------------------------------------------------------------------------------------------------
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255),
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text unique default null,
  phone_confirmed_at timestamptz,
  phone_change text default '',
  phone_change_token varchar(255) default '',
  phone_change_sent_at timestamptz,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current varchar(255) default '',
  email_change_confirm_status smallint default 0 check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  banned_until timestamptz,
  reauthentication_token varchar(255) default '',
  reauthentication_sent_at timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
create unique index if not exists users_email_partial_key on auth.users (email) where is_sso_user = false;

create table if not exists auth.identities (
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  id uuid primary key default gen_random_uuid(),
  unique (provider_id, provider)
);

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.email() to anon, authenticated, service_role;
grant select on auth.users, auth.identities to service_role;

------------------------------------------------------------------------------------------------
-- storage
------------------------------------------------------------------------------------------------
create schema if not exists storage;
grant usage on schema storage to anon, authenticated, service_role;

create table if not exists storage.buckets (
  id text primary key,
  name text not null unique,
  owner uuid,
  owner_id text,
  public boolean default false,
  avif_autodetection boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  type text not null default 'STANDARD',
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);

create table if not exists storage.objects (
  id uuid primary key default gen_random_uuid(),
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,
  owner_id text,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now(),
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  user_metadata jsonb,
  level integer
);
create unique index if not exists bucketid_objname on storage.objects (bucket_id, name);
create index if not exists idx_objects_bucket_id_name on storage.objects (bucket_id, name collate "C");

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
grant all on storage.buckets, storage.objects to authenticated, service_role;
grant select on storage.buckets, storage.objects to anon;

create or replace function storage.foldername(name text) returns text[]
language sql immutable
as $$ select (string_to_array(name, '/'))[1:array_length(string_to_array(name, '/'), 1) - 1] $$;

create or replace function storage.filename(name text) returns text
language sql immutable
as $$ select (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)] $$;

create or replace function storage.extension(name text) returns text
language sql immutable
as $$ select reverse(split_part(reverse(storage.filename(name)), '.', 1)) $$;

grant execute on function storage.foldername(text), storage.filename(text), storage.extension(text)
  to anon, authenticated, service_role;

------------------------------------------------------------------------------------------------
-- realtime
------------------------------------------------------------------------------------------------
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

create table if not exists realtime.messages (
  id uuid not null default gen_random_uuid(),
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp not null default now(),
  inserted_at timestamp not null default now(),
  primary key (id)
);
alter table realtime.messages enable row level security;
grant select, insert on realtime.messages to authenticated, service_role;

-- Supabase's realtime.topic(): the topic a Realtime authorization check or realtime.send runs for
-- (the local server sets `realtime.topic` while it checks a join, a send or a track).
create or replace function realtime.topic() returns text
language sql stable
as $$ select nullif(current_setting('realtime.topic', true), '')::text $$;
grant execute on function realtime.topic() to anon, authenticated, service_role;

-- Supabase's realtime.send, as its Realtime migrations define it: security invoker (the caller needs
-- rights on realtime.messages and must pass its RLS), the payload gets the message id, the topic is
-- set for the insert's policies, and any error — a refused insert, a missing partition on
-- Supabase — becomes a WARNING: the message is lost and the caller's transaction goes on.
-- Where Supabase's Realtime reads the new row from the table, the local server LISTENs on
-- `realtime_messages`; the notification is sent in the same protected block, so a lost message is
-- lost here too, and Postgres delivers it only when the sending transaction commits.
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql volatile
security invoker
as $$
declare
  generated_id uuid;
  final_payload jsonb;
begin
  begin
    generated_id := gen_random_uuid();
    if payload ? 'id' then
      final_payload := payload;
    else
      final_payload := jsonb_set(payload, '{id}', to_jsonb(generated_id));
    end if;
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id, final_payload, event, topic, private, 'broadcast');
    perform pg_notify('realtime_messages', jsonb_build_object(
      'id', generated_id,
      'topic', topic,
      'event', event,
      'payload', final_payload,
      'private', private
    )::text);
  exception
    when others then
      raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;
grant execute on function realtime.send(jsonb, text, text, boolean) to authenticated, service_role;
