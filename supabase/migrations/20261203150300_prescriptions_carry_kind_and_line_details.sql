-- A prescription's kind decides how it prints: 'simple' (one copy) or 'special_control'
-- (receita de controle especial, Portaria SVS/MS 344/98: two copies, one kept by the pharmacy,
-- with the buyer's and the supplier's identification). Lines gain what a receita names besides
-- the drug, the dose (`dosage`), the frequency and the duration: the presentation, the route and
-- the unit of the quantity. Access is the prescriptions' own (admin, doctor, nurse).

alter table public.prescriptions add column kind text not null default 'simple'
  check (kind in ('simple', 'special_control'));

alter table public.prescription_items
  add column presentation text,
  add column route text check (route in ('oral', 'sublingual', 'topical', 'ophthalmic', 'otic', 'nasal',
    'inhalation', 'rectal', 'vaginal', 'intramuscular', 'intravenous', 'subcutaneous', 'transdermal')),
  add column quantity_unit text;
