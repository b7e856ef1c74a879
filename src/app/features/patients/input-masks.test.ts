import { describe, expect, it } from 'vitest';
import {
  isoFromDateText,
  maskCpf,
  maskDate,
  maskDni,
  maskedEdit,
  maskPhone,
  maskSusCard,
} from './input-masks.ts';

describe('input masks', () => {
  it('punctuate a CPF, a DNI and a Cartão SUS as far as typed', () => {
    expect(maskCpf('529')).toBe('529');
    expect(maskCpf('5299')).toBe('529.9');
    expect(maskCpf('52998224725')).toBe('529.982.247-25');
    expect(maskCpf('529.982.247-2599')).toBe('529.982.247-25');
    expect(maskDni('0801199012345')).toBe('0801-1990-12345');
    expect(maskSusCard('898001081000009')).toBe('898 0010 8100 0009');
  });

  it('format Brazilian and Honduran phones while typed, national or international', () => {
    expect(maskPhone('11987654321', 'BR')).toBe('(11) 98765-4321');
    expect(maskPhone('98765432', 'HN')).toBe('9876-5432');
    expect(maskPhone('+50498765432', 'BR')).toBe('+504 9876 5432');
    expect(maskPhone('+', 'BR')).toBe('+');
    expect(maskPhone('ramal 12', 'BR')).toBe('ramal 12');
  });

  it('write a date day first and turn an ISO date around', () => {
    expect(maskDate('0903')).toBe('09/03');
    expect(maskDate('09031984')).toBe('09/03/1984');
    expect(maskDate('1984-03-09')).toBe('09/03/1984');
    expect(isoFromDateText('09/03/1984')).toBe('1984-03-09');
    expect(isoFromDateText('1984-03-09')).toBe('1984-03-09');
    expect(isoFromDateText('09/03')).toBe('09/03');
  });

  it('keep the caret after the digit typed, and erase a digit where a separator was erased', () => {
    // Typing "2" after "529" (caret at 4) gives "529.2", caret after the 2.
    expect(maskedEdit('cpf', '529', '5292', 4, 'BR')).toEqual({ value: '529.2', caret: 5 });
    // Backspace over the dot of "529.2" erases the 9 instead.
    expect(maskedEdit('cpf', '529.2', '5292', 3, 'BR')).toEqual({ value: '522', caret: 2 });
    // A digit typed in the middle keeps the caret right after it.
    expect(maskedEdit('phone', '(11) 9876-5432', '(11) 98760-5432', 10, 'BR')).toEqual({
      value: '(11) 98760-5432',
      caret: 10,
    });
  });
});
