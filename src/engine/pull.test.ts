import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ValidPullResponse } from '../core/protocol/pull.ts';
import { openClinicDb } from './local-db.ts';
import { pullChanges } from './pull.ts';
import type { RemoteResult, SyncRemote } from './remote-port.ts';
import { readPullState, writePullState } from './sync-state.ts';

type Call = { since: number; knownHorizon: number | null | undefined };

/** A remote answering the scripted pages in order and recording what each pull sent. */
function scriptedRemote(pages: Partial<ValidPullResponse>[]): { remote: SyncRemote; calls: Call[] } {
  const calls: Call[] = [];
  const remote: SyncRemote = {
    pull(since, _maxRows, knownHorizon): Promise<RemoteResult<ValidPullResponse>> {
      calls.push({ since, knownHorizon });
      const page = pages[calls.length - 1];
      if (!page) return Promise.resolve({ kind: 'offline', message: 'no more scripted pages' });
      const value: ValidPullResponse = {
        changes: [],
        cursor: since,
        has_more: false,
        reset: false,
        server_time: new Date().toISOString(),
        ...page,
      };
      return Promise.resolve({ kind: 'ok', value, bytes: 0 });
    },
    push: () => Promise.resolve({ kind: 'offline', message: 'not scripted' }),
    digest: () => Promise.resolve({ kind: 'offline', message: 'not scripted' }),
    onPoke: () => () => undefined,
    reachable: () => Promise.resolve(true),
    close: () => Promise.resolve(),
  };
  return { remote, calls };
}

describe('pull and the known purge horizon', () => {
  it('sends the stored horizon, forgets it on reset and records each page’s purge_horizon', async () => {
    const db = await openClinicDb(`pull-horizon-${crypto.randomUUID()}`);
    try {
      await writePullState(db, { ...(await readPullState(db)), cursor: 5, knownHorizon: 3 });
      const { remote, calls } = scriptedRemote([
        { reset: true, cursor: 0, has_more: true, purge_horizon: 30 },
        { cursor: 10, has_more: true, purge_horizon: 30 },
        { cursor: 20, has_more: true, purge_horizon: 30 },
        { cursor: 30, has_more: false, purge_horizon: 30 },
      ]);
      const outcome = await pullChanges(db, remote, { pageSize: 10 });
      expect(outcome).toMatchObject({ kind: 'ok', reset: true, cursor: 30, pages: 4 });
      expect(calls).toEqual([
        { since: 5, knownHorizon: 3 },
        { since: 0, knownHorizon: null },
        { since: 10, knownHorizon: 30 },
        { since: 20, knownHorizon: 30 },
      ]);
      expect(await readPullState(db)).toMatchObject({ cursor: 30, knownHorizon: 30 });
    } finally {
      db.close();
      await db.delete();
    }
  });

  it('keeps the known horizon when a server leaves purge_horizon out', async () => {
    const db = await openClinicDb(`pull-horizon-${crypto.randomUUID()}`);
    try {
      await writePullState(db, { ...(await readPullState(db)), cursor: 5, knownHorizon: 4 });
      const { remote, calls } = scriptedRemote([{ cursor: 8, has_more: true }, { cursor: 9 }]);
      await pullChanges(db, remote, { pageSize: 10 });
      expect(calls).toEqual([
        { since: 5, knownHorizon: 4 },
        { since: 8, knownHorizon: 4 },
      ]);
      expect(await readPullState(db)).toMatchObject({ cursor: 9, knownHorizon: 4 });
    } finally {
      db.close();
      await db.delete();
    }
  });
});

describe('pull from a start the caller believes', () => {
  it('asks the server at once from that start, without reading the stored state first', async () => {
    const db = await openClinicDb(`pull-from-${crypto.randomUUID()}`);
    try {
      await writePullState(db, { ...(await readPullState(db)), cursor: 7, knownHorizon: 2 });
      const { remote, calls } = scriptedRemote([{ cursor: 9, purge_horizon: 2 }]);
      const outcome = await pullChanges(db, remote, { from: { cursor: 7, knownHorizon: 2 } });
      expect(outcome).toMatchObject({ kind: 'ok', cursor: 9, knownHorizon: 2, pages: 1 });
      expect(calls).toEqual([{ since: 7, knownHorizon: 2 }]);
      expect(await readPullState(db)).toMatchObject({ cursor: 9, knownHorizon: 2 });
    } finally {
      db.close();
      await db.delete();
    }
  });

  it.each([
    ['cursor', { cursor: 3, knownHorizon: 2 }],
    ['known horizon', { cursor: 7, knownHorizon: 5 }],
  ])('applies nothing asked from a stale %s, then pulls again from the stored state', async (_, from) => {
    const db = await openClinicDb(`pull-stale-${crypto.randomUUID()}`);
    try {
      await writePullState(db, { ...(await readPullState(db)), cursor: 7, knownHorizon: 2 });
      const stalePage = {
        cursor: 9,
        changes: [
          {
            table: 'patients' as const,
            row: { id: 'a0000000-0000-4000-8000-000000000001', rev: 4, deleted_at: null },
          },
        ],
      };
      const { remote, calls } = scriptedRemote([stalePage, { cursor: 9 }]);
      const outcome = await pullChanges(db, remote, { from });
      expect(calls).toEqual([
        { since: from.cursor, knownHorizon: from.knownHorizon },
        { since: 7, knownHorizon: 2 },
      ]);
      expect(outcome).toMatchObject({ kind: 'ok', cursor: 9, rows: 0, pages: 1 });
      expect(await db.rows('patients').count()).toBe(0);
    } finally {
      db.close();
      await db.delete();
    }
  });
});
