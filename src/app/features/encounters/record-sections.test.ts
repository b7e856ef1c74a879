import { describe, expect, it } from 'vitest';
import { diffRecords, recordOfVersion } from './record-sections.ts';

describe('record sections', () => {
  it('lists only the sections that changed, text sections first', () => {
    expect(
      diffRecords(
        { anamnesis: 'dor', plan: 'repouso', vitals: { hr: 70 } },
        { anamnesis: 'dor', plan: 'fisioterapia', vitals: { hr: 72 }, diagnosis: 'lombalgia' },
      ),
    ).toEqual([
      { section: 'diagnosis', before: '', after: 'lombalgia' },
      { section: 'plan', before: 'repouso', after: 'fisioterapia' },
      { section: 'vitals', before: '{"hr":70}', after: '{"hr":72}' },
    ]);
  });
  it('reads the record out of a stored encounter row or takes the document as is', () => {
    expect(recordOfVersion({ id: 'x', record: { plan: 'a' } })).toEqual({ plan: 'a' });
    expect(recordOfVersion({ plan: 'b' })).toEqual({ plan: 'b' });
    expect(recordOfVersion(null)).toEqual({});
  });
});
