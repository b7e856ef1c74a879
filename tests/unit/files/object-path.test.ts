import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { fileRowIdFromDigest, objectPathFor, parseObjectPath } from '../../../src/core/files/object-path.ts';
import { rowIdSchema } from '../../../src/core/protocol/synced-row.ts';

const ownerId = '0b7c2c1e-3f4a-4d5b-8c6d-7e8f9a0b1c2d';
const sha = 'a'.repeat(64);

describe('object keys', () => {
  it('are <owner table>/<owner id>/<sha256>-<safe name> and parse back', () => {
    const path = objectPathFor('patients', ownerId, sha, 'RG frente.jpg');
    expect(path).toBe(`patients/${ownerId}/${sha}-RG_frente.jpg`);
    expect(parseObjectPath(path)).toEqual({
      ownerTable: 'patients',
      ownerId,
      sha256: sha,
      safeName: 'RG_frente.jpg',
    });
  });

  it.each([
    'patients/x/y',
    `patients/${ownerId}`,
    `patients/${ownerId}/${sha}`,
    `patients/${ownerId}/${sha}-`,
    `patients/${ownerId}/${'g'.repeat(64)}-a.pdf`,
    `a/patients/${ownerId}/${sha}-a.pdf`,
  ])('%s is not a clinic file key', (path) => {
    expect(parseObjectPath(path)).toBeUndefined();
  });

  it('derive one row id per key: a valid lowercase uuid, stable, different per key', () => {
    const idOf = (text: string) => fileRowIdFromDigest(createHash('sha256').update(text).digest('hex'));
    const a = idOf('clinic-files/patients/1');
    expect(rowIdSchema.safeParse(a).success).toBe(true);
    expect(a[14]).toBe('8');
    expect('89ab').toContain(a[19]);
    expect(idOf('clinic-files/patients/1')).toBe(a);
    expect(idOf('clinic-files/patients/2')).not.toBe(a);
    expect(() => fileRowIdFromDigest('xyz')).toThrow();
  });
});
