import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../../src/core/merge/json-equal.ts';
import { ModelClient } from './support/model-client.ts';
import { ModelServer } from './support/model-server.ts';

// Nothing superseded is thrown away: clients edit one row concurrently (each from the same synced
// copy, offline), then sync in any order, with lost answers, pulls and any decision on conflicts.
// Every value a person last typed in a column is, after everyone synced, either in the final row
// or in the history of superseded values (which the devices share through the server).

const PATIENT = 'aaaaaaaa-0000-4000-8000-000000000001';
const ENCOUNTER = 'cccccccc-0000-4000-8000-000000000003';
const CLIENTS = 3;
const RUNS = Number(process.env['FC_RUNS'] ?? 300);
// Policies of every kind: lww (email, phone, notes), manual (full_name, birth_date), sectioned JSON.
const columns = ['email', 'phone', 'notes', 'full_name', 'birth_date'] as const;
const sections = ['anamnesis', 'diagnosis', 'plan'] as const;

type Edit =
  | { kind: 'field'; client: number; column: (typeof columns)[number]; value: string }
  | { kind: 'section'; client: number; section: (typeof sections)[number]; value: string };
type Sync =
  | { kind: 'push'; client: number; delivery: 'normal' | 'lose' | 'duplicate' }
  | { kind: 'pull'; client: number }
  | { kind: 'resolve'; client: number; choice: 'mine' | 'theirs' | 'recommended' };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('field' as const),
    client,
    column: fc.constantFrom(...columns),
    value: fc.constantFrom('a', 'b', 'c'),
  }),
  fc.record({
    kind: fc.constant('section' as const),
    client,
    section: fc.constantFrom(...sections),
    value: fc.constantFrom('x', 'y', 'z'),
  }),
);
const sync: fc.Arbitrary<Sync> = fc.oneof(
  fc.record({
    kind: fc.constant('push' as const),
    client,
    delivery: fc.constantFrom('normal' as const, 'normal' as const, 'lose' as const, 'duplicate' as const),
  }),
  fc.record({ kind: fc.constant('pull' as const), client }),
  fc.record({
    kind: fc.constant('resolve' as const),
    client,
    choice: fc.constantFrom('mine' as const, 'theirs' as const, 'recommended' as const),
  }),
);

/** What each client typed last, per column (`record.<section>` for the record's sections). */
type Typed = Map<number, Map<string, string>>;

function typeEdit(clients: ModelClient[], typed: Typed, action: Edit): void {
  const c = clients[action.client] as ModelClient;
  const mine = typed.get(action.client) ?? new Map<string, string>();
  typed.set(action.client, mine);
  if (action.kind === 'field') {
    const value = action.column === 'birth_date' ? `198${'abc'.indexOf(action.value)}-01-01` : action.value;
    c.edit('patients', { op: 'update', rowId: PATIENT, changes: { [action.column]: value } });
    mine.set(action.column, value);
    return;
  }
  const record = c.view('encounters', ENCOUNTER)?.['record'] as Record<string, string>;
  c.edit('encounters', {
    op: 'update',
    rowId: ENCOUNTER,
    changes: { record: { ...record, [action.section]: action.value } },
  });
  mine.set(`record.${action.section}`, action.value);
}

function runSync(server: ModelServer, clients: ModelClient[], action: Sync): void {
  const c = clients[action.client] as ModelClient;
  if (action.kind === 'push') c.push(server, action.delivery);
  else if (action.kind === 'pull') c.pull(server);
  else c.resolveAll(() => action.choice);
}

function drain(server: ModelServer, clients: ModelClient[], choice: Sync & { kind: 'resolve' }): void {
  for (let round = 0; round < 60; round += 1) {
    for (const c of clients) {
      c.resolveAll(() => choice.choice);
      for (let i = 0; i < 20 && c.push(server) > 0; i += 1);
      c.pull(server);
    }
    if (clients.every((c) => c.openEntries().length === 0)) break;
  }
  for (const c of clients) c.pull(server);
}

function checkNothingThrownAway(server: ModelServer, clients: ModelClient[], typed: Typed): void {
  for (const c of clients) expect(c.openEntries()).toEqual([]);
  const patient: Record<string, unknown> = server.row('patients', PATIENT) ?? {};
  const record = (server.row('encounters', ENCOUNTER)?.['record'] ?? {}) as Record<string, unknown>;
  const history = clients.flatMap((c) => c.history);
  for (const [who, values] of typed) {
    for (const [key, value] of values) {
      const [column, section] = key.split('.') as [string, string | undefined];
      const final = section === undefined ? patient[column] : record[section];
      if (jsonEqual(final, value)) continue;
      const kept = history.some(
        (h) => h.column === column && h.section === (section ?? null) && jsonEqual(h.value, value),
      );
      expect(
        kept,
        `client ${who}: ${key} = ${value} is neither in the row (${String(final)}) nor in history`,
      ).toBe(true);
    }
  }
}

describe('superseded values', () => {
  it('every value any side typed ends in the row or in the history, whatever the order and the decisions', () => {
    fc.assert(
      fc.property(
        fc.array(edit, { minLength: 1, maxLength: 12 }),
        fc.array(sync, { maxLength: 30 }),
        fc.constantFrom('mine' as const, 'theirs' as const, 'recommended' as const),
        (edits, syncs, finalChoice) => {
          const server = new ModelServer();
          server.seed('patients', {
            id: PATIENT,
            full_name: 'Ana',
            birth_date: null,
            email: null,
            phone: null,
            notes: null,
            tags: [],
          });
          server.seed('encounters', { id: ENCOUNTER, record: { anamnesis: '', diagnosis: '', plan: '' } });
          let tick = Date.parse('2026-12-07T10:00:00Z');
          const clock = () => (tick += 137);
          const clients = Array.from({ length: CLIENTS }, (_, i) => new ModelClient(`client-${i}`, clock));
          for (const c of clients) c.pull(server);
          const typed: Typed = new Map();
          for (const action of edits) typeEdit(clients, typed, action);
          for (const action of syncs) runSync(server, clients, action);
          drain(server, clients, { kind: 'resolve', client: 0, choice: finalChoice });
          checkNothingThrownAway(server, clients, typed);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('records who typed a replaced value, when, and what replaced it', () => {
    const server = new ModelServer();
    server.seed('patients', { id: PATIENT, full_name: 'Ana', phone: '+5511945924944', notes: null });
    let tick = Date.parse('2026-11-22T09:00:00Z');
    const clock = () => (tick += 1000);
    const [a, b] = [new ModelClient('reception', clock), new ModelClient('doctor', clock)];
    a.pull(server);
    b.pull(server);
    a.edit('patients', { op: 'update', rowId: PATIENT, changes: { phone: '+5511977778888' } });
    b.edit('patients', { op: 'update', rowId: PATIENT, changes: { phone: '+5511966667777' } });
    b.push(server);
    a.push(server);
    a.push(server);
    expect(a.history).toEqual([
      expect.objectContaining({
        table: 'patients',
        column: 'phone',
        section: null,
        value: '+5511977778888',
        side: 'mine',
        typedBy: null,
        typedAt: '2026-11-22T09:00:01.000Z',
        replacedWith: '+5511966667777',
        reason: 'lww',
      }),
    ]);
  });
});
