import 'fake-indexeddb/auto';
import WebSocket from 'ws';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { LocalServer } from '../../server/local-server.ts';
import { openClinicDb, type ClinicDb } from '../../src/engine/local-db.ts';
import { openFileBlobDb, type FileBlobDb } from '../../src/engine/files/file-blob-store.ts';

/** A device for file benchmarks: its clinic database, its bytes database and a signed-in client. */
export interface BenchDevice {
  readonly db: ClinicDb;
  readonly blobs: FileBlobDb;
  readonly client: SupabaseClient;
  close(): Promise<void>;
}

export async function openBenchDevice(server: LocalServer, name: string): Promise<BenchDevice> {
  const client = createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
  const { error } = await client.auth.signInWithPassword({
    email: 'admin@clinica.example',
    password: 'clinica-demo-2026',
  });
  if (error) throw error;
  const db = await openClinicDb(`${name}-${crypto.randomUUID()}`);
  const blobs = await openFileBlobDb(`${db.name}-blobs`);
  return {
    db,
    blobs,
    client,
    async close() {
      db.close();
      blobs.close();
      await db.delete();
      await blobs.delete();
    },
  };
}

export function randomBytes(size: number): ArrayBuffer {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65536)));
  return bytes.buffer;
}

export async function firstPatientId(server: LocalServer): Promise<string> {
  const { rows } = await server.db.query<{ id: string }>('select id from patients order by id limit 1');
  if (!rows[0]) throw new Error('no seeded patient');
  return rows[0].id;
}

export function mbPerSecond(bytes: number, ms: number): string {
  return (bytes / 1024 / 1024 / (ms / 1000)).toFixed(1);
}
