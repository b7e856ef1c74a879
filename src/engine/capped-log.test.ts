import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openClinicDb, type ClinicDb } from './local-db.ts';
import { appendCapped } from './capped-log.ts';
import type { MetricsRecord } from './local-records.ts';

let db: ClinicDb;
beforeEach(async () => {
  db = await openClinicDb(`capped-log-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const line = (rows: number): MetricsRecord => ({
  at: new Date(0).toISOString(),
  kind: 'pull',
  ok: true,
  durationMs: 1,
  rows,
  bytes: 0,
  conflicts: 0,
  queueDepth: 0,
  pokeToAppliedMs: null,
});

describe('capped log', () => {
  it('keeps the last lines up to the cap, dropping the oldest first', async () => {
    for (let n = 1; n <= 7; n += 1) await appendCapped(db.metrics, line(n), 3);
    expect((await db.metrics.orderBy('seq').toArray()).map((record) => record.rows)).toEqual([5, 6, 7]);
  });

  it('commits the line with the caller’s transaction, or not at all', async () => {
    await expect(
      db.transaction('rw', [db.metrics, db.sync_state], async () => {
        await appendCapped(db.metrics, line(1), 3);
        throw new Error('the change being recorded failed');
      }),
    ).rejects.toThrow('the change being recorded failed');
    expect(await db.metrics.count()).toBe(0);
  });
});
