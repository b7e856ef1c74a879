import { describe, expect, it } from 'vitest';
import { formatCpf, normaliseCpf } from '../../../../src/core/dedup/cpf.ts';
import { normaliseDni, normaliseRg } from '../../../../src/core/dedup/identity-documents.ts';
import { nameKey, normaliseBirthDate } from '../../../../src/core/dedup/person-name.ts';
import { normalisePhone } from '../../../../src/core/dedup/phone.ts';

describe('normaliseCpf', () => {
  it.each(['529.982.247-25', '52998224725', ' 529 982 247 25 ', '111.444.777-35'])('accepts %s', (input) => {
    const result = normaliseCpf(input);
    expect(result.ok).toBe(true);
    expect(result.ok && formatCpf(result.value)).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
  });

  it.each([
    ['', 'empty'],
    ['529.982.247-2X', 'invalid_characters'],
    ['529.982.247-2', 'invalid_length'],
    ['111.111.111-11', 'repeated_digits'],
    ['529.982.247-26', 'invalid_check_digits'],
    ['529.982.247-15', 'invalid_check_digits'],
  ])('rejects %j with %s', (input, code) => {
    expect(normaliseCpf(input)).toMatchObject({ ok: false, code });
  });
});

describe('normaliseRg and normaliseDni', () => {
  it('keeps RG digits and letters, upper case, without punctuation', () => {
    expect(normaliseRg('mg-12.345.678')).toEqual({ ok: true, value: 'MG12345678' });
    expect(normaliseRg('12.345.678-x')).toEqual({ ok: true, value: '12345678X' });
  });

  it.each([
    ['', 'empty'],
    ['12#45', 'invalid_characters'],
    ['ABCDEF', 'invalid_length'],
    ['123', 'invalid_length'],
  ])('rejects RG %j with %s', (input, code) => {
    expect(normaliseRg(input)).toMatchObject({ ok: false, code });
  });

  it('reads a Honduran DNI as its 13 digits', () => {
    expect(normaliseDni('0801-1990-12345')).toEqual({ ok: true, value: '0801199012345' });
  });

  it.each([
    ['0801-1990-1234', 'invalid_length'],
    ['2501-1990-12345', 'invalid_region'],
    ['0001-1990-12345', 'invalid_region'],
    ['0801/1990/12345', 'invalid_characters'],
  ])('rejects DNI %j with %s', (input, code) => {
    expect(normaliseDni(input)).toMatchObject({ ok: false, code });
  });
});

describe('names and birth dates', () => {
  it('compares names without accents, case, punctuation or joining words', () => {
    expect(nameKey("JOSÉ  d'Ávila-Souza")).toBe('jose d avila souza');
    expect(nameKey('Maria da Conceição')).toBe(nameKey('maria conceicao'));
    expect(nameKey('José de la Cruz')).toBe(nameKey('Jose Cruz'));
    expect(nameKey(' - ')).toBe('');
  });

  it('accepts real calendar days only', () => {
    expect(normaliseBirthDate('1990-02-28')).toEqual({ ok: true, value: '1990-02-28' });
    expect(normaliseBirthDate('1990-02-30')).toMatchObject({ ok: false, code: 'invalid_date' });
    expect(normaliseBirthDate('28/02/1990')).toMatchObject({ ok: false, code: 'invalid_date' });
  });
});

describe('normalisePhone', () => {
  it.each([
    ['(11) 98765-4321', '+5511987654321'],
    ['11 3456-7890', '+551134567890'],
    ['+55 11 98765-4321', '+5511987654321'],
    ['0055 11 98765 4321', '+5511987654321'],
    ['9876-5432', '+50498765432'],
    ['+504 9876-5432', '+50498765432'],
  ])('reads %s as %s', (input, e164) => {
    expect(normalisePhone(input)).toEqual({ ok: true, value: e164 });
  });

  it('tries the regions in the order given', () => {
    expect(normalisePhone('9876-5432', ['HN', 'BR'])).toEqual({ ok: true, value: '+50498765432' });
  });

  it.each([
    ['', 'empty'],
    ['call me', 'invalid_characters'],
    ['123', 'not_a_phone_number'],
  ])('rejects %j with %s', (input, code) => {
    expect(normalisePhone(input)).toMatchObject({ ok: false, code });
  });
});
