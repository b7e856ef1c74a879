import { describe, expect, it } from 'vitest';
import { mutationSchema, parsePushResponse } from '../../../../src/core/protocol/push.ts';

const MID_1 = '7d1f6a2e-1111-4000-8000-000000000001';
const MID_2 = '7d1f6a2e-1111-4000-8000-000000000002';
const ROW = '0a1b2c3d-0000-4000-8000-000000000001';

const sent = [{ mid: MID_1 }, { mid: MID_2 }];

describe('mutationSchema', () => {
  const mutation = {
    mid: MID_1,
    table: 'patients',
    op: 'update',
    id: ROW,
    base_rev: 40,
    data: { phone: '+5511999990000' },
    base: { phone: '+5511988880000' },
    at: '2026-11-22T10:00:00.000Z',
  };

  it('accepts the documented shape', () => {
    expect(mutationSchema.safeParse(mutation).success).toBe(true);
    expect(mutationSchema.safeParse({ ...mutation, op: 'insert', base_rev: null, base: {} }).success).toBe(
      true,
    );
  });

  it.each([
    ['unknown op', { op: 'upsert' }],
    ['missing mid', { mid: undefined }],
    ['data not an object', { data: [1, 2] }],
    ['negative base_rev', { base_rev: -3 }],
  ])('rejects %s', (_label, overrides) => {
    expect(mutationSchema.safeParse({ ...mutation, ...overrides }).success).toBe(false);
  });
});

describe('parsePushResponse', () => {
  const applied = { mid: MID_1, status: 'applied', rev: 42, row: { id: ROW, rev: 42, deleted_at: null } };
  const conflict = {
    mid: MID_2,
    status: 'conflict',
    row: { id: ROW, rev: 43, deleted_at: null, phone: 'x' },
  };

  it('accepts a bare array and the object form alike', () => {
    const fromArray = parsePushResponse([applied, conflict], sent);
    const fromObject = parsePushResponse(
      { results: [applied, conflict], server_time: '2026-11-22T10:00:00Z' },
      sent,
    );
    expect(fromArray.ok && fromObject.ok).toBe(true);
    if (!fromArray.ok || !fromObject.ok) return;
    expect(fromArray.value.results).toEqual(fromObject.value.results);
  });

  it('normalises absent replayed, row and message', () => {
    const rejected = { mid: MID_2, status: 'rejected', code: 'forbidden' };
    const parsed = parsePushResponse([{ mid: MID_1, status: 'applied', rev: 42 }, rejected], sent);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.results[0]).toEqual({
      mid: MID_1,
      status: 'applied',
      rev: 42,
      row: null,
      replayed: false,
    });
    expect(parsed.value.results[1]).toEqual({ ...rejected, message: '', replayed: false });
  });

  it.each([
    ['unknown status', [{ ...applied, status: 'ok' }, conflict]],
    ['applied without rev', [{ ...applied, rev: undefined }, conflict]],
    ['applied with rev 0', [{ ...applied, rev: 0 }, conflict]],
    ['rejected without code', [applied, { mid: MID_2, status: 'rejected' }]],
    ['not json-shaped', 'Internal Server Error'],
  ])('rejects a malformed answer: %s', (_label, raw) => {
    const parsed = parsePushResponse(raw, sent);
    expect(parsed.ok ? null : parsed.error.code).toBe('malformed_response');
  });

  it.each([
    ['too few results', [applied]],
    ['results out of order', [conflict, applied]],
  ])('rejects results that do not answer what was sent: %s', (_label, raw) => {
    const parsed = parsePushResponse(raw, sent);
    expect(parsed.ok ? null : parsed.error.code).toBe('result_mismatch');
  });
});
