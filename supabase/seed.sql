-- Demo clinic: two branches (São Paulo, Brazil and Tegucigalpa, Honduras), rooms, one staff login
-- per role, services, 200 patients with valid CPFs or well-formed DNIs and +55 / +504 phones,
-- all stored canonical (documents by their digits, phones in E.164, as the app writes them),
-- appointments around the seeding day, encounters with record sections, prescriptions, invoices,
-- payments, stock and CRM leads.
--
-- Deterministic: every id, name, document and amount is derived from a row number, so two seeded
-- databases hold the same rows. Only times move: they are placed relative to the day the seed runs
-- (anchored at 12:00 UTC), so the agenda always shows today.
--
-- Logins (password for all: clinica-demo-2026):
--   admin@clinica.example (admin)        medica@clinica.example (doctor)
--   enfermeiro@clinica.example (nurse)   recepcao@clinica.example (reception)
--   financeiro@clinica.example (billing)
--
-- Runs unchanged on a real Supabase stack (`supabase db reset`): auth.users gets the columns
-- GoTrue reads, with empty strings (not nulls) in its token columns, and an email identity.

-- A valid CPF (11 digits, both check digits per the Receita Federal rule) for demo number n.
create function pg_temp.demo_cpf(n integer) returns text
language plpgsql immutable
as $$
declare
  base text := lpad(((n::bigint * 97000291 + 123456789) % 999999937)::text, 9, '0');
  total integer := 0;
  first_digit integer;
  second_digit integer;
begin
  for i in 1..9 loop
    total := total + substr(base, i, 1)::integer * (11 - i);
  end loop;
  first_digit := case when total % 11 < 2 then 0 else 11 - total % 11 end;
  total := 0;
  for i in 1..9 loop
    total := total + substr(base, i, 1)::integer * (12 - i);
  end loop;
  total := total + first_digit * 2;
  second_digit := case when total % 11 < 2 then 0 else 11 - total % 11 end;
  return base || first_digit || second_digit;
end
$$;

-- The phone of demo patient n, stored as every writer stores it: E.164, no spaces or dashes (the
-- screens format it for reading). São Paulo mobiles for 1..120, Tegucigalpa mobiles after.
create function pg_temp.demo_phone(n integer) returns text
language sql immutable
as $$
  select case when n <= 120 then '+55119' || lpad((n * 7331 % 10000)::text, 4, '0') || lpad((n * 4217 % 10000)::text, 4, '0')
              else '+5049' || lpad((n * 733 % 1000)::text, 3, '0') || lpad((n * 4217 % 10000)::text, 4, '0') end
$$;

-- A demo id: a fixed prefix per table and the row number (lowercase hex, version 4 layout).
create function pg_temp.demo_id(prefix text, n integer) returns uuid
language sql immutable
as $$ select (prefix || '-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$;

create function pg_temp.pick(items text[], n integer) returns text
language sql immutable
as $$ select items[1 + (n % array_length(items, 1))] $$;

-- Noon UTC (09:00 in São Paulo) of the clinic's today: the date in São Paulo, not the server's
-- UTC date, which runs a day ahead from 21:00 there and would leave the evening's "today" empty.
create function pg_temp.anchor() returns timestamptz
language sql stable
as $$ select ((now() at time zone 'America/Sao_Paulo')::date::timestamp + interval '12 hours') at time zone 'UTC' $$;

-- Staff logins -------------------------------------------------------------------------------
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000', pg_temp.demo_id('a0000000', staff.n), 'authenticated', 'authenticated',
  staff.email, extensions.crypt('clinica-demo-2026', extensions.gen_salt('bf', 10)), now(),
  '', '', '', '',
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('full_name', staff.full_name), now(), now()
from (values
  (1, 'admin@clinica.example', 'Helena Prado'),
  (2, 'medica@clinica.example', 'Dra. Marina Coutinho'),
  (3, 'enfermeiro@clinica.example', 'Rafael Nogueira'),
  (4, 'recepcao@clinica.example', 'Lucía Mejía'),
  (5, 'financeiro@clinica.example', 'Otávio Barros')
) as staff(n, email, full_name);

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
       'email', now(), now(), now()
from auth.users u
where u.email like '%@clinica.example';

-- Organisation -------------------------------------------------------------------------------
insert into public.branches (id, name, code, country, timezone, currency, phone, address) values
  (pg_temp.demo_id('b0000000', 1), 'Clínica Centro — São Paulo', 'SP-CENTRO', 'BR', 'America/Sao_Paulo', 'BRL',
   '+551130001000', '{"street": "Rua Augusta, 1500", "city": "São Paulo", "state": "SP", "postal_code": "01304-001", "country": "BR"}'),
  (pg_temp.demo_id('b0000000', 2), 'Clínica Tegucigalpa', 'HN-TGU', 'HN', 'America/Tegucigalpa', 'HNL',
   '+50422001000', '{"street": "Boulevard Morazán", "city": "Tegucigalpa", "state": "Francisco Morazán", "country": "HN"}');
-- Opening hours, in minutes after midnight of each branch's time zone: the agenda's time grid.
update public.branches set opens_minute = 420, closes_minute = 1200 where code = 'SP-CENTRO';
update public.branches set opens_minute = 480, closes_minute = 1080 where code = 'HN-TGU';

insert into public.rooms (id, branch_id, name, kind)
select pg_temp.demo_id('b1000000', r.n), pg_temp.demo_id('b0000000', r.branch), r.name, r.kind
from (values
  (1, 1, 'Consultório 1', 'consultation'),
  (2, 1, 'Consultório 2', 'consultation'),
  (3, 1, 'Sala de Procedimentos', 'procedure'),
  (4, 2, 'Consultorio A', 'consultation'),
  (5, 2, 'Consultorio B', 'consultation'),
  (6, 2, 'Sala de Exámenes', 'exam')
) as r(n, branch, name, kind);

insert into public.profiles (id, full_name, role, branch_id, email, phone, license_number)
select pg_temp.demo_id('a0000000', p.n), p.full_name, p.role, pg_temp.demo_id('b0000000', p.branch), p.email, p.phone, p.license
from (values
  (1, 'Helena Prado', 'admin', 1, 'admin@clinica.example', '+5511990000001', null),
  (2, 'Dra. Marina Coutinho', 'doctor', 1, 'medica@clinica.example', '+5511990000002', 'CRM-SP 123456'),
  (3, 'Rafael Nogueira', 'nurse', 1, 'enfermeiro@clinica.example', '+5511990000003', 'COREN-SP 654321'),
  (4, 'Lucía Mejía', 'reception', 2, 'recepcao@clinica.example', '+50499000004', null),
  (5, 'Otávio Barros', 'billing', 1, 'financeiro@clinica.example', '+5511990000005', null)
) as p(n, full_name, role, branch, email, phone, license);

insert into public.service_categories (id, name, description) values
  (pg_temp.demo_id('c0000000', 1), 'Consultas', 'Consultas médicas'),
  (pg_temp.demo_id('c0000000', 2), 'Exames', 'Exames laboratoriais e de imagem'),
  (pg_temp.demo_id('c0000000', 3), 'Procedimentos', 'Pequenos procedimentos');

insert into public.services (id, category_id, name, code, duration_minutes, price, currency)
select pg_temp.demo_id('c1000000', s.n), pg_temp.demo_id('c0000000', s.category), s.name, s.code, s.minutes, s.price, s.currency
from (values
  (1, 1, 'Consulta clínica geral', 'CON-GER', 30, 250.00, 'BRL'),
  (2, 1, 'Retorno', 'CON-RET', 20, 120.00, 'BRL'),
  (3, 2, 'Eletrocardiograma', 'EX-ECG', 20, 90.00, 'BRL'),
  (4, 3, 'Curativo', 'PR-CUR', 15, 60.00, 'BRL'),
  (5, 1, 'Consulta general', 'HN-CON', 30, 900.00, 'HNL'),
  (6, 2, 'Hemograma', 'HN-HEM', 15, 350.00, 'HNL')
) as s(n, category, name, code, minutes, price, currency);

-- Patients: 1..120 in São Paulo (CPF, +55), 121..200 in Tegucigalpa (DNI, +504) ---------------
insert into public.patients (id, full_name, document_type, document_id, birth_date, sex, phone, phone_normalized,
                             email, address, notes, tags, branch_id,
                             insurance_name, insurance_plan, insurance_card_number, sus_card_number)
select
  pg_temp.demo_id('d0000000', n),
  case when n <= 120
    then pg_temp.pick(array['Ana', 'João', 'Maria', 'Pedro', 'Juliana', 'Lucas', 'Fernanda', 'Gabriel', 'Camila',
                            'Rafael', 'Beatriz', 'Thiago', 'Larissa', 'Bruno', 'Aline', 'Rodrigo', 'Patrícia', 'Diego'], n)
         || ' ' || pg_temp.pick(array['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira',
                                      'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Araújo'], n * 7)
         || ' ' || pg_temp.pick(array['Almeida', 'Barbosa', 'Cardoso', 'Teixeira', 'Moreira', 'Mendes', 'Nunes', 'Rocha'], n * 3)
    else pg_temp.pick(array['José', 'María', 'Carlos', 'Ana', 'Luis', 'Karla', 'Jorge', 'Sofía', 'Miguel', 'Daniela',
                            'Óscar', 'Gabriela', 'Héctor', 'Fernanda', 'Wilmer', 'Yessenia'], n)
         || ' ' || pg_temp.pick(array['Hernández', 'López', 'Martínez', 'Rodríguez', 'Flores', 'Mejía', 'Reyes', 'Cruz',
                                      'Zelaya', 'Castillo', 'Aguilar', 'Ramos', 'Pineda', 'Banegas'], n * 7)
         || ' ' || pg_temp.pick(array['Sánchez', 'Ortiz', 'Murillo', 'Funes', 'Matute', 'Velásquez', 'Paz', 'Cárcamo'], n * 3)
  end,
  case when n <= 120 then 'CPF' else 'DNI' end,
  case when n <= 120 then pg_temp.demo_cpf(n)
       else pg_temp.pick(array['0801', '0501', '0101', '1804'], n) || (1950 + n % 55)::text || lpad((n * 37 % 100000)::text, 5, '0')
  end,
  date '1950-01-01' + (n * 137 % 25000),
  pg_temp.pick(array['female', 'male'], n),
  pg_temp.demo_phone(n),
  pg_temp.demo_phone(n),
  case when n % 3 = 0 then 'paciente' || n || '@example.com' end,
  case when n <= 120
    then jsonb_build_object('street', 'Rua ' || pg_temp.pick(array['das Flores', 'Vergueiro', 'Tabapuã', 'Harmonia', 'Cardeal Arcoverde'], n)
                                        || ', ' || (n * 13 % 2000 + 1), 'city', 'São Paulo', 'state', 'SP', 'country', 'BR')
    else jsonb_build_object('street', 'Colonia ' || pg_temp.pick(array['Kennedy', 'Palmira', 'Miraflores', 'Las Colinas', 'El Hatillo'], n),
                            'city', 'Tegucigalpa', 'state', 'Francisco Morazán', 'country', 'HN')
  end,
  case when n % 10 = 0 then (case when n <= 120 then 'Alergia a dipirona.' else 'Alergia a penicilina.' end) end,
  case when n % 7 = 0 then array['retorno'] when n % 11 = 0 then array['convênio'] else null end,
  case when n <= 120 then pg_temp.demo_id('b0000000', 1) else pg_temp.demo_id('b0000000', 2) end,
  -- Convênio for the charts tagged so, a Cartão SUS (provisional, check digit valid) for half of
  -- the Brazilian ones.
  case when n % 11 = 0 then
    case when n <= 120 then pg_temp.pick(array['Unimed', 'Bradesco Saúde', 'SulAmérica', 'Amil'], n)
         else pg_temp.pick(array['Seguros Atlántida', 'Mapfre Honduras', 'Palic'], n) end
  end,
  case when n % 11 = 0 then pg_temp.pick(array['Enfermaria', 'Apartamento', 'Executivo'], n) end,
  case when n % 11 = 0 then lpad((n * 104729)::text, 12, '0') end,
  case when n <= 120 and n % 2 = 0 then
    (select c from (select '7' || lpad((n * 7919)::text, 13, '0') || d as c from generate_series(0, 9) d) x
      where clinic.valid_sus_card(c) order by c limit 1)
  end
from generate_series(1, 200) as n;

-- Appointments: two per patient, one past (completed or no-show) and one upcoming ---------------
insert into public.appointments (id, patient_id, professional_id, room_id, branch_id, service_id, starts_at, ends_at, status, notes)
select
  pg_temp.demo_id('e0000000', a.n),
  pg_temp.demo_id('d0000000', a.patient),
  pg_temp.demo_id('a0000000', 2),
  pg_temp.demo_id('b1000000', case when a.patient <= 120 then 1 + a.n % 2 else 4 + a.n % 2 end),
  pg_temp.demo_id('b0000000', case when a.patient <= 120 then 1 else 2 end),
  pg_temp.demo_id('c1000000', case when a.patient <= 120 then 1 else 5 end),
  a.starts_at,
  a.starts_at + interval '30 minutes',
  a.status,
  null
from (
  select
    n,
    (n - 1) % 200 + 1 as patient,
    pg_temp.anchor()
      + (case when n <= 200 then -1 - (n % 60) else (n % 14) end) * interval '1 day'
      + ((n * 5) % 20) * interval '30 minutes' as starts_at,
    case when n <= 200 then (case when n % 13 = 0 then 'no_show' else 'completed' end)
         else pg_temp.pick(array['scheduled', 'confirmed', 'scheduled', 'confirmed', 'cancelled'], n) end as status
  from generate_series(1, 400) as n
) as a;

-- Encounters: one per completed appointment, with record sections -----------------------------
insert into public.encounters (id, patient_id, professional_id, appointment_id, branch_id, started_at, record, signed_at)
select
  pg_temp.demo_id('e1000000', a.n),
  a.patient_id, a.professional_id, a.id, a.branch_id, a.starts_at,
  case when a.branch_id = pg_temp.demo_id('b0000000', 1) then jsonb_build_object(
    'anamnesis', pg_temp.pick(array['Paciente refere cefaleia há 3 dias.', 'Dor lombar após esforço físico.',
                                    'Tosse seca há uma semana, sem febre.', 'Retorno para avaliação de exames.'], a.n),
    'diagnosis', pg_temp.pick(array['Cefaleia tensional', 'Lombalgia mecânica', 'Infecção de vias aéreas superiores',
                                    'Hipertensão arterial controlada'], a.n),
    'plan', pg_temp.pick(array['Analgésico e retorno em 15 dias.', 'Fisioterapia e alongamento.',
                               'Hidratação e sintomáticos.', 'Manter medicação, novo controle em 3 meses.'], a.n),
    'vitals', jsonb_build_object('bp', (110 + a.n % 30) || '/' || (70 + a.n % 15), 'hr', 60 + a.n % 30))
  else jsonb_build_object(
    'anamnesis', pg_temp.pick(array['Paciente refiere dolor de cabeza desde hace 3 días.', 'Dolor abdominal leve.',
                                    'Tos seca desde hace una semana.', 'Control de presión arterial.'], a.n),
    'diagnosis', pg_temp.pick(array['Cefalea tensional', 'Gastritis', 'Infección respiratoria alta', 'Hipertensión controlada'], a.n),
    'plan', pg_temp.pick(array['Analgésico y control en 15 días.', 'Omeprazol y dieta.', 'Hidratación y sintomáticos.',
                               'Continuar tratamiento, control en 3 meses.'], a.n),
    'vitals', jsonb_build_object('bp', (110 + a.n % 30) || '/' || (70 + a.n % 15), 'hr', 60 + a.n % 30))
  end,
  case when a.n % 5 <> 0 then a.ends_at end
from (
  select appointment.*, row_number() over (order by appointment.id)::integer as n
  from public.appointments appointment where appointment.status = 'completed'
) as a;

-- Prescriptions for one encounter in four ---------------------------------------------------
insert into public.prescriptions (id, encounter_id, patient_id, professional_id, issued_at, status)
select pg_temp.demo_id('e2000000', e.n), e.id, e.patient_id, e.professional_id, e.started_at + interval '25 minutes', 'issued'
from (select encounter.*, row_number() over (order by encounter.id)::integer as n from public.encounters encounter) as e
where e.n % 4 = 0;

insert into public.prescription_items (id, prescription_id, position, medication, dosage, frequency, duration, quantity)
select pg_temp.demo_id('e3000000', p.n * 2 + item.position), p.id, item.position,
       pg_temp.pick(array['Paracetamol 750 mg', 'Ibuprofeno 400 mg', 'Omeprazol 20 mg', 'Losartana 50 mg'], p.n + item.position),
       '1 comprimido', pg_temp.pick(array['a cada 8 horas', 'a cada 12 horas', '1 vez ao dia'], p.n), '7 dias', 14
from (select prescription.*, row_number() over (order by prescription.id)::integer as n from public.prescriptions prescription) as p
cross join (values (0), (1)) as item(position);

-- Billing: an invoice per completed appointment in São Paulo, paid for two in three ----------
insert into public.cash_closures (id, branch_id, currency, opened_at, opened_by, opening_amount, closed_at, closed_by,
                                  expected_amount, closing_amount)
values
  (pg_temp.demo_id('f3000000', 1), pg_temp.demo_id('b0000000', 1), 'BRL', pg_temp.anchor() - interval '1 day',
   pg_temp.demo_id('a0000000', 5), 200, pg_temp.anchor() - interval '1 day' + interval '10 hours',
   pg_temp.demo_id('a0000000', 5), 1450, 1450),
  (pg_temp.demo_id('f3000000', 2), pg_temp.demo_id('b0000000', 1), 'BRL', pg_temp.anchor(),
   pg_temp.demo_id('a0000000', 5), 200, null, null, null, null);

insert into public.invoices (id, patient_id, branch_id, number, status, currency, issued_at, due_date, total)
select pg_temp.demo_id('f0000000', a.n), a.patient_id, a.branch_id, 'SP-' || lpad(a.n::text, 6, '0'),
       case when a.n % 3 = 0 then 'issued' else 'paid' end, 'BRL', a.ends_at, (a.ends_at + interval '10 days')::date, 250.00
from (
  select appointment.*, row_number() over (order by appointment.id)::integer as n
  from public.appointments appointment
  where appointment.status = 'completed' and appointment.branch_id = pg_temp.demo_id('b0000000', 1)
) as a;

insert into public.invoice_items (id, invoice_id, service_id, description, quantity, unit_price, amount)
select pg_temp.demo_id('f1000000', i.n), i.id, pg_temp.demo_id('c1000000', 1), 'Consulta clínica geral', 1, 250.00, 250.00
from (select invoice.*, row_number() over (order by invoice.id)::integer as n from public.invoices invoice) as i;

insert into public.payments (id, invoice_id, patient_id, branch_id, cash_closure_id, amount, currency, method, paid_at, reference)
select pg_temp.demo_id('f2000000', i.n), i.id, i.patient_id, i.branch_id, pg_temp.demo_id('f3000000', 1), i.total, 'BRL',
       pg_temp.pick(array['pix', 'card', 'cash'], i.n), i.issued_at, null
from (select invoice.*, row_number() over (order by invoice.id)::integer as n from public.invoices invoice) as i
where i.status = 'paid';

-- Inventory ----------------------------------------------------------------------------------
insert into public.inventory_categories (id, name, description) values
  (pg_temp.demo_id('a1000000', 1), 'Medicamentos', 'Medicamentos de uso na clínica'),
  (pg_temp.demo_id('a1000000', 2), 'Materiais', 'Materiais descartáveis');

insert into public.inventory_items (id, category_id, branch_id, name, sku, unit, quantity_on_hand, reorder_level, unit_cost)
select pg_temp.demo_id('a2000000', i.n), pg_temp.demo_id('a1000000', i.category), pg_temp.demo_id('b0000000', i.branch),
       i.name, i.sku, i.unit, i.quantity, i.reorder, i.cost
from (values
  (1, 1, 1, 'Dipirona 500 mg/ml', 'MED-DIP', 'ampola', 40, 10, 2.50),
  (2, 2, 1, 'Luvas de procedimento M', 'MAT-LUV-M', 'caixa', 12, 4, 32.00),
  (3, 2, 1, 'Gaze estéril', 'MAT-GAZ', 'pacote', 80, 20, 1.20),
  (4, 1, 2, 'Paracetamol 500 mg', 'HN-PAR', 'caja', 25, 5, 45.00),
  (5, 2, 2, 'Jeringa 5 ml', 'HN-JER', 'unidad', 300, 50, 3.00)
) as i(n, category, branch, name, sku, unit, quantity, reorder, cost);

insert into public.inventory_movements (id, item_id, kind, quantity, moved_at, reason)
select pg_temp.demo_id('a3000000', m.n), pg_temp.demo_id('a2000000', m.item), m.kind, m.quantity,
       pg_temp.anchor() - m.days_ago * interval '1 day', m.reason
from (values
  (1, 1, 'in', 50, 10, 'Compra'),
  (2, 1, 'out', 10, 3, 'Uso em procedimentos'),
  (3, 3, 'in', 100, 8, 'Compra'),
  (4, 3, 'out', 20, 2, 'Curativos'),
  (5, 5, 'in', 300, 5, 'Compra')
) as m(n, item, kind, quantity, days_ago, reason);

-- CRM ----------------------------------------------------------------------------------------
insert into public.crm_pipelines (id, name, description) values
  (pg_temp.demo_id('90000000', 1), 'Novos pacientes', 'Contatos interessados em agendar');

insert into public.crm_pipeline_stages (id, pipeline_id, name, position, is_won, is_lost)
select pg_temp.demo_id('91000000', s.n), pg_temp.demo_id('90000000', 1), s.name, s.n, s.won, s.lost
from (values (1, 'Contato', false, false), (2, 'Qualificado', false, false), (3, 'Agendado', true, false),
             (4, 'Perdido', false, true)) as s(n, name, won, lost);

insert into public.crm_leads (id, pipeline_id, stage_id, full_name, phone, phone_normalized, email, source, assigned_to, value)
select pg_temp.demo_id('92000000', n), pg_temp.demo_id('90000000', 1), pg_temp.demo_id('91000000', 1 + n % 4),
       pg_temp.pick(array['Carla Menezes', 'Vinícius Prates', 'Renata Luz', 'Marcos Tavares', 'Iris Campos',
                          'Daniel Freitas', 'Paula Brandão', 'Sérgio Leal', 'Tatiane Reis', 'Caio Fontes'], n),
       '+55119' || lpad((n * 911 % 10000)::text, 4, '0') || lpad((n * 313 % 10000)::text, 4, '0'),
       '+55119' || lpad((n * 911 % 10000)::text, 4, '0') || lpad((n * 313 % 10000)::text, 4, '0'),
       null, pg_temp.pick(array['instagram', 'indicação', 'google', 'whatsapp'], n), pg_temp.demo_id('a0000000', 4), 250
from generate_series(1, 10) as n;

-- Clinical summary: councils, allergies, medications in use; two of today's patients waiting ---
update public.profiles set council = substring(license_number from '^(CRM|COREN)') where license_number is not null;

insert into public.allergies (id, patient_id, substance, reaction, severity, status, noted_by, noted_at)
select pg_temp.demo_id('a4000000', n), pg_temp.demo_id('d0000000', n),
       case when n <= 120 then 'Dipirona' else 'Penicilina' end,
       case when n <= 120 then 'Urticária' else 'Erupción cutánea' end,
       'moderate', 'active', pg_temp.demo_id('a0000000', 2), pg_temp.anchor() - interval '90 days'
from generate_series(10, 200, 10) as n;

insert into public.patient_medications (id, patient_id, medication, presentation, dosage, route, frequency, started_on, noted_by)
select pg_temp.demo_id('a5000000', n), pg_temp.demo_id('d0000000', n),
       case when n <= 120 then 'Losartana potássica' else 'Losartán potásico' end,
       case when n <= 120 then 'comprimido 50 mg' else 'tableta 50 mg' end,
       case when n <= 120 then '1 comprimido' else '1 tableta' end,
       'oral',
       case when n <= 120 then '1 vez ao dia' else '1 vez al día' end,
       (pg_temp.anchor() - interval '1 year')::date, pg_temp.demo_id('a0000000', 2)
from generate_series(6, 200, 12) as n;

update public.appointments
   set status = 'checked_in', checked_in_at = now() - w.minutes * interval '1 minute'
  from (values (238, 14), (266, 6)) as w(n, minutes)
 where id = pg_temp.demo_id('e0000000', w.n);
