import { describe, expect, it } from 'vitest';
import { parsePullResponse } from '../../../../src/core/protocol/pull.ts';

const ID_A = '0a1b2c3d-0000-4000-8000-000000000001';
const ID_B = '0a1b2c3d-0000-4000-8000-000000000002';

function answer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    changes: [
      { table: 'patients', row: { id: ID_A, rev: 41, deleted_at: null, full_name: 'Ana' } },
      { table: 'appointments', row: { id: ID_B, rev: 42, deleted_at: '2026-11-22T10:00:00Z' } },
    ],
    cursor: 42,
    has_more: false,
    reset: false,
    server_time: '2026-11-22T10:00:00Z',
    ...overrides,
  };
}

describe('parsePullResponse', () => {
  it('accepts a well-formed answer and keeps domain columns', () => {
    const parsed = parsePullResponse(answer(), 40);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.changes[0]?.row['full_name']).toBe('Ana');
    expect(parsed.value.cursor).toBe(42);
  });

  it('accepts rows sharing one rev (one transaction)', () => {
    const changes = [
      { table: 'patients', row: { id: ID_A, rev: 41, deleted_at: null } },
      { table: 'patients', row: { id: ID_B, rev: 41, deleted_at: null } },
    ];
    expect(parsePullResponse(answer({ changes, cursor: 41 }), 40).ok).toBe(true);
  });

  it('accepts an empty answer whose cursor stays at since', () => {
    expect(parsePullResponse(answer({ changes: [], cursor: 40 }), 40).ok).toBe(true);
  });

  it.each([
    ['not an object', 'oops'],
    ['null', null],
    ['missing cursor', answer({ cursor: undefined })],
    [
      'rev as a string',
      answer({ changes: [{ table: 'patients', row: { id: ID_A, rev: '41', deleted_at: null } }] }),
    ],
    ['negative cursor', answer({ cursor: -1 })],
    [
      'fractional rev',
      answer({ changes: [{ table: 'patients', row: { id: ID_A, rev: 41.5, deleted_at: null } }] }),
    ],
    ['row without id', answer({ changes: [{ table: 'patients', row: { rev: 41, deleted_at: null } }] })],
    [
      'upper-case id',
      answer({
        changes: [{ table: 'patients', row: { id: ID_A.toUpperCase(), rev: 41, deleted_at: null } }],
      }),
    ],
    ['server_time not a time', answer({ server_time: 'yesterday' })],
    ['has_more missing', answer({ has_more: undefined })],
  ])('rejects a malformed answer: %s', (_label, raw) => {
    const parsed = parsePullResponse(raw, 40);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({ kind: 'protocol_error', code: 'malformed_response' });
  });

  it('rejects a change for a table this client does not sync', () => {
    const changes = [{ table: 'secrets', row: { id: ID_A, rev: 41, deleted_at: null } }];
    const parsed = parsePullResponse(answer({ changes, cursor: 41 }), 40);
    expect(parsed.ok ? null : parsed.error.code).toBe('unknown_table');
  });

  it.each([
    [
      'rev not above since',
      { changes: [{ table: 'patients', row: { id: ID_A, rev: 40, deleted_at: null } }], cursor: 40 },
    ],
    [
      'revs going down',
      {
        changes: [
          { table: 'patients', row: { id: ID_A, rev: 43, deleted_at: null } },
          { table: 'patients', row: { id: ID_B, rev: 42, deleted_at: null } },
        ],
        cursor: 43,
      },
    ],
    ['cursor below since', { changes: [], cursor: 39 }],
    ['cursor below the last change', { cursor: 41 }],
  ])('rejects revs going backwards: %s', (_label, overrides) => {
    const parsed = parsePullResponse(answer(overrides), 40);
    expect(parsed.ok ? null : parsed.error.code).toBe('rev_regressed');
  });

  it('checks a reset answer as a pull from 0', () => {
    const parsed = parsePullResponse(answer({ reset: true, changes: [], cursor: 0 }), 40);
    expect(parsed.ok).toBe(true);
  });

  it('accepts purge_horizon and keeps answers without it valid', () => {
    const withHorizon = parsePullResponse(answer({ purge_horizon: 37 }), 40);
    expect(withHorizon.ok ? withHorizon.value.purge_horizon : null).toBe(37);
    const zero = parsePullResponse(answer({ purge_horizon: 0 }), 40);
    expect(zero.ok ? zero.value.purge_horizon : null).toBe(0);
    const without = parsePullResponse(answer(), 40);
    expect(without.ok).toBe(true);
    expect(without.ok ? without.value.purge_horizon : null).toBeUndefined();
    const onReset = parsePullResponse(answer({ reset: true, changes: [], cursor: 0, purge_horizon: 50 }), 40);
    expect(onReset.ok ? onReset.value.purge_horizon : null).toBe(50);
  });

  it.each([-1, 1.5, '12', null])('rejects a purge_horizon of %s', (purgeHorizon) => {
    const parsed = parsePullResponse(answer({ purge_horizon: purgeHorizon }), 40);
    expect(parsed.ok ? null : parsed.error.code).toBe('malformed_response');
  });

  it('accepts held_since as a timestamp or null, and answers without it', () => {
    const held = parsePullResponse(answer({ held_since: '2026-12-03T10:00:00.000000Z' }), 40);
    expect(held.ok ? held.value.held_since : null).toBe('2026-12-03T10:00:00.000000Z');
    const none = parsePullResponse(answer({ held_since: null }), 40);
    expect(none.ok ? none.value.held_since : undefined).toBeNull();
    const without = parsePullResponse(answer(), 40);
    expect(without.ok ? without.value.held_since : null).toBeUndefined();
  });

  it.each([12, 'soon', true])('rejects a held_since of %s', (heldSince) => {
    const parsed = parsePullResponse(answer({ held_since: heldSince }), 40);
    expect(parsed.ok ? null : parsed.error.code).toBe('malformed_response');
  });
});
