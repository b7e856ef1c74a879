import { describe, expect, it } from 'vitest';
import { clockSample, noClockSkew, observeClock, toServerTime } from '../../../src/core/clock-skew.ts';

const T = Date.parse('2026-11-22T10:00:00.000Z');

describe('clock skew', () => {
  it('estimates server − client from the midpoint of the round trip', () => {
    // Client is 5 minutes behind: it sends at T, the server answers at T + 5 min + 100 ms.
    const sample = clockSample(T, T + 200, new Date(T + 300_000 + 100).toISOString());
    const skew = observeClock(noClockSkew, sample!);
    expect(skew.offsetMs).toBe(300_000);
    expect(skew.uncertaintyMs).toBe(100);
    expect(toServerTime(T, skew)).toBe(T + 300_000);
  });

  it('trusts the sample with the shortest round trip among recent ones', () => {
    let skew = observeClock(noClockSkew, {
      sentAt: T,
      receivedAt: T + 2_000,
      serverTime: T + 1_000 + 50_000,
    });
    skew = observeClock(skew, {
      sentAt: T + 10_000,
      receivedAt: T + 10_040,
      serverTime: T + 10_020 + 60_000,
    });
    skew = observeClock(skew, {
      sentAt: T + 20_000,
      receivedAt: T + 21_000,
      serverTime: T + 20_500 + 70_000,
    });
    expect(skew.offsetMs).toBe(60_000);
  });

  it('follows a clock changed by hand once old samples leave the window', () => {
    let skew = observeClock(noClockSkew, { sentAt: T, receivedAt: T + 10, serverTime: T + 5 });
    for (let i = 1; i <= 8; i += 1) {
      skew = observeClock(skew, {
        sentAt: T + i * 1000,
        receivedAt: T + i * 1000 + 50,
        serverTime: T + i * 1000 + 25 + 3_600_000,
      });
    }
    expect(skew.offsetMs).toBe(3_600_000);
    expect(skew.samples).toHaveLength(8);
  });

  it('refuses samples it cannot trust', () => {
    expect(clockSample(T, T + 10, 'not a time')).toBeNull();
    expect(clockSample(T, T - 10, '2026-11-22T10:00:00Z')).toBeNull();
  });
});
