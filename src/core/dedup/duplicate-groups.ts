import type { CountryCode } from 'libphonenumber-js';
import type { DedupKey } from '../entity-rules.ts';
import type { RowValues } from '../protocol/synced-row.ts';
import { isValidSusCard, susCardDigits } from '../canonical/sus-card.ts';
import { normaliseCpf } from './cpf.ts';
import { normaliseDni, normaliseRg } from './identity-documents.ts';
import type { Normalised } from './normalised.ts';
import { nameKey, normaliseBirthDate } from './person-name.ts';
import { defaultPhoneRegions, normalisePhone } from './phone.ts';

/** One identifying value of a row, normalised: two rows sharing one are candidate duplicates. */
export interface IdentityKey {
  readonly key: DedupKey;
  readonly value: string;
}

/** Why rows were grouped: the key, its normal form and the rows that share it. */
export interface DuplicateReason extends IdentityKey {
  readonly ids: readonly string[];
}

export interface DuplicateGroup {
  /** Sorted; at least two. */
  readonly ids: readonly string[];
  readonly reasons: readonly DuplicateReason[];
}

export interface DedupOptions {
  readonly keys: readonly DedupKey[];
  readonly phoneRegions?: readonly CountryCode[];
}

/**
 * The identity keys of a person row (patients, CRM leads), from the catalogue's columns:
 * `document_type` + `document_id` (a document without a type counts as a CPF when it is a valid
 * one), `sus_card_number` (a Cartão SUS whose check digit holds), `full_name` + `birth_date`, and
 * `phone_normalized` or else `phone`. Values that do not
 * normalise give no key: a typo never makes two people "the same".
 */
export function identityKeys(row: RowValues, options: DedupOptions): IdentityKey[] {
  const keys: IdentityKey[] = [];
  const wanted = new Set(options.keys);
  const document = documentKey(text(row['document_type']), text(row['document_id']));
  if (document !== null && wanted.has(document.key)) keys.push(document);
  const sus = susCardDigits(text(row['sus_card_number']) ?? '');
  if (wanted.has('sus_card') && isValidSusCard(sus)) keys.push({ key: 'sus_card', value: sus });
  if (wanted.has('name_birth_date')) {
    const name = nameKey(text(row['full_name']) ?? '');
    const birth = optional(normaliseBirthDate, text(row['birth_date']));
    if (name !== '' && birth !== null) keys.push({ key: 'name_birth_date', value: `${name}|${birth}` });
  }
  if (wanted.has('phone')) {
    const raw = text(row['phone_normalized']) ?? text(row['phone']);
    const phone = optional(
      (input) => normalisePhone(input, options.phoneRegions ?? defaultPhoneRegions),
      raw,
    );
    if (phone !== null) keys.push({ key: 'phone', value: phone });
  }
  return keys;
}

function documentKey(type: string | null, id: string | null): IdentityKey | null {
  if (id === null) return null;
  const kind = type?.toUpperCase() ?? null;
  if (kind === 'CPF' || kind === null) {
    const cpf = optional(normaliseCpf, id);
    return cpf === null ? null : { key: 'cpf', value: cpf };
  }
  if (kind === 'RG') return keyOf('rg', optional(normaliseRg, id));
  if (kind === 'DNI') return keyOf('dni', optional(normaliseDni, id));
  return null;
}

/**
 * Groups live rows that share any identity key, transitively (A~B by CPF and B~C by phone puts A,
 * B and C together), with every shared key as a reason. Deleted rows are left out. Deterministic:
 * groups sorted by their first id, reasons by key then value.
 */
export function findDuplicateGroups(rows: readonly RowValues[], options: DedupOptions): DuplicateGroup[] {
  const byKey = new Map<string, { key: IdentityKey; ids: string[] }>();
  for (const row of rows) {
    const id = text(row['id']);
    if (id === null || row['deleted_at'] != null) continue;
    for (const key of identityKeys(row, options)) {
      const slot = `${key.key}:${key.value}`;
      const entry = byKey.get(slot) ?? { key, ids: [] };
      if (!entry.ids.includes(id)) entry.ids.push(id);
      byKey.set(slot, entry);
    }
  }
  const shared = [...byKey.values()].filter((entry) => entry.ids.length > 1);
  const groups = new UnionFind();
  for (const entry of shared) for (const id of entry.ids.slice(1)) groups.union(entry.ids[0] as string, id);
  return collect(shared, groups);
}

function collect(
  shared: readonly { key: IdentityKey; ids: string[] }[],
  groups: UnionFind,
): DuplicateGroup[] {
  const byRoot = new Map<string, { ids: Set<string>; reasons: DuplicateReason[] }>();
  for (const entry of shared) {
    const root = groups.find(entry.ids[0] as string);
    const group = byRoot.get(root) ?? { ids: new Set<string>(), reasons: [] };
    for (const id of entry.ids) group.ids.add(id);
    group.reasons.push({ ...entry.key, ids: [...entry.ids].sort() });
    byRoot.set(root, group);
  }
  return [...byRoot.values()]
    .map((group) => ({ ids: [...group.ids].sort(), reasons: group.reasons.sort(compareReasons) }))
    .sort((a, b) => compareText(a.ids[0] ?? '', b.ids[0] ?? ''));
}

/**
 * The existing rows that look like `candidate` (the patient being registered), each with the keys
 * they share. The candidate's own id, if present among `rows`, is skipped.
 */
export function findDuplicatesOf(
  candidate: RowValues,
  rows: readonly RowValues[],
  options: DedupOptions,
): { readonly id: string; readonly reasons: readonly IdentityKey[] }[] {
  const wanted = new Map(identityKeys(candidate, options).map((key) => [`${key.key}:${key.value}`, key]));
  const matches: { id: string; reasons: IdentityKey[] }[] = [];
  for (const row of rows) {
    const id = text(row['id']);
    if (id === null || id === candidate['id'] || row['deleted_at'] != null) continue;
    const reasons = identityKeys(row, options).filter((key) => wanted.has(`${key.key}:${key.value}`));
    if (reasons.length > 0) matches.push({ id, reasons });
  }
  return matches.sort((a, b) => b.reasons.length - a.reasons.length || compareText(a.id, b.id));
}

class UnionFind {
  private readonly parent = new Map<string, string>();

  find(id: string): string {
    let root = id;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as string;
    this.parent.set(id, root);
    return root;
  }

  union(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return;
    // The smaller id becomes the root, so the result does not depend on the order of the rows.
    if (rootA < rootB) this.parent.set(rootB, rootA);
    else this.parent.set(rootA, rootB);
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function optional(normalise: (input: string) => Normalised, input: string | null): string | null {
  if (input === null) return null;
  const result = normalise(input);
  return result.ok ? result.value : null;
}

function keyOf(key: DedupKey, value: string | null): IdentityKey | null {
  return value === null ? null : { key, value };
}

function compareReasons(a: DuplicateReason, b: DuplicateReason): number {
  return compareText(a.key, b.key) || compareText(a.value, b.value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
