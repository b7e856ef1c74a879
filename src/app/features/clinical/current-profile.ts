import type { LocalRow } from '../../../engine/local-records.ts';
import type { StaffRole } from '../../../core/schema/clinic-tables.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery, type LiveResult } from '../../data/use-live-query.ts';

/** Roles that write clinical records (DESIGN §3.5: clinical tables are theirs alone). */
export const clinicalRoles: readonly StaffRole[] = ['admin', 'doctor', 'nurse'];
/** Roles whose work is seeing patients: they start on their day. */
export const careGivers: readonly StaffRole[] = ['doctor', 'nurse'];

export function roleOf(profile: LocalRow | null | undefined): StaffRole | null {
  const role = profile?.['role'];
  return typeof role === 'string' ? (role as StaffRole) : null;
}

export function isClinical(profile: LocalRow | null | undefined): boolean {
  const role = roleOf(profile);
  return role !== null && clinicalRoles.includes(role);
}

/**
 * The signed-in user's own profile on this device: the profile whose id is the auth user id (the
 * server's convention, and what it stamps as signer and author), else the one with their e-mail.
 * null while the device has not pulled it yet, or for a user without a live profile.
 */
export function useCurrentProfile(): LiveResult<LocalRow | null> {
  const db = useClinicDb();
  const { state } = useAuth();
  const user = state.kind === 'signed-in' ? state.user : null;
  return useLiveQuery(async () => {
    if (!user) return null;
    const own = await db.rows('profiles').get(user.id);
    const found = own ?? (await db.rows('profiles').where('email').equals(user.email).first()) ?? null;
    return found && !found.deleted_at ? found : null;
  }, [db, user?.id, user?.email]);
}
