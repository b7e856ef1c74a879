-- When the patient arrived (check-in), so the waiting list can say who waits and since when, in
-- order of arrival. Set together with status 'checked_in'; null until the patient arrives.
-- Access is the appointments' own (everyone reads, care staff write).

alter table public.appointments add column checked_in_at timestamptz;
