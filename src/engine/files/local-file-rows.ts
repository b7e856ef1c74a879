import type { FileRowSnapshot } from '../../core/files/reconcile-plan.ts';
import type { ClinicDb } from '../local-db.ts';
import { mutate } from '../write-api.ts';
import type { FileRowsPort } from './file-rows-port.ts';
import type { StorageResult } from './file-storage-port.ts';

/**
 * `FileRowsPort` over this device's copy (the admin screen): rows are read from Dexie and changed
 * with `mutate`, so the changes travel through the outbox like any edit and the server's RLS
 * judges them (reconciliation from the app needs an admin). The copy is as fresh as the last
 * pull: the screen syncs before it plans.
 */
export function createLocalFileRows(db: ClinicDb): FileRowsPort {
  return {
    async list(bucket) {
      const rows = await db
        .rows('files')
        .filter((row) => row['bucket'] === bucket)
        .toArray();
      return {
        kind: 'ok',
        value: rows.map((row): FileRowSnapshot => ({
          id: row.id,
          bucket,
          path: String(row['path']),
          uploaded_at: typeof row['uploaded_at'] === 'string' ? row['uploaded_at'] : null,
          deleted_at: row.deleted_at ?? null,
        })),
      };
    },
    async add(newRows) {
      for (const row of newRows) {
        const { id, ...values } = row;
        const written = await mutate(db, 'files', 'insert', id, { ...values });
        if (!written.ok && written.error.code !== 'row_exists')
          return refused(written.error.code, written.error.message);
      }
      return { kind: 'ok', value: newRows.length };
    },
    async setUploadedAt(ids, uploadedAt) {
      for (const id of ids) {
        const written = await mutate(db, 'files', 'update', id, { uploaded_at: uploadedAt });
        if (!written.ok) return refused(written.error.code, written.error.message);
      }
      return { kind: 'ok', value: ids.length };
    },
  };
}

function refused(code: string, message: string): StorageResult<never> {
  return { kind: 'refused', code, message };
}
