import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../../../src/core/outbox/refusal.ts';

const refused = (table: string, code: string, message: string) =>
  refusalOf({ table, lastError: { code, message } });

describe('refusalOf', () => {
  it('reads the invoice recomputations by their code, never as a raw message', () => {
    expect(
      refused('invoices', 'invalid_data', "invoice_total: invoice x total 999 is not its lines' 80"),
    ).toEqual({
      reason: 'invoice_total',
      column: null,
    });
    expect(
      refused('invoice_items', 'invalid_data', 'invoice_line_amount: line x amount 999 is not 2 x 40'),
    ).toEqual({
      reason: 'invoice_line_amount',
      column: null,
    });
    expect(refused('invoice_items', 'invalid_data', 'invoice_closed: line x belongs to invoice y')).toEqual({
      reason: 'invoice_closed',
      column: null,
    });
  });

  it('reads the database reasons of invalid_data as codes a screen translates', () => {
    expect(
      refused(
        'appointments',
        'invalid_data',
        'new row for relation "appointments" violates check constraint "appointments_check_1"',
      ),
    ).toEqual({ reason: 'ends_before_starts', column: 'ends_at' });
    expect(
      refused(
        'patients',
        'invalid_data',
        'new row for relation "patients" violates check constraint "patients_sex_check"',
      ),
    ).toEqual({ reason: 'value_not_allowed', column: 'sex' });
    // A Cartão SUS whose check digit the database refused reads as the field to correct.
    expect(
      refused(
        'patients',
        'invalid_data',
        'new row for relation "patients" violates check constraint "patients_sus_card_number_check"',
      ),
    ).toEqual({ reason: 'invalid_value', column: 'sus_card_number' });
    expect(
      refused(
        'patients',
        'invalid_data',
        'new row for relation "patients" violates check constraint "patients_insurance_card_number_check"',
      ),
    ).toEqual({ reason: 'invalid_value', column: 'insurance_card_number' });
    expect(
      refused(
        'prescription_items',
        'invalid_data',
        'null value in column "medication" of relation "prescription_items" violates not-null constraint',
      ),
    ).toEqual({ reason: 'required_missing', column: 'medication' });
    expect(
      refused(
        'appointments',
        'invalid_data',
        'insert or update on table "appointments" violates foreign key constraint "appointments_room_id_fkey" Key (room_id)=(…) is not present',
      ),
    ).toEqual({ reason: 'invalid_reference', column: 'room_id' });
    expect(
      refused(
        'invoices',
        'invalid_data',
        'duplicate key value violates unique constraint "invoices_number_key"',
      ),
    ).toEqual({
      reason: 'duplicate',
      column: null,
    });
    expect(refused('patients', 'invalid_data', 'invalid input syntax for type date: "x"')).toEqual({
      reason: 'invalid_value',
      column: null,
    });
  });

  it('recognises a signed encounter, the role, the restore window and what the engine gave up on', () => {
    expect(
      refused(
        'prescriptions',
        'invalid_data',
        'signed_encounter: prescriptions … belongs to an encounter signed at …',
      ),
    ).toEqual({
      reason: 'signed_encounter',
      column: null,
    });
    expect(refused('encounters', 'forbidden', 'your role may not change encounters …').reason).toBe(
      'forbidden',
    );
    expect(refused('patients', 'restore_window_expired', 'patients … was deleted at …').reason).toBe(
      'restore_window_expired',
    );
    expect(refused('patients', 'row_missing', 'the server has no such row to merge with').reason).toBe(
      'row_missing',
    );
    expect(refused('patients', 'something_new', 'x').reason).toBe('unknown');
    expect(refusalOf({ table: 'patients', lastError: null }).reason).toBe('unknown');
  });
});
