-- The private Storage bucket for the bytes behind `public.files`, and who may touch them.
-- Object names follow `<owner_table>/<owner_id>/<file name>`, so the same rule as the `files`
-- table applies to the bytes: files of clinical owners only for admin, doctor and nurse, of
-- billing owners only for admin and billing, the rest for any signed-in staff member with a live
-- profile. No public access: downloads use the user's token or a short-lived signed URL.

insert into storage.buckets (id, name, public, file_size_limit)
values ('clinic-files', 'clinic-files', false, 52428800)
on conflict (id) do nothing;

-- Whether the caller's role may touch a clinic-files object named `object_name`.
create function sync.may_touch_clinic_file(object_name text) returns boolean
language sql stable
set search_path = ''
as $$
  select role is not null
     and ((storage.foldername(object_name))[1] not in ('encounters', 'prescriptions', 'referrals', 'studies')
          or role in ('admin', 'doctor', 'nurse'))
     and ((storage.foldername(object_name))[1] not in ('invoices', 'payments', 'cash_closures')
          or role in ('admin', 'billing'))
  from (select sync.current_role() as role) caller
$$;
grant execute on function sync.may_touch_clinic_file(text) to authenticated, service_role;

create policy clinic_files_bucket_read on storage.buckets for select to authenticated
  using (id = 'clinic-files' and (select sync.current_role()) is not null);

create policy clinic_files_read on storage.objects for select to authenticated
  using (bucket_id = 'clinic-files' and sync.may_touch_clinic_file(name));

create policy clinic_files_create on storage.objects for insert to authenticated
  with check (bucket_id = 'clinic-files' and sync.may_touch_clinic_file(name));

create policy clinic_files_update on storage.objects for update to authenticated
  using (bucket_id = 'clinic-files' and sync.may_touch_clinic_file(name))
  with check (bucket_id = 'clinic-files' and sync.may_touch_clinic_file(name));

create policy clinic_files_delete on storage.objects for delete to authenticated
  using (bucket_id = 'clinic-files' and sync.may_touch_clinic_file(name));
