import {
  bucketMaxBytes,
  clinicalTypes,
  defaultFileLimits,
  documentTypes,
  fileOwnerTables,
  paperTypes,
  type FileLimits,
} from './files/file-limit-presets.ts';
import type { SyncedTableName } from './synced-tables.ts';

/**
 * How a column is reconciled when the server row changed under a pending local edit (3-way:
 * base = what this client saw, mine = its edit, theirs = the server's row now). Only columns both
 * sides changed, to different values, reach a policy; a column changed on one side takes that side.
 * - `merge`: combine both changes: jsonb section fields key by key, text[] as sets, numbers by
 *   adding both deltas (stock counts); anything else cannot combine and becomes `manual`.
 * - `server-wins` / `client-wins`: that side's value, no conflict recorded.
 * - `lww`: the later edit wins, comparing the client's edit time corrected to server time against
 *   the server row's `updated_at`; on a tie the server wins (see merge/field-merge.ts).
 * - `manual`: a person decides; the row becomes a conflict record with base / mine / theirs.
 */
export const fieldPolicies = ['merge', 'server-wins', 'client-wins', 'lww', 'manual'] as const;

export type FieldPolicy = (typeof fieldPolicies)[number];

/** Ways two rows are recognised as the same person (dedup/). */
export const dedupKeys = ['cpf', 'rg', 'dni', 'sus_card', 'name_birth_date', 'phone'] as const;

export type DedupKey = (typeof dedupKeys)[number];

export interface EntityRules {
  readonly table: SyncedTableName;
  /** Policy of every domain column not named in `fields`. */
  readonly defaultPolicy: FieldPolicy;
  readonly fields: Readonly<Partial<Record<string, FieldPolicy>>>;
  /** jsonb columns made of named sections (the medical record), merged key by key. */
  readonly jsonSections: readonly string[];
  readonly dedupKeys: readonly DedupKey[];
  /** Days a tombstone is kept before `sync_purge_tombstones` removes it. */
  readonly tombstoneTtlDays: number;
  /** Days after deletion during which `undelete` is allowed; never above the tombstone TTL. */
  readonly restoreWindowDays: number;
  /** Columns an insert must carry, non-empty (besides `id`). */
  readonly requiredFields: readonly string[];
  /**
   * Columns whose every change stays its own outbox entry, never folded into an earlier unsent
   * one, because the server judges the row at that change against rows queued before it (an
   * invoice's `status`: issuing is checked against its lines).
   */
  readonly separateEdits: readonly string[];
  /** False for tables only the server writes (record_versions). */
  readonly clientWritable: boolean;
  /**
   * Size and types of the files a row of this table may hold (read through `fileLimitsFor`);
   * null for tables files cannot belong to (not in the `files.owner_table` check).
   */
  readonly fileLimits: FileLimits | null;
}

type RulesInput = Partial<Omit<EntityRules, 'table'>>;

/**
 * The server's defaults (`sync.entity_settings`: tombstone_ttl 30 days, restore_window 7 days).
 * The server enforces them (`restore_window_expired`, the purge); the client uses the same numbers
 * to offer "restore" only while it can work and to clean its own tombstones. Change both together.
 */
const DEFAULT_TTL_DAYS = 30;
const DEFAULT_RESTORE_DAYS = 7;

function rules(table: SyncedTableName, input: RulesInput = {}): EntityRules {
  return {
    table,
    defaultPolicy: input.defaultPolicy ?? 'lww',
    fields: input.fields ?? {},
    jsonSections: input.jsonSections ?? [],
    dedupKeys: input.dedupKeys ?? [],
    tombstoneTtlDays: input.tombstoneTtlDays ?? DEFAULT_TTL_DAYS,
    restoreWindowDays: input.restoreWindowDays ?? DEFAULT_RESTORE_DAYS,
    requiredFields: input.requiredFields ?? [],
    separateEdits: input.separateEdits ?? [],
    clientWritable: input.clientWritable ?? true,
    fileLimits: fileOwnerTables.includes(table) ? (input.fileLimits ?? defaultFileLimits) : null,
  };
}

const paperwork: FileLimits = { maxBytes: 10 * 1024 * 1024, allowedTypes: paperTypes };

/**
 * Per-table rules. Reasoning by domain:
 * - organisation and catalogue tables (branches, rooms, services, categories, pipelines): `lww`,
 *   edits are rare and the latest intent is right; a staff member's role is the server's call.
 * - patients: identity columns are `manual` (a wrong name or birth date on a chart is dangerous;
 *   the Cartão SUS number identifies the person too), contact and insurance (convênio, plan, card)
 *   columns `lww`, tags merge as a set. The Cartão SUS number's check digit is a catalogue check
 *   (`sus_card`), so the device refuses a mistyped one before it is queued, as the database does.
 * - care (encounters, prescriptions, referrals): `manual` by default; the encounter's `record`
 *   merges section by section so a doctor and a nurse writing different sections never collide.
 * - billing: amounts and statuses are `manual`, payments and cash closures are the server's.
 * - inventory: stock on hand merges by adding both deltas; movements are an append-only ledger.
 * - the patient's clinical summary (allergies, current medications) is one row per entry, so two
 *   professionals adding entries offline add rows that never collide; an entry edited on both
 *   sides is `lww` except what it says (substance, severity, status; drug, dose, end), `manual`.
 * - coded diagnoses and certificates are care documents: `manual`. Addenda are final once
 *   written (the server refuses any change): the server's row wins.
 * - superseded values (what a merge replaced) are history, written once: the server's row wins.
 * Files (`fileLimits`, for the tables files may belong to): exams on encounters and studies up to
 * the bucket's 50 MiB with DICOM and video; prescriptions and referrals 20 MiB of documents;
 * billing records 10 MiB of paper scans; every other owner the default 25 MiB of documents.
 */
export const entityRules: Readonly<Record<SyncedTableName, EntityRules>> = {
  branches: rules('branches', { requiredFields: ['name', 'code'] }),
  rooms: rules('rooms', { requiredFields: ['branch_id', 'name'] }),
  profiles: rules('profiles', { fields: { role: 'server-wins' }, requiredFields: ['full_name', 'role'] }),
  service_categories: rules('service_categories', { requiredFields: ['name'] }),
  services: rules('services', { fields: { price: 'manual' }, requiredFields: ['name'] }),
  patients: rules('patients', {
    fields: {
      full_name: 'manual',
      birth_date: 'manual',
      document_type: 'manual',
      document_id: 'manual',
      sus_card_number: 'manual',
      tags: 'merge',
    },
    dedupKeys: ['cpf', 'rg', 'dni', 'sus_card', 'name_birth_date', 'phone'],
    requiredFields: ['full_name'],
  }),
  appointments: rules('appointments', {
    fields: { starts_at: 'manual', ends_at: 'manual', room_id: 'manual', professional_id: 'manual' },
    requiredFields: ['patient_id', 'professional_id', 'branch_id', 'starts_at', 'ends_at'],
  }),
  encounters: rules('encounters', {
    defaultPolicy: 'manual',
    fields: { record: 'merge' },
    jsonSections: ['record'],
    requiredFields: ['patient_id', 'professional_id'],
    fileLimits: { maxBytes: bucketMaxBytes, allowedTypes: clinicalTypes },
  }),
  prescriptions: rules('prescriptions', {
    defaultPolicy: 'manual',
    requiredFields: ['encounter_id', 'patient_id', 'professional_id'],
    fileLimits: { maxBytes: 20 * 1024 * 1024, allowedTypes: documentTypes },
  }),
  prescription_items: rules('prescription_items', {
    defaultPolicy: 'manual',
    requiredFields: ['prescription_id', 'medication'],
  }),
  referrals: rules('referrals', {
    defaultPolicy: 'manual',
    requiredFields: ['patient_id', 'professional_id', 'specialty'],
    fileLimits: { maxBytes: 20 * 1024 * 1024, allowedTypes: documentTypes },
  }),
  studies: rules('studies', {
    requiredFields: ['patient_id', 'kind', 'name'],
    fileLimits: { maxBytes: bucketMaxBytes, allowedTypes: clinicalTypes },
  }),
  files: rules('files', {
    defaultPolicy: 'server-wins',
    // A rename and a reclassification (who may see the file) are deliberate, latest wins.
    fields: { name: 'lww', category: 'lww' },
    requiredFields: ['owner_table', 'owner_id', 'bucket', 'path', 'name'],
  }),
  study_files: rules('study_files', { requiredFields: ['study_id', 'file_id'] }),
  invoices: rules('invoices', {
    defaultPolicy: 'manual',
    fields: { notes: 'lww' },
    separateEdits: ['status'],
    requiredFields: ['patient_id', 'branch_id'],
    fileLimits: paperwork,
  }),
  invoice_items: rules('invoice_items', {
    defaultPolicy: 'manual',
    requiredFields: ['invoice_id', 'description'],
  }),
  cash_closures: rules('cash_closures', {
    defaultPolicy: 'server-wins',
    fields: { notes: 'lww' },
    requiredFields: ['branch_id'],
    fileLimits: paperwork,
  }),
  payments: rules('payments', {
    defaultPolicy: 'server-wins',
    requiredFields: ['branch_id', 'amount', 'method'],
    fileLimits: paperwork,
  }),
  inventory_categories: rules('inventory_categories', { requiredFields: ['name'] }),
  inventory_items: rules('inventory_items', {
    fields: { quantity_on_hand: 'merge' },
    requiredFields: ['branch_id', 'name', 'unit'],
  }),
  inventory_movements: rules('inventory_movements', {
    defaultPolicy: 'server-wins',
    requiredFields: ['item_id', 'kind', 'quantity'],
  }),
  crm_pipelines: rules('crm_pipelines', { requiredFields: ['name'] }),
  crm_pipeline_stages: rules('crm_pipeline_stages', { requiredFields: ['pipeline_id', 'name'] }),
  crm_leads: rules('crm_leads', {
    dedupKeys: ['phone'],
    requiredFields: ['pipeline_id', 'stage_id', 'full_name'],
  }),
  record_versions: rules('record_versions', {
    defaultPolicy: 'server-wins',
    clientWritable: false,
  }),
  allergies: rules('allergies', {
    fields: { substance: 'manual', severity: 'manual', status: 'manual' },
    requiredFields: ['patient_id', 'substance', 'status', 'noted_at'],
  }),
  patient_medications: rules('patient_medications', {
    fields: { medication: 'manual', dosage: 'manual', ended_on: 'manual' },
    requiredFields: ['patient_id', 'medication'],
  }),
  encounter_diagnoses: rules('encounter_diagnoses', {
    defaultPolicy: 'manual',
    fields: { notes: 'lww' },
    requiredFields: ['encounter_id', 'code', 'description'],
  }),
  encounter_addenda: rules('encounter_addenda', {
    defaultPolicy: 'server-wins',
    requiredFields: ['encounter_id', 'author_id', 'written_at', 'body'],
  }),
  certificates: rules('certificates', {
    defaultPolicy: 'manual',
    requiredFields: ['encounter_id', 'patient_id', 'professional_id', 'kind', 'issued_at'],
  }),
  // Written once by the device that settled a merge; nobody edits a history row.
  superseded_values: rules('superseded_values', {
    defaultPolicy: 'server-wins',
    requiredFields: ['table_name', 'row_id', 'column_name', 'reason'],
  }),
};

export function rulesFor(table: SyncedTableName): EntityRules {
  return entityRules[table];
}

/** The policy that reconciles `column` of `rules.table`. */
export function policyFor(rules: EntityRules, column: string): FieldPolicy {
  return rules.fields[column] ?? rules.defaultPolicy;
}
