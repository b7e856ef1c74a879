import { describe, expect, it } from 'vitest';
import {
  discardEntry,
  makeDueNow,
  markSendFailed,
  markSending,
  recoverInFlight,
  retryFailed,
} from '../../../../src/core/outbox/send-attempts.ts';
import { entry, mid } from '../outbox-fixtures.ts';

describe('send attempts', () => {
  it('marks entries in flight and counts the attempt', () => {
    expect(markSending([entry({ seq: 1 })])[0]).toMatchObject({ state: 'sending', attempts: 1, mid: mid(1) });
  });

  it('after a failed send, goes back to pending with the same mid and a jittered backoff', () => {
    const [sent] = markSending([entry({ seq: 1, attempts: 2 })]);
    const error = { code: 'network', message: 'fetch failed' };
    const [failed] = markSendFailed([sent!], error, {
      now: 10_000,
      random: () => 0.5,
      policy: { baseMs: 1_000, maxMs: 60_000 },
    });
    // 3rd attempt: ceiling 1 s · 2² = 4 s, half of it with random 0.5.
    expect(failed).toMatchObject({
      state: 'pending',
      mid: mid(1),
      attempts: 3,
      lastError: error,
      nextAttemptAt: 12_000,
    });
  });

  it('recovers entries left in flight by a stopped worker, same mid, due at once', () => {
    const entries = [entry({ seq: 1, state: 'sending', attempts: 1, nextAttemptAt: 99 }), entry({ seq: 2 })];
    expect(recoverInFlight(entries)).toEqual([{ ...entries[0], state: 'pending', nextAttemptAt: 0 }]);
  });

  it('retries a failed entry under a new mid, remembering the old one', () => {
    const failed = entry({
      seq: 1,
      state: 'failed',
      attempts: 3,
      lastError: { code: 'forbidden', message: 'no' },
    });
    expect(retryFailed(failed, mid(50))).toMatchObject({
      mid: mid(50),
      state: 'pending',
      attempts: 0,
      lastError: null,
      supersedes: [mid(1)],
    });
    expect(retryFailed(entry({ seq: 2 }), mid(51))).toBeNull();
  });

  it('discards only failed or conflicting entries, closing them with their result kept', () => {
    const failed = entry({ seq: 1, state: 'failed', lastError: { code: 'invalid_data', message: 'bad' } });
    expect(discardEntry(failed)).toMatchObject({ state: 'done', lastError: { code: 'invalid_data' } });
    expect(discardEntry(entry({ seq: 2, state: 'conflict' }))?.state).toBe('done');
    expect(discardEntry(entry({ seq: 3 }))).toBeNull();
    expect(discardEntry(entry({ seq: 4, state: 'sending' }))).toBeNull();
  });

  it('sync now clears backoff of pending entries only', () => {
    const entries = [
      entry({ seq: 1, nextAttemptAt: 500 }),
      entry({ seq: 2 }),
      entry({ seq: 3, state: 'failed', nextAttemptAt: 9 }),
    ];
    expect(makeDueNow(entries).map((e) => [e.seq, e.nextAttemptAt])).toEqual([[1, 0]]);
  });
});
