import type { UploadStatus } from '../../../engine/files/upload-status.ts';

export const fileStates = [
  'uploaded',
  'queued',
  'uploading',
  'verifying',
  'waiting',
  'failed',
  'elsewhere',
  'deleted',
] as const;
export type FileState = (typeof fileStates)[number];

/**
 * What the lists show for a file, from its row, this device's upload status and whether its
 * bytes are here. `elsewhere`: not uploaded and not on this device, so another device is still
 * to upload it (or reconciliation found its object missing and cleared `uploaded_at`).
 */
export function fileStateOf(
  row: { readonly uploaded_at?: unknown; readonly deleted_at?: unknown },
  status: UploadStatus | undefined,
  bytesHere: boolean,
): FileState {
  if (row.deleted_at !== null && row.deleted_at !== undefined) return 'deleted';
  if (typeof row.uploaded_at === 'string') return 'uploaded';
  if (!bytesHere) return 'elsewhere';
  if (!status || status.phase === 'done') return 'queued';
  return status.phase;
}
