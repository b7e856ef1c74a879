/**
 * Appointments that overlap another one of the same professional or in the same room. Half-open
 * intervals: one ending at 10:00 and the next starting at 10:00 do not clash. Cancelled and
 * no-show appointments hold no slot. Run over the local copy, so a clash created on two devices
 * offline shows on both as soon as both rows have synced.
 */
export interface Bookable {
  readonly id: string;
  readonly starts_at?: unknown;
  readonly ends_at?: unknown;
  readonly professional_id?: unknown;
  readonly room_id?: unknown;
  readonly status?: unknown;
  readonly deleted_at?: unknown;
}

export type ClashKind = 'professional' | 'room';

export interface Clash {
  readonly with: string;
  readonly kind: ClashKind;
}

const freeStatuses = new Set(['cancelled', 'no_show']);

interface Slot {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly key: string;
}

export function findDoubleBookings(appointments: readonly Bookable[]): Map<string, Clash[]> {
  const clashes = new Map<string, Clash[]>();
  const add = (id: string, clash: Clash) => clashes.set(id, [...(clashes.get(id) ?? []), clash]);
  for (const kind of ['professional', 'room'] as const) {
    const byKey = new Map<string, Slot[]>();
    for (const a of appointments) {
      if (a.deleted_at || freeStatuses.has(String(a.status))) continue;
      const key = kind === 'professional' ? a.professional_id : a.room_id;
      const start = Date.parse(String(a.starts_at));
      const end = Date.parse(String(a.ends_at));
      if (typeof key !== 'string' || !key || Number.isNaN(start) || Number.isNaN(end)) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), { id: a.id, start, end, key }]);
    }
    for (const slots of byKey.values()) {
      slots.sort((x, y) => x.start - y.start);
      for (let i = 0; i < slots.length; i++) {
        const current = slots[i] as Slot;
        for (let j = i + 1; j < slots.length; j++) {
          const next = slots[j] as Slot;
          if (next.start >= current.end) break;
          add(current.id, { with: next.id, kind });
          add(next.id, { with: current.id, kind });
        }
      }
    }
  }
  return clashes;
}
