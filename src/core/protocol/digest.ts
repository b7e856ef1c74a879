import { z } from 'zod';
import { parseWith, type Parsed } from './protocol-error.ts';
import { revSchema } from './synced-row.ts';

/**
 * The answer of `sync_digest(table_name)` (DESIGN §3.4): `hash` is the hex SHA-256 of
 * `digestText` over the table's live and deleted rows. An empty table may report `max_rev` null;
 * it is normalised to 0 so a local digest compares with `digestsAgree`.
 */
export const digestSchema = z.object({
  count: z.number().int().nonnegative(),
  max_rev: revSchema.nullable().transform((rev) => rev ?? 0),
  hash: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'expected a hex SHA-256')
    .transform((hash) => hash.toLowerCase()),
});

export type Digest = z.output<typeof digestSchema>;

export function parseDigest(raw: unknown): Parsed<Digest> {
  return parseWith(digestSchema, raw, 'sync_digest');
}

export interface DigestRow {
  readonly id: string;
  readonly rev: number;
}

/**
 * The text the digest hashes: one `id:rev\n` line per row (live and deleted), ordered by id, every
 * line ending in `\n` (an empty table is the empty string). Ids are compared as lowercase strings,
 * which for canonical uuids is PostgreSQL's `order by id` on the `uuid` type. Hashing is left to
 * the caller (WebCrypto in the browser, node:crypto or SQL elsewhere): the core has no crypto.
 * Rows with rev 0 are left out here and in `digestSummary`: they are local inserts the server has
 * not confirmed yet, so the server cannot count them.
 */
export function digestText(rows: Iterable<DigestRow>): string {
  const lines: string[] = [];
  for (const row of rows) if (row.rev > 0) lines.push(`${row.id.toLowerCase()}:${row.rev}\n`);
  lines.sort(compareCodeUnits);
  return lines.join('');
}

/** `count` and `max_rev` of the rows a digest covers, so a client can build its own `Digest`. */
export function digestSummary(rows: Iterable<DigestRow>): { count: number; max_rev: number } {
  let count = 0;
  let maxRev = 0;
  for (const row of rows) {
    if (row.rev <= 0) continue;
    count += 1;
    if (row.rev > maxRev) maxRev = row.rev;
  }
  return { count, max_rev: maxRev };
}

export function digestsAgree(local: Digest, remote: Digest): boolean {
  return local.count === remote.count && local.max_rev === remote.max_rev && local.hash === remote.hash;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
