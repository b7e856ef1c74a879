import { describe, expect, it } from 'vitest';
import { latestVersions, versionsBefore } from '../../../src/app/features/files/file-list.tsx';
import type { LocalRow } from '../../../src/engine/local-records.ts';

const row = (id: string, replaces: string | null, deleted = false): LocalRow => ({
  id,
  rev: 1,
  replaces,
  deleted_at: deleted ? '2026-11-22T10:00:00Z' : null,
});

describe('file versions', () => {
  const v1 = row('v1', null);
  const v2 = row('v2', 'v1');
  const v3 = row('v3', 'v2');
  const other = row('o', null);
  const byId = new Map([v1, v2, v3, other].map((r) => [r.id, r]));

  it('lists the versions a file replaced, newest first', () => {
    expect(versionsBefore(v3, byId).map((r) => r.id)).toEqual(['v2', 'v1']);
    expect(versionsBefore(v1, byId)).toEqual([]);
  });

  it('shows only the newest version of each chain; a deleted newest version uncovers the one before', () => {
    expect(latestVersions([v1, v2, v3, other]).map((r) => r.id)).toEqual(['v3', 'o']);
    expect(
      latestVersions([v1, v2, row('v3', 'v2', true)].filter((r) => r.deleted_at === null)).map((r) => r.id),
    ).toEqual(['v2']);
  });

  it('stops at a cycle instead of looping', () => {
    const a = row('a', 'b');
    const b = row('b', 'a');
    expect(versionsBefore(a, new Map([a, b].map((r) => [r.id, r]))).map((r) => r.id)).toEqual(['b']);
  });
});
