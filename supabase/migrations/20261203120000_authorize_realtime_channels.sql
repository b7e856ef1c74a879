-- The app's realtime channels are private and authorized by RLS on realtime.messages, as
-- Supabase Realtime authorizes private channels (realtime.topic() is the channel being joined,
-- `extension` is broadcast or presence; SELECT = receive, INSERT = send / track).
--
-- - `sync`: every staff member with a live, active profile receives the server's pokes; nobody
--   may send one (only the database does, through realtime.send, which needs no policy).
-- - `devices`: staff see who is online and announce themselves (the server builds the presence
--   entry from the token, so nobody appears as someone else).
-- Anything else, and anyone without a staff profile, is refused: anon has no grant at all.

create policy staff_receive_sync_pokes on realtime.messages for select to authenticated
  using (realtime.messages.extension = 'broadcast'
    and (select realtime.topic()) = 'sync'
    and (select sync.current_role()) is not null);

create policy staff_see_devices_online on realtime.messages for select to authenticated
  using (realtime.messages.extension = 'presence'
    and (select realtime.topic()) = 'devices'
    and (select sync.current_role()) is not null);

create policy staff_announce_their_device on realtime.messages for insert to authenticated
  with check (realtime.messages.extension = 'presence'
    and (select realtime.topic()) = 'devices'
    and (select sync.current_role()) is not null);

-- The poke goes to the private `sync` channel (realtime.send's last argument), the one staff
-- devices join; a public channel of the same name is another audience and hears nothing. Otherwise
-- as in 20261203110000_revs_follow_transaction_ids.sql.
create or replace function sync.poke() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  tx text := pg_current_xact_id()::text;
  last_issued bigint := nullif(current_setting('sync.rev_last', true), '')::bigint;
begin
  if last_issued is not null and current_setting('sync.poked', true) is distinct from tx then
    perform set_config('sync.poked', tx, true);
    perform realtime.send(jsonb_build_object('rev', last_issued), 'poke', 'sync', true);
  end if;
  return null;
end
$$;
