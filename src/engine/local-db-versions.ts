import type { Transaction } from 'dexie';

/**
 * A schema version of the local database. Versions are append-only: a new version lists the full
 * store definitions it wants and, when existing data must change shape, an `upgrade` that Dexie
 * runs once inside the version-change transaction. Data fixes that need no schema change are data
 * migrations (`data-migrations.ts`) instead.
 *
 * Each version's stores are written out literally, never computed from the current index lists:
 * a browser that installed version 1 must keep reading version 1 as it was. A test checks that the
 * last version equals `storeDefinitions()`, so changing an index list fails until a new version
 * is appended.
 */
export interface LocalDbVersion {
  readonly version: number;
  readonly stores: Readonly<Record<string, string>>;
  readonly upgrade?: (tx: Transaction) => Promise<void>;
}

const version1: Readonly<Record<string, string>> = {
  outbox: '++seq, &mid, state, [table+rowId]',
  conflicts: 'id, state, [table+rowId], createdAt',
  sync_state: 'key',
  audit: '++seq, at, kind',
  metrics: '++seq, at, kind',
  migrations: 'id',
  branches: 'id, rev, name, code',
  rooms: 'id, rev, branch_id',
  profiles: 'id, rev, role, branch_id, email, _name_key',
  service_categories: 'id, rev, name',
  services: 'id, rev, category_id, _name_key',
  patients: 'id, rev, _name_key, _document_key, _phone_key, birth_date, branch_id',
  appointments:
    'id, rev, starts_at, patient_id, professional_id, room_id, branch_id, status, [professional_id+starts_at], [room_id+starts_at]',
  encounters: 'id, rev, patient_id, professional_id, appointment_id, started_at',
  prescriptions: 'id, rev, encounter_id, patient_id',
  prescription_items: 'id, rev, prescription_id',
  referrals: 'id, rev, encounter_id, patient_id',
  studies: 'id, rev, patient_id, encounter_id',
  files: 'id, rev, [owner_table+owner_id], replaces',
  study_files: 'id, rev, study_id, file_id',
  invoices: 'id, rev, patient_id, branch_id, status, issued_at, number',
  invoice_items: 'id, rev, invoice_id',
  cash_closures: 'id, rev, branch_id, opened_at, closed_at',
  payments: 'id, rev, invoice_id, patient_id, cash_closure_id, paid_at',
  inventory_categories: 'id, rev, name',
  inventory_items: 'id, rev, category_id, branch_id, sku, _name_key',
  inventory_movements: 'id, rev, item_id, moved_at',
  crm_pipelines: 'id, rev, name',
  crm_pipeline_stages: 'id, rev, pipeline_id',
  crm_leads: 'id, rev, pipeline_id, stage_id, patient_id, assigned_to, _name_key, _phone_key',
  record_versions: 'id, rev, encounter_id',
};

/**
 * Version 2 drops the indexes no query reads, since IndexedDB maintains every index on every write
 * and a pull writes every row: `rev` on every synced store (the integrity check and resync walk
 * rows by id) and all of the patients store's (the patient list, its search and the duplicate
 * checks read the whole store into an in-memory index; pages open a patient by id). With them a
 * first sync of 100k patients wrote six index entries per row besides the row.
 */
const version2: Readonly<Record<string, string>> = {
  outbox: '++seq, &mid, state, [table+rowId]',
  conflicts: 'id, state, [table+rowId], createdAt',
  sync_state: 'key',
  audit: '++seq, at, kind',
  metrics: '++seq, at, kind',
  migrations: 'id',
  branches: 'id, name, code',
  rooms: 'id, branch_id',
  profiles: 'id, role, branch_id, email, _name_key',
  service_categories: 'id, name',
  services: 'id, category_id, _name_key',
  patients: 'id',
  appointments:
    'id, starts_at, patient_id, professional_id, room_id, branch_id, status, [professional_id+starts_at], [room_id+starts_at]',
  encounters: 'id, patient_id, professional_id, appointment_id, started_at',
  prescriptions: 'id, encounter_id, patient_id',
  prescription_items: 'id, prescription_id',
  referrals: 'id, encounter_id, patient_id',
  studies: 'id, patient_id, encounter_id',
  files: 'id, [owner_table+owner_id], replaces',
  study_files: 'id, study_id, file_id',
  invoices: 'id, patient_id, branch_id, status, issued_at, number',
  invoice_items: 'id, invoice_id',
  cash_closures: 'id, branch_id, opened_at, closed_at',
  payments: 'id, invoice_id, patient_id, cash_closure_id, paid_at',
  inventory_categories: 'id, name',
  inventory_items: 'id, category_id, branch_id, sku, _name_key',
  inventory_movements: 'id, item_id, moved_at',
  crm_pipelines: 'id, name',
  crm_pipeline_stages: 'id, pipeline_id',
  crm_leads: 'id, pipeline_id, stage_id, patient_id, assigned_to, _name_key, _phone_key',
  record_versions: 'id, encounter_id',
};

/**
 * Version 3 adds the stores of the patient's clinical summary and of an encounter's parts
 * (allergies, current medications, coded diagnoses, addenda, certificates); nothing else changes.
 */
const version3: Readonly<Record<string, string>> = {
  ...version2,
  allergies: 'id, patient_id',
  patient_medications: 'id, patient_id',
  encounter_diagnoses: 'id, encounter_id',
  encounter_addenda: 'id, encounter_id',
  certificates: 'id, encounter_id, patient_id',
};

/**
 * Version 4 adds the store of superseded values (what a merge or a decision replaced, shown as a
 * record's history), looked up by the row they belong to; nothing else changes.
 */
const version4: Readonly<Record<string, string>> = {
  ...version3,
  superseded_values: 'id, [table_name+row_id]',
};

export const localDbVersions: readonly LocalDbVersion[] = [
  { version: 1, stores: version1 },
  { version: 2, stores: version2 },
  { version: 3, stores: version3 },
  { version: 4, stores: version4 },
];
