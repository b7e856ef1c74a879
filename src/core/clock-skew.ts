/**
 * Estimating how far the server clock is from this device's clock, from the `server_time` of
 * pull answers. Staff PCs drift, and some are set by hand; `lww` must compare edit times on one
 * clock, so client edit times are moved to server time with this estimate before comparing.
 *
 * One round trip gives offset = server_time − (sent + received) / 2, exact if the request and the
 * response took equally long, and at worst off by half the round trip. The estimate keeps the last
 * few samples and uses the one with the shortest round trip (the least uncertain); a window, not
 * all of history, so a clock changed by hand is followed within a few pulls.
 */
export interface ClockSample {
  /** Client clock when the request left, epoch ms. */
  readonly sentAt: number;
  /** Client clock when the answer arrived, epoch ms. */
  readonly receivedAt: number;
  /** The server's clock in the answer, epoch ms. */
  readonly serverTime: number;
}

export interface ClockSkew {
  /** server time − client time, ms. Add it to a client time to get server time. */
  readonly offsetMs: number;
  /** Half the round trip of the sample used: the most the offset can be wrong by. */
  readonly uncertaintyMs: number;
  readonly samples: readonly ClockSample[];
}

export const noClockSkew: ClockSkew = { offsetMs: 0, uncertaintyMs: Number.POSITIVE_INFINITY, samples: [] };

const WINDOW = 8;

/** A sample from a pull, or null if its times cannot be trusted (unparsable, negative round trip). */
export function clockSample(sentAt: number, receivedAt: number, serverTime: string): ClockSample | null {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server) || !Number.isFinite(sentAt) || receivedAt < sentAt) return null;
  return { sentAt, receivedAt, serverTime: server };
}

export function observeClock(previous: ClockSkew, sample: ClockSample): ClockSkew {
  const samples = [...previous.samples, sample].slice(-WINDOW);
  let best = sample;
  for (const candidate of samples) {
    if (roundTrip(candidate) < roundTrip(best)) best = candidate;
  }
  return { offsetMs: offsetOf(best), uncertaintyMs: roundTrip(best) / 2, samples };
}

export function toServerTime(clientTime: number, skew: ClockSkew): number {
  return clientTime + skew.offsetMs;
}

function roundTrip(sample: ClockSample): number {
  return sample.receivedAt - sample.sentAt;
}

function offsetOf(sample: ClockSample): number {
  return Math.round(sample.serverTime - (sample.sentAt + sample.receivedAt) / 2);
}
