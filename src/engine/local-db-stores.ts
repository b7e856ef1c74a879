import { syncedTableNames, type SyncedTableName } from '../core/synced-tables.ts';

/**
 * The indexes of each synced table's store, beyond the primary key `id`: the lookups the screens
 * make (appointments by time, professional and room; children by their parent; files by owner).
 * Compound indexes serve "this professional's day" style range queries. None on patients: the
 * list, its search and the duplicate checks read the whole store into memory, and pages open a
 * patient by id; an index nobody reads only slows every write (a first sync writes 100k rows).
 * A test checks every indexed column exists in the catalogue.
 */
export const syncedStoreIndexes: Readonly<Record<SyncedTableName, readonly string[]>> = {
  branches: ['name', 'code'],
  rooms: ['branch_id'],
  profiles: ['role', 'branch_id', 'email', '_name_key'],
  service_categories: ['name'],
  services: ['category_id', '_name_key'],
  patients: [],
  appointments: [
    'starts_at',
    'patient_id',
    'professional_id',
    'room_id',
    'branch_id',
    'status',
    '[professional_id+starts_at]',
    '[room_id+starts_at]',
  ],
  encounters: ['patient_id', 'professional_id', 'appointment_id', 'started_at'],
  prescriptions: ['encounter_id', 'patient_id'],
  prescription_items: ['prescription_id'],
  referrals: ['encounter_id', 'patient_id'],
  studies: ['patient_id', 'encounter_id'],
  files: ['[owner_table+owner_id]', 'replaces'],
  study_files: ['study_id', 'file_id'],
  invoices: ['patient_id', 'branch_id', 'status', 'issued_at', 'number'],
  invoice_items: ['invoice_id'],
  cash_closures: ['branch_id', 'opened_at', 'closed_at'],
  payments: ['invoice_id', 'patient_id', 'cash_closure_id', 'paid_at'],
  inventory_categories: ['name'],
  inventory_items: ['category_id', 'branch_id', 'sku', '_name_key'],
  inventory_movements: ['item_id', 'moved_at'],
  crm_pipelines: ['name'],
  crm_pipeline_stages: ['pipeline_id'],
  crm_leads: ['pipeline_id', 'stage_id', 'patient_id', 'assigned_to', '_name_key', '_phone_key'],
  record_versions: ['encounter_id'],
  allergies: ['patient_id'],
  patient_medications: ['patient_id'],
  encounter_diagnoses: ['encounter_id'],
  encounter_addenda: ['encounter_id'],
  certificates: ['encounter_id', 'patient_id'],
  superseded_values: ['[table_name+row_id]'],
};

/**
 * The engine's own stores. The outbox is ordered by `seq` (auto-increment: the order of local
 * writes), looked up by `mid` (unique: one entry per mutation for ever), by state, and per row.
 */
export const engineStores = {
  outbox: '++seq, &mid, state, [table+rowId]',
  conflicts: 'id, state, [table+rowId], createdAt',
  sync_state: 'key',
  audit: '++seq, at, kind',
  metrics: '++seq, at, kind',
  migrations: 'id',
} as const;

/** The Dexie `stores()` argument the current indexes describe; the last declared version must equal it. */
export function storeDefinitions(): Record<string, string> {
  const stores: Record<string, string> = { ...engineStores };
  for (const table of syncedTableNames) {
    stores[table] = ['id', ...syncedStoreIndexes[table]].join(', ');
  }
  return stores;
}
