-- An invoice computes: a line is quantity × unit price less its discount, and an issued invoice's
-- total is the sum of its live lines less the invoice's discount. The device computes both (in
-- integer cents, src/core/billing/money.ts); the server recomputes them in numeric (exact) and
-- refuses a wrong one, so a line of 2 × 40 can no longer be saved as 999.
--
-- What is checked, for the API's signed-in writers (anon, authenticated: the devices and REST
-- calls; the service role — the clinic hub relaying what it already checked, the remote seed —
-- and the owner's sessions are trusted, as for signatures in 20261203150900):
-- - every written line: amount = round(quantity * unit_price, 2) - discount (PostgreSQL's round
--   on numeric, half away from zero; every value is non-negative), else `invoice_line_amount:`;
-- - an invoice written as issued or paid: total = Σ live lines' amount - discount, else
--   `invoice_total:`. A draft is a worksheet: its lines and total are written one by one, in
--   any order, so it is checked when it is issued;
-- - lines change only while their invoice is a draft (an issued, paid or cancelled invoice keeps
--   the lines its total was checked against), else `invoice_closed:`.
-- Each refusal is SQLSTATE 23514 (check_violation: sync_push answers `rejected` / `invalid_data`)
-- with a message starting with its code, which the app recognises and translates.

alter table public.invoices add column discount numeric not null default 0;
alter table public.invoices add constraint invoices_check_2 check (discount >= 0);

-- The appointment an invoice bills (made from it in one action), so it is not billed twice.
alter table public.invoices add column appointment_id uuid references public.appointments (id);
create index invoices_appointment_id_idx on public.invoices (appointment_id);

alter table public.invoice_items add column discount numeric not null default 0;
alter table public.invoice_items add constraint invoice_items_check_4 check (discount >= 0);

-- The change handed back on a cash payment (what was received is amount + change_given).
alter table public.payments add column change_given numeric not null default 0;
alter table public.payments add constraint payments_check_2 check (change_given >= 0);

create function clinic.bound_by_invoice_rules() returns boolean
language sql stable
set search_path = ''
as $$
  select current_user in ('anon', 'authenticated')
$$;
revoke execute on function clinic.bound_by_invoice_rules() from public;
grant execute on function clinic.bound_by_invoice_rules() to anon, authenticated, service_role;

-- The sum of an invoice's live lines. Security definer: the answer must not depend on what the
-- caller may read.
create function clinic.invoice_lines_total(invoice uuid) returns numeric
language sql stable
security definer
set search_path = ''
as $$
  select coalesce(sum(i.amount), 0) from public.invoice_items i
   where i.invoice_id = invoice and i.deleted_at is null
$$;
revoke execute on function clinic.invoice_lines_total(uuid) from public;
grant execute on function clinic.invoice_lines_total(uuid) to anon, authenticated, service_role;

create function clinic.invoice_status(invoice uuid) returns text
language sql stable
security definer
set search_path = ''
as $$
  select status from public.invoices where id = invoice
$$;
revoke execute on function clinic.invoice_status(uuid) from public;
grant execute on function clinic.invoice_status(uuid) to anon, authenticated, service_role;

create function clinic.check_invoice_line() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  expected numeric;
  status text;
begin
  if not clinic.bound_by_invoice_rules() then
    return new;
  end if;
  status := clinic.invoice_status(new.invoice_id);
  if status is not null and status <> 'draft' then
    raise exception 'invoice_closed: line % belongs to invoice % which is %; only a draft''s lines change',
      new.id, new.invoice_id, status
      using errcode = 'check_violation';
  end if;
  if tg_op = 'UPDATE' and old.invoice_id <> new.invoice_id then
    status := clinic.invoice_status(old.invoice_id);
    if status is not null and status <> 'draft' then
      raise exception 'invoice_closed: line % belongs to invoice % which is %; only a draft''s lines change',
        new.id, old.invoice_id, status
        using errcode = 'check_violation';
    end if;
  end if;
  expected := round(new.quantity * new.unit_price, 2) - new.discount;
  if new.amount <> expected then
    raise exception 'invoice_line_amount: line % amount % is not % x % - % = %',
      new.id, new.amount, new.quantity, new.unit_price, new.discount, expected
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger invoice_items_compute before insert or update on public.invoice_items
  for each row execute function clinic.check_invoice_line();

create function clinic.check_invoice_total() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  expected numeric;
begin
  if not clinic.bound_by_invoice_rules() or new.status not in ('issued', 'paid') or new.deleted_at is not null then
    return new;
  end if;
  expected := clinic.invoice_lines_total(new.id) - new.discount;
  if new.total <> expected then
    raise exception 'invoice_total: invoice % total % is not its lines'' % - discount % = %',
      new.id, new.total, expected + new.discount, new.discount, expected
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger invoices_compute before insert or update on public.invoices
  for each row execute function clinic.check_invoice_total();
