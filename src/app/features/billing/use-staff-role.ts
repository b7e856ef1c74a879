import { useAuth } from '../../auth/auth-context.tsx';
import { useClinicDb } from '../../data/clinic-data-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { staffRoles, type StaffRole } from '../../../core/schema/clinic-tables.ts';
import type { LocalRow } from '../../../engine/local-records.ts';

export interface SignedInStaff {
  readonly role: StaffRole | null;
  readonly profile: LocalRow | null;
}

/**
 * The signed-in person's profile and role from this device's copy (`profiles.id` is the auth user
 * id); `loading` until the first read, role null for someone without a profile yet.
 */
export function useSignedInStaff(): SignedInStaff | 'loading' {
  const db = useClinicDb();
  const { state } = useAuth();
  const userId = state.kind === 'signed-in' ? state.user.id : null;
  const profile = useLiveQuery(
    async () => (userId === null ? null : ((await db.rows('profiles').get(userId)) ?? null)),
    [db, userId],
  );
  if (profile.kind === 'loading') return 'loading';
  const row = profile.kind === 'ready' ? profile.value : null;
  const role = row?.['role'];
  return {
    role: (staffRoles as readonly unknown[]).includes(role) ? (role as StaffRole) : null,
    profile: row,
  };
}

export const billingRoles: readonly StaffRole[] = ['admin', 'billing'];
export const paymentRoles: readonly StaffRole[] = ['admin', 'billing', 'reception'];
export const stockWriters: readonly StaffRole[] = ['admin', 'nurse'];
