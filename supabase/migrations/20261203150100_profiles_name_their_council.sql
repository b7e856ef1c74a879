-- The professional council a registration belongs to (CRM for physicians, COREN for nurses, ...),
-- so printed documents label the registration and the app knows who may sign which prescription
-- (controlled drugs: physicians and dentists). `license_number` keeps the registration as written
-- ("CRM-SP 123456"); existing rows get their council from its prefix.
-- Access is the profiles' own (everyone reads, admin writes).

alter table public.profiles add column council text
  check (council in ('CRM', 'COREN', 'CRO', 'CRF', 'CRP', 'CREFITO', 'CRN', 'CMH'));

update public.profiles
   set council = substring(upper(license_number) from '^(CRM|COREN|CRO|CRF|CRP|CREFITO|CRN|CMH)\M')
 where license_number is not null
   and substring(upper(license_number) from '^(CRM|COREN|CRO|CRF|CRP|CREFITO|CRN|CMH)\M') is not null;
