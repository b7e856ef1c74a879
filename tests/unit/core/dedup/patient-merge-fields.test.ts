import { describe, expect, it } from 'vitest';
import { keptChartChange, patientMergeFields } from '../../../../src/core/dedup/patient-merge-fields.ts';

const kept = {
  id: 'k',
  rev: 3,
  full_name: 'Helena Duarte',
  document_type: 'CPF',
  document_id: '52998224725',
  birth_date: null,
  phone: '+5511945924944',
  phone_normalized: '+5511945924944',
  email: null,
  notes: 'Primeira consulta.',
  tags: ['vip'],
  deleted_at: null,
};
const removed = {
  id: 'r',
  rev: 9,
  full_name: 'Helena Duarte',
  document_type: 'RG',
  document_id: '123456789',
  birth_date: '1984-03-09',
  phone: '+5511977778888',
  phone_normalized: '+5511977778888',
  email: 'helena@example.com',
  notes: 'Alergia a dipirona',
  tags: ['retorno', 'merged-into:x'],
  deleted_at: null,
};

describe('patientMergeFields', () => {
  it('fills what the kept chart lacks, keeps each differing value, joins notes and tags', () => {
    const fields = patientMergeFields(kept, removed);
    expect(fields.filled).toEqual([
      { column: 'birth_date', value: '1984-03-09' },
      { column: 'email', value: 'helena@example.com' },
    ]);
    expect(fields.kept).toEqual([
      { column: 'document_type', value: 'RG' },
      { column: 'document_id', value: '123456789' },
      { column: 'phone', value: '+5511977778888' },
    ]);
    expect(fields.notes).toBe('Alergia a dipirona');
    expect(fields.tags).toEqual(['vip', 'retorno']);
  });

  it('writes one edit of the kept chart in which every value of the removed one appears', () => {
    const fields = patientMergeFields(kept, removed);
    const change = keptChartChange(
      kept,
      [{ removed, fields }],
      (row) => `Da ficha unida ${String(row['id'])}:`,
      (column, value) => `${column}: ${String(value)}`,
    );
    expect(change).toEqual({
      birth_date: '1984-03-09',
      email: 'helena@example.com',
      notes:
        'Primeira consulta.\n\nDa ficha unida r:\ndocument_type: RG\ndocument_id: 123456789\nphone: +5511977778888\nAlergia a dipirona',
      tags: ['vip', 'retorno'],
    });
    const merged = { ...kept, ...change };
    for (const [column, value] of Object.entries(removed)) {
      if (['id', 'rev', 'deleted_at', 'phone_normalized', 'tags'].includes(column)) continue;
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const found = merged[column as keyof typeof merged] === value || String(merged.notes).includes(text);
      expect(found, column).toBe(true);
    }
  });

  it('changes nothing when the removed chart holds nothing the kept one lacks', () => {
    const same = { ...kept, id: 'r2', rev: 1 };
    const fields = patientMergeFields(kept, same);
    expect(fields).toEqual({ filled: [], kept: [], notes: null, tags: ['vip'] });
    expect(
      keptChartChange(
        kept,
        [{ removed: same, fields }],
        () => 'x',
        () => 'y',
      ),
    ).toEqual({});
  });
});
