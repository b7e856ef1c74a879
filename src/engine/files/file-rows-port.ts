import type { FileRowSnapshot, NewFileRow } from '../../core/files/reconcile-plan.ts';
import type { StorageResult } from './file-storage-port.ts';

/**
 * The `files` rows as reconciliation reads and changes them: through the server with the service
 * role (the command) or through this device's copy and its outbox (the admin screen). Writes go
 * through the normal paths so every change gets a rev and reaches every device.
 */
export interface FileRowsPort {
  list(bucket: string): Promise<StorageResult<readonly FileRowSnapshot[]>>;
  add(rows: readonly NewFileRow[]): Promise<StorageResult<number>>;
  /** Sets `uploaded_at` of the rows (null = the object is missing). */
  setUploadedAt(ids: readonly string[], uploadedAt: string | null): Promise<StorageResult<number>>;
}
