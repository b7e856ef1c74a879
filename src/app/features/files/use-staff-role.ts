import { useAuth } from '../../auth/auth-context.tsx';
import { useLiveQuery } from '../../data/use-live-query.ts';
import { staffRoles, type StaffRole } from '../../../core/schema/clinic-tables.ts';
import type { FileServices } from './file-services.ts';

/**
 * The signed-in person's staff role, from their profile in this device's copy (`profiles.id` is
 * the auth user id); null until the profile has been pulled, or for someone without one.
 */
export function useStaffRole(services: FileServices): StaffRole | null {
  const { state } = useAuth();
  const userId = state.kind === 'signed-in' ? state.user.id : null;
  const profile = useLiveQuery(
    async () => (userId === null ? undefined : await services.db.rows('profiles').get(userId)),
    [services, userId],
  );
  const role = profile.kind === 'ready' ? profile.value?.['role'] : undefined;
  return (staffRoles as readonly unknown[]).includes(role) ? (role as StaffRole) : null;
}
