/**
 * Where one file's upload stands, as the Storage page and the sync panel show it:
 *
 *   queued ──► uploading ──► verifying ──► done
 *     ▲            │             │
 *     └─ waiting ◄─┴─────────────┘   (offline, 5xx, timeout: retried after backoff)
 *                  │
 *                  └──► failed        (refused by the server or hash mismatch: a person acts)
 *
 * `bytesDone` is 0 until the request that carries the bytes completes, then `size`: the storage
 * API answers a single request per file, so progress is per phase, not per byte.
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
}
