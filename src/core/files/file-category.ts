import type { StaffRole } from '../schema/clinic-tables.ts';

/**
 * What a file is, which decides who sees it (RLS on `files` and on the objects of `clinic-files`,
 * migration 20261203120300_files_have_a_category.sql, follows these same lists):
 * - `clinical`: exams, X-rays, reports: admin, doctor, nurse;
 * - `administrative`: ID and insurance-card scans, signed consents: every staff role;
 * - `billing`: receipts, fiscal documents: admin, billing.
 * Files of clinical records are always clinical, of billing records always billing; a patient,
 * an appointment or any other record holds any of the three.
 */
export const fileCategories = ['administrative', 'clinical', 'billing'] as const;
export type FileCategory = (typeof fileCategories)[number];

const clinicalOwners: readonly string[] = ['encounters', 'prescriptions', 'referrals', 'studies'];
const billingOwners: readonly string[] = ['invoices', 'payments', 'cash_closures'];

const readers: Readonly<Record<FileCategory, readonly StaffRole[]>> = {
  clinical: ['admin', 'doctor', 'nurse'],
  administrative: ['admin', 'doctor', 'nurse', 'reception', 'billing'],
  billing: ['admin', 'billing'],
};

export function isFileCategory(value: unknown): value is FileCategory {
  return (fileCategories as readonly unknown[]).includes(value);
}

/** The categories a file of `ownerTable` may have. */
export function categoriesForOwner(ownerTable: string): readonly FileCategory[] {
  if (clinicalOwners.includes(ownerTable)) return ['clinical'];
  if (billingOwners.includes(ownerTable)) return ['billing'];
  return fileCategories;
}

/** Whether `role` sees (and may attach, change or delete) files of `category`. */
export function roleSeesCategory(role: StaffRole, category: FileCategory): boolean {
  return readers[category].includes(role);
}

/** What `role` may choose when attaching to a row of `ownerTable`, most likely first. */
export function captureCategories(ownerTable: string, role: StaffRole): FileCategory[] {
  const preferred: Readonly<Record<StaffRole, readonly FileCategory[]>> = {
    doctor: ['clinical', 'administrative'],
    nurse: ['clinical', 'administrative'],
    reception: ['administrative'],
    billing: ['billing', 'administrative'],
    admin: ['clinical', 'administrative', 'billing'],
  };
  const allowed = categoriesForOwner(ownerTable);
  return preferred[role].filter((category) => allowed.includes(category));
}

/**
 * The category of a file whose capture named none (older devices, reconciliation of an object):
 * the owner's own, and `clinical` where the owner allows any, the most private kind. The server
 * applies the same default (trigger `files_default_category`).
 */
export function defaultCategoryFor(ownerTable: string): FileCategory {
  return billingOwners.includes(ownerTable) ? 'billing' : 'clinical';
}
