import { z } from 'zod';
import { parseWith, protocolError, type Parsed } from './protocol-error.ts';
import { revSchema, rowIdSchema, syncedRowSchema } from './synced-row.ts';

export const mutationOps = ['insert', 'update', 'delete', 'undelete'] as const;

export const mutationOpSchema = z.enum(mutationOps);

export type MutationOp = z.output<typeof mutationOpSchema>;

const columnValuesSchema = z.record(z.string(), z.unknown());

/**
 * One mutation of `sync_push` (DESIGN §3.3). `data` holds the changed columns (the whole row for
 * an insert, nothing for delete/undelete); `base` holds those columns as the client last saw
 * them, for the server-side and client-side 3-way merge. `base_rev` is null for an insert. `mid`
 * identifies the mutation for ever: a retry re-sends the same `mid`, never a new one.
 * `table` is any string here so a server validating a push can answer `unknown_table` per
 * mutation instead of refusing the whole batch.
 */
export const mutationSchema = z.object({
  mid: rowIdSchema,
  table: z.string().min(1),
  op: mutationOpSchema,
  id: rowIdSchema,
  base_rev: revSchema.nullable(),
  data: columnValuesSchema,
  base: columnValuesSchema,
  at: z.string(),
});

export type Mutation = z.output<typeof mutationSchema>;

/** Normalises a missing `replayed` to false: only a re-delivered `mid` is a replay. */
const replayedSchema = z
  .boolean()
  .optional()
  .transform((value) => value ?? false);

/** Normalises an absent row to null so consumers test one thing. */
const optionalRowSchema = syncedRowSchema.nullish().transform((row) => row ?? null);

const appliedResultSchema = z.object({
  mid: rowIdSchema,
  status: z.literal('applied'),
  rev: revSchema.min(1),
  row: optionalRowSchema,
  replayed: replayedSchema,
});

const conflictResultSchema = z.object({
  mid: rowIdSchema,
  status: z.literal('conflict'),
  /** The row as the server holds it now (null if the server has no such row). */
  row: optionalRowSchema,
  code: z.string().nullish(),
  message: z.string().nullish(),
  replayed: replayedSchema,
});

/** Codes the contract names; servers may add others, which the client shows as they come. */
export const knownRejectCodes = [
  'unknown_table',
  'unknown_column',
  'invalid_data',
  'invalid_rev',
  'forbidden',
  'invalid_mutation',
  'restore_window_expired',
] as const;

export type KnownRejectCode = (typeof knownRejectCodes)[number];

const rejectedResultSchema = z.object({
  mid: rowIdSchema,
  status: z.literal('rejected'),
  code: z.string().min(1),
  message: z
    .string()
    .nullish()
    .transform((message) => message ?? ''),
  replayed: replayedSchema,
});

/** The server's answer to one mutation, discriminated by `status`. */
export const mutationResultSchema = z.discriminatedUnion('status', [
  appliedResultSchema,
  conflictResultSchema,
  rejectedResultSchema,
]);

export type MutationResult = z.output<typeof mutationResultSchema>;
export type AppliedResult = z.output<typeof appliedResultSchema>;
export type ConflictResult = z.output<typeof conflictResultSchema>;
export type RejectedResult = z.output<typeof rejectedResultSchema>;

/**
 * The answer of `sync_push`: one result per mutation, in order. Accepted either as a bare array
 * or as `{ results, server_time? }`, and normalised to the object form.
 */
export const pushResponseSchema = z.preprocess(
  (raw) => (Array.isArray(raw) ? { results: raw } : raw),
  z.object({
    results: z.array(mutationResultSchema),
    server_time: z.string().optional(),
  }),
);

export type PushResponse = z.output<typeof pushResponseSchema>;

/**
 * Parses a `sync_push` answer and checks it answers `sent`: same count, same `mid`s, same order
 * (`result_mismatch` otherwise). Applying a result to the wrong mutation would corrupt the outbox,
 * so a mismatch rejects the whole answer and the batch is re-sent later with the same `mid`s.
 */
export function parsePushResponse(
  raw: unknown,
  sent: readonly { readonly mid: string }[],
): Parsed<PushResponse> {
  const parsed = parseWith(pushResponseSchema, raw, 'sync_push');
  if (!parsed.ok) return parsed;
  const { results } = parsed.value;
  if (results.length !== sent.length) {
    return mismatch(`${results.length} results for ${sent.length} mutations`);
  }
  for (const [index, result] of results.entries()) {
    const expected = sent[index]?.mid;
    if (result.mid !== expected) return mismatch(`results.${index}: mid ${result.mid}, expected ${expected}`);
  }
  return parsed;
}

function mismatch(message: string): Parsed<never> {
  return { ok: false, error: protocolError('result_mismatch', `sync_push: ${message}`) };
}
