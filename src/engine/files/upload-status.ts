/**
 * Where one file's upload stands, as the Storage page and the sync panel show it:
 *
 *   queued ──► uploading ──► verifying ──► done
 *     ▲            │             │
 *     └─ waiting ◄─┴─────────────┘   (offline, 5xx, timeout: retried after backoff)
 *                  │
 *                  └──► failed        (refused by the server or hash mismatch: a person acts)
 *
 * `bytesDone` follows the bytes: for a resumable upload (files over one 6 MiB chunk) the bytes the
 * server has or is receiving, from the offset it resumed at; for a single-request upload 0 until
 * the request completes, then `size` (`fetch` reports no upload progress).
 */
export const uploadPhases = ['queued', 'uploading', 'verifying', 'done', 'waiting', 'failed'] as const;
export type UploadPhase = (typeof uploadPhases)[number];

export type UploadErrorCode =
  | 'offline'
  | 'unauthorized'
  | 'server_error'
  | 'refused' // the server said no (RLS, type, size): retrying will not help
  | 'hash_mismatch' // the stored object's bytes are not the bytes captured
  | 'not_uploaded'; // the row could not be marked uploaded locally

export interface UploadStatus {
  readonly fileId: string;
  readonly sha256: string;
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly phase: UploadPhase;
  readonly bytesDone: number;
  readonly attempts: number;
  /** Epoch ms; 0 = due now. */
  readonly nextAttemptAt: number;
  readonly error: { readonly code: UploadErrorCode; readonly message: string } | null;
  readonly updatedAt: number;
  /**
   * The resumable (TUS) upload this file's bytes are going to, kept across attempts, reloads and
   * uploading contexts so the next attempt continues where the server's offset is; null before
   * the first resumable attempt and once done. (Absent in statuses written before it existed.)
   */
  readonly uploadUrl?: string | null;
}
