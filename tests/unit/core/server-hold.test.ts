import { describe, expect, it } from 'vitest';
import { heldBackRetryMs, serverHoldNoticeMs, serverHoldOf } from '../../../src/core/server-hold.ts';

describe('serverHoldOf', () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, seconds)).toISOString();

  it('reports a hold that lasted the notice threshold, measured on the server clock', () => {
    expect(serverHoldOf({ held_since: at(0), server_time: at(7) })).toEqual({ since: at(0), forMs: 7000 });
    expect(serverHoldOf({ held_since: at(0), server_time: at(serverHoldNoticeMs / 1000) })?.forMs).toBe(
      serverHoldNoticeMs,
    );
  });

  it('stays quiet for short holds, for none, for servers that do not send the field and for nonsense', () => {
    expect(serverHoldOf({ held_since: at(0), server_time: at(2) })).toBeNull();
    expect(serverHoldOf({ held_since: null, server_time: at(2) })).toBeNull();
    expect(serverHoldOf({ server_time: at(2) })).toBeNull();
    expect(serverHoldOf({ held_since: 'yesterday', server_time: at(2) })).toBeNull();
  });
});

describe('heldBackRetryMs', () => {
  it('starts at half a second and doubles up to 15 s', () => {
    expect([0, 1, 2, 3, 6, 50].map(heldBackRetryMs)).toEqual([500, 500, 1000, 2000, 15_000, 15_000]);
  });
});
