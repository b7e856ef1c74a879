import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../server/db/migrate.ts';
import { isValidSusCard } from '../../src/core/canonical/sus-card.ts';
import { testTargets, type TestDatabase } from '../support/test-databases.ts';

const known = ['123456789010000', '100000000060018', '700000000000005', '898001081000009'];

// The device and the database judge a Cartão SUS number by the same rule: whatever the device
// accepts the database stores, and whatever it refuses the database refuses too.
describe.each(testTargets())('Cartão SUS check on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await target.create();
    await prepareDatabase(test.db, { seed: false });
  });
  afterAll(() => test.drop());

  async function sqlValid(cards: readonly string[]): Promise<boolean[]> {
    const result = await test.db.query<{ valid: boolean }>(
      'select clinic.valid_sus_card(card) as valid from unnest($1::text[]) with ordinality as c(card, n) order by n',
      [cards],
    );
    return result.rows.map((row) => row.valid);
  }

  it('gives the answer the device gives, on valid numbers and on random digits', async () => {
    // Random numbers are mostly invalid; the last digit of each valid one is varied too.
    const random = fc.sample(fc.stringMatching(/^[0-9]{15}$/), { numRuns: 400, seed: 16 });
    const varied = known.flatMap((card) => [...'0123456789'].map((d) => card.slice(0, 14) + d));
    const cards = [...known, ...random, ...varied, '70000000000005', '3000000000000030', 'abc'];
    const expected = cards.map(isValidSusCard);
    expect(await sqlValid(cards)).toEqual(expected);
    expect(expected.filter(Boolean).length).toBeGreaterThanOrEqual(known.length);
  });

  it('stores a valid number and refuses a mistyped one by the constraint the catalogue names', async () => {
    await test.db.query(
      `insert into public.patients (id, full_name, sus_card_number, insurance_card_number)
       values ('e1600000-0000-4000-8000-000000000001', 'Ana SUS', '700000000000005', '0012345')`,
    );
    await expect(
      test.db.query(
        `insert into public.patients (id, full_name, sus_card_number)
         values ('e1600000-0000-4000-8000-000000000002', 'Ana SUS', '700000000000004')`,
      ),
    ).rejects.toThrow(/patients_sus_card_number_check/);
    await expect(
      test.db.query(
        `insert into public.patients (id, full_name, insurance_card_number)
         values ('e1600000-0000-4000-8000-000000000003', 'Ana SUS', '0012-345')`,
      ),
    ).rejects.toThrow(/patients_insurance_card_number_check/);
  });
});
