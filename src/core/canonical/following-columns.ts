/**
 * Columns that store another column in a second form (a phone's search key) and follow it: a
 * form that changes the source writes them too, a history shows only the source, and bringing
 * the source back brings these too.
 */
export const followingColumns: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  patients: { phone: ['phone_normalized'] },
  crm_leads: { phone: ['phone_normalized'] },
};

export function isFollowingColumn(table: string, column: string): boolean {
  return Object.values(followingColumns[table] ?? {}).some((columns) => columns.includes(column));
}
