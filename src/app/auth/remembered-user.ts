import { z } from 'zod';

/**
 * The last user who signed in on this device. supabase-js drops an expired session from memory
 * when it cannot refresh it (offline) but keeps it in storage; this record lets the app open on
 * that session offline and refresh it when the link returns. Removed only by an explicit sign-out.
 */
const rememberedUserSchema = z.object({
  id: z.string().min(1),
  email: z.string(),
});
export type RememberedUser = z.infer<typeof rememberedUserSchema>;

const key = 'clinica.last-user';

export function readRememberedUser(storage: Pick<Storage, 'getItem'>): RememberedUser | undefined {
  const raw = storage.getItem(key);
  if (!raw) return undefined;
  try {
    const parsed = rememberedUserSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function rememberUser(storage: Pick<Storage, 'setItem'>, user: RememberedUser): void {
  storage.setItem(key, JSON.stringify(user));
}

export function forgetUser(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(key);
}
