import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../../src/core/merge/json-equal.ts';
import { ModelClient } from './support/model-client.ts';
import { ModelServer } from './support/model-server.ts';

// Replicas built from the core's pure functions, driven by random interleavings of edits, pushes
// (with lost and duplicated answers), pulls, resets of the synced copy (outbox kept) and conflict
// decisions, against an in-memory server that follows the contract. Checked after everyone syncs:
// - convergence: every client shows exactly the server's rows, nothing left in any outbox;
// - idempotence: no mutation id wrote twice, a re-delivered answer or pull changes nothing;
// - nothing lost: every stock delta counts, every tag added and never removed is there, a record
//   section written by one client only holds that client's last value.

const PATIENT = 'aaaaaaaa-0000-4000-8000-000000000001';
const ITEM = 'bbbbbbbb-0000-4000-8000-000000000002';
const ENCOUNTER = 'cccccccc-0000-4000-8000-000000000003';
const CLIENTS = 3;
/** FC_RUNS=5000 for a long hunt; the default keeps the unit suite quick. */
const RUNS = Number(process.env['FC_RUNS'] ?? 300);
const sections = ['anamnesis', 'diagnosis', 'plan'] as const;

type Action =
  | { kind: 'tag'; client: number; tag: string; add: boolean }
  | { kind: 'stock'; client: number; delta: number }
  | { kind: 'field'; client: number; column: 'email' | 'phone' | 'full_name' | 'notes'; value: string }
  | { kind: 'section'; client: number; section: (typeof sections)[number]; value: string }
  | { kind: 'delete' | 'undelete'; client: number }
  | { kind: 'push'; client: number; delivery: 'normal' | 'lose' | 'duplicate' }
  | { kind: 'pull'; client: number; again: boolean }
  | { kind: 'reset'; client: number }
  | { kind: 'resolve'; client: number; choice: 'mine' | 'theirs' | 'recommended' };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const editActions = [
  fc.record({
    kind: fc.constant('tag' as const),
    client,
    tag: fc.constantFrom('t0', 't1', 't2', 't3'),
    add: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('stock' as const),
    client,
    delta: fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0),
  }),
  fc.record({
    kind: fc.constant('field' as const),
    client,
    column: fc.constantFrom('email' as const, 'phone' as const, 'full_name' as const, 'notes' as const),
    value: fc.constantFrom('a', 'b', 'c'),
  }),
  fc.record({
    kind: fc.constant('section' as const),
    client,
    section: fc.constantFrom(...sections),
    value: fc.constantFrom('x', 'y', 'z'),
  }),
];
const syncActions = [
  fc.record({
    kind: fc.constant('push' as const),
    client,
    delivery: fc.constantFrom('normal' as const, 'normal' as const, 'lose' as const, 'duplicate' as const),
  }),
  fc.record({ kind: fc.constant('pull' as const), client, again: fc.boolean() }),
  fc.record({ kind: fc.constant('reset' as const), client }),
  fc.record({
    kind: fc.constant('resolve' as const),
    client,
    choice: fc.constantFrom('mine' as const, 'theirs' as const, 'recommended' as const),
  }),
];
const deleteActions = [fc.record({ kind: fc.constantFrom('delete' as const, 'undelete' as const), client })];

interface World {
  server: ModelServer;
  clients: ModelClient[];
  stockDeltas: number;
  tagsAdded: Set<string>;
  tagsRemoved: Set<string>;
  sectionWriters: Map<string, Map<number, string>>;
}

function newWorld(): World {
  const server = new ModelServer();
  server.seed('patients', { id: PATIENT, full_name: 'Ana', email: null, phone: null, notes: null, tags: [] });
  server.seed('inventory_items', { id: ITEM, name: 'Gauze', unit: 'box', quantity_on_hand: 100 });
  server.seed('encounters', { id: ENCOUNTER, record: { anamnesis: '', diagnosis: '', plan: '' } });
  let tick = Date.parse('2026-11-22T09:00:00Z');
  const clock = () => (tick += 137);
  const clients = Array.from({ length: CLIENTS }, (_, i) => new ModelClient(`client-${i}`, clock));
  for (const c of clients) c.pull(server);
  return {
    server,
    clients,
    stockDeltas: 0,
    tagsAdded: new Set(),
    tagsRemoved: new Set(),
    sectionWriters: new Map(),
  };
}

function run(world: World, action: Action): void {
  const c = world.clients[action.client] as ModelClient;
  switch (action.kind) {
    case 'tag': {
      const tags = (c.view('patients', PATIENT)?.['tags'] as string[] | undefined) ?? [];
      const next = action.add ? [...new Set([...tags, action.tag])] : tags.filter((t) => t !== action.tag);
      const kind = c.edit('patients', { op: 'update', rowId: PATIENT, changes: { tags: next } });
      if (kind !== 'rejected' && kind !== 'noop')
        (action.add ? world.tagsAdded : world.tagsRemoved).add(action.tag);
      return;
    }
    case 'stock': {
      const quantity = c.view('inventory_items', ITEM)?.['quantity_on_hand'] as number;
      c.edit('inventory_items', {
        op: 'update',
        rowId: ITEM,
        changes: { quantity_on_hand: quantity + action.delta },
      });
      world.stockDeltas += action.delta;
      return;
    }
    case 'field':
      c.edit('patients', { op: 'update', rowId: PATIENT, changes: { [action.column]: action.value } });
      return;
    case 'section': {
      const record = c.view('encounters', ENCOUNTER)?.['record'] as Record<string, string>;
      const kind = c.edit('encounters', {
        op: 'update',
        rowId: ENCOUNTER,
        changes: { record: { ...record, [action.section]: action.value } },
      });
      if (kind !== 'noop') {
        const writers = world.sectionWriters.get(action.section) ?? new Map<number, string>();
        writers.set(action.client, action.value);
        world.sectionWriters.set(action.section, writers);
      }
      return;
    }
    case 'delete':
    case 'undelete':
      c.edit('patients', { op: action.kind, rowId: PATIENT, changes: {} });
      return;
    case 'push':
      c.push(world.server, action.delivery);
      return;
    case 'pull': {
      c.pull(world.server);
      if (action.again) {
        // Re-delivering every change already seen must not move any view.
        const before = [PATIENT, ITEM, ENCOUNTER].map((id) => c.view(tableOf(id), id));
        c.pull(world.server, true);
        const after = [PATIENT, ITEM, ENCOUNTER].map((id) => c.view(tableOf(id), id));
        expect(jsonEqual(after, before)).toBe(true);
      }
      return;
    }
    case 'resolve':
      c.resolveAll(() => action.choice);
      return;
    case 'reset':
      c.resetCopy(world.server);
      return;
  }
}

function tableOf(id: string) {
  return id === PATIENT ? 'patients' : id === ITEM ? 'inventory_items' : 'encounters';
}

/** Everyone comes online and syncs until no outbox holds anything; conflicts take the recommendation. */
function drain(world: World): void {
  for (let round = 0; round < 60; round += 1) {
    for (const c of world.clients) {
      c.resolveAll();
      for (let i = 0; i < 20 && c.push(world.server) > 0; i += 1);
      c.pull(world.server);
    }
    if (world.clients.every((c) => c.openEntries().length === 0)) break;
  }
  for (const c of world.clients) c.pull(world.server);
}

function checkConverged(world: World): void {
  for (const c of world.clients) {
    expect(c.failedEntries()).toEqual([]);
    expect(c.openEntries()).toEqual([]);
    for (const [key, row] of world.server.allRows()) {
      const [table, id] = key.split('/') as [ReturnType<typeof tableOf>, string];
      expect(jsonEqual(c.view(table, id), row)).toBe(true);
    }
  }
  for (const [mid, writes] of world.server.writes) expect({ mid, writes }).toEqual({ mid, writes: 1 });
}

function checkNothingLost(world: World): void {
  expect(world.server.row('inventory_items', ITEM)?.['quantity_on_hand']).toBe(100 + world.stockDeltas);
  const tags = world.server.row('patients', PATIENT)?.['tags'] as string[];
  for (const tag of world.tagsAdded) if (!world.tagsRemoved.has(tag)) expect(tags).toContain(tag);
  const record = world.server.row('encounters', ENCOUNTER)?.['record'] as Record<string, string>;
  for (const [section, writers] of world.sectionWriters) {
    if (writers.size === 1) expect(record[section]).toBe([...writers.values()][0]);
  }
}

describe('replicas built from the sync core', () => {
  it('converge and lose nothing under any interleaving of edits, pushes, lost answers and pulls', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(...editActions, ...syncActions), { minLength: 1, maxLength: 60 }),
        (actions) => {
          const world = newWorld();
          for (const action of actions) run(world, action);
          drain(world);
          checkConverged(world);
          checkNothingLost(world);
        },
      ),
      {
        numRuns: RUNS,
        // Pinned counterexamples found earlier (see docs/sync-core.md, "Regressions").
        examples: [
          [
            [
              { kind: 'stock', client: 0, delta: 4 },
              { kind: 'stock', client: 1, delta: 4 },
              { kind: 'push', client: 0, delivery: 'normal' },
            ],
          ],
          [
            [
              { kind: 'stock', client: 2, delta: 1 },
              { kind: 'stock', client: 0, delta: -1 },
              { kind: 'push', client: 2, delivery: 'normal' },
              { kind: 'pull', client: 0, again: false },
              { kind: 'stock', client: 0, delta: -1 },
            ],
          ],
          [
            [
              { kind: 'section', client: 1, section: 'plan', value: 'x' },
              { kind: 'section', client: 0, section: 'anamnesis', value: 'x' },
              { kind: 'push', client: 1, delivery: 'normal' },
              { kind: 'section', client: 0, section: 'plan', value: 'y' },
              { kind: 'push', client: 0, delivery: 'normal' },
              { kind: 'resolve', client: 0, choice: 'theirs' },
            ],
          ],
        ],
      },
    );
  });

  it('converge with deletes and restores in the mix, whatever people decide on conflicts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(...editActions, ...syncActions, ...deleteActions), { minLength: 1, maxLength: 60 }),
        (actions) => {
          const world = newWorld();
          for (const action of actions) run(world, action);
          drain(world);
          checkConverged(world);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
