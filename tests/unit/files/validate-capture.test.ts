import { describe, expect, it } from 'vitest';
import { validateCapture, type CaptureInput } from '../../../src/core/files/validate-capture.ts';
import { safeObjectName, validateFileName } from '../../../src/core/files/file-name.ts';
import { contentTypeOf } from '../../../src/core/files/file-limits.ts';

const ownerId = '0b7c2c1e-3f4a-4d5b-8c6d-7e8f9a0b1c2d';
const good: CaptureInput = {
  name: 'raio-x tórax.jpg',
  size: 2048,
  contentType: 'image/jpeg',
  ownerTable: 'patients',
  ownerId,
};

function codeOf(input: Partial<CaptureInput>): string {
  const result = validateCapture({ ...good, ...input });
  return result.ok ? 'ok' : result.error.code;
}

describe('validateCapture', () => {
  it('accepts a photo of a patient document and normalises its name', () => {
    const result = validateCapture({ ...good, name: '  raio-x to\u0301rax.jpg ' });
    // No category named: the owner's most private one (a patient's file is clinical until chosen).
    expect(result).toEqual({ ok: true, value: { ...good, name: 'raio-x tórax.jpg', category: 'clinical' } });
  });

  it('takes the category chosen at capture, and refuses one the owner cannot hold', () => {
    expect(validateCapture({ ...good, category: 'administrative' })).toMatchObject({
      ok: true,
      value: { category: 'administrative' },
    });
    expect(validateCapture({ ...good, ownerTable: 'encounters', category: 'administrative' })).toMatchObject({
      ok: false,
      error: { code: 'category_not_allowed' },
    });
    expect(validateCapture({ ...good, ownerTable: 'invoices', category: 'clinical' })).toMatchObject({
      ok: false,
      error: { code: 'category_not_allowed' },
    });
    expect(validateCapture({ ...good, category: 'secret' })).toMatchObject({
      ok: false,
      error: { code: 'category_not_allowed' },
    });
  });

  it('refuses SVG, which the server refuses in every bucket', () => {
    expect(validateCapture({ ...good, name: 'logo.svg', contentType: 'image/svg+xml' })).toMatchObject({
      ok: false,
      error: { code: 'type_not_allowed' },
    });
  });

  it.each([
    ['an empty file', { size: 0 }, 'empty_file'],
    ['a negative size', { size: -1 }, 'empty_file'],
    ['a file over the owner limit', { size: 25 * 1024 * 1024 + 1 }, 'file_too_large'],
    ['a 50 MiB + 1 exam on a study', { ownerTable: 'studies', size: 50 * 1024 * 1024 + 1 }, 'file_too_large'],
    ['an executable', { name: 'setup.exe', contentType: 'application/x-msdownload' }, 'type_not_allowed'],
    [
      'a video on an invoice',
      { ownerTable: 'invoices', name: 'a.mp4', contentType: 'video/mp4' },
      'type_not_allowed',
    ],
    ['an unknown type with no known extension', { name: 'notes.xyz', contentType: '' }, 'type_not_allowed'],
    ['a name with ../', { name: '../../etc/passwd' }, 'name_has_path'],
    ['a name with ..\\', { name: '..\\boot.ini' }, 'name_has_path'],
    ['a name with a slash', { name: 'a/b.pdf' }, 'name_has_path'],
    ['a name that is ..', { name: '..' }, 'name_has_path'],
    ['a drive letter', { name: 'C:laudo.pdf' }, 'name_has_path'],
    ['a name with a newline', { name: 'laudo\n.pdf' }, 'name_has_control_characters'],
    ['a name with NUL', { name: 'laudo\u0000.pdf' }, 'name_has_control_characters'],
    ['a name with a bidi override', { name: 'exame\u202Egpj.exe' }, 'name_has_control_characters'],
    ['a 500-character name', { name: `${'a'.repeat(496)}.pdf` }, 'name_too_long'],
    ['a blank name', { name: '   ' }, 'name_empty'],
    ['an owner that holds no files', { ownerTable: 'rooms' }, 'invalid_owner'],
    ['an owner id that is no uuid', { ownerId: '42' }, 'invalid_owner'],
  ])('refuses %s', (_label, input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it('accepts a name of exactly 255 characters (counted as characters, not UTF-16 units)', () => {
    expect(validateFileName(`${'ã'.repeat(251)}.pdf`).ok).toBe(true);
    expect(validateFileName(`${'😀'.repeat(251)}.pdf`).ok).toBe(true);
  });

  it('takes the type from the extension when the browser sends none or octet-stream', () => {
    expect(contentTypeOf('laudo.PDF', '')).toBe('application/pdf');
    expect(contentTypeOf('foto.heic', 'application/octet-stream')).toBe('image/heic');
    expect(contentTypeOf('foto.jpg', 'Image/JPEG; charset=binary')).toBe('image/jpeg');
    expect(codeOf({ name: 'foto.heic', contentType: '' })).toBe('ok');
  });
});

describe('safeObjectName', () => {
  it.each([
    ['exame cardíaco (1).pdf', 'exame_cardiaco_1_.pdf'],
    ['Ñandú.JPG', 'Nandu.JPG'],
    ['...hidden', 'hidden'],
    ['лабораторія', 'file'],
    ['a..b.pdf', 'a.b.pdf'],
  ])('%s → %s', (name, safe) => {
    expect(safeObjectName(name)).toBe(safe);
  });

  it('keeps the extension when it shortens a long name', () => {
    const safe = safeObjectName(`${'x'.repeat(200)}.pdf`);
    expect(safe).toHaveLength(80);
    expect(safe.endsWith('.pdf')).toBe(true);
  });
});
