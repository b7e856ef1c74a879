import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  planReconciliation,
  type BucketObject,
  type FileRowSnapshot,
} from '../../../src/core/files/reconcile-plan.ts';
import { reconcileReport, reconcileSummary } from '../../../src/core/files/reconcile-report.ts';

const owner = '0b7c2c1e-3f4a-4d5b-8c6d-7e8f9a0b1c2d';
const key = (n: number) => `patients/${owner}/${n.toString(16).padStart(64, '0')}-doc${n}.pdf`;
const object = (n: number): BucketObject => ({ path: key(n), size: 100 + n, contentType: 'application/pdf' });
const row = (n: number, extra: Partial<FileRowSnapshot> = {}): FileRowSnapshot => ({
  id: `id-${n}`,
  bucket: 'clinic-files',
  path: key(n),
  uploaded_at: '2026-11-20T10:00:00Z',
  deleted_at: null,
  ...extra,
});
const base = {
  bucket: 'clinic-files',
  rowIdFor: (path: string) => `row:${path}`,
  now: '2026-11-22T12:00:00Z',
};

describe('planReconciliation', () => {
  it('adds rows for objects without one and marks rows whose object is gone', () => {
    const plan = planReconciliation({
      ...base,
      objects: [object(1), object(2), object(3), { path: 'stray.txt', size: 3, contentType: 'text/plain' }],
      rows: [
        row(1),
        row(4),
        row(5, { uploaded_at: null }),
        row(2, { uploaded_at: null }),
        row(6, { deleted_at: '2026-11-21T00:00:00Z' }),
      ],
    });
    expect(plan.add).toEqual([
      {
        id: `row:${key(3)}`,
        owner_table: 'patients',
        owner_id: owner,
        bucket: 'clinic-files',
        path: key(3),
        name: 'doc3.pdf',
        content_type: 'application/pdf',
        size: 103,
        sha256: key(3).split('/')[2]?.slice(0, 64),
        uploaded_at: base.now,
      },
    ]);
    expect(plan.markMissing).toEqual([{ id: 'id-4', path: key(4) }]);
    expect(plan.markUploaded).toEqual([{ id: 'id-2', path: key(2) }]);
    expect(plan).toMatchObject({
      objectCount: 4,
      activeRowCount: 4,
      waiting: 1,
      unrecognised: ['stray.txt'],
    });
  });

  it('counts a deleted row as naming its object (no second row) and ignores rows of other buckets', () => {
    const plan = planReconciliation({
      ...base,
      objects: [object(1)],
      rows: [row(1, { deleted_at: '2026-11-21T00:00:00Z' }), row(2, { bucket: 'other' })],
    });
    expect(plan.add).toEqual([]);
    expect(plan.markMissing).toEqual([]);
    expect(plan.activeRowCount).toBe(0);
  });

  it('does not add rows for keys whose owner table holds no files', () => {
    const path = `rooms/${owner}/${'b'.repeat(64)}-x.pdf`;
    const plan = planReconciliation({ ...base, objects: [{ path, size: 1, contentType: null }], rows: [] });
    expect(plan.unrecognised).toEqual([path]);
  });

  it('gives the same plan whatever order objects and rows come in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 60 })),
        fc.uniqueArray(fc.integer({ min: 1, max: 60 })),
        (objs, rows) => {
          const input = { ...base, objects: objs.map(object), rows: rows.map((n) => row(n)) };
          const reversed = {
            ...input,
            objects: [...input.objects].reverse(),
            rows: [...input.rows].reverse(),
          };
          const plan = planReconciliation(input);
          expect(planReconciliation(reversed)).toEqual(plan);
          // Applying the plan and planning again finds nothing left to do.
          const after = planReconciliation({
            ...base,
            objects: input.objects,
            rows: [
              ...input.rows.filter((r) => !plan.markMissing.some((m) => m.id === r.id)),
              ...plan.markMissing.map((m) => ({
                id: m.id,
                bucket: 'clinic-files',
                path: m.path,
                uploaded_at: null,
                deleted_at: null,
              })),
              ...plan.add.map((a) => ({
                id: a.id,
                bucket: a.bucket,
                path: a.path,
                uploaded_at: a.uploaded_at,
                deleted_at: null,
              })),
            ],
          });
          expect(after.add).toEqual([]);
          expect(after.markMissing).toEqual([]);
        },
      ),
    );
  });
});

describe('reconcile report', () => {
  const plan = planReconciliation({ ...base, objects: [object(1), object(2)], rows: [row(1), row(3)] });

  it('summarises in the words the log keeps', () => {
    expect(reconcileSummary(plan, false)).toBe(
      'Found 2 objects in bucket / 2 active rows / added 1 / marked missing 1',
    );
    expect(reconcileSummary(plan, true)).toBe(
      'Dry run, nothing changed: Found 2 objects in bucket / 2 active rows / added 1 / marked missing 1',
    );
  });

  it('lists every decision before the summary', () => {
    const lines = reconcileReport(plan, true);
    expect(lines[0]).toMatch(
      /^would add row row:patients\/.* for clinic-files\/patients\/.*doc2\.pdf \(102 bytes, application\/pdf\)$/,
    );
    expect(lines[1]).toMatch(/^would mark missing row id-3: /);
    expect(lines.at(-1)).toBe(reconcileSummary(plan, true));
  });
});
