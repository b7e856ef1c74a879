-- When a branch opens and closes, in minutes after midnight in the branch's own time zone
-- (`timezone`): the agenda's time grid spans these hours. Null: the agenda's default day
-- (07:00 to 19:00). Closing at 1440 is midnight. The app checks the same rules before saving
-- (src/core/schema/clinic-tables.ts).
-- Access is the branches' own (everyone reads, admin writes).

alter table public.branches
  add column opens_minute integer,
  add column closes_minute integer,
  add constraint branches_opens_minute_check check (opens_minute is null or opens_minute between 0 and 1439),
  add constraint branches_closes_minute_check check (closes_minute is null or closes_minute between 1 and 1440),
  add constraint branches_check_2 check (closes_minute > opens_minute);
