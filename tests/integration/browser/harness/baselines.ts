import type { ClinicDb } from '../../../../src/engine/local-db.ts';
import { localDbVersions } from '../../../../src/engine/local-db-versions.ts';

/**
 * Baselines the benchmarks compare the engine with, measured in the same page and run:
 * - raw IndexedDB: the same patient rows `put` into a bare object store, 1,000 per transaction,
 *   with nothing else (the ceiling for writing those rows);
 * - naive sync, as the seed systems did it: fetch the whole table through PostgREST, 1,000 rows a
 *   page, and upsert each row in its own transaction;
 * - naive push, as the seed systems did it: one PostgREST insert request per queued row.
 */
function openRaw(name: string, store: string, indexes: readonly string[] = []): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const objects = request.result.createObjectStore(store, { keyPath: 'id' });
      for (const index of indexes) objects.createIndex(index, index);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function putAll(db: IDBDatabase, store: string, rows: readonly unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    const objects = tx.objectStore(store);
    for (const row of rows) objects.put(row);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

/**
 * With `withVersion1Indexes`, the store gets the six indexes the patients store had in local
 * database version 1 (dropped in version 2: no query read them): what they cost a first sync.
 */
export async function rawPutTimed(
  source: ClinicDb,
  withVersion1Indexes = false,
): Promise<{ rows: number; ms: number }> {
  const rows = await source.rows('patients').toArray();
  const version1 = (localDbVersions[0]?.stores['patients'] ?? '').split(',').map((index) => index.trim());
  const indexes = withVersion1Indexes ? version1.slice(1) : [];
  const raw = await openRaw(`raw-${crypto.randomUUID()}`, 'patients', indexes);
  const started = performance.now();
  for (let i = 0; i < rows.length; i += 1000) await putAll(raw, 'patients', rows.slice(i, i + 1000));
  const ms = performance.now() - started;
  raw.close();
  return { rows: rows.length, ms };
}

export async function naiveSyncTimed(
  url: string,
  anonKey: string,
  token: string,
): Promise<{ rows: number; ms: number }> {
  const raw = await openRaw(`naive-${crypto.randomUUID()}`, 'patients');
  const started = performance.now();
  let count = 0;
  for (let offset = 0; ; offset += 1000) {
    const response = await fetch(`${url}/rest/v1/patients?select=*&order=id&offset=${offset}&limit=1000`, {
      headers: { apikey: anonKey, authorization: `Bearer ${token}` },
    });
    const page = (await response.json()) as unknown[];
    for (const row of page) await putAll(raw, 'patients', [row]);
    count += page.length;
    if (page.length < 1000) break;
  }
  const ms = performance.now() - started;
  raw.close();
  return { rows: count, ms };
}

export async function naivePushTimed(
  url: string,
  anonKey: string,
  token: string,
  count: number,
  prefix: string,
): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  let ok = 0;
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${url}/rest/v1/patients`, {
      method: 'POST',
      headers: { apikey: anonKey, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: crypto.randomUUID(), full_name: `${prefix} ${i}` }),
    });
    if (response.ok) ok += 1;
  }
  return { rows: ok, ms: performance.now() - started };
}
