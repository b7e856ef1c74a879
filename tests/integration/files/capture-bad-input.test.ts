import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../../server/local-server.ts';
import type { CaptureRequest } from '../../../src/engine/files/capture-file.ts';
import { syncUntilQuiet } from '../../support/sync-client.ts';
import {
  objectCount,
  scanBytes,
  somePatientId,
  startFileDevice,
  uploadUntilQuiet,
  type FileDevice,
} from './support/file-device.ts';

let server: LocalServer;
let device: FileDevice;
let patientId: string;
let queued: { fileId: string; path: string };

beforeAll(async () => {
  server = await startLocalServer({});
  patientId = await somePatientId(server);
  device = await startFileDevice(server, { name: 'bad-input', start: false });
  const captured = await device.capture({
    ownerTable: 'patients',
    ownerId: patientId,
    name: 'queued.pdf',
    contentType: 'application/pdf',
    bytes: scanBytes(5000, 5),
  });
  if (!captured.ok) throw new Error(JSON.stringify(captured.error));
  queued = captured;
});
afterAll(async () => {
  await device.close();
  await server.close();
});

/** Everything a refused capture must leave as it was. */
async function state() {
  return {
    outbox: await device.sync.db.outbox.toArray(),
    files: await device.sync.db.rows('files').toArray(),
    blobs: await device.blobs.blob_info.toArray(),
    uploads: await device.blobs.uploads.toArray(),
  };
}

const base = (): CaptureRequest => ({
  ownerTable: 'patients',
  ownerId: patientId,
  name: 'ok.pdf',
  contentType: 'application/pdf',
  bytes: scanBytes(100, 1),
});

describe('a refused capture', () => {
  it.each<[string, Partial<CaptureRequest>, string]>([
    ['an empty file', { bytes: new ArrayBuffer(0) }, 'empty_file'],
    ['an oversized file', { bytes: new ArrayBuffer(25 * 1024 * 1024 + 1) }, 'file_too_large'],
    ['a forbidden type', { name: 'virus.exe', contentType: 'application/x-msdownload' }, 'type_not_allowed'],
    ['a name with ../', { name: '../../secret.pdf' }, 'name_has_path'],
    ['a name with control characters', { name: 'laudo\r\n.pdf' }, 'name_has_control_characters'],
    ['a 500-character name', { name: `${'x'.repeat(496)}.pdf` }, 'name_too_long'],
    ['an owner that holds no files', { ownerTable: 'rooms' }, 'invalid_owner'],
    [
      'a replaced version with the same content and name',
      { name: 'queued.pdf', bytes: scanBytes(5000, 5), replaces: '' },
      'same_as_replaced',
    ],
  ])('of %s gets a clear code and changes nothing', async (_label, change, code) => {
    const request = { ...base(), ...change };
    if (request.replaces === '') request.replaces = queued.fileId;
    const before = await state();
    const result = await device.capture(request);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message.length).toBeGreaterThan(10);
    }
    expect(await state()).toEqual(before);
  });

  it('leaves the queue intact: the file queued before still uploads and syncs', async () => {
    await device.sync.engine.start();
    await uploadUntilQuiet(device);
    await syncUntilQuiet(device.sync);
    expect(await objectCount(server, queued.path)).toBe(1);
    const { rows } = await server.db.query<{ n: number }>('select count(*)::int as n from files');
    expect(rows[0]?.n).toBe(1);
  });
});
