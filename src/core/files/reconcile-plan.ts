import { isFileOwnerTable } from './file-limits.ts';
import { parseObjectPath } from './object-path.ts';

/** An object as the bucket listing shows it. */
export interface BucketObject {
  readonly path: string;
  readonly size: number | null;
  readonly contentType: string | null;
}

/** The columns of a `files` row reconciliation looks at. */
export interface FileRowSnapshot {
  readonly id: string;
  readonly bucket: string;
  readonly path: string;
  readonly uploaded_at: string | null;
  readonly deleted_at: string | null;
}

export interface NewFileRow {
  readonly id: string;
  readonly owner_table: string;
  readonly owner_id: string;
  readonly bucket: string;
  readonly path: string;
  readonly name: string;
  readonly content_type: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploaded_at: string;
}

export interface ReconcilePlan {
  readonly bucket: string;
  readonly objectCount: number;
  readonly activeRowCount: number;
  /** Objects no row names: a row is added for each (its id derived from the key, so a rerun or a device finds the same row). */
  readonly add: readonly NewFileRow[];
  /** Live rows that claim an upload (`uploaded_at` set) whose object is gone: `uploaded_at` is cleared, so the state shows it and any device still holding the bytes uploads them again. */
  readonly markMissing: readonly { readonly id: string; readonly path: string }[];
  /** Live rows not yet marked uploaded whose object is there: `uploaded_at` is set. */
  readonly markUploaded: readonly { readonly id: string; readonly path: string }[];
  /** Live rows with no object and no upload claimed: a device is still to upload them; left alone. */
  readonly waiting: number;
  /** Keys this client never writes (no owner, no hash): reported, never turned into rows. */
  readonly unrecognised: readonly string[];
}

export interface ReconcileInput {
  readonly bucket: string;
  readonly objects: readonly BucketObject[];
  readonly rows: readonly FileRowSnapshot[];
  /** The row id for an object key (`fileRowIdFromDigest` of the key's SHA-256). */
  readonly rowIdFor: (path: string) => string;
  /** ISO time written as `uploaded_at` of the rows it adds or confirms. */
  readonly now: string;
}

/**
 * Bucket listing × `files` rows → what to change, and nothing else: the caller shows the plan
 * (dry run) or carries it out. Linear in objects + rows (one map each way), so 10k × 10k plans in
 * milliseconds. Invariants: a deleted row still counts as naming its object (its bytes are kept
 * for restore, so no second row is added); only rows of `bucket` are considered; a row is never
 * both added and marked; the plan is the same whatever order the inputs come in (outputs sorted).
 */
export function planReconciliation(input: ReconcileInput): ReconcilePlan {
  const rows = input.rows.filter((row) => row.bucket === input.bucket);
  const named = new Set(rows.map((row) => row.path));
  const present = new Set(input.objects.map((object) => object.path));
  const add: NewFileRow[] = [];
  const unrecognised: string[] = [];
  for (const object of input.objects) {
    if (named.has(object.path)) continue;
    const row = newRowFor(object, input);
    if (row) add.push(row);
    else unrecognised.push(object.path);
  }
  const markMissing: { id: string; path: string }[] = [];
  const markUploaded: { id: string; path: string }[] = [];
  let waiting = 0;
  let activeRowCount = 0;
  for (const row of rows) {
    if (row.deleted_at !== null) continue;
    activeRowCount += 1;
    const there = present.has(row.path);
    if (!there && row.uploaded_at !== null) markMissing.push({ id: row.id, path: row.path });
    else if (there && row.uploaded_at === null) markUploaded.push({ id: row.id, path: row.path });
    else if (!there) waiting += 1;
  }
  const byPath = (a: { path: string }, b: { path: string }): number =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  return {
    bucket: input.bucket,
    objectCount: present.size,
    activeRowCount,
    add: add.sort(byPath),
    markMissing: markMissing.sort(byPath),
    markUploaded: markUploaded.sort(byPath),
    waiting,
    unrecognised: unrecognised.sort(),
  };
}

function newRowFor(object: BucketObject, input: ReconcileInput): NewFileRow | undefined {
  const parsed = parseObjectPath(object.path);
  if (!parsed || !isFileOwnerTable(parsed.ownerTable)) return undefined;
  return {
    id: input.rowIdFor(object.path),
    owner_table: parsed.ownerTable,
    owner_id: parsed.ownerId,
    bucket: input.bucket,
    path: object.path,
    name: parsed.safeName,
    content_type: object.contentType ?? 'application/octet-stream',
    size: object.size ?? 0,
    sha256: parsed.sha256,
    uploaded_at: input.now,
  };
}
