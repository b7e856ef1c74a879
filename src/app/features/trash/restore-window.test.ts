import { describe, expect, it } from 'vitest';
import { restoreWindow } from './restore-window.ts';

describe('restoreWindow', () => {
  const deletedAt = '2026-11-01T12:00:00.000Z';
  it('allows a restore within the entity window (7 days for patients)', () => {
    expect(restoreWindow('patients', deletedAt, Date.parse('2026-11-08T11:59:59Z'))).toEqual({
      restorable: true,
      until: Date.parse('2026-11-08T12:00:00Z'),
    });
  });
  it('refuses it once the window has passed', () => {
    expect(restoreWindow('patients', deletedAt, Date.parse('2026-11-08T12:00:00Z'))).toEqual({
      restorable: false,
      since: Date.parse('2026-11-08T12:00:00Z'),
    });
  });
});
