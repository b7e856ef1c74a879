import { describe, expect, it } from 'vitest';
import { entityRules, fieldPolicies, policyFor, rulesFor } from '../../../src/core/entity-rules.ts';
import { clinicTable, clinicTables } from '../../../src/core/schema/clinic-tables.ts';
import { syncedTableNames } from '../../../src/core/synced-tables.ts';
import { fileLimitsFor } from '../../../src/core/files/file-limits.ts';
import {
  bucketMaxBytes,
  clinicalTypes,
  defaultFileLimits,
  fileOwnerTables,
} from '../../../src/core/files/file-limit-presets.ts';

// The rules name columns; the catalogue (kept equal to the database by a SQL test) says which
// exist. These checks make a renamed column fail here instead of silently losing its policy.
describe.each(syncedTableNames)('entity rules of %s', (table) => {
  const rules = rulesFor(table);
  const columns = new Map(clinicTable(table).columns.map((column) => [column.name, column]));

  it('names only columns the table has', () => {
    const named = [...Object.keys(rules.fields), ...rules.jsonSections, ...rules.requiredFields];
    expect(named.filter((name) => !columns.has(name))).toEqual([]);
  });

  it('requires only columns the database also requires', () => {
    expect(rules.requiredFields.filter((name) => columns.get(name)?.nullable !== false)).toEqual([]);
  });

  it('merges only column types that combine (jsonb, text[], numbers)', () => {
    const mergeable = new Set(['jsonb', 'text[]', 'numeric', 'integer', 'bigint']);
    const merged = Object.entries(rules.fields).filter(([, policy]) => policy === 'merge');
    expect(merged.filter(([name]) => !mergeable.has(columns.get(name)?.type ?? ''))).toEqual([]);
  });

  it('treats JSON-section columns as jsonb merged key by key', () => {
    for (const name of rules.jsonSections) {
      expect(columns.get(name)?.type).toBe('jsonb');
      expect(policyFor(rules, name)).toBe('merge');
    }
  });

  it('agrees with the catalogue on who writes the table, and keeps restore within the TTL', () => {
    expect(rules.clientWritable).toBe(!clinicTable(table).serverWritten);
    expect(rules.restoreWindowDays).toBeLessThanOrEqual(rules.tombstoneTtlDays);
    expect(fieldPolicies).toContain(rules.defaultPolicy);
  });
});

describe('entity rules registry', () => {
  it('has rules for every catalogue table and nothing else', () => {
    expect(Object.keys(entityRules).sort()).toEqual(clinicTables.map((table) => table.name).sort());
  });

  it('merges the medical record section by section', () => {
    expect(rulesFor('encounters').jsonSections).toEqual(['record']);
    expect(policyFor(rulesFor('encounters'), 'signed_at')).toBe('manual');
  });

  it('falls back to the default policy for unnamed columns', () => {
    expect(policyFor(rulesFor('patients'), 'email')).toBe('lww');
    expect(policyFor(rulesFor('patients'), 'full_name')).toBe('manual');
  });
});

describe('file limits in the entity rules', () => {
  it('gives limits to exactly the tables files may belong to, never above the bucket', () => {
    for (const table of syncedTableNames) {
      const limits = rulesFor(table).fileLimits;
      expect(limits !== null, table).toBe(fileOwnerTables.includes(table));
      if (limits) expect(limits.maxBytes, table).toBeLessThanOrEqual(bucketMaxBytes);
    }
  });

  it('reads every owner through fileLimitsFor: set per owner, the default otherwise', () => {
    expect(fileLimitsFor('studies')).toEqual({ maxBytes: 50 * 1024 * 1024, allowedTypes: clinicalTypes });
    expect(fileLimitsFor('invoices').maxBytes).toBe(10 * 1024 * 1024);
    expect(fileLimitsFor('prescriptions').maxBytes).toBe(20 * 1024 * 1024);
    expect(fileLimitsFor('patients')).toBe(defaultFileLimits);
    expect(fileLimitsFor('patients')).toBe(rulesFor('patients').fileLimits);
  });

  it('accepts nothing for a table that holds no files, or an unknown one', () => {
    expect(fileLimitsFor('rooms')).toEqual({ maxBytes: 0, allowedTypes: [] });
    expect(fileLimitsFor('no_such_table')).toEqual({ maxBytes: 0, allowedTypes: [] });
  });
});
