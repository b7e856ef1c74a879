import { describe, expect, it } from 'vitest';
import { fileStateOf } from './upload-state.ts';
import type { UploadStatus } from '../../../engine/files/upload-status.ts';

const status = (phase: UploadStatus['phase']): UploadStatus => ({
  fileId: 'f',
  sha256: 's',
  path: 'p',
  name: 'n',
  size: 1,
  phase,
  bytesDone: 0,
  attempts: 1,
  nextAttemptAt: 0,
  error: null,
  updatedAt: 0,
});

describe('fileStateOf', () => {
  it('reads deleted, then uploaded, then where the bytes are', () => {
    expect(fileStateOf({ uploaded_at: 'x', deleted_at: '2026-11-22' }, undefined, true)).toBe('deleted');
    expect(fileStateOf({ uploaded_at: '2026-11-22', deleted_at: null }, status('failed'), true)).toBe(
      'uploaded',
    );
    expect(fileStateOf({ uploaded_at: null, deleted_at: null }, undefined, false)).toBe('elsewhere');
    expect(fileStateOf({ uploaded_at: null, deleted_at: null }, undefined, true)).toBe('queued');
    expect(fileStateOf({ uploaded_at: null, deleted_at: null }, status('waiting'), true)).toBe('waiting');
    expect(fileStateOf({ uploaded_at: null, deleted_at: null }, status('failed'), true)).toBe('failed');
  });
});
