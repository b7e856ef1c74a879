import type { SupabaseClient } from '@supabase/supabase-js';
import type { FileRowSnapshot } from '../../core/files/reconcile-plan.ts';
import type { FileRowsPort } from './file-rows-port.ts';
import type { StorageResult } from './file-storage-port.ts';

const PAGE = 1000;
const WRITE_CHUNK = 500;

/**
 * `FileRowsPort` straight on the server's `files` table through PostgREST, for the service role
 * (which RLS lets see every row). Added rows are upserts that ignore an existing id: two
 * reconciliations racing, or a device that attached the same object meanwhile (same derived id),
 * leave one row.
 */
export function createServerFileRows(client: SupabaseClient): FileRowsPort {
  return {
    async list(bucket) {
      const rows: FileRowSnapshot[] = [];
      for (let from = 0; ; from += PAGE) {
        const { data, error } = await client
          .from('files')
          .select('id, bucket, path, uploaded_at, deleted_at')
          .eq('bucket', bucket)
          .order('id')
          .range(from, from + PAGE - 1);
        if (error) return failure(error);
        rows.push(...(data as FileRowSnapshot[]));
        if (data.length < PAGE) return { kind: 'ok', value: rows };
      }
    },
    async add(newRows) {
      for (let i = 0; i < newRows.length; i += WRITE_CHUNK) {
        const { error } = await client
          .from('files')
          .upsert(newRows.slice(i, i + WRITE_CHUNK), { onConflict: 'id', ignoreDuplicates: true });
        if (error) return failure(error);
      }
      return { kind: 'ok', value: newRows.length };
    },
    async setUploadedAt(ids, uploadedAt) {
      for (let i = 0; i < ids.length; i += WRITE_CHUNK) {
        const { error } = await client
          .from('files')
          .update({ uploaded_at: uploadedAt })
          .in('id', ids.slice(i, i + WRITE_CHUNK));
        if (error) return failure(error);
      }
      return { kind: 'ok', value: ids.length };
    },
  };
}

function failure(error: { message: string; code?: string }): StorageResult<never> {
  if (error.message.includes('fetch failed') || error.code === '')
    return { kind: 'offline', message: error.message };
  return { kind: 'refused', code: error.code ?? 'unknown', message: error.message };
}
