/** A stable id for this browser profile (shown in presence; the engine keeps its own client id). */
const key = 'clinica.device-id';

export function deviceId(storage: Pick<Storage, 'getItem' | 'setItem'>): string {
  const existing = storage.getItem(key);
  if (existing) return existing;
  const created = crypto.randomUUID();
  storage.setItem(key, created);
  return created;
}
