-- The private bucket that holds the bytes of `files` rows, and who may touch its objects.
-- Keys are `<owner table>/<owner id>/<sha256>-<name>` (src/core/files/object-path.ts), so the
-- first folder names the owner table and the same rule as the `files` rows applies: staff only;
-- clinical owners (encounters, prescriptions, referrals, studies) for admin, doctor, nurse;
-- billing owners (invoices, payments, cash_closures) for admin, billing. Objects are
-- content-addressed and never overwritten, so there is no update policy; only an admin removes
-- (the service role, which bypasses RLS, runs reconciliation). Limits match supabase/config.toml
-- and src/core/files/file-limits.ts.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('clinic-files', 'clinic-files', false, 52428800,
        array['application/pdf', 'image/*', 'text/plain', 'application/dicom', 'video/mp4', 'video/webm'])
on conflict (id) do nothing;

create policy clinic_files_read on storage.objects for select to authenticated
  using (bucket_id = 'clinic-files'
    and (select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and ((storage.foldername(name))[1] not in ('encounters', 'prescriptions', 'referrals', 'studies') or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and ((storage.foldername(name))[1] not in ('invoices', 'payments', 'cash_closures') or (select sync.current_role()) = any ('{admin,billing}')));

create policy clinic_files_create on storage.objects for insert to authenticated
  with check (bucket_id = 'clinic-files'
    and (select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (storage.foldername(name))[1] in ('branches', 'profiles', 'patients', 'appointments', 'encounters', 'prescriptions', 'referrals', 'studies', 'invoices', 'payments', 'cash_closures', 'inventory_items', 'crm_leads')
    and ((storage.foldername(name))[1] not in ('encounters', 'prescriptions', 'referrals', 'studies') or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and ((storage.foldername(name))[1] not in ('invoices', 'payments', 'cash_closures') or (select sync.current_role()) = any ('{admin,billing}')));

create policy clinic_files_delete on storage.objects for delete to authenticated
  using (bucket_id = 'clinic-files' and (select sync.current_role()) = 'admin');
