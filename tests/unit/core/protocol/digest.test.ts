import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  digestSummary,
  digestText,
  digestsAgree,
  parseDigest,
} from '../../../../src/core/protocol/digest.ts';

const rows = [
  { id: 'b0000000-0000-4000-8000-000000000000', rev: 7 },
  { id: '0a000000-0000-4000-8000-000000000000', rev: 12 },
  { id: 'A0000000-0000-4000-8000-000000000000', rev: 3 },
];

describe('digestText', () => {
  it('writes id:rev lines ordered by lowercase id, each ending in a newline', () => {
    expect(digestText(rows)).toBe(
      '0a000000-0000-4000-8000-000000000000:12\n' +
        'a0000000-0000-4000-8000-000000000000:3\n' +
        'b0000000-0000-4000-8000-000000000000:7\n',
    );
  });

  it('leaves out local rows the server has not confirmed (rev 0)', () => {
    const local = [...rows, { id: 'c0000000-0000-4000-8000-000000000000', rev: 0 }];
    expect(digestText(local)).toBe(digestText(rows));
    expect(digestSummary(local)).toEqual({ count: 3, max_rev: 12 });
  });

  it('is the empty string for an empty table', () => {
    expect(digestText([])).toBe('');
  });

  it('agrees with a digest built the server way', () => {
    const text = digestText(rows);
    const local = { ...digestSummary(rows), hash: createHash('sha256').update(text).digest('hex') };
    const remote = parseDigest({ count: 3, max_rev: 12, hash: local.hash.toUpperCase() });
    expect(remote.ok && digestsAgree(local, remote.value)).toBe(true);
  });
});

describe('parseDigest', () => {
  it('reads a null max_rev of an empty table as 0', () => {
    const parsed = parseDigest({
      count: 0,
      max_rev: null,
      hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
    expect(parsed.ok && parsed.value.max_rev).toBe(0);
  });

  it.each([
    ['short hash', { count: 0, max_rev: 0, hash: 'abc' }],
    [
      'negative count',
      { count: -1, max_rev: 0, hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ],
    ['a string', 'e3b0'],
  ])('rejects %s', (_label, raw) => {
    const parsed = parseDigest(raw);
    expect(parsed.ok ? null : parsed.error.code).toBe('malformed_response');
  });
});
