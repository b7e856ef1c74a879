import { clinicTable, type StaffRole } from '../../core/schema/clinic-tables.ts';
import type { SyncedTableName } from '../../core/synced-tables.ts';
import { roleOf, useCurrentProfile } from '../features/clinical/current-profile.ts';

export interface TableAccessOfRole {
  readonly read: boolean;
  readonly create: boolean;
  readonly write: boolean;
}

export interface KnownTableAccess extends TableAccessOfRole {
  /** False until the person's profile is on the device: nothing is offered meanwhile. */
  readonly known: boolean;
}

const none: TableAccessOfRole = { read: false, create: false, write: false };

/** What `role` may do with `table`, as the catalogue (and so the server's RLS) says. */
export function accessOf(role: StaffRole | null, table: SyncedTableName): TableAccessOfRole {
  if (role === null) return none;
  const access = clinicTable(table);
  return {
    read: access.read.includes(role),
    create: access.create.includes(role),
    write: access.write.includes(role),
  };
}

/**
 * What the signed-in person may do with `table`: screens offer only these actions. Until their
 * profile has reached the device nothing is offered (the server would refuse a guess).
 */
export function useTableAccess(table: SyncedTableName): KnownTableAccess {
  const profile = useCurrentProfile();
  const role = profile.kind === 'ready' ? roleOf(profile.value) : null;
  return { ...accessOf(role, table), known: role !== null };
}

/** Device maintenance that throws local copies away (reset a table, full resync): administration's. */
export function useIsAdmin(): boolean {
  const profile = useCurrentProfile();
  return profile.kind === 'ready' && roleOf(profile.value) === 'admin';
}
