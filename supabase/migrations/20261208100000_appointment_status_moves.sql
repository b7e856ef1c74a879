-- An appointment's status changes only along the moves the app offers, for every writer that
-- reaches the database through the API (devices through sync_push, REST calls, the service role).
-- The app holds the same table (src/core/agenda/appointment-status.ts: change both together):
--
--   scheduled   → confirmed, checked_in, in_progress, cancelled, no_show
--   confirmed   → scheduled, checked_in, in_progress, cancelled, no_show
--   checked_in  → in_progress, confirmed, cancelled, no_show
--   in_progress → completed, checked_in
--   completed   → (none: final)
--   cancelled   → scheduled
--   no_show     → scheduled
--
-- A change is allowed when a chain of these moves leads from the stored status to the new one,
-- not only a single step: a device folds the edits it made offline into one before sending them
-- (arrived, seen and done reach the server as one change from scheduled to completed). No chain
-- leaves `completed`: a completed appointment is never cancelled, missed or reopened, whatever a
-- device had queued. Anything else is refused with SQLSTATE 23514 (check_violation, so sync_push
-- answers `rejected` / `invalid_data`) and a message starting with `appointment_status:`, which the
-- app recognises and translates. Inserts may carry any status (a visit recorded afterwards).
-- A database session of the owner (migrations, the seed, the SQL console) is trusted, as for
-- signed encounters (clinic.bound_by_signature names the API roles).

create function clinic.appointment_status_allowed(from_status text, to_status text) returns boolean
language sql immutable
set search_path = ''
as $$
  with recursive moves (source, target) as (
    values
      ('scheduled', 'confirmed'), ('scheduled', 'checked_in'), ('scheduled', 'in_progress'),
      ('scheduled', 'cancelled'), ('scheduled', 'no_show'),
      ('confirmed', 'scheduled'), ('confirmed', 'checked_in'), ('confirmed', 'in_progress'),
      ('confirmed', 'cancelled'), ('confirmed', 'no_show'),
      ('checked_in', 'in_progress'), ('checked_in', 'confirmed'), ('checked_in', 'cancelled'),
      ('checked_in', 'no_show'),
      ('in_progress', 'completed'), ('in_progress', 'checked_in'),
      ('cancelled', 'scheduled'),
      ('no_show', 'scheduled')
  ),
  reachable (status) as (
    select target from moves where source = from_status
    union
    select m.target from moves m join reachable r on m.source = r.status
  )
  select from_status is not distinct from to_status
      or exists (select 1 from reachable where status = to_status)
$$;
revoke execute on function clinic.appointment_status_allowed(text, text) from public;
grant execute on function clinic.appointment_status_allowed(text, text) to anon, authenticated, service_role;

create function clinic.keep_appointment_status_moves() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not clinic.bound_by_signature() or clinic.appointment_status_allowed(old.status, new.status) then
    return new;
  end if;
  raise exception 'appointment_status: appointment % cannot move from % to %', old.id, old.status, new.status
    using errcode = 'check_violation';
end
$$;

create trigger appointment_status_moves before update of status on public.appointments
  for each row execute function clinic.keep_appointment_status_moves();
