-- A patient's health insurance (convênio: the insurer's name, the plan and the member card number)
-- and Cartão SUS (Cartão Nacional de Saúde) number, the ones reception asks for at every visit and
-- billing puts on a guide. Stored canonical: card numbers by their digits only (the screens print
-- them with their spaces). Access is the patients' own; every device pulls them with the row.
--
-- A Cartão SUS number is 15 digits whose check digit holds (see src/core/canonical/sus-card.ts,
-- which the device checks first with the same rule; a SQL test runs both over the same numbers):
-- - beginning with 1 or 2: the number rebuilt from its first 11 digits (a PIS) must equal it:
--   weighted sum s of those digits (weights 15..5), check digit 11 - s % 11 (11 reads 0), the
--   digits "000" before it, or, when that digit is 10, "001" and 11 - (s + 2) % 11;
-- - beginning with 7, 8 or 9 (provisional): the sum of each digit times its weight (15..1) is a
--   multiple of 11.

create function clinic.valid_sus_card(card text) returns boolean
language sql immutable strict
set search_path = ''
as $$
  with digits as (
    select card,
           (select coalesce(sum(substr(card, i, 1)::int * (16 - i)), 0)
              from generate_series(1, 11) i) as pis_sum,
           (select coalesce(sum(substr(card, i, 1)::int * (16 - i)), 0)
              from generate_series(1, 15) i) as full_sum
     where card ~ '^[0-9]{15}$'
  ),
  rebuilt as (
    select card, full_sum, pis_sum,
           case when 11 - pis_sum % 11 = 11 then 0 else 11 - pis_sum % 11 end as check_digit
      from digits
  )
  select coalesce((
    select case
             when left(card, 1) in ('1', '2') then
               card = left(card, 11) || case when check_digit = 10
                                             then '001' || (11 - (pis_sum + 2) % 11)::text
                                             else '000' || check_digit::text end
             when left(card, 1) in ('7', '8', '9') then full_sum % 11 = 0
             else false
           end
      from rebuilt), false)
$$;
revoke execute on function clinic.valid_sus_card(text) from public;
grant execute on function clinic.valid_sus_card(text) to anon, authenticated, service_role;

alter table public.patients
  add column insurance_name text,
  add column insurance_plan text,
  add column insurance_card_number text
    constraint patients_insurance_card_number_check check (insurance_card_number ~ '^[0-9]{1,30}$'),
  add column sus_card_number text
    constraint patients_sus_card_number_check check (clinic.valid_sus_card(sus_card_number));
