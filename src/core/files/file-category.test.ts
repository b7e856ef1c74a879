import { describe, expect, it } from 'vitest';
import { staffRoles } from '../schema/clinic-tables.ts';
import {
  captureCategories,
  categoriesForOwner,
  defaultCategoryFor,
  roleSeesCategory,
} from './file-category.ts';

describe('file categories', () => {
  it('clinical and billing records force their category; other records take any', () => {
    expect(categoriesForOwner('encounters')).toEqual(['clinical']);
    expect(categoriesForOwner('payments')).toEqual(['billing']);
    expect(categoriesForOwner('patients')).toEqual(['administrative', 'clinical', 'billing']);
    expect(defaultCategoryFor('patients')).toBe('clinical');
    expect(defaultCategoryFor('invoices')).toBe('billing');
  });

  it('offers each role only what it may see, its most likely category first', () => {
    expect(captureCategories('patients', 'doctor')).toEqual(['clinical', 'administrative']);
    expect(captureCategories('patients', 'reception')).toEqual(['administrative']);
    expect(captureCategories('patients', 'billing')).toEqual(['billing', 'administrative']);
    expect(captureCategories('encounters', 'reception')).toEqual([]);
    for (const role of staffRoles)
      for (const category of captureCategories('patients', role))
        expect(roleSeesCategory(role, category)).toBe(true);
  });
});
