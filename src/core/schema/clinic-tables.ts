/**
 * The clinic table catalogue: every synced table, its columns as PostgreSQL has them, its domain
 * and which staff roles may read, create and change its rows. Pure data, no imports.
 *
 * What must stay true:
 * - it equals the database: `tests/sql/clinic-catalogue.test.ts` compares it with
 *   information_schema (columns, types, nullability, foreign keys, check values) and with the RLS
 *   policies, so the core, the engine and the app can rely on it without asking the server;
 * - tables come parents first (a table's `references` point only to tables listed before it, or to
 *   itself), so inserting in this order never breaks a foreign key;
 * - every table has the sync columns of DESIGN §3.1 (`id` first, the server-owned ones next to
 *   last: a column a later migration adds follows them, where ALTER TABLE puts it, `added`).
 * Changing the schema means a new migration AND an edit here; the test fails until both agree.
 */

export const staffRoles = ['admin', 'doctor', 'nurse', 'reception', 'billing'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const clinicDomains = [
  'organisation',
  'care',
  'files',
  'billing',
  'inventory',
  'crm',
  'history',
] as const;
export type ClinicDomain = (typeof clinicDomains)[number];

export type ClinicColumnType =
  | 'uuid'
  | 'text'
  | 'integer'
  | 'numeric'
  | 'boolean'
  | 'date'
  | 'timestamptz'
  | 'jsonb'
  | 'bigint'
  | 'text[]';

export interface ClinicColumn {
  readonly name: string;
  readonly type: ClinicColumnType;
  readonly nullable: boolean;
  /** The synced table this column's foreign key points to (always its `id`). */
  readonly references?: string;
  /** The values a check constraint allows (null is allowed too when `nullable`). */
  readonly values?: readonly string[];
  /** A pattern a check constraint holds the value to (`~` in SQL), with a value that matches. */
  readonly format?: { readonly pattern: string; readonly example: string };
}

/**
 * A check constraint of the table that is not a list of values or a pattern (those are on the
 * column): a range, a cross-field rule. `name` is the constraint's name in the database, so the
 * catalogue test can prove each one is there, and a refusal naming it reads back to the same rule.
 * A null value passes every check that names it (the not-null rule is the column's `nullable`).
 */
export type RowCheck =
  /** `column >= min`, or `> min` when `strict`; `max` bounds it above too (inclusive). */
  | {
      readonly name: string;
      readonly kind: 'range';
      readonly column: string;
      readonly min: number;
      readonly strict?: boolean;
      readonly max?: number;
    }
  /** `column <> 0` */
  | { readonly name: string; readonly kind: 'not_zero'; readonly column: string }
  /** `column > start`, or `>=` when `orEqual`: an end after its start. */
  | {
      readonly name: string;
      readonly kind: 'after';
      readonly column: string;
      readonly start: string;
      readonly orEqual?: boolean;
    }
  /** `btrim(column) <> ''` */
  | { readonly name: string; readonly kind: 'not_blank'; readonly column: string }
  /** `jsonb_typeof(column) = 'object'` */
  | { readonly name: string; readonly kind: 'json_object'; readonly column: string }
  /** `(column is null) = (other is null)`: both set or both empty. */
  | { readonly name: string; readonly kind: 'together'; readonly column: string; readonly other: string }
  /** `not (column and other)`: two flags never both true. */
  | { readonly name: string; readonly kind: 'not_both'; readonly column: string; readonly other: string }
  /** `column <> id`: a row never points to itself. */
  | { readonly name: string; readonly kind: 'not_self'; readonly column: string }
  /** A Cartão SUS number whose check digit holds (canonical/sus-card.ts, `clinic.valid_sus_card`). */
  | { readonly name: string; readonly kind: 'sus_card'; readonly column: string }
  /** A file's `category` fits its owner's table (files/file-category.ts: `categoriesForOwner`). */
  | {
      readonly name: string;
      readonly kind: 'category_fits_owner';
      readonly column: string;
      readonly other: string;
    };

/**
 * Who may do what, as the RLS policies enforce it for signed-in staff (`anon` may do nothing,
 * `service_role` everything). `write` covers update and delete; `create` covers insert.
 */
export interface TableAccess {
  readonly read: readonly StaffRole[];
  readonly create: readonly StaffRole[];
  readonly write: readonly StaffRole[];
}

export interface ClinicTable<Name extends string = string> extends TableAccess {
  readonly name: Name;
  readonly domain: ClinicDomain;
  readonly columns: readonly ClinicColumn[];
  /** Only the server writes it (a push to it is `forbidden`); clients read it. */
  readonly serverWritten: boolean;
  /** A row-level rule on top of the role lists, enforced by RLS (see docs/sql.md). */
  readonly rowRule?: string;
  /** The table's range and cross-field check constraints, checked on the device before a save. */
  readonly checks: readonly RowCheck[];
}

/** Columns every synced table has; only the server sets those after `id` (DESIGN §3.1). */
export const serverColumns = ['rev', 'created_at', 'updated_at', 'deleted_at', 'last_editor'] as const;

const everyone: readonly StaffRole[] = staffRoles;
const clinical: readonly StaffRole[] = ['admin', 'doctor', 'nurse'];
const careStaff: readonly StaffRole[] = ['admin', 'doctor', 'nurse', 'reception'];

const organisationAccess: TableAccess = { read: everyone, create: ['admin'], write: ['admin'] };
const careAccess: TableAccess = { read: everyone, create: careStaff, write: careStaff };
const clinicalAccess: TableAccess = { read: clinical, create: clinical, write: clinical };
const billingAccess: TableAccess = {
  read: ['admin', 'billing'],
  create: ['admin', 'billing'],
  write: ['admin', 'billing'],
};
const inventoryAccess: TableAccess = {
  read: everyone,
  create: ['admin', 'nurse'],
  write: ['admin', 'nurse'],
};
const crmAccess: TableAccess = {
  read: ['admin', 'reception'],
  create: ['admin', 'reception'],
  write: ['admin', 'reception'],
};

const currencies = ['BRL', 'HNL'];

/** `files.category` (src/core/files/file-category.ts says who sees which). */
const fileCategoryValues = ['administrative', 'clinical', 'billing'];

/** Professional councils whose registrations print on documents (CMH: Colegio Médico de Honduras). */
export const councils = ['CRM', 'COREN', 'CRO', 'CRF', 'CRP', 'CREFITO', 'CRN', 'CMH'] as const;
export const prescriptionKinds = ['simple', 'special_control'] as const;
export const medicationRoutes = [
  'oral',
  'sublingual',
  'topical',
  'ophthalmic',
  'otic',
  'nasal',
  'inhalation',
  'rectal',
  'vaginal',
  'intramuscular',
  'intravenous',
  'subcutaneous',
  'transdermal',
] as const;
/** A CID-10 (ICD-10) category or subcategory: A00, J06.9, S72.00. */
const cid10Format = { pattern: '^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,2})?$', example: 'J06.9' };

/** The tables a file may belong to (its row rule takes their read and write roles). */
const fileOwnerTables = [
  'branches',
  'profiles',
  'patients',
  'appointments',
  'encounters',
  'prescriptions',
  'referrals',
  'studies',
  'invoices',
  'payments',
  'cash_closures',
  'inventory_items',
  'crm_leads',
];

/** `column >= 0` (or null): amounts, counts and positions are never negative. */
function notNegative(name: string, column: string): RowCheck {
  return { name, kind: 'range', column, min: 0 };
}

function column(
  name: string,
  type: ClinicColumnType,
  extra: Partial<Omit<ClinicColumn, 'name' | 'type'>> = {},
): ClinicColumn {
  return { name, type, nullable: true, ...extra };
}

function required(
  name: string,
  type: ClinicColumnType,
  extra: Partial<Omit<ClinicColumn, 'name' | 'type' | 'nullable'>> = {},
): ClinicColumn {
  return { name, type, nullable: false, ...extra };
}

function table<const Name extends string>(
  name: Name,
  domain: ClinicDomain,
  access: TableAccess,
  columns: readonly ClinicColumn[],
  extra: {
    serverWritten?: boolean;
    rowRule?: string;
    /** Columns a later migration added (`alter table … add column` puts them after the sync columns). */
    added?: readonly ClinicColumn[];
    checks?: readonly RowCheck[];
  } = {},
): ClinicTable<Name> {
  return {
    name,
    domain,
    ...access,
    columns: [
      required('id', 'uuid'),
      ...columns,
      required('rev', 'bigint'),
      required('created_at', 'timestamptz'),
      required('updated_at', 'timestamptz'),
      column('deleted_at', 'timestamptz'),
      column('last_editor', 'text'),
      ...(extra.added ?? []),
    ],
    serverWritten: extra.serverWritten ?? false,
    checks: extra.checks ?? [],
    ...(extra.rowRule === undefined ? {} : { rowRule: extra.rowRule }),
  };
}

export const clinicTables = [
  // organisation
  table(
    'branches',
    'organisation',
    organisationAccess,
    [
      required('name', 'text'),
      required('code', 'text'),
      required('country', 'text', { values: ['BR', 'HN'] }),
      required('timezone', 'text'),
      required('currency', 'text', { values: currencies }),
      column('phone', 'text'),
      column('address', 'jsonb'),
      required('active', 'boolean'),
    ],
    {
      added: [column('opens_minute', 'integer'), column('closes_minute', 'integer')],
      checks: [
        { name: 'branches_check_1', kind: 'json_object', column: 'address' },
        { name: 'branches_opens_minute_check', kind: 'range', column: 'opens_minute', min: 0, max: 1439 },
        { name: 'branches_closes_minute_check', kind: 'range', column: 'closes_minute', min: 1, max: 1440 },
        { name: 'branches_check_2', kind: 'after', column: 'closes_minute', start: 'opens_minute' },
      ],
    },
  ),
  table('rooms', 'organisation', organisationAccess, [
    required('branch_id', 'uuid', { references: 'branches' }),
    required('name', 'text'),
    required('kind', 'text', { values: ['consultation', 'procedure', 'exam', 'other'] }),
    required('active', 'boolean'),
  ]),
  table(
    'profiles',
    'organisation',
    organisationAccess,
    [
      required('full_name', 'text'),
      required('role', 'text', { values: staffRoles }),
      column('branch_id', 'uuid', { references: 'branches' }),
      column('email', 'text'),
      column('phone', 'text'),
      column('license_number', 'text'),
      required('active', 'boolean'),
    ],
    { added: [column('council', 'text', { values: councils })] },
  ),
  table('service_categories', 'organisation', organisationAccess, [
    required('name', 'text'),
    column('description', 'text'),
  ]),
  table(
    'services',
    'organisation',
    organisationAccess,
    [
      column('category_id', 'uuid', { references: 'service_categories' }),
      required('name', 'text'),
      column('code', 'text'),
      required('duration_minutes', 'integer'),
      required('price', 'numeric'),
      required('currency', 'text', { values: currencies }),
      required('active', 'boolean'),
    ],
    {
      checks: [
        { name: 'services_check_1', kind: 'range', column: 'duration_minutes', min: 0, strict: true },
        notNegative('services_check_2', 'price'),
      ],
    },
  ),
  // care
  table(
    'patients',
    'care',
    careAccess,
    [
      required('full_name', 'text'),
      column('document_type', 'text', { values: ['CPF', 'RG', 'DNI', 'passport', 'other'] }),
      column('document_id', 'text'),
      column('birth_date', 'date'),
      column('sex', 'text', { values: ['female', 'male', 'other', 'unknown'] }),
      column('phone', 'text'),
      column('phone_normalized', 'text'),
      column('email', 'text'),
      column('address', 'jsonb'),
      column('notes', 'text'),
      column('tags', 'text[]'),
      column('branch_id', 'uuid', { references: 'branches' }),
    ],
    {
      added: [
        // Why a person kept this chart though another holds its CPF (patients/shared-cpf-prompt).
        column('duplicate_reason', 'text'),
        // Health insurance (convênio) and Cartão SUS; card numbers by their digits only.
        column('insurance_name', 'text'),
        column('insurance_plan', 'text'),
        column('insurance_card_number', 'text', {
          format: { pattern: '^[0-9]{1,30}$', example: '0012345678901' },
        }),
        column('sus_card_number', 'text'),
      ],
      checks: [
        { name: 'patients_check_1', kind: 'json_object', column: 'address' },
        { name: 'patients_sus_card_number_check', kind: 'sus_card', column: 'sus_card_number' },
      ],
    },
  ),
  table(
    'appointments',
    'care',
    careAccess,
    [
      required('patient_id', 'uuid', { references: 'patients' }),
      required('professional_id', 'uuid', { references: 'profiles' }),
      column('room_id', 'uuid', { references: 'rooms' }),
      required('branch_id', 'uuid', { references: 'branches' }),
      column('service_id', 'uuid', { references: 'services' }),
      required('starts_at', 'timestamptz'),
      required('ends_at', 'timestamptz'),
      required('status', 'text', {
        values: ['scheduled', 'confirmed', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show'],
      }),
      column('notes', 'text'),
    ],
    {
      added: [column('checked_in_at', 'timestamptz')],
      checks: [{ name: 'appointments_check_1', kind: 'after', column: 'ends_at', start: 'starts_at' }],
    },
  ),
  table(
    'encounters',
    'care',
    clinicalAccess,
    [
      required('patient_id', 'uuid', { references: 'patients' }),
      required('professional_id', 'uuid', { references: 'profiles' }),
      column('appointment_id', 'uuid', { references: 'appointments' }),
      column('branch_id', 'uuid', { references: 'branches' }),
      required('started_at', 'timestamptz'),
      required('record', 'jsonb'),
      column('signed_at', 'timestamptz'),
    ],
    {
      added: [column('signed_by', 'uuid', { references: 'profiles' })],
      checks: [
        { name: 'encounters_check_1', kind: 'json_object', column: 'record' },
        {
          name: 'encounters_signed_by_with_signed_at',
          kind: 'together',
          column: 'signed_at',
          other: 'signed_by',
        },
      ],
    },
  ),
  table(
    'prescriptions',
    'care',
    clinicalAccess,
    [
      required('encounter_id', 'uuid', { references: 'encounters' }),
      required('patient_id', 'uuid', { references: 'patients' }),
      required('professional_id', 'uuid', { references: 'profiles' }),
      required('issued_at', 'timestamptz'),
      required('status', 'text', { values: ['draft', 'issued', 'cancelled'] }),
      column('notes', 'text'),
    ],
    { added: [required('kind', 'text', { values: prescriptionKinds })] },
  ),
  table(
    'prescription_items',
    'care',
    clinicalAccess,
    [
      required('prescription_id', 'uuid', { references: 'prescriptions' }),
      required('position', 'integer'),
      required('medication', 'text'),
      column('dosage', 'text'),
      column('frequency', 'text'),
      column('duration', 'text'),
      column('quantity', 'numeric'),
      column('instructions', 'text'),
    ],
    {
      added: [
        column('presentation', 'text'),
        column('route', 'text', { values: medicationRoutes }),
        column('quantity_unit', 'text'),
      ],
      checks: [
        notNegative('prescription_items_check_1', 'position'),
        notNegative('prescription_items_check_2', 'quantity'),
      ],
    },
  ),
  table('referrals', 'care', clinicalAccess, [
    column('encounter_id', 'uuid', { references: 'encounters' }),
    required('patient_id', 'uuid', { references: 'patients' }),
    required('professional_id', 'uuid', { references: 'profiles' }),
    required('specialty', 'text'),
    column('referred_to', 'text'),
    column('reason', 'text'),
    required('urgency', 'text', { values: ['routine', 'priority', 'urgent'] }),
    required('status', 'text', { values: ['open', 'scheduled', 'completed', 'cancelled'] }),
  ]),
  table('studies', 'care', clinicalAccess, [
    required('patient_id', 'uuid', { references: 'patients' }),
    column('encounter_id', 'uuid', { references: 'encounters' }),
    column('requested_by', 'uuid', { references: 'profiles' }),
    required('kind', 'text', { values: ['lab', 'imaging', 'ecg', 'other'] }),
    required('name', 'text'),
    required('status', 'text', { values: ['requested', 'collected', 'resulted', 'cancelled'] }),
    required('requested_at', 'timestamptz'),
    column('resulted_at', 'timestamptz'),
    column('result_summary', 'text'),
  ]),
  // files
  table(
    'files',
    'files',
    { read: everyone, create: everyone, write: everyone },
    [
      required('owner_table', 'text', { values: fileOwnerTables }),
      required('owner_id', 'uuid'),
      required('bucket', 'text'),
      required('path', 'text'),
      required('name', 'text'),
      required('content_type', 'text'),
      required('size', 'bigint'),
      column('sha256', 'text', { format: { pattern: '^[0-9a-f]{64}$', example: 'ab'.repeat(32) } }),
      column('uploaded_at', 'timestamptz'),
      column('replaces', 'uuid', { references: 'files' }),
    ],
    {
      rowRule:
        'by category: clinical files only for admin, doctor, nurse; billing files only for admin, billing; ' +
        'administrative files for every role. Files of clinical owners (encounters, prescriptions, ' +
        'referrals, studies) are clinical, files of billing owners (invoices, payments, cash_closures) billing',
      added: [required('category', 'text', { values: fileCategoryValues })],
      checks: [
        notNegative('files_check_1', 'size'),
        { name: 'files_check_3', kind: 'not_self', column: 'replaces' },
        {
          name: 'files_category_fits_owner',
          kind: 'category_fits_owner',
          column: 'category',
          other: 'owner_table',
        },
      ],
    },
  ),
  table('study_files', 'care', clinicalAccess, [
    required('study_id', 'uuid', { references: 'studies' }),
    required('file_id', 'uuid', { references: 'files' }),
    column('caption', 'text'),
  ]),
  // billing
  table(
    'invoices',
    'billing',
    billingAccess,
    [
      required('patient_id', 'uuid', { references: 'patients' }),
      required('branch_id', 'uuid', { references: 'branches' }),
      column('number', 'text'),
      required('status', 'text', { values: ['draft', 'issued', 'paid', 'cancelled'] }),
      required('currency', 'text', { values: currencies }),
      column('issued_at', 'timestamptz'),
      column('due_date', 'date'),
      required('total', 'numeric'),
      column('notes', 'text'),
    ],
    {
      added: [
        required('discount', 'numeric'),
        column('appointment_id', 'uuid', { references: 'appointments' }),
      ],
      checks: [notNegative('invoices_check_1', 'total'), notNegative('invoices_check_2', 'discount')],
    },
  ),
  table(
    'invoice_items',
    'billing',
    billingAccess,
    [
      required('invoice_id', 'uuid', { references: 'invoices' }),
      column('service_id', 'uuid', { references: 'services' }),
      required('description', 'text'),
      required('quantity', 'numeric'),
      required('unit_price', 'numeric'),
      required('amount', 'numeric'),
    ],
    {
      checks: [
        { name: 'invoice_items_check_1', kind: 'range', column: 'quantity', min: 0, strict: true },
        notNegative('invoice_items_check_2', 'unit_price'),
        notNegative('invoice_items_check_3', 'amount'),
        notNegative('invoice_items_check_4', 'discount'),
      ],
      added: [required('discount', 'numeric')],
    },
  ),
  table(
    'cash_closures',
    'billing',
    billingAccess,
    [
      required('branch_id', 'uuid', { references: 'branches' }),
      required('currency', 'text', { values: currencies }),
      required('opened_at', 'timestamptz'),
      column('opened_by', 'uuid', { references: 'profiles' }),
      required('opening_amount', 'numeric'),
      column('closed_at', 'timestamptz'),
      column('closed_by', 'uuid', { references: 'profiles' }),
      column('expected_amount', 'numeric'),
      column('closing_amount', 'numeric'),
      column('notes', 'text'),
    ],
    {
      checks: [
        notNegative('cash_closures_check_1', 'opening_amount'),
        notNegative('cash_closures_check_2', 'closing_amount'),
        notNegative('cash_closures_check_3', 'expected_amount'),
        {
          name: 'cash_closures_check_4',
          kind: 'after',
          column: 'closed_at',
          start: 'opened_at',
          orEqual: true,
        },
      ],
    },
  ),
  table(
    'payments',
    'billing',
    {
      read: ['admin', 'billing', 'reception'],
      create: ['admin', 'billing', 'reception'],
      write: ['admin', 'billing'],
    },
    [
      column('invoice_id', 'uuid', { references: 'invoices' }),
      column('patient_id', 'uuid', { references: 'patients' }),
      required('branch_id', 'uuid', { references: 'branches' }),
      column('cash_closure_id', 'uuid', { references: 'cash_closures' }),
      required('amount', 'numeric'),
      required('currency', 'text', { values: currencies }),
      required('method', 'text', { values: ['cash', 'card', 'pix', 'transfer', 'insurance', 'other'] }),
      required('paid_at', 'timestamptz'),
      column('reference', 'text'),
    ],
    {
      added: [required('change_given', 'numeric')],
      checks: [notNegative('payments_check_1', 'amount'), notNegative('payments_check_2', 'change_given')],
    },
  ),
  // inventory
  table('inventory_categories', 'inventory', inventoryAccess, [
    required('name', 'text'),
    column('description', 'text'),
  ]),
  table(
    'inventory_items',
    'inventory',
    inventoryAccess,
    [
      column('category_id', 'uuid', { references: 'inventory_categories' }),
      required('branch_id', 'uuid', { references: 'branches' }),
      required('name', 'text'),
      column('sku', 'text'),
      required('unit', 'text'),
      required('quantity_on_hand', 'numeric'),
      column('reorder_level', 'numeric'),
      column('unit_cost', 'numeric'),
      required('active', 'boolean'),
    ],
    {
      checks: [
        notNegative('inventory_items_check_1', 'reorder_level'),
        notNegative('inventory_items_check_2', 'unit_cost'),
      ],
    },
  ),
  table(
    'inventory_movements',
    'inventory',
    inventoryAccess,
    [
      required('item_id', 'uuid', { references: 'inventory_items' }),
      required('kind', 'text', { values: ['in', 'out', 'adjustment', 'transfer'] }),
      required('quantity', 'numeric'),
      required('moved_at', 'timestamptz'),
      column('reason', 'text'),
      column('reference_table', 'text'),
      column('reference_id', 'uuid'),
    ],
    { checks: [{ name: 'inventory_movements_check_1', kind: 'not_zero', column: 'quantity' }] },
  ),
  // crm
  table('crm_pipelines', 'crm', crmAccess, [
    required('name', 'text'),
    column('description', 'text'),
    required('active', 'boolean'),
  ]),
  table(
    'crm_pipeline_stages',
    'crm',
    crmAccess,
    [
      required('pipeline_id', 'uuid', { references: 'crm_pipelines' }),
      required('name', 'text'),
      required('position', 'integer'),
      required('is_won', 'boolean'),
      required('is_lost', 'boolean'),
    ],
    {
      checks: [
        notNegative('crm_pipeline_stages_check_1', 'position'),
        { name: 'crm_pipeline_stages_check_2', kind: 'not_both', column: 'is_won', other: 'is_lost' },
      ],
    },
  ),
  table(
    'crm_leads',
    'crm',
    crmAccess,
    [
      required('pipeline_id', 'uuid', { references: 'crm_pipelines' }),
      required('stage_id', 'uuid', { references: 'crm_pipeline_stages' }),
      required('full_name', 'text'),
      column('phone', 'text'),
      column('phone_normalized', 'text'),
      column('email', 'text'),
      column('source', 'text'),
      column('patient_id', 'uuid', { references: 'patients' }),
      column('assigned_to', 'uuid', { references: 'profiles' }),
      column('value', 'numeric'),
      column('notes', 'text'),
    ],
    { checks: [notNegative('crm_leads_check_1', 'value')] },
  ),
  // history: written by a trigger on every encounter update, never by clients
  table(
    'record_versions',
    'history',
    { read: clinical, create: [], write: [] },
    [
      required('encounter_id', 'uuid', { references: 'encounters' }),
      required('version_rev', 'bigint'),
      required('version', 'jsonb'),
      column('edited_by', 'text'),
      required('edited_at', 'timestamptz'),
      column('replaced_by', 'text'),
      required('replaced_at', 'timestamptz'),
    ],
    { serverWritten: true },
  ),
  // care, added later (registered after record_versions): the patient's clinical summary and the
  // parts of an encounter besides its sections
  table(
    'allergies',
    'care',
    clinicalAccess,
    [
      required('patient_id', 'uuid', { references: 'patients' }),
      required('substance', 'text'),
      column('reaction', 'text'),
      column('severity', 'text', { values: ['mild', 'moderate', 'severe', 'unknown'] }),
      required('status', 'text', { values: ['active', 'resolved', 'refuted'] }),
      column('noted_by', 'uuid', { references: 'profiles' }),
      required('noted_at', 'timestamptz'),
      column('notes', 'text'),
    ],
    { checks: [{ name: 'allergies_substance_not_blank', kind: 'not_blank', column: 'substance' }] },
  ),
  table(
    'patient_medications',
    'care',
    clinicalAccess,
    [
      required('patient_id', 'uuid', { references: 'patients' }),
      required('medication', 'text'),
      column('presentation', 'text'),
      column('dosage', 'text'),
      column('route', 'text', { values: medicationRoutes }),
      column('frequency', 'text'),
      column('started_on', 'date'),
      column('ended_on', 'date'),
      column('prescription_item_id', 'uuid', { references: 'prescription_items' }),
      column('noted_by', 'uuid', { references: 'profiles' }),
      column('notes', 'text'),
    ],
    {
      checks: [
        { name: 'patient_medications_medication_not_blank', kind: 'not_blank', column: 'medication' },
        {
          name: 'patient_medications_ends_after_start',
          kind: 'after',
          column: 'ended_on',
          start: 'started_on',
          orEqual: true,
        },
      ],
    },
  ),
  table(
    'encounter_diagnoses',
    'care',
    clinicalAccess,
    [
      required('encounter_id', 'uuid', { references: 'encounters' }),
      required('code', 'text', { format: cid10Format }),
      required('description', 'text'),
      required('position', 'integer'),
      column('notes', 'text'),
    ],
    { checks: [notNegative('encounter_diagnoses_position_check', 'position')] },
  ),
  // final once written: created by clinical staff, changed by nobody
  table(
    'encounter_addenda',
    'care',
    { read: clinical, create: clinical, write: [] },
    [
      required('encounter_id', 'uuid', { references: 'encounters' }),
      required('author_id', 'uuid', { references: 'profiles' }),
      required('written_at', 'timestamptz'),
      required('body', 'text'),
    ],
    { checks: [{ name: 'encounter_addenda_body_not_blank', kind: 'not_blank', column: 'body' }] },
  ),
  table(
    'certificates',
    'care',
    clinicalAccess,
    [
      required('encounter_id', 'uuid', { references: 'encounters' }),
      required('patient_id', 'uuid', { references: 'patients' }),
      required('professional_id', 'uuid', { references: 'profiles' }),
      required('kind', 'text', { values: ['sick_leave', 'attendance'] }),
      required('issued_at', 'timestamptz'),
      column('starts_on', 'date'),
      column('days', 'integer'),
      column('cid_code', 'text', { format: cid10Format }),
      column('remarks', 'text'),
    ],
    { checks: [{ name: 'certificates_days_check', kind: 'range', column: 'days', min: 1, max: 365 }] },
  ),
  // history: values a merge or a decision replaced, written by the device that settled them; each
  // row readable by the roles that may read the table its value came from (row rule)
  table(
    'superseded_values',
    'history',
    { read: everyone, create: everyone, write: [] },
    [
      required('table_name', 'text', { format: { pattern: '^[a-z_]+$', example: 'patients' } }),
      required('row_id', 'uuid'),
      required('column_name', 'text'),
      column('section', 'text'),
      column('value', 'jsonb'),
      column('typed_by', 'text'),
      column('typed_at', 'timestamptz'),
      column('typed_on', 'text'),
      column('replaced_with', 'jsonb'),
      required('reason', 'text', {
        values: ['lww', 'server-wins', 'client-wins', 'merge', 'manual', 'choice'],
      }),
    ],
    { rowRule: 'only the roles that may read the table named by table_name (sync.may_pull)' },
  ),
] as const;

export type ClinicTableName = (typeof clinicTables)[number]['name'];

/** Synced table names, parents first. */
export const syncedTableNames: readonly ClinicTableName[] = clinicTables.map((t) => t.name);

const byName = new Map<string, ClinicTable>(clinicTables.map((t) => [t.name, t]));

export function isClinicTableName(name: string): name is ClinicTableName {
  return byName.has(name);
}

export function clinicTable(name: ClinicTableName): ClinicTable<ClinicTableName> {
  const found = byName.get(name);
  if (found === undefined) throw new Error(`not a clinic table: ${name}`);
  return found as ClinicTable<ClinicTableName>;
}
