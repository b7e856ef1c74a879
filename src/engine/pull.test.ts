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
