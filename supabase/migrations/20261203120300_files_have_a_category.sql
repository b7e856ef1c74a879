-- A file has a category, and who may see it follows the category, not only the record it is
-- attached to: an X-ray on a patient's page is clinical (admin, doctor, nurse), the scan of an ID
-- or an insurance card administrative (every staff role), a receipt billing (admin, billing).
-- Files of clinical records (encounters, prescriptions, referrals, studies) are always clinical
-- and files of billing records (invoices, payments, cash_closures) always billing; the other
-- records hold any category. A row written without one gets its owner's (clinical where the
-- owner allows any: a file nobody classified is treated as the most private kind).
--
-- The objects in `clinic-files` follow the same rule through the `files` row that names them
-- (RLS on `files` decides); an object no row names yet (its upload reached the server before its
-- row) is visible only to whoever uploaded it and to admins, until the row arrives.

alter table public.files add column category text;

update public.files set category = case
  when owner_table in ('invoices', 'payments', 'cash_closures') then 'billing'
  else 'clinical'
end;

alter table public.files alter column category set not null;
alter table public.files add constraint files_category_check
  check (category in ('administrative', 'clinical', 'billing'));
alter table public.files add constraint files_category_fits_owner
  check ((owner_table not in ('encounters', 'prescriptions', 'referrals', 'studies') or category = 'clinical')
     and (owner_table not in ('invoices', 'payments', 'cash_closures') or category = 'billing'));

create index files_bucket_path_idx on public.files (bucket, path);

create function sync.default_file_category() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.category is null then
    new.category := case when new.owner_table in ('invoices', 'payments', 'cash_closures') then 'billing' else 'clinical' end;
  end if;
  return new;
end
$$;

create trigger files_default_category before insert on public.files
  for each row execute function sync.default_file_category();

drop policy files_read on public.files;
drop policy files_create on public.files;
drop policy files_update on public.files;
drop policy files_delete on public.files;

create policy files_read on public.files for select to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (category <> 'clinical' or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (category <> 'billing' or (select sync.current_role()) = any ('{admin,billing}')));

create policy files_create on public.files for insert to authenticated
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (category <> 'clinical' or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (category <> 'billing' or (select sync.current_role()) = any ('{admin,billing}')));

create policy files_update on public.files for update to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (category <> 'clinical' or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (category <> 'billing' or (select sync.current_role()) = any ('{admin,billing}')))
  with check ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (category <> 'clinical' or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (category <> 'billing' or (select sync.current_role()) = any ('{admin,billing}')));

create policy files_delete on public.files for delete to authenticated
  using ((select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (category <> 'clinical' or (select sync.current_role()) = any ('{admin,doctor,nurse}'))
    and (category <> 'billing' or (select sync.current_role()) = any ('{admin,billing}')));

-- Whether any `files` row names this object, whoever may see it (security definer: RLS would
-- hide the very rows this asks about). Says only "named or not", never which row.
create function sync.file_row_exists(bucket text, path text) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.files f where f.bucket = file_row_exists.bucket and f.path = file_row_exists.path)
$$;
revoke execute on function sync.file_row_exists(text, text) from public;
grant execute on function sync.file_row_exists(text, text) to authenticated, service_role;

drop policy clinic_files_read on storage.objects;

create policy clinic_files_read on storage.objects for select to authenticated
  using (bucket_id = 'clinic-files'
    and (select sync.current_role()) = any ('{admin,doctor,nurse,reception,billing}')
    and (exists (select 1 from public.files f where f.bucket = storage.objects.bucket_id and f.path = storage.objects.name)
      or (not sync.file_row_exists(storage.objects.bucket_id, storage.objects.name)
        and (storage.objects.owner_id = (select auth.uid())::text or (select sync.current_role()) = 'admin'))));

-- Images are the raster kinds a camera or scanner makes: SVG (an image that can carry scripts)
-- is refused for good, as the local server refuses it in every bucket.
update storage.buckets
   set allowed_mime_types = array['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp',
                                  'image/heic', 'image/heif', 'image/bmp', 'image/tiff', 'text/plain',
                                  'application/dicom', 'video/mp4', 'video/webm']
 where id = 'clinic-files';
