/**
 * The medical record of an encounter is a JSON object of named sections. The editor shows the
 * text sections below; any other key (vitals, data from other tools) is kept untouched on save.
 */
export const textSections = ['anamnesis', 'physical_exam', 'diagnosis', 'plan'] as const;
export type TextSection = (typeof textSections)[number];

export type RecordDocument = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): RecordDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as RecordDocument)
    : {};
}

/**
 * A `record_versions.version` holds the replaced encounter row (or, from older writers, the
 * record itself): the record is its `record` key when that is an object.
 */
export function recordOfVersion(version: unknown): RecordDocument {
  const outer = asRecord(version);
  const inner = outer['record'];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? asRecord(inner) : outer;
}

export interface SectionChange {
  readonly section: string;
  readonly before: string;
  readonly after: string;
}

const show = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** Sections that differ between two versions, text sections first, then the rest by name. */
export function diffRecords(before: RecordDocument, after: RecordDocument): SectionChange[] {
  const keys = [...new Set([...textSections, ...Object.keys(before), ...Object.keys(after)])];
  const ordered = [
    ...textSections.filter((k) => keys.includes(k)),
    ...keys.filter((k) => !(textSections as readonly string[]).includes(k)).sort(),
  ];
  return ordered
    .map((section) => ({ section, before: show(before[section]), after: show(after[section]) }))
    .filter((change) => change.before !== change.after);
}
