-- The mutation log: every mutation sync_push processed, keyed by its `mid`. It is at once the
-- idempotency table (a `mid` seen before is answered from here, DESIGN §3.3) and the server audit
-- trail (who, from which client, what, when, with what outcome).
--
-- Only the security definer functions below touch it; clients have no rights on it (RLS on, no
-- policy), the service role reads it for audits.
--
-- Why a duplicate mid can never apply twice: sync_push becomes the writer (locks sync.counter)
-- before it looks any mid up, and keeps that lock until it commits, together with the log rows
-- of everything it processed. A concurrent push of the same mid therefore waits, and then finds
-- the committed log row and replays it; if the first push rolled back, there is no log row and
-- no write, and the second applies the mutation. The primary key backs this up.

create table sync.mutations (
  mid uuid primary key,
  client_id text not null,
  user_id uuid,
  table_name text,
  row_id uuid,
  op text,
  status text not null check (status in ('applied', 'conflict', 'rejected')),
  rev bigint,
  code text,
  client_at text,
  received_at timestamptz not null default now(),
  result jsonb not null
);
create index mutations_row_idx on sync.mutations (table_name, row_id);
create index mutations_user_idx on sync.mutations (user_id, received_at);
alter table sync.mutations enable row level security;
grant select on sync.mutations to service_role;

-- Whether a JSON value is a uuid string (any case).
-- (No SET clause, so that it is inlined into the calling query: it runs several times per mutation.)
create function sync.is_uuid(value jsonb) returns boolean
language sql immutable
as $$
  select coalesce(jsonb_typeof(value) = 'string'
     and (value #>> '{}') ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', false)
$$;

-- The earlier results of these mids, as {mid: {mine, result}}; `mine` is whether the caller sent
-- it (a mid is bound to the user who first sent it; another user reusing it learns nothing).
create function sync.recorded_results(mids uuid[]) returns jsonb
language sql stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(m.mid::text, jsonb_build_object(
           'mine', m.user_id is not distinct from auth.uid(),
           'result', m.result)), '{}'::jsonb)
  from sync.mutations m
  where m.mid = any (mids)
$$;

-- Logs processed mutations: each entry is {mutation, result}.
create function sync.record_mutations(sender text, entries jsonb[]) returns void
language sql volatile
security definer
set search_path = ''
as $$
  insert into sync.mutations (mid, client_id, user_id, table_name, row_id, op, status, rev, code, client_at, result)
  select (e -> 'result' ->> 'mid')::uuid, sender, auth.uid(),
         left(e -> 'mutation' ->> 'table', 200),
         case when sync.is_uuid(e -> 'mutation' -> 'id') then (e -> 'mutation' ->> 'id')::uuid end,
         left(e -> 'mutation' ->> 'op', 20),
         e -> 'result' ->> 'status',
         (e -> 'result' ->> 'rev')::bigint,
         e -> 'result' ->> 'code',
         left(e -> 'mutation' ->> 'at', 100),
         e -> 'result'
  from unnest(entries) e
$$;

revoke execute on function sync.recorded_results(uuid[]), sync.record_mutations(text, jsonb[]) from public;
grant execute on function sync.recorded_results(uuid[]), sync.record_mutations(text, jsonb[])
  to authenticated, service_role;
