import { describe, expect, it } from 'vitest';
import { cpfProblem, formatCpf } from './cpf.ts';

describe('cpfProblem', () => {
  it('accepts valid CPFs with or without punctuation', () => {
    expect(cpfProblem('123.456.789-09')).toBeNull();
    expect(cpfProblem('52998224725')).toBeNull();
    expect(cpfProblem('111.444.777-35')).toBeNull();
  });
  it('names a wrong length', () => {
    expect(cpfProblem('123.456.789-0')).toBe('length');
    expect(cpfProblem('')).toBe('length');
  });
  it('names repeated digits', () => {
    expect(cpfProblem('111.111.111-11')).toBe('repeated');
  });
  it('names wrong check digits', () => {
    expect(cpfProblem('123.456.789-00')).toBe('check-digits');
    expect(cpfProblem('52998224724')).toBe('check-digits');
  });
});

describe('formatCpf', () => {
  it('punctuates 11 digits and leaves anything else alone', () => {
    expect(formatCpf('12345678909')).toBe('123.456.789-09');
    expect(formatCpf('1234')).toBe('1234');
  });
});
