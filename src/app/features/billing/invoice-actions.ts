import {
  balanceDueCents,
  centsOf,
  fromCents,
  invoiceTotals,
  lineAmountCents,
  splitPayment,
  type Cents,
  type InvoiceTotals,
} from '../../../core/billing/money.ts';
import { dayIn } from '../../../core/billing/cash-day.ts';
import { mutate, type WriteResult } from '../../../engine/write-api.ts';
import type { ClinicDb } from '../../../engine/local-db.ts';
import type { LocalRow } from '../../../engine/local-records.ts';

/**
 * The billing workflow as local writes. Every step is one Dexie transaction over the rows it
 * touches and their outbox entries, so a line and the draft total it changes are never half
 * saved; the server recomputes both (migration 20261208110000) when the invoice is issued.
 */
export type BillingResult<T = string> =
  | { readonly ok: true; readonly id: T }
  | { readonly ok: false; readonly code: string; readonly message: string };

const live = (row: LocalRow) => row.deleted_at === null || row.deleted_at === undefined;

function failed(result: WriteResult): BillingResult | null {
  return result.ok ? null : { ok: false, code: result.error.code, message: result.error.message };
}

/** Thrown inside a transaction to roll it back with a coded result. */
class WriteRefused extends Error {
  constructor(readonly result: BillingResult) {
    super(result.ok ? 'ok' : result.code);
  }
}

async function step(write: Promise<WriteResult>): Promise<void> {
  const refused = failed(await write);
  if (refused !== null) throw new WriteRefused(refused);
}

function inTransaction<T>(db: ClinicDb, body: () => Promise<BillingResult<T>>): Promise<BillingResult<T>> {
  const tables = [
    db.rows('invoices'),
    db.rows('invoice_items'),
    db.rows('payments'),
    db.rows('cash_closures'),
    db.rows('branches'), // read only: the invoice number carries the branch code
    db.outbox,
  ];
  return db.transaction('rw', tables, body).catch((error: unknown): BillingResult<T> => {
    if (error instanceof WriteRefused) return error.result as BillingResult<T>;
    // IndexedDB failed (quota, a closed database): nothing was written; the screen says so.
    return {
      ok: false,
      code: 'local_error',
      message: error instanceof Error ? error.message : String(error),
    };
  });
}

export async function liveLines(db: ClinicDb, invoiceId: string): Promise<LocalRow[]> {
  const rows = await db.rows('invoice_items').where('invoice_id').equals(invoiceId).toArray();
  return rows
    .filter(live)
    .sort((a, b) => String(a['created_at'] ?? '').localeCompare(String(b['created_at'] ?? '')));
}

export async function livePayments(db: ClinicDb, invoiceId: string): Promise<LocalRow[]> {
  const rows = await db.rows('payments').where('invoice_id').equals(invoiceId).toArray();
  return rows.filter(live).sort((a, b) => String(a['paid_at']).localeCompare(String(b['paid_at'])));
}

/** The totals of an invoice from its stored lines (amounts are what the lines computed). */
export function totalsOf(invoice: LocalRow, lines: readonly LocalRow[]): InvoiceTotals | null {
  return invoiceTotals(
    lines.map((line) => ({
      quantity: line['quantity'],
      unitPriceCents: centsOf(line['unit_price']),
      discountCents: centsOf(line['discount']),
    })),
    centsOf(invoice['discount']),
  );
}

async function writeDraftTotal(db: ClinicDb, invoiceId: string): Promise<void> {
  const invoice = await db.rows('invoices').get(invoiceId);
  if (!invoice) return;
  const totals = totalsOf(invoice, await liveLines(db, invoiceId));
  const total = Math.max(0, totals?.totalCents ?? 0);
  if (centsOf(invoice['total']) !== total)
    await step(mutate(db, 'invoices', 'update', invoiceId, { total: fromCents(total) }));
}

/** The invoice made from `appointment`, if there is one that is not cancelled. */
export async function invoiceOfAppointment(
  db: ClinicDb,
  appointment: LocalRow,
): Promise<LocalRow | undefined> {
  const invoices = await db
    .rows('invoices')
    .where('patient_id')
    .equals(String(appointment['patient_id']))
    .toArray();
  return invoices.find(
    (row) => live(row) && row['appointment_id'] === appointment.id && row['status'] !== 'cancelled',
  );
}

/**
 * Bills an appointment in one action: a draft invoice in the branch's currency with one line for
 * the appointment's service at the service's price (quantity 1), its total computed. Opens the
 * existing invoice instead when the appointment was already billed.
 */
export async function invoiceFromAppointment(
  db: ClinicDb,
  appointment: LocalRow,
  fallbackDescription: string,
): Promise<BillingResult> {
  const existing = await invoiceOfAppointment(db, appointment);
  if (existing) return { ok: true, id: existing.id };
  const branch = await db.rows('branches').get(String(appointment['branch_id']));
  const serviceId = typeof appointment['service_id'] === 'string' ? appointment['service_id'] : null;
  const service = serviceId === null ? undefined : await db.rows('services').get(serviceId);
  const unitPrice = centsOf(service?.['price']);
  const id = crypto.randomUUID();
  return inTransaction(db, async () => {
    await step(
      mutate(db, 'invoices', 'insert', id, {
        patient_id: appointment['patient_id'],
        branch_id: appointment['branch_id'],
        appointment_id: appointment.id,
        status: 'draft',
        currency: branch?.['currency'] ?? service?.['currency'] ?? 'BRL',
        total: fromCents(unitPrice),
        discount: 0,
      }),
    );
    await step(
      mutate(db, 'invoice_items', 'insert', crypto.randomUUID(), {
        invoice_id: id,
        service_id: service ? service.id : null,
        description: typeof service?.['name'] === 'string' ? service['name'] : fallbackDescription,
        quantity: 1,
        unit_price: fromCents(unitPrice),
        discount: 0,
        amount: fromCents(unitPrice),
      }),
    );
    return { ok: true, id };
  });
}

export interface LineDraft {
  readonly serviceId: string | null;
  readonly description: string;
  readonly quantity: string;
  readonly unitPriceCents: Cents;
  readonly discountCents: Cents;
}

/** Adds (no `lineId`) or changes a line of a draft and writes the draft's new total with it. */
export async function saveLine(
  db: ClinicDb,
  invoiceId: string,
  draft: LineDraft,
  lineId: string | null = null,
): Promise<BillingResult> {
  const amount = lineAmountCents(draft.quantity, draft.unitPriceCents, draft.discountCents);
  if (amount === null || Number(draft.quantity) <= 0)
    return { ok: false, code: 'invalid_quantity', message: draft.quantity };
  if (amount < 0) return { ok: false, code: 'discount_too_high', message: String(draft.discountCents) };
  const id = lineId ?? crypto.randomUUID();
  return inTransaction(db, async () => {
    await step(
      mutate(db, 'invoice_items', lineId === null ? 'insert' : 'update', id, {
        ...(lineId === null ? { invoice_id: invoiceId } : {}),
        service_id: draft.serviceId,
        description: draft.description,
        quantity: Number(draft.quantity),
        unit_price: fromCents(draft.unitPriceCents),
        discount: fromCents(draft.discountCents),
        amount: fromCents(amount),
      }),
    );
    await writeDraftTotal(db, invoiceId);
    return { ok: true, id };
  });
}

export async function removeLine(db: ClinicDb, invoiceId: string, lineId: string): Promise<BillingResult> {
  return inTransaction(db, async () => {
    await step(mutate(db, 'invoice_items', 'delete', lineId));
    await writeDraftTotal(db, invoiceId);
    return { ok: true, id: lineId };
  });
}

/** The invoice's own discount (after the lines' discounts), never more than the lines. */
export async function setInvoiceDiscount(
  db: ClinicDb,
  invoiceId: string,
  discountCents: Cents,
): Promise<BillingResult> {
  return inTransaction(db, async () => {
    const invoice = await db.rows('invoices').get(invoiceId);
    if (!invoice) return { ok: false, code: 'row_missing', message: invoiceId };
    const totals = totalsOf(
      { ...invoice, discount: fromCents(discountCents) },
      await liveLines(db, invoiceId),
    );
    if (totals === null || totals.totalCents < 0)
      return { ok: false, code: 'discount_too_high', message: String(discountCents) };
    await step(mutate(db, 'invoices', 'update', invoiceId, { discount: fromCents(discountCents) }));
    await writeDraftTotal(db, invoiceId);
    return { ok: true, id: invoiceId };
  });
}

/**
 * "SP-CENTRO-20261208-3F2A9C": the branch code, the issue day in the branch's time zone and the
 * invoice id's start, so two devices issuing offline never make the same number.
 */
export function invoiceNumber(
  branchCode: string,
  invoiceId: string,
  issuedAt: Date,
  timeZone: string,
): string {
  const day = dayIn(issuedAt, timeZone).replace(/-/g, '');
  return `${branchCode || 'FAT'}-${day}-${invoiceId.slice(0, 6).toUpperCase()}`;
}

/** Issues a draft: its total is computed once more from its lines, then the server checks it. */
export async function issueInvoice(
  db: ClinicDb,
  invoiceId: string,
  now = new Date(),
): Promise<BillingResult> {
  return inTransaction(db, async () => {
    const invoice = await db.rows('invoices').get(invoiceId);
    if (!invoice || invoice['status'] !== 'draft')
      return { ok: false, code: 'not_draft', message: invoiceId };
    const lines = await liveLines(db, invoiceId);
    const totals = totalsOf(invoice, lines);
    if (lines.length === 0 || totals === null) return { ok: false, code: 'no_lines', message: invoiceId };
    if (totals.totalCents < 0) return { ok: false, code: 'discount_too_high', message: invoiceId };
    const branch = await db.rows('branches').get(String(invoice['branch_id']));
    await step(
      mutate(db, 'invoices', 'update', invoiceId, {
        status: 'issued',
        total: fromCents(totals.totalCents),
        issued_at: now.toISOString(),
        number:
          invoice['number'] ??
          invoiceNumber(
            String(branch?.['code'] ?? ''),
            invoiceId,
            now,
            String(branch?.['timezone'] ?? 'UTC'),
          ),
      }),
    );
    return { ok: true, id: invoiceId };
  });
}

export async function cancelInvoice(db: ClinicDb, invoiceId: string): Promise<BillingResult> {
  const refused = failed(await mutate(db, 'invoices', 'update', invoiceId, { status: 'cancelled' }));
  return refused ?? { ok: true, id: invoiceId };
}

/**
 * Records a payment of an issued invoice: what was received by `method`; cash above the balance
 * is change handed back (`change_given`), and the payment's amount is what it settles. When the
 * balance reaches zero the invoice becomes paid (when the person may change invoices: reception
 * records payments, billing owns invoices).
 */
export async function recordPayment(
  db: ClinicDb,
  invoiceId: string,
  payment: { readonly method: string; readonly receivedCents: Cents; readonly reference?: string },
  options: { readonly markPaid: boolean; readonly now?: Date },
): Promise<BillingResult> {
  return inTransaction(db, async () => {
    const invoice = await db.rows('invoices').get(invoiceId);
    if (!invoice || (invoice['status'] !== 'issued' && invoice['status'] !== 'paid'))
      return { ok: false, code: 'not_issued', message: invoiceId };
    const paid = (await livePayments(db, invoiceId)).map((row) => centsOf(row['amount']));
    const due = balanceDueCents(centsOf(invoice['total']), paid);
    const split = splitPayment(due, payment.receivedCents, payment.method);
    if (split.kind !== 'ok' || split.appliedCents === 0)
      return { ok: false, code: 'not_enough', message: String(payment.receivedCents) };
    const id = crypto.randomUUID();
    await step(
      mutate(db, 'payments', 'insert', id, {
        invoice_id: invoiceId,
        patient_id: invoice['patient_id'],
        branch_id: invoice['branch_id'],
        amount: fromCents(split.appliedCents),
        change_given: fromCents(split.changeCents),
        currency: invoice['currency'],
        method: payment.method,
        paid_at: (options.now ?? new Date()).toISOString(),
        reference: payment.reference || null,
      }),
    );
    if (options.markPaid && due - split.appliedCents === 0 && invoice['status'] !== 'paid')
      await step(mutate(db, 'invoices', 'update', invoiceId, { status: 'paid' }));
    return { ok: true, id };
  });
}

/**
 * Closes the register of a branch for a day: a cash closure with what the cash payments say is in
 * the drawer (opening float + cash received) and what was counted, and the day's payments that
 * no closure holds yet linked to it.
 */
export async function closeCash(
  db: ClinicDb,
  input: {
    readonly branchId: string;
    readonly currency: string;
    readonly payments: readonly LocalRow[];
    readonly openingCents: Cents;
    readonly expectedCents: Cents;
    readonly countedCents: Cents;
    readonly notes: string;
    readonly profileId: string | null;
    readonly now?: Date;
  },
): Promise<BillingResult> {
  const now = input.now ?? new Date();
  const first = input.payments.map((row) => String(row['paid_at'])).sort()[0];
  const openedAt = first !== undefined && first < now.toISOString() ? first : now.toISOString();
  const id = crypto.randomUUID();
  return inTransaction(db, async () => {
    await step(
      mutate(db, 'cash_closures', 'insert', id, {
        branch_id: input.branchId,
        currency: input.currency,
        opened_at: openedAt,
        opened_by: input.profileId,
        opening_amount: fromCents(input.openingCents),
        closed_at: now.toISOString(),
        closed_by: input.profileId,
        expected_amount: fromCents(input.expectedCents),
        closing_amount: fromCents(input.countedCents),
        notes: input.notes || null,
      }),
    );
    for (const payment of input.payments)
      if (!payment['cash_closure_id'])
        await step(mutate(db, 'payments', 'update', payment.id, { cash_closure_id: id }));
    return { ok: true, id };
  });
}
