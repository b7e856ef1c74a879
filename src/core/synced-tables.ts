/**
 * The synced tables, in the order DESIGN §3 and the catalogue list them. The catalogue
 * (`schema/clinic-tables.ts`) is the source of truth for columns; this list is what the core needs
 * to validate table names on the wire.
 */
export const syncedTableNames = [
  'branches',
  'rooms',
  'profiles',
  'services',
  'service_categories',
  'patients',
  'appointments',
  'encounters',
  'prescriptions',
  'prescription_items',
  'referrals',
  'studies',
  'study_files',
  'files',
  'invoices',
  'invoice_items',
  'payments',
  'cash_closures',
  'inventory_items',
  'inventory_categories',
  'inventory_movements',
  'crm_leads',
  'crm_pipelines',
  'crm_pipeline_stages',
  'record_versions',
] as const;

export type SyncedTableName = (typeof syncedTableNames)[number];

export function isSyncedTableName(name: string): name is SyncedTableName {
  return (syncedTableNames as readonly string[]).includes(name);
}
