-- The mutation log: every mutation sync_push processed, keyed by its `mid`. It is at once the
-- idempotency table (a `mid` seen before is answered from here, DESIGN §3.3) and the server audit
-- trail (who, from which client, what, when, with what outcome).
--
-- Only the security definer functions below write it; clients have no rights on it (RLS on, no
-- policy), the service role reads it for audits.

create table sync.mutations (
  mid uuid primary key,
  client_id text not null,
  user_id uuid,
  table_name text,
  row_id uuid,
  op text,
  status text not null check (status in ('pending', 'applied', 'conflict', 'rejected')),
  rev bigint,
  code text,
  client_at text,
  received_at timestamptz not null default now(),
  result jsonb
);
create index mutations_row_idx on sync.mutations (table_name, row_id);
create index mutations_user_idx on sync.mutations (user_id, received_at);
alter table sync.mutations enable row level security;
grant select on sync.mutations to service_role;

-- Claims `claimed_mid` for this transaction: returns null when the caller now owns it (a pending
-- row was inserted), else the first result, marked replayed. A concurrent push of the same mid
-- blocks on the primary key until the owner's transaction ends, then either replays its committed
-- result or (if it rolled back) claims the mid itself: a mutation is never applied twice.
-- A mid is bound to the user who first sent it; another user reusing it learns nothing of it.
create function sync.claim_mutation(claimed_mid uuid, sender text, mutation jsonb) returns jsonb
language plpgsql volatile
security definer
set search_path = ''
as $$
declare
  earlier sync.mutations;
  uuid_pattern constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
begin
  insert into sync.mutations (mid, client_id, user_id, table_name, row_id, op, status, client_at)
  values (
    claimed_mid, sender, auth.uid(),
    left(mutation ->> 'table', 200),
    case when mutation ->> 'id' ~ uuid_pattern then (mutation ->> 'id')::uuid end,
    left(mutation ->> 'op', 20),
    'pending',
    left(mutation ->> 'at', 100)
  );
  return null;
exception when unique_violation then
  select * into earlier from sync.mutations m where m.mid = claimed_mid;
  if earlier.user_id is distinct from auth.uid() then
    return jsonb_build_object('mid', mutation ->> 'mid', 'status', 'rejected', 'code', 'invalid_mutation',
                              'message', 'this mid was already used by another user', 'replayed', false);
  end if;
  return earlier.result || '{"replayed": true}'::jsonb;
end
$$;

-- Records the outcome of a claimed mutation (same transaction as the claim and the write).
create function sync.finish_mutation(claimed_mid uuid, outcome jsonb) returns void
language sql volatile
security definer
set search_path = ''
as $$
  update sync.mutations
     set status = outcome ->> 'status',
         rev = (outcome ->> 'rev')::bigint,
         code = outcome ->> 'code',
         result = outcome
   where mid = claimed_mid
$$;

revoke execute on function sync.claim_mutation(uuid, text, jsonb), sync.finish_mutation(uuid, jsonb) from public;
grant execute on function sync.claim_mutation(uuid, text, jsonb), sync.finish_mutation(uuid, jsonb)
  to authenticated, service_role;
