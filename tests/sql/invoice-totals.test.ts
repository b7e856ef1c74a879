import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalOf } from '../../src/core/outbox/refusal.ts';
import { asUser } from '../support/as-role.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';
import {
  fingerprint,
  mutation,
  pushAs,
  rowOf,
  seeded,
  seededDatabase,
  staff,
  type MutationResult,
  type Row,
} from './support/sync-fixture.ts';

// The server recomputes what the device computed: a line is quantity × unit price less its
// discount, an issued invoice's total is its live lines less its discount, and an issued invoice's
// lines no longer change. A wrong one is refused with a coded message the device translates.
describe.each(testTargets())('invoice totals on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await seededDatabase(test.db);
  });
  afterAll(() => test.drop());

  const billing = (mutations: Record<string, unknown>[]) => pushAs(test.db, 'billing', mutations);

  function draft(id: string) {
    return mutation({
      table: 'invoices',
      op: 'insert',
      id,
      data: {
        patient_id: seeded.patient,
        branch_id: seeded.branch,
        status: 'draft',
        currency: 'BRL',
        total: 0,
      },
    });
  }

  function line(invoice: string, data: Record<string, unknown>, id = randomUUID()) {
    return mutation({
      table: 'invoice_items',
      op: 'insert',
      id,
      data: { invoice_id: invoice, description: 'Consulta', ...data },
    });
  }

  async function update(table: string, id: string, data: Record<string, unknown>): Promise<MutationResult> {
    const current = (await rowOf(test.db, table, id)) as Row;
    return (
      await billing([mutation({ table, op: 'update', id, base_rev: current.rev, data })])
    )[0] as MutationResult;
  }

  const refused = (result: MutationResult | undefined, code: string) => {
    expect(result?.status).toBe('rejected');
    expect(result?.code).toBe('invalid_data');
    expect(result?.message).toMatch(new RegExp(`^${code}: `));
    // The device reads the refusal as the reason its screens translate.
    expect(
      refusalOf({ table: 'invoices', lastError: { code: 'invalid_data', message: result?.message ?? '' } }),
    ).toEqual({ reason: code, column: null });
  };

  it('refuses the 2 × 40 line saved as 999, and takes it as 80', async () => {
    const invoice = randomUUID();
    const [created, wrong, right, discounted, fractional] = await billing([
      draft(invoice),
      line(invoice, { quantity: 2, unit_price: 40, amount: 999 }),
      line(invoice, { quantity: 2, unit_price: 40, amount: 80 }),
      line(invoice, { quantity: 3, unit_price: 33.33, discount: 9.99, amount: 90 }),
      line(invoice, { quantity: 0.333, unit_price: 10.05, amount: 3.35 }),
    ]);
    expect(created?.status).toBe('applied');
    refused(wrong, 'invoice_line_amount');
    expect(right?.status).toBe('applied');
    expect(discounted?.status).toBe('applied');
    expect(fractional?.status).toBe('applied'); // 3.34665 rounds half away from zero to 3.35
  });

  it('checks an issued total against the live lines and the discount, in exact numeric', async () => {
    const invoice = randomUUID();
    const gone = randomUUID();
    await billing([
      draft(invoice),
      line(invoice, { quantity: 1, unit_price: 0.1, amount: 0.1 }),
      line(invoice, { quantity: 1, unit_price: 0.2, amount: 0.2 }),
      line(invoice, { quantity: 1, unit_price: 100, amount: 100 }, gone),
    ]);
    expect(
      (
        await billing([
          mutation({
            table: 'invoice_items',
            op: 'delete',
            id: gone,
            base_rev: (await rowOf(test.db, 'invoice_items', gone))?.rev ?? 0,
          }),
        ])
      )[0]?.status,
    ).toBe('applied');
    const before = await fingerprint(test.db);
    refused(await update('invoices', invoice, { status: 'issued', total: 100.3 }), 'invoice_total');
    refused(
      await update('invoices', invoice, { status: 'issued', total: 0.3, discount: 0.05 }),
      'invoice_total',
    );
    expect(await fingerprint(test.db)).toEqual(before);
    const issued = await update('invoices', invoice, { status: 'issued', total: 0.25, discount: 0.05 });
    expect(issued.status).toBe('applied');
    expect(issued.row).toMatchObject({ status: 'issued', total: 0.25, discount: 0.05 });
  });

  it('an invoice inserted already issued must carry its lines first; a draft total is free', async () => {
    const invoice = randomUUID();
    const [issued] = await billing([
      mutation({
        table: 'invoices',
        op: 'insert',
        id: invoice,
        data: {
          patient_id: seeded.patient,
          branch_id: seeded.branch,
          status: 'issued',
          currency: 'BRL',
          total: 80,
        },
      }),
    ]);
    refused(issued, 'invoice_total');
    const other = randomUUID();
    const [created] = await billing([
      { ...draft(other), data: { ...(draft(other)['data'] as object), total: 12 } },
    ]);
    expect(created?.status).toBe('applied');
  });

  it("keeps an issued invoice's lines: no edit, no new line, no removal, until it is a draft again", async () => {
    const invoice = randomUUID();
    const item = randomUUID();
    await billing([draft(invoice), line(invoice, { quantity: 2, unit_price: 40, amount: 80 }, item)]);
    expect((await update('invoices', invoice, { status: 'issued', total: 80 })).status).toBe('applied');
    const before = await fingerprint(test.db);
    refused(await update('invoice_items', item, { quantity: 3, amount: 120 }), 'invoice_closed');
    refused((await billing([line(invoice, { quantity: 1, unit_price: 5, amount: 5 })]))[0], 'invoice_closed');
    const current = (await rowOf(test.db, 'invoice_items', item)) as Row;
    refused(
      (
        await billing([mutation({ table: 'invoice_items', op: 'delete', id: item, base_rev: current.rev })])
      )[0],
      'invoice_closed',
    );
    expect(await fingerprint(test.db)).toEqual(before);
    // Paying it is still a total the server checks.
    expect((await update('invoices', invoice, { status: 'paid' })).status).toBe('applied');
  });

  it('binds plain SQL through the API too', async () => {
    const invoice = randomUUID();
    await billing([draft(invoice), line(invoice, { quantity: 2, unit_price: 40, amount: 80 })]);
    await expect(
      asUser(test.db, staff.billing, (tx) =>
        tx.query(`update public.invoices set status = 'issued', total = 999 where id = $1`, [invoice]),
      ),
    ).rejects.toThrow(/invoice_total/);
    await expect(
      asUser(test.db, staff.billing, (tx) =>
        tx.query(
          `insert into public.invoice_items (id, invoice_id, description, quantity, unit_price, amount)
           values ($1, $2, 'x', 2, 40, 79.99)`,
          [randomUUID(), invoice],
        ),
      ),
    ).rejects.toThrow(/invoice_line_amount/);
  });

  it('keeps the change handed back on a payment, never negative', async () => {
    const invoice = randomUUID();
    const payment = randomUUID();
    await billing([draft(invoice)]);
    const pay = (id: string, change: number) =>
      mutation({
        table: 'payments',
        op: 'insert',
        id,
        data: {
          invoice_id: invoice,
          branch_id: seeded.branch,
          amount: 80,
          change_given: change,
          currency: 'BRL',
          method: 'cash',
          paid_at: '2026-12-08T12:00:00Z',
        },
      });
    const [ok, negative] = await billing([pay(payment, 20), pay(randomUUID(), -1)]);
    expect(ok?.status).toBe('applied');
    expect(ok?.row).toMatchObject({ amount: 80, change_given: 20 });
    expect(negative?.status).toBe('rejected');
    expect(
      refusalOf({ table: 'payments', lastError: { code: 'invalid_data', message: negative?.message ?? '' } }),
    ).toEqual({ reason: 'must_not_be_negative', column: 'change_given' });
  });
});
